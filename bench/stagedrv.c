/* stagedrv - run an nsbox configured with --enable-stage-stamps RUNS times and
 * print the median time of each stage, from the fork that starts nsbox.
 *
 * Usage: stagedrv RUNS STAMPFILE PROGRAM ARG...
 *
 * The patched nsbox appends "NAME NANOSECONDS" lines to $NSBOX_STAMPS at exit,
 * measured from $NSBOX_T0 (CLOCK_MONOTONIC, set here just before the fork);
 * stagedrv adds "reaped" when wait4 returns.  Stages are listed in the order
 * of their medians, each with its delta from the one before. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_STAGES 64

struct stage
{
  char name[48];
  long long *ns;
  size_t n;
  double median;
};

static struct stage stages[MAX_STAGES];
static size_t n_stages;

static long long
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
record (const char *name, long long ns, size_t runs, unsigned long long *seen)
{
  size_t i;

  for (i = 0; i < n_stages && strcmp (stages[i].name, name) != 0; i++)
    ;
  if (i == n_stages)
    {
      if (n_stages == MAX_STAGES)
        return;
      snprintf (stages[i].name, sizeof stages[i].name, "%s", name);
      stages[i].ns = calloc (runs, sizeof (long long));
      n_stages++;
    }
  /* A stage passed twice in one run (a loop) counts once: its first pass. */
  if (*seen & (1ULL << i) || stages[i].n == runs)
    return;
  *seen |= 1ULL << i;
  stages[i].ns[stages[i].n++] = ns;
}

static void
collect (const char *path, long long reaped, size_t runs)
{
  FILE *f = fopen (path, "r");
  unsigned long long seen = 0;
  char line[128];

  if (f == NULL)
    {
      fprintf (stderr, "stagedrv: no stamps in `%s`: was nsbox configured with --enable-stage-stamps?\n", path);
      exit (1);
    }
  while (fgets (line, sizeof line, f))
    {
      char *sp = strrchr (line, ' ');
      if (sp == NULL)
        continue;
      *sp = '\0';
      record (line, atoll (sp + 1), runs, &seen);
    }
  fclose (f);
  record ("reaped by the caller", reaped, runs, &seen);
  if (unlink (path) < 0)
    exit (1);
}

static int
cmp_ll (const void *a, const void *b)
{
  long long x = *(const long long *) a, y = *(const long long *) b;

  return x < y ? -1 : x > y;
}

static int
cmp_stage (const void *a, const void *b)
{
  double x = ((const struct stage *) a)->median, y = ((const struct stage *) b)->median;

  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  size_t runs;
  double prev = 0;
  char t0[32];

  if (argc < 4)
    {
      fprintf (stderr, "usage: stagedrv RUNS STAMPFILE PROGRAM ARG...\n");
      return 2;
    }
  runs = strtoul (argv[1], NULL, 10);
  setenv ("NSBOX_STAMPS", argv[2], 1);
  unlink (argv[2]);
  for (size_t r = 0; r < runs; r++)
    {
      long long start = now_ns ();
      int status;
      pid_t pid;

      snprintf (t0, sizeof t0, "%lld", start);
      setenv ("NSBOX_T0", t0, 1);
      pid = fork ();
      if (pid == 0)
        {
          execv (argv[3], argv + 3);
          _exit (127);
        }
      if (pid < 0 || waitpid (pid, &status, 0) < 0)
        return 1;
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          fprintf (stderr, "stagedrv: run %zu failed (status %#x)\n", r, status);
          return 1;
        }
      collect (argv[2], now_ns () - start, runs);
    }
  for (size_t i = 0; i < n_stages; i++)
    {
      qsort (stages[i].ns, stages[i].n, sizeof (long long), cmp_ll);
      stages[i].median = stages[i].n ? (double) stages[i].ns[stages[i].n / 2] / 1e3 : 0;
    }
  qsort (stages, n_stages, sizeof stages[0], cmp_stage);
  printf ("  %-26s %9s %9s %6s\n", "stage (median of runs)", "at (us)", "delta", "runs");
  for (size_t i = 0; i < n_stages; i++)
    {
      printf ("  %-26s %9.0f %9.0f %6zu\n", stages[i].name, stages[i].median, stages[i].median - prev, stages[i].n);
      prev = stages[i].median;
    }
  return 0;
}
