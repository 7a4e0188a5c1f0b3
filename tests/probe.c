/* probe - a static program the tests run inside sandboxes to observe them
 * and to attack them.  Each subcommand prints one line of results. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mqueue.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char *
result (int ret)
{
  return ret < 0 ? strerrorname_np (errno) : "ok";
}

static int
fds (void)
{
  DIR *d = opendir ("/proc/self/fd");
  struct dirent *e;

  if (d == NULL)
    return printf ("%s\n", strerrorname_np (errno)), 1;
  while ((e = readdir (d)))
    if (e->d_name[0] != '.' && atoi (e->d_name) != dirfd (d))
      {
        char link[4096] = "";
        char path[300];
        snprintf (path, sizeof path, "/proc/self/fd/%s", e->d_name);
        readlink (path, link, sizeof link - 1);
        printf ("%s=%s\n", e->d_name, link);
      }
  closedir (d);
  return 0;
}

static int
fill (const char *path)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  char buf[65536] = { 0 };
  long long total = 0;
  ssize_t n;

  if (fd < 0)
    return printf ("open %s\n", strerrorname_np (errno)), 1;
  while ((n = write (fd, buf, sizeof buf)) > 0)
    total += n;
  printf ("%lld %s\n", total, n < 0 ? strerrorname_np (errno) : "eof");
  return 0;
}

static int
orphans (int n)
{
  int zombies = 0;
  DIR *d;
  struct dirent *e;

  for (int i = 0; i < n; i++)
    {
      pid_t child = fork ();
      if (child == 0)
        {
          if (fork () == 0)
            {
              usleep (50000);
              _exit (0);
            }
          _exit (0);
        }
      waitpid (child, NULL, 0);
    }
  usleep (400000);
  d = opendir ("/proc");
  while ((e = readdir (d)))
    {
      char path[300], stat[512];
      FILE *f;
      snprintf (path, sizeof path, "/proc/%s/stat", e->d_name);
      f = fopen (path, "r");
      if (f == NULL)
        continue;
      if (fgets (stat, sizeof stat, f) && strstr (stat, ") Z "))
        zombies++;
      fclose (f);
    }
  closedir (d);
  printf ("zombies=%d\n", zombies);
  return 0;
}

static void
sleep_forever (void)
{
  for (;;)
    pause ();
}

/* A grandchild in its own session that ignores SIGTERM: only a kill of the
 * whole sandbox ends it. */
static int
double_fork (void)
{
  pid_t child = fork ();

  if (child == 0)
    {
      setsid ();
      if (fork () == 0)
        {
          signal (SIGTERM, SIG_IGN);
          signal (SIGHUP, SIG_IGN);
          sleep_forever ();
        }
      _exit (0);
    }
  waitpid (child, NULL, 0);
  signal (SIGTERM, SIG_IGN);
  printf ("forked\n");
  fflush (stdout);
  sleep_forever ();
  return 0;
}

/* Touch every page of MIB mebibytes, then exit 0 (an OOM kill ends it sooner). */
static int
alloc (long mib)
{
  for (long i = 0; i < mib; i++)
    {
      char *p = mmap (NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED)
        return printf ("%s\n", strerrorname_np (errno)), 1;
      memset (p, 0x5a, 1 << 20);
    }
  printf ("allocated %ld\n", mib);
  return 0;
}

static double
monotonic_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Busy for SECONDS of wall-clock time (forever when negative). */
static int
spin (double seconds)
{
  volatile unsigned long x = 0;
  double end = monotonic_s () + seconds;

  while (seconds < 0 || monotonic_s () < end)
    x++;
  return 0;
}

/* Fork sleeping children until the kernel refuses, say how many, then stay. */
static int
fork_bomb (void)
{
  long n = 0;

  for (;;)
    {
      pid_t pid = fork ();
      if (pid < 0)
        break;
      if (pid == 0)
        sleep_forever ();
      n++;
    }
  printf ("refused after %ld: %s\n", n, strerrorname_np (errno));
  fflush (stdout);
  sleep_forever ();
  return 0;
}

/* What the workload can do with a standard fd by opening /proc/self/fd/N
 * again: where it leads, what reading gives, whether writing truncates. */
static int
reopen (int fd)
{
  char path[64], link[4096] = "", buf[256] = "";
  ssize_t n;
  int r;

  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
  n = readlink (path, link, sizeof link - 1);
  printf ("link %s\n", n < 0 ? strerrorname_np (errno) : link);
  r = open (path, O_RDONLY | O_NONBLOCK);
  if (r < 0)
    printf ("read %s\n", strerrorname_np (errno));
  else
    {
      n = read (r, buf, sizeof buf - 1);
      printf ("read %s\n", n < 0 ? strerrorname_np (errno) : buf);
      close (r);
    }
  printf ("truncate %s\n", result (open (path, O_WRONLY | O_TRUNC | O_NONBLOCK)));
  return 0;
}

/* Open /dev/ptmx until it fails or `max` are open; print "COUNT ERRNO".
 * With hold, keep them open until stdin ends (or the sandbox is killed). */
static int
open_ptys (long max, bool hold)
{
  long n = 0;
  const char *why = "max";

  for (; n < max; n++)
    if (open ("/dev/ptmx", O_RDWR | O_NOCTTY) < 0)
      {
        why = strerrorname_np (errno);
        break;
      }
  printf ("%ld %s\n", n, why);
  if (hold)
    {
      char c;
      while (read (0, &c, 1) > 0)
        ;
    }
  return 0;
}

/* One more of a kind of object the kernel counts per host uid: 0 or -1 with errno. */
static int
make_one (const char *kind)
{
  static int serial;

  if (strcmp (kind, "inotify") == 0)
    return inotify_init1 (0) < 0 ? -1 : 0;
  if (strcmp (kind, "pipes") == 0)
    {
      int p[2];
      return pipe (p);
    }
  if (strcmp (kind, "mqueue") == 0)
    {
      struct mq_attr a = { .mq_maxmsg = 10, .mq_msgsize = 8192 };
      char name[64];
      mqd_t q;

      snprintf (name, sizeof name, "/probe-%d-%d", (int) getpid (), serial++);
      q = mq_open (name, O_CREAT | O_EXCL | O_RDWR, 0600, &a);
      if (q == (mqd_t) -1)
        return -1;
      /* Unlinked, the queue lives (and counts) until the process ends. */
      mq_unlink (name);
      return 0;
    }
  if (strcmp (kind, "procs") == 0)
    {
      pid_t pid = fork ();
      if (pid == 0)
        for (;;)
          pause ();
      return pid < 0 ? -1 : 0;
    }
  errno = EINVAL;
  return -1;
}

/* Make up to max objects of a kind, print how many and why it stopped, and
 * with hold keep them until stdin ends. */
static int
hog (const char *kind, long max, bool hold)
{
  long n = 0;
  const char *why = "max";

  for (; n < max; n++)
    if (make_one (kind) < 0)
      {
        why = strerrorname_np (errno);
        break;
      }
  printf ("%ld %s\n", n, why);
  fflush (stdout);
  if (hold)
    {
      char c;
      while (read (0, &c, 1) > 0)
        ;
    }
  return 0;
}

/* The size of a new pipe's buffer: smaller once the user's pipe pages run out. */
static int
pipe_size (void)
{
  int p[2];

  if (pipe (p) < 0)
    return printf ("%s\n", strerrorname_np (errno)), 1;
  printf ("%d\n", fcntl (p[0], F_GETPIPE_SZ));
  return 0;
}

static int
tiocsti (int fd)
{
  char c = 'x';

  printf ("%s\n", result (ioctl (fd, TIOCSTI, &c)));
  return 0;
}

int
main (int argc, char **argv)
{
  const char *cmd = argc > 1 ? argv[1] : "";

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (strcmp (cmd, "fds") == 0)
    return fds ();
  if (strcmp (cmd, "write") == 0 && argc > 2)
    return printf ("%s\n", result (open (argv[2], O_WRONLY | O_CREAT, 0644))), 0;
  if (strcmp (cmd, "open-write") == 0 && argc > 2)
    return printf ("%s\n", result (open (argv[2], O_WRONLY))), 0;
  if (strcmp (cmd, "open-read") == 0 && argc > 2)
    return printf ("%s\n", result (open (argv[2], O_RDONLY))), 0;
  if (strcmp (cmd, "readlink") == 0 && argc > 2)
    {
      char buf[4096] = "";
      ssize_t n = readlink (argv[2], buf, sizeof buf - 1);
      return printf ("%s\n", n < 0 ? strerrorname_np (errno) : buf), 0;
    }
  if (strcmp (cmd, "fill") == 0 && argc > 2)
    return fill (argv[2]);
  if (strcmp (cmd, "orphans") == 0)
    return orphans (argc > 2 ? atoi (argv[2]) : 5);
  if (strcmp (cmd, "ignore-term") == 0)
    {
      signal (SIGTERM, SIG_IGN);
      printf ("ready\n");
      sleep_forever ();
    }
  if (strcmp (cmd, "double-fork") == 0)
    return double_fork ();
  if (strcmp (cmd, "alloc") == 0 && argc > 2)
    return alloc (atol (argv[2]));
  if (strcmp (cmd, "spin") == 0)
    return spin (argc > 2 ? atof (argv[2]) : -1);
  if (strcmp (cmd, "spin-ignoring-sigxcpu") == 0)
    {
      signal (SIGXCPU, SIG_IGN);
      return spin (-1);
    }
  if (strcmp (cmd, "fork-bomb") == 0)
    return fork_bomb ();
  if (strcmp (cmd, "reopen") == 0 && argc > 2)
    return reopen (atoi (argv[2]));
  if (strcmp (cmd, "open-ptys") == 0 && argc > 2)
    return open_ptys (atol (argv[2]), argc > 3 && strcmp (argv[3], "hold") == 0);
  if (strcmp (cmd, "hog") == 0 && argc > 3)
    return hog (argv[2], atol (argv[3]), argc > 4 && strcmp (argv[4], "hold") == 0);
  if (strcmp (cmd, "pipe-size") == 0)
    return pipe_size ();
  if (strcmp (cmd, "tiocsti") == 0)
    return tiocsti (argc > 2 ? atoi (argv[2]) : 0);
  if (strcmp (cmd, "env") == 0)
    {
      for (char **e = environ; *e; e++)
        printf ("%s\n", *e);
      return 0;
    }
  if (strcmp (cmd, "kill-self") == 0 && argc > 2)
    return raise (atoi (argv[2])), 0;
  if (strcmp (cmd, "print-bytes") == 0 && argc > 2)
    {
      /* Writes argv[2] bytes of 'x' quickly. */
      static char buf[1 << 16];
      long long want = atoll (argv[2]);
      memset (buf, 'x', sizeof buf);
      while (want > 0)
        {
          ssize_t n = write (1, buf, want < (long long) sizeof buf ? (size_t) want : sizeof buf);
          if (n <= 0)
            return 1;
          want -= n;
        }
      return 0;
    }
  fprintf (stderr, "probe: unknown command `%s`\n", cmd);
  return 2;
}
