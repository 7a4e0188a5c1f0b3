/* startbench - time sequential process start-ups, interleaved across commands.
 *
 * Usage: startbench [-q] [-n RUNS] [-w WARMUP] [-b BATCH] SPECFILE
 *
 * -q sends the commands' output to /dev/null, so that only the report is on stdout.
 *
 * SPECFILE has one command per line, fields separated by tabs:
 *
 *   NAME  SETUP  PROGRAM  ARG...
 *
 * SETUP is `-`, `mntns=PATH` (the child joins that mount namespace before
 * exec, so a runtime can see a different /sys/fs/cgroup without paying for a
 * wrapper process) or `chroot=DIR` (the child chroots before exec: the
 * "native" baseline for an interpreter inside a root directory).
 *
 * Every command first runs WARMUP times; then the commands take turns in
 * batches of BATCH runs until each has RUNS, so that a burst of load on the
 * machine falls on all of them alike.  One run is vfork, setup, exec and
 * wait4, timed with CLOCK_MONOTONIC; a run that does not exit 0 stops the
 * benchmark, since a failed start-up is not a fast one.
 *
 * Output, one tab-separated line per command:
 *   NAME RUNS MEDIAN_MS MEAN_MS P90_MS MIN_MS MAX_MS STDDEV_MS PER_SECOND MAXRSS_KB
 * PER_SECOND is RUNS divided by the summed wall time of the runs: how many
 * sandboxes one caller starts per second, one after the other.  MAXRSS_KB is
 * the largest ru_maxrss wait4 reported: the peak RSS of the biggest process
 * of the tree the command waited for (the launcher and its children).  A
 * child's figure is never below its parent's RSS at fork (exec records the
 * old address space's peak), so build startbench static: ~0.6 MB.
 * Commands get startbench's environment: run it under `env -i` for a clean one. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct command
{
  char *name;
  char **argv;
  int mntns_fd;
  char *chroot_dir;
  double *ms;
  size_t done;
  long maxrss_kb;
};

extern char **environ;

static void
die (const char *fmt, const char *arg)
{
  fprintf (stderr, "startbench: ");
  fprintf (stderr, fmt, arg);
  fputc ('\n', stderr);
  exit (1);
}

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

static void
parse_line (char *line, struct command *c)
{
  size_t n = 0, cap = 8;
  char *field, *save = NULL;

  memset (c, 0, sizeof *c);
  c->mntns_fd = -1;
  c->argv = calloc (cap, sizeof (char *));
  c->name = strdup (strtok_r (line, "\t", &save));
  field = strtok_r (NULL, "\t", &save);
  if (field == NULL)
    die ("`%s`: no setup field", c->name);
  if (strncmp (field, "mntns=", 6) == 0)
    {
      c->mntns_fd = open (field + 6, O_RDONLY | O_CLOEXEC);
      if (c->mntns_fd < 0)
        die ("cannot open mount namespace `%s`", field + 6);
    }
  else if (strncmp (field, "chroot=", 7) == 0)
    c->chroot_dir = strdup (field + 7);
  else if (strcmp (field, "-") != 0)
    die ("unknown setup `%s`", field);
  while ((field = strtok_r (NULL, "\t", &save)) != NULL)
    {
      if (n + 2 > cap)
        c->argv = realloc (c->argv, (cap *= 2) * sizeof (char *));
      c->argv[n++] = strdup (field);
    }
  c->argv[n] = NULL;
  if (n == 0)
    die ("`%s`: no program", c->name);
}

static size_t
read_spec (const char *path, struct command **out)
{
  FILE *f = fopen (path, "r");
  char *line = NULL;
  size_t len = 0, n = 0;
  ssize_t got;

  if (f == NULL)
    die ("cannot open `%s`", path);
  *out = NULL;
  while ((got = getline (&line, &len, f)) > 0)
    {
      if (line[got - 1] == '\n')
        line[got - 1] = '\0';
      if (line[0] == '\0' || line[0] == '#')
        continue;
      *out = realloc (*out, (n + 1) * sizeof **out);
      parse_line (line, &(*out)[n++]);
    }
  free (line);
  fclose (f);
  return n;
}

/* One start-up, its stdout and stderr to out_fd (-1: startbench's own): returns its wall time
 * in ms. */
static double
run_once (struct command *c, int out_fd)
{
  struct rusage ru;
  double start = now_ms (), end;
  int status;
  pid_t pid = vfork ();

  if (pid < 0)
    die ("vfork: %s", strerror (errno));
  if (pid == 0)
    {
      if (out_fd >= 0 && (dup2 (out_fd, 1) < 0 || dup2 (out_fd, 2) < 0))
        _exit (249);
      if (c->mntns_fd >= 0 && setns (c->mntns_fd, CLONE_NEWNS) < 0)
        _exit (250);
      if (c->chroot_dir && (chroot (c->chroot_dir) < 0 || chdir ("/") < 0))
        _exit (251);
      execve (c->argv[0], c->argv, environ);
      _exit (errno == ENOENT ? 127 : 126);
    }
  if (wait4 (pid, &status, 0, &ru) < 0)
    die ("wait4: %s", strerror (errno));
  end = now_ms ();
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      char what[64];
      snprintf (what, sizeof what, WIFEXITED (status) ? "exit status %d" : "signal %d",
                WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status));
      fprintf (stderr, "startbench: `%s` failed: %s\n", c->name, what);
      exit (1);
    }
  if (ru.ru_maxrss > c->maxrss_kb)
    c->maxrss_kb = ru.ru_maxrss;
  return end - start;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (const double *sorted, size_t n, double p)
{
  double pos = p * (double) (n - 1);
  size_t lo = (size_t) pos;

  if (lo + 1 >= n)
    return sorted[n - 1];
  return sorted[lo] + (pos - (double) lo) * (sorted[lo + 1] - sorted[lo]);
}

static void
report (struct command *c)
{
  size_t n = c->done;
  double sum = 0, var = 0, mean;

  qsort (c->ms, n, sizeof (double), cmp_double);
  for (size_t i = 0; i < n; i++)
    sum += c->ms[i];
  mean = sum / (double) n;
  for (size_t i = 0; i < n; i++)
    var += (c->ms[i] - mean) * (c->ms[i] - mean);
  printf ("%s\t%zu\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.1f\t%ld\n", c->name, n, percentile (c->ms, n, 0.5), mean,
          percentile (c->ms, n, 0.9), c->ms[0], c->ms[n - 1], n > 1 ? sqrt (var / (double) (n - 1)) : 0.0,
          1000.0 * (double) n / sum, c->maxrss_kb);
}

int
main (int argc, char **argv)
{
  size_t runs = 300, warmup = 30, batch = 25, n;
  struct command *cmds;
  int opt, out_fd = -1;

  while ((opt = getopt (argc, argv, "qn:w:b:")) != -1)
    switch (opt)
      {
      case 'q':
        out_fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);
        if (out_fd < 0)
          die ("cannot open %s", "/dev/null");
        break;
      case 'n':
        runs = strtoul (optarg, NULL, 10);
        break;
      case 'w':
        warmup = strtoul (optarg, NULL, 10);
        break;
      case 'b':
        batch = strtoul (optarg, NULL, 10);
        break;
      default:
        fprintf (stderr, "usage: startbench [-q] [-n RUNS] [-w WARMUP] [-b BATCH] SPECFILE\n");
        return 2;
      }
  if (optind + 1 != argc || runs == 0 || batch == 0)
    {
      fprintf (stderr, "usage: startbench [-q] [-n RUNS] [-w WARMUP] [-b BATCH] SPECFILE\n");
      return 2;
    }
  n = read_spec (argv[optind], &cmds);
  for (size_t i = 0; i < n; i++)
    {
      cmds[i].ms = calloc (runs, sizeof (double));
      for (size_t w = 0; w < warmup; w++)
        run_once (&cmds[i], out_fd);
      cmds[i].maxrss_kb = 0;
    }
  for (size_t left = runs; left > 0;)
    {
      size_t now = left < batch ? left : batch;
      for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < now; k++)
          cmds[i].ms[cmds[i].done++] = run_once (&cmds[i], out_fd);
      left -= now;
    }
  for (size_t i = 0; i < n; i++)
    report (&cmds[i]);
  return 0;
}
