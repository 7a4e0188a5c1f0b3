/* Signals and kills at any moment of nsbox's life, the first milliseconds
 * included: the exit status says what happened, and nothing is left that
 * `nsbox gc` cannot tell dead at once and remove. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define ROOT sbx_root ("busybox")

TestSuite (early_signals, .timeout = 240);

/* Start `nsbox --root STATE exec --id ID ARGS...` and return once it has
 * been exec'ed (a close-on-exec pipe closes), so that what follows hits nsbox. */
static pid_t
start_nsbox_with (const char *state, const char *const *args)
{
  const char *argv[64] = { sbx_nsbox (), "--root", state };
  size_t n = 3;
  int sync[2];
  char c;
  pid_t pid;

  while (*args && n < 63)
    argv[n++] = *args++;
  argv[n] = NULL;
  cr_assert_eq (pipe2 (sync, O_CLOEXEC), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_RDWR);
      dup2 (null, 0);
      dup2 (null, 1);
      dup2 (null, 2);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  close (sync[1]);
  cr_assert_eq (read (sync[0], &c, 1), 0);
  close (sync[0]);
  return pid;
}

static pid_t
start_nsbox (const char *state, const char *id)
{
  const char *args[] = { "exec", "--id", id, "--rootfs", ROOT, "--", "sleep", "10", NULL };

  return start_nsbox_with (state, args);
}

/* The signals a process blocks, from /proc/PID/status. */
static unsigned long long
blocked_signals (pid_t pid)
{
  char path[64], line[256];
  unsigned long long mask = 0;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  f = fopen (path, "re");
  while (f && fgets (line, sizeof line, f))
    if (strncmp (line, "SigBlk:", 7) == 0)
      mask = strtoull (line + 7, NULL, 16);
  if (f)
    fclose (f);
  return mask;
}

/* nsbox runs its own code once the stop signals show as blocked (what the
 * kernel and the C library do before that, no program can guard). */
static void
await_own_code (pid_t pid)
{
  for (int i = 0; i < 20000 && !(blocked_signals (pid) & (1ULL << (SIGTERM - 1))); i++)
    usleep (50);
}

/* A random pause of lo to hi microseconds. */
static void
pause_us (unsigned lo, unsigned hi)
{
  unsigned r;

  cr_assert_eq (getrandom (&r, sizeof r, 0), (ssize_t) sizeof r);
  usleep (lo + r % (hi - lo));
}

static int
state_files (const char *state)
{
  DIR *d = opendir (state);
  struct dirent *e;
  int n = 0;

  if (d == NULL)
    return 0;
  while ((e = readdir (d)))
    if (e->d_name[0] != '.')
      n++;
  closedir (d);
  return n;
}

static char *
run_nsbox (const char *state, const char *command, int *status)
{
  char *cmd = NULL, *out = NULL;
  size_t len = 0;
  FILE *mem = open_memstream (&out, &len);
  FILE *p;
  char buf[4096];
  size_t n;

  cr_assert_geq (asprintf (&cmd, "%s --root %s %s 2>&1", sbx_nsbox (), state, command), 0);
  p = popen (cmd, "r");
  cr_assert_not_null (p);
  while ((n = fread (buf, 1, sizeof buf, p)) > 0)
    fwrite (buf, 1, n, mem);
  *status = pclose (p);
  fclose (mem);
  free (cmd);
  return out;
}

/* From the moment nsbox runs, SIGINT, SIGTERM, SIGHUP and SIGQUIT end it
 * with 128+N after it removed what it made: never death by the signal. */
Test (early_signals, a_signal_in_the_first_milliseconds_exits_128_plus_n)
{
  static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
  char *state = sbx_tmpdir ();
  int died = 0, wrong = 0;
  char first_wrong[128] = "";

  for (int i = 0; i < 80; i++)
    {
      char id[32];
      int sig = sigs[i % 4], status;
      pid_t pid;

      snprintf (id, sizeof id, "E%d-%d", (int) getpid (), i);
      pid = start_nsbox (state, id);
      await_own_code (pid);
      /* Its set-up takes a few milliseconds. */
      pause_us (0, 6000);
      cr_assert_eq (kill (pid, sig), 0);
      cr_assert_eq (waitpid (pid, &status, 0), pid);
      if (WIFSIGNALED (status))
        died++;
      else if (WEXITSTATUS (status) != 128 + sig)
        {
          if (wrong++ == 0)
            snprintf (first_wrong, sizeof first_wrong, "%s: exit %d", strsignal (sig), WEXITSTATUS (status));
        }
      sbx_assert_no_cgroup (id);
    }
  cr_expect_eq (died, 0, "%d of 80 runs died by the signal", died);
  cr_expect_eq (wrong, 0, "%d of 80 runs exited otherwise (%s)", wrong, first_wrong);
  cr_expect_eq (state_files (state), 0, "a state file was left in %s", state);
  sbx_tmpdir_remove (state);
}

/* SIGKILL at any early moment leaves at most a state file that says which
 * nsbox made it: `ps` shows it orphaned at once (not "starting" for a
 * minute) and `gc` removes it and everything it names at once. */
Test (early_signals, a_sigkill_in_the_first_milliseconds_is_collected_at_once)
{
  char *state = sbx_tmpdir ();
  char ids[40][32];
  char *text;
  int status;

  for (int i = 0; i < 40; i++)
    {
      pid_t pid;

      snprintf (ids[i], sizeof ids[i], "K%d-%d", (int) getpid (), i);
      pid = start_nsbox (state, ids[i]);
      pause_us (200, 8000);
      cr_assert_eq (kill (pid, SIGKILL), 0);
      cr_assert_eq (waitpid (pid, &status, 0), pid);
    }
  text = run_nsbox (state, "ps", &status);
  cr_expect_null (strstr (text, "starting"), "a dead nsbox's sandbox shown as starting:\n%s", text);
  free (text);
  text = run_nsbox (state, "gc", &status);
  cr_expect_eq (status, 0, "%s", text);
  free (text);
  cr_expect_eq (state_files (state), 0, "gc left state in %s", state);
  for (int i = 0; i < 40; i++)
    sbx_assert_no_cgroup (ids[i]);
  sbx_tmpdir_remove (state);
}

/* A store holding one image, nsbox/lockwait, whose one layer is a copy of
 * the busybox root. */
static char *
make_store (void)
{
  const char *src = getenv ("NSBOX_SRCDIR"), *image_bin = getenv ("NSBOX_IMAGE_BIN");
  char *store = sbx_tmpdir ();
  char cmd[8800];

  cr_assert (src && image_bin, "NSBOX_SRCDIR and NSBOX_IMAGE_BIN name the tree and nsbox-image");
  /* A real image: exec verifies what it runs, and a store made by hand is refused. */
  snprintf (cmd, sizeof cmd,
            "python3 %s/tests/image/mkimage.py oci %s/src --layer busybox --cmd '[\"sleep\",\"10\"]' "
            "&& %s --store %s image import oci:%s/src --name nsbox/lockwait >/dev/null && rm -rf %s/src",
            src, store, image_bin, store, store, store);
  cr_assert_eq (system (cmd), 0, "%s", cmd);
  return store;
}

/* Whether pid waits in flock(2). */
static bool
in_flock (pid_t pid)
{
  char path[64], buf[64] = "";
  int fd;
  ssize_t n;

  snprintf (path, sizeof path, "/proc/%d/syscall", (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  return n > 0 && atoi (buf) == SYS_flock;
}

/* Deterministically early: nsbox waits for the store's lock (prune holds it)
 * long before any sandbox exists.  A signal then must still end it with
 * 128+N once it can go on, having made nothing. */
Test (early_signals, a_signal_while_waiting_for_the_store_exits_128_plus_n)
{
  static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
  char *state = sbx_tmpdir ();
  char *store = make_store ();
  char lock[4200];

  snprintf (lock, sizeof lock, "%s/lock", store);
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    {
      char id[32];
      const char *args[] = { "--store", store, "exec", "--id", id, "nsbox/lockwait", NULL };
      int fd = open (lock, O_RDWR | O_CLOEXEC), status;
      pid_t pid;

      snprintf (id, sizeof id, "W%d-%zu", (int) getpid (), i);
      cr_assert_eq (flock (fd, LOCK_EX), 0);
      pid = start_nsbox_with (state, args);
      for (int t = 0; t < 2000 && !in_flock (pid); t++)
        usleep (1000);
      cr_assert (in_flock (pid), "nsbox never waited for the store");
      cr_assert_eq (kill (pid, sigs[i]), 0);
      usleep (50000);
      close (fd);
      cr_assert_eq (waitpid (pid, &status, 0), pid);
      cr_expect (WIFEXITED (status) && WEXITSTATUS (status) == 128 + sigs[i], "%s: status %#x",
                 strsignal (sigs[i]), status);
      sbx_assert_no_cgroup (id);
    }
  cr_expect_eq (state_files (state), 0, "a state file was left in %s", state);
  sbx_tmpdir_remove (store);
  sbx_tmpdir_remove (state);
}

/* ---------------------------------------------------------------- gc from another cgroup */

/* Our own cgroup directory in every mounted hierarchy, with `suffix` added. */
static int
own_cgroup_dirs (const char *suffix, char dirs[][4096], int max)
{
  char line[8192];
  FILE *self = fopen ("/proc/self/cgroup", "re");
  int n = 0;

  cr_assert_not_null (self);
  while (n < max && fgets (line, sizeof line, self))
    {
      char *ctrls = strchr (line, ':'), *path, *nl;
      char mline[8192];
      FILE *mi;

      if (ctrls == NULL || (path = strchr (++ctrls, ':')) == NULL)
        continue;
      *path++ = '\0';
      /* A new cpuset cgroup has no CPUs to run on; nsbox does not use it. */
      if (strcmp (ctrls, "cpuset") == 0)
        continue;
      if ((nl = strchr (path, '\n')))
        *nl = '\0';
      mi = fopen ("/proc/self/mountinfo", "re");
      cr_assert_not_null (mi);
      while (fgets (mline, sizeof mline, mi))
        {
          char root[4096], point[4096];
          const char *sep = strstr (mline, " - ");
          bool v2 = sep && strncmp (sep, " - cgroup2 ", 11) == 0;
          bool v1 = sep && strncmp (sep, " - cgroup ", 10) == 0;
          char want[300];

          if ((!v1 && !v2) || (v2 != (*ctrls == '\0'))
              || sscanf (mline, "%*s %*s %*s %4095s %4095s", root, point) != 2 || strcmp (root, "/") != 0)
            continue;
          snprintf (want, sizeof want, ",%s", ctrls);
          if (v1 && strstr (sep, want) == NULL)
            continue;
          snprintf (dirs[n++], 4096, "%s%s%s", point, strcmp (path, "/") == 0 ? "" : path, suffix);
          break;
        }
      fclose (mi);
    }
  fclose (self);
  return n;
}

/* `nsbox gc` run from another cgroup than the nsbox it cleans up after
 * (here: a child cgroup of ours) must still find the cgroups of a sandbox
 * whose nsbox was killed while it made them. */
Test (early_signals, gc_from_another_cgroup_removes_a_sandbox_killed_during_set_up)
{
  char *state = sbx_tmpdir ();
  char own[8][4096], other[8][4096], id[32], name[64];
  int n_own = own_cgroup_dirs ("", own, 8);
  int n_other = own_cgroup_dirs ("/nsbox-test-gc", other, 8);
  int watch = inotify_init1 (IN_CLOEXEC), status;
  bool created = false;
  pid_t pid, gc;

  cr_assert_gt (n_own, 0);
  snprintf (id, sizeof id, "G%d", (int) getpid ());
  snprintf (name, sizeof name, "nsbox-%s", id);
  for (int i = 0; i < n_own; i++)
    inotify_add_watch (watch, own[i], IN_CREATE);
  {
    const char *args[] = { "exec", "--id", id, "--rootfs", ROOT, "--", "sleep", "10", NULL };
    pid = start_nsbox_with (state, args);
  }
  /* The first of its cgroups appears: nsbox dies right then. */
  while (!created)
    {
      char buf[4096] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
      struct pollfd p = { .fd = watch, .events = POLLIN };
      ssize_t len;

      cr_assert_gt (poll (&p, 1, 10000), 0, "no cgroup was made");
      len = read (watch, buf, sizeof buf);
      for (char *q = buf; q < buf + len;)
        {
          const struct inotify_event *ev = (const struct inotify_event *) q;
          if (ev->len && strcmp (ev->name, name) == 0)
            created = true;
          q += sizeof *ev + ev->len;
        }
    }
  cr_assert_eq (kill (pid, SIGKILL), 0);
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  close (watch);

  for (int i = 0; i < n_other; i++)
    cr_assert (mkdir (other[i], 0755) == 0 || errno == EEXIST, "%s: %s", other[i], strerror (errno));
  gc = fork ();
  cr_assert_geq (gc, 0);
  if (gc == 0)
    {
      int null = open ("/dev/null", O_RDWR);
      for (int i = 0; i < n_other; i++)
        {
          char procs[4200];
          FILE *f;
          snprintf (procs, sizeof procs, "%.4000s/cgroup.procs", other[i]);
          if ((f = fopen (procs, "we")) == NULL || fprintf (f, "0\n") < 0 || fclose (f) != 0)
            _exit (126);
        }
      dup2 (null, 1);
      execl (sbx_nsbox (), "nsbox", "--root", state, "gc", (char *) NULL);
      _exit (127);
    }
  cr_assert_eq (waitpid (gc, &status, 0), gc);
  for (int i = n_other - 1; i >= 0; i--)
    rmdir (other[i]);
  cr_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0, "gc: status %#x", status);
  sbx_assert_no_cgroup (id);
  cr_expect_eq (state_files (state), 0, "gc left state in %s", state);
  sbx_tmpdir_remove (state);
}
