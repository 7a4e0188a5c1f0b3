/* The cgroup module against the real kernel, as root: limits hold, numbers
 * come back, everything is killed and removed.  Runs on the hybrid host (v1
 * back end) and in the cgroup-v2-only VM (tests/vm/run-v2-suite). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "base/cleanup.h"
#include "sandbox/config.h"

#define MIB (1024 * 1024)

static void
require_root (void)
{
  if (geteuid () != 0)
    cr_skip_test ("needs root");
}

static char *
test_name (void)
{
  static int counter;
  char *name;

  cr_assert_geq (asprintf (&name, "nsbox-test-%d-%d", (int) getpid (), ++counter), 0);
  return name;
}

/* The cgroup under test: a failed assertion ends the test early, and the
 * fixture still kills and removes everything it holds. */
static struct nsbox_cgroup *current;

static void
cleanup_current (void)
{
  _cleanup_error_ struct nsbox_error *err = NULL;

  if (current != NULL)
    nsbox_cgroup_destroy (steal_pointer (&current), &err);
}

TestSuite (cgroup, .fini = cleanup_current, .timeout = 60);

static struct nsbox_cgroup *
create (const struct nsbox_cgroup_limits *limits)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *name = test_name ();
  struct nsbox_cgroup *cg = NULL;

  if (nsbox_cgroup_create (NULL, name, limits, &cg, &err) < 0)
    cr_assert_fail ("create: %s (errno %d)", err->message, err->errno_value);
  current = cg;
  return cg;
}

static const struct nsbox_cgroup_limits unlimited
    = { .memory_bytes = NSBOX_UNLIMITED, .cpu_millis = NSBOX_UNLIMITED, .pids = NSBOX_UNLIMITED };

/* Destroy and check that every directory is gone. */
static void
destroy (struct nsbox_cgroup *cg)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_strv_ char **paths = nsbox_cgroup_paths (cg);

  cr_assert_not_null (paths);
  current = NULL;
  if (nsbox_cgroup_destroy (cg, &err) < 0)
    cr_assert_fail ("destroy: %s (errno %d)", err->message, err->errno_value);
  for (char **p = paths; *p; p++)
    cr_assert_eq (access (*p, F_OK), -1, "%s remains", *p);
}

/* A child that nsbox_cgroup_add_process moves in, as nsbox moves the
 * sandbox's first process; it runs fn only once it is inside. */
static pid_t
spawn (struct nsbox_cgroup *cg, void (*fn) (void))
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  int go[2];
  char c;
  pid_t pid;

  cr_assert_eq (pipe2 (go, O_CLOEXEC), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      sigset_t none;

      /* The test runner's signal mask and handlers are not the workload's. */
      sigemptyset (&none);
      sigprocmask (SIG_SETMASK, &none, NULL);
      signal (SIGUSR1, SIG_DFL);
      close (go[1]);
      if (read (go[0], &c, 1) != 1)
        _exit (120);
      fn ();
      _exit (0);
    }
  close (go[0]);
  if (nsbox_cgroup_add_process (cg, pid, &err) < 0)
    {
      kill (pid, SIGKILL);
      cr_assert_fail ("add process: %s (errno %d)", err->message, err->errno_value);
    }
  cr_assert_eq (write (go[1], "g", 1), 1);
  close (go[1]);
  return pid;
}

static int
wait_status (pid_t pid)
{
  int status;

  cr_assert_eq (waitpid (pid, &status, 0), pid);
  return status;
}

static void
hog_memory (void)
{
  /* Touch every page: 512 MiB, far above any limit used here. */
  for (int i = 0; i < 512; i++)
    {
      char *p = mmap (NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED)
        _exit (2);
      memset (p, 0x5a, MIB);
    }
}

static void
allocate_100m (void)
{
  char *p = mmap (NULL, 100 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  if (p == MAP_FAILED)
    _exit (2);
  memset (p, 0x5a, 100 * MIB);
}

static void
fork_until_refused (void)
{
  for (int n = 0; n < 200; n++)
    {
      pid_t pid = fork ();
      if (pid < 0)
        _exit (errno == EAGAIN ? 10 + (n > 99 ? 99 : n) : 3);
      if (pid == 0)
        {
          pause ();
          _exit (0);
        }
    }
  _exit (4);
}

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void
spin_2s (void)
{
  volatile unsigned long x = 0;
  double end = now_s () + 2.0;

  while (now_s () < end)
    x++;
}

/* Spin until this process has used one second of CPU, however busy the host. */
static void
spin_1s_cpu (void)
{
  volatile unsigned long x = 0;
  struct timespec ts;

  do
    {
      for (int i = 0; i < 100000; i++)
        x++;
      clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
    }
  while (ts.tv_sec < 1);
}

static void
touch_8m_and_spin (void)
{
  char *p = mmap (NULL, 8 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  if (p == MAP_FAILED)
    _exit (2);
  memset (p, 1, 8 * MIB);
  spin_1s_cpu ();
}

static void
sleep_forever (void)
{
  for (;;)
    pause ();
}

/* Detached, SIGTERM-immune, double-forked descendants: only the cgroup still knows them. */
static void
escape_and_linger (void)
{
  signal (SIGTERM, SIG_IGN);
  for (int i = 0; i < 3; i++)
    {
      pid_t middle = fork ();
      if (middle == 0)
        {
          setsid ();
          if (fork () == 0)
            sleep_forever ();
          _exit (0);
        }
      waitpid (middle, NULL, 0);
    }
  sleep_forever ();
}

static struct nsbox_cgroup_stats
stats_of (struct nsbox_cgroup *cg)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_cgroup_stats s;

  cr_assert_eq (nsbox_cgroup_read_stats (cg, &s, &err), 0);
  return s;
}

Test (cgroup, memory_hog_is_oom_killed_and_counted)
{
  struct nsbox_cgroup_limits limits = unlimited;
  struct nsbox_cgroup *cg;
  struct nsbox_cgroup_stats s;
  int status;

  require_root ();
  limits.memory_bytes = 64 * MIB;
  cg = create (&limits);
  status = wait_status (spawn (cg, hog_memory));
  cr_assert (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL, "status %#x", status);
  s = stats_of (cg);
  cr_assert_geq (s.oom_kills, 1);
  cr_assert_geq (s.memory_peak_bytes, 60 * MIB, "peak %lld", (long long) s.memory_peak_bytes);
  cr_assert_leq (s.memory_peak_bytes, 65 * MIB, "peak %lld", (long long) s.memory_peak_bytes);
  destroy (cg);
}

Test (cgroup, peak_of_a_100m_allocation_is_within_10_percent)
{
  struct nsbox_cgroup_limits limits = unlimited;
  struct nsbox_cgroup *cg;
  struct nsbox_cgroup_stats s;
  int status;

  require_root ();
  limits.memory_bytes = 512 * MIB;
  cg = create (&limits);
  status = wait_status (spawn (cg, allocate_100m));
  cr_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0, "status %#x", status);
  s = stats_of (cg);
  cr_assert_eq (s.oom_kills, 0);
  cr_assert_geq (s.memory_peak_bytes, 100 * MIB, "peak %lld", (long long) s.memory_peak_bytes);
  cr_assert_leq (s.memory_peak_bytes, 110 * MIB, "peak %lld", (long long) s.memory_peak_bytes);
  destroy (cg);
}

Test (cgroup, pids_limit_refuses_forks)
{
  struct nsbox_cgroup_limits limits = unlimited;
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_cgroup *cg;
  struct nsbox_cgroup_stats s;
  int status;

  require_root ();
  limits.pids = 16;
  cg = create (&limits);
  status = wait_status (spawn (cg, fork_until_refused));
  /* The forker itself is one of the 16. */
  cr_assert (WIFEXITED (status) && WEXITSTATUS (status) == 10 + 15, "status %#x", status);
  s = stats_of (cg);
  if (s.pids_peak >= 0)
    cr_assert_eq (s.pids_peak, 16);
  /* The forker's 15 children were orphaned inside the cgroup. */
  cr_assert_eq (nsbox_cgroup_kill (cg, SIGKILL, &err), 0);
  destroy (cg);
}

Test (cgroup, cpu_quota_of_a_quarter_cpu_gives_half_a_second_in_two)
{
  struct nsbox_cgroup_limits limits = unlimited;
  struct nsbox_cgroup *cg;
  struct nsbox_cgroup_stats s;
  double used;

  require_root ();
  limits.cpu_millis = 250;
  cg = create (&limits);
  cr_assert_eq (wait_status (spawn (cg, spin_2s)), 0);
  s = stats_of (cg);
  cr_assert (s.have_cpu);
  used = s.cpu_user_s + s.cpu_system_s;
  cr_assert (used > 0.35 && used < 0.65, "used %.3f s", used);
  destroy (cg);
}

Test (cgroup, unlimited_run_still_reports_numbers)
{
  struct nsbox_cgroup *cg;
  struct nsbox_cgroup_stats s;

  require_root ();
  cg = create (&unlimited);
  cr_assert_eq (wait_status (spawn (cg, touch_8m_and_spin)), 0);
  s = stats_of (cg);
  cr_assert (s.have_cpu);
  cr_assert (s.cpu_user_s + s.cpu_system_s >= 0.95 && s.cpu_user_s + s.cpu_system_s < 1.2, "%.3f s",
             s.cpu_user_s + s.cpu_system_s);
  cr_assert_geq (s.memory_peak_bytes, 8 * MIB, "peak %lld sampled %d", (long long) s.memory_peak_bytes, s.memory_peak_sampled);
  cr_assert_eq (s.oom_kills, 0);
  destroy (cg);
}

/* Every hierarchy we created lists the child; nothing else does. */
static void
assert_member_everywhere (struct nsbox_cgroup *cg, pid_t pid)
{
  _cleanup_strv_ char **paths = nsbox_cgroup_paths (cg);

  for (char **p = paths; *p; p++)
    {
      _cleanup_free_ char *procs = NULL;
      _cleanup_free_ char *needle = NULL;
      _cleanup_fclose_ FILE *f = NULL;
      size_t len = 0;

      cr_assert_geq (asprintf (&procs, "%s/cgroup.procs", *p), 0);
      f = fopen (procs, "re");
      cr_assert_not_null (f);
      cr_assert_geq (asprintf (&needle, "%d\n", (int) pid), 0);
      char *buf = NULL;
      cr_assert_geq (getdelim (&buf, &len, '\0', f), 0);
      cr_assert_str_eq (buf, needle, "%s holds %s", *p, buf);
      free (buf);
    }
}

Test (cgroup, add_process_enters_every_hierarchy)
{
  struct nsbox_cgroup *cg;
  _cleanup_error_ struct nsbox_error *err = NULL;
  pid_t pid;

  require_root ();
  cg = create (&unlimited);
  pid = spawn (cg, sleep_forever);
  assert_member_everywhere (cg, pid);
  cr_assert_eq (nsbox_cgroup_kill (cg, SIGKILL, &err), 0);
  cr_assert_eq (wait_status (pid), SIGKILL);
  destroy (cg);
}

Test (cgroup, kill_ends_a_detached_double_forked_tree)
{
  struct nsbox_cgroup *cg;
  _cleanup_error_ struct nsbox_error *err = NULL;
  pid_t pid;
  int found = 0;

  require_root ();
  (void) pid;
  /* Orphans would be reparented to init; make them ours so none outlives the test. */
  cr_assert_eq (prctl (PR_SET_CHILD_SUBREAPER, 1), 0);
  cg = create (&unlimited);
  pid = spawn (cg, escape_and_linger);
  /* The three middle processes come and go; four stay. */
  for (int i = 0; i < 400 && (found != 4 || i < 20); i++)
    {
      nsbox_cgroup_sleep_ms (5);
      found = nsbox_cgroup_count_procs (cg->dirs[0].fd);
    }
  cr_assert_eq (found, 4, "%d processes", found);
  /* SIGTERM is ignored by all of them. */
  cr_assert_eq (nsbox_cgroup_kill (cg, SIGTERM, &err), 0);
  nsbox_cgroup_sleep_ms (50);
  cr_assert_eq (nsbox_cgroup_count_procs (cg->dirs[0].fd), 4);
  cr_assert_eq (nsbox_cgroup_kill (cg, SIGKILL, &err), 0);
  for (size_t d = 0; d < cg->n_dirs; d++)
    cr_assert_eq (nsbox_cgroup_count_procs (cg->dirs[d].fd), 0, "%s not empty", cg->dirs[d].path);
  destroy (cg);
  /* All four were ours to reap, all by SIGKILL. */
  for (int i = 0; i < 4; i++)
    {
      int status;
      cr_assert_gt (waitpid (-1, &status, 0), 0);
      cr_assert (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
    }
}

Test (cgroup, destroy_kills_what_still_runs)
{
  struct nsbox_cgroup *cg;
  pid_t pid;

  require_root ();
  cg = create (&unlimited);
  pid = spawn (cg, sleep_forever);
  for (int i = 0; i < 200 && nsbox_cgroup_count_procs (cg->dirs[0].fd) == 0; i++)
    nsbox_cgroup_sleep_ms (5);
  destroy (cg);
  cr_assert_eq (wait_status (pid), SIGKILL);
}

/* What `nsbox gc` meets: the owner was SIGKILLed, its sandbox lives on. */
Test (cgroup, remove_paths_cleans_up_after_a_killed_owner)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  int pipefd[2];
  char buf[4096] = { 0 };
  ssize_t n, got = 0;
  pid_t owner;
  char *paths[NSBOX_CG_MAX_DIRS + 1] = { 0 };
  size_t n_paths = 0;
  int status;

  require_root ();
  cr_assert_eq (prctl (PR_SET_CHILD_SUBREAPER, 1), 0);
  cr_assert_eq (pipe (pipefd), 0);
  owner = fork ();
  cr_assert_geq (owner, 0);
  if (owner == 0)
    {
      struct nsbox_cgroup *cg = create (&unlimited);
      char **p = nsbox_cgroup_paths (cg);
      close (pipefd[0]);
      spawn (cg, sleep_forever);
      for (int i = 0; i < 200 && nsbox_cgroup_count_procs (cg->dirs[0].fd) == 0; i++)
        nsbox_cgroup_sleep_ms (5);
      for (; *p; p++)
        dprintf (pipefd[1], "%s\n", *p);
      /* The sandbox process holds the pipe open too: no EOF, an end mark. */
      dprintf (pipefd[1], "end\n");
      sleep_forever ();
    }
  close (pipefd[1]);
  while (strstr (buf, "end\n") == NULL && (n = read (pipefd[0], buf + got, sizeof buf - 1 - (size_t) got)) > 0)
    got += n;
  *strstr (buf, "end\n") = '\0';
  close (pipefd[0]);
  cr_assert_eq (kill (owner, SIGKILL), 0);
  cr_assert_eq (wait_status (owner), SIGKILL);
  for (char *line = strtok (buf, "\n"); line && n_paths < NSBOX_CG_MAX_DIRS; line = strtok (NULL, "\n"))
    paths[n_paths++] = line;
  cr_assert_gt (n_paths, 0);
  for (size_t i = 0; i < n_paths; i++)
    cr_assert_eq (access (paths[i], F_OK), 0);

  cr_assert_eq (nsbox_cgroup_remove_paths (paths, &err), 0, "%s", err ? err->message : "");
  for (size_t i = 0; i < n_paths; i++)
    cr_assert_eq (access (paths[i], F_OK), -1, "%s remains", paths[i]);
  /* The orphaned sandbox process came to us and was SIGKILLed. */
  cr_assert_gt (waitpid (-1, &status, 0), 0);
  cr_assert (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
}

Test (cgroup, remove_paths_refuses_what_is_not_an_nsbox_cgroup)
{
  const char *bad[] = { "/sys/fs/cgroup/memory", "/tmp/nsbox-x", "relative/nsbox-x", "/sys/fs/cgroup/pids/../nsbox-x" };

  require_root ();
  cr_assert_eq (mkdir ("/tmp/nsbox-x", 0700), 0);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      _cleanup_error_ struct nsbox_error *err = NULL;
      char *paths[] = { (char *) bad[i], NULL };
      cr_assert_lt (nsbox_cgroup_remove_paths (paths, &err), 0, "%s accepted", bad[i]);
    }
  cr_assert_eq (access ("/tmp/nsbox-x", F_OK), 0);
  rmdir ("/tmp/nsbox-x");
}

Test (cgroup, missing_parent_is_a_clear_error)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_cgroup *cg = NULL;

  require_root ();
  cr_assert_lt (nsbox_cgroup_create ("no-such-parent-nsbox", "nsbox-x", &unlimited, &cg, &err), 0);
  cr_assert_eq (err->errno_value, ENOENT);
  cr_assert_not_null (strstr (err->message, "no-such-parent-nsbox"), "%s", err->message);
  cr_assert_null (cg);
}

/* Pure v2: a cgroup with processes cannot give its children controllers. */
Test (cgroup, v2_busy_parent_is_refused_with_the_reason)
{
  char buf[256] = { 0 };
  _cleanup_free_ char *busy = NULL;
  _cleanup_free_ char *procs = NULL;
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_cgroup_limits limits = unlimited;
  struct nsbox_cgroup *cg = NULL;
  _cleanup_fclose_ FILE *f = NULL;
  pid_t pid;
  int ret;

  require_root ();
  f = fopen ("/sys/fs/cgroup/cgroup.controllers", "re");
  if (f == NULL || fgets (buf, sizeof buf, f) == NULL || strstr (buf, "memory") == NULL)
    cr_skip_test ("no cgroup v2 memory controller at /sys/fs/cgroup");
  cr_assert_geq (asprintf (&busy, "/sys/fs/cgroup/nsbox-test-busy-%d", (int) getpid ()), 0);
  cr_assert_geq (asprintf (&procs, "%s/cgroup.procs", busy), 0);
  cr_assert_eq (mkdir (busy, 0755), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    sleep_forever ();
  {
    _cleanup_fclose_ FILE *p = fopen (procs, "we");
    cr_assert_not_null (p);
    fprintf (p, "%d\n", (int) pid);
  }
  limits.memory_bytes = 64 * MIB;
  ret = nsbox_cgroup_create (busy + strlen ("/sys/fs/cgroup/"), "nsbox-x", &limits, &cg, &err);
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  for (int i = 0; i < 200 && rmdir (busy) < 0 && errno == EBUSY; i++)
    nsbox_cgroup_sleep_ms (10);
  cr_assert_lt (ret, 0);
  cr_assert_null (cg);
  cr_assert_not_null (strstr (err->message, "no-internal-processes"), "%s", err->message);
  cr_assert_not_null (strstr (err->message, "--cgroup-parent"), "%s", err->message);
  cr_assert_eq (access (busy, F_OK), -1);
}

/* Pure v2: an empty --cgroup-parent gets the controllers enabled for us. */
Test (cgroup, v2_named_empty_parent_gets_its_controllers_enabled)
{
  char buf[256] = { 0 };
  _cleanup_free_ char *parent = NULL;
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_fclose_ FILE *f = NULL;
  struct nsbox_cgroup_limits limits = unlimited;
  struct nsbox_cgroup *cg = NULL;
  struct nsbox_cgroup_stats s;
  _cleanup_free_ char *name = test_name ();
  int status;

  require_root ();
  f = fopen ("/sys/fs/cgroup/cgroup.controllers", "re");
  if (f == NULL || fgets (buf, sizeof buf, f) == NULL || strstr (buf, "memory") == NULL)
    cr_skip_test ("no cgroup v2 memory controller at /sys/fs/cgroup");
  cr_assert_geq (asprintf (&parent, "/sys/fs/cgroup/nsbox-test-parent-%d", (int) getpid ()), 0);
  cr_assert_eq (mkdir (parent, 0755), 0);
  limits.memory_bytes = 64 * MIB;
  limits.pids = 8;
  if (nsbox_cgroup_create (parent + strlen ("/sys/fs/cgroup/"), name, &limits, &cg, &err) < 0)
    {
      rmdir (parent);
      cr_assert_fail ("create: %s", err->message);
    }
  current = cg;
  status = wait_status (spawn (cg, hog_memory));
  s = stats_of (cg);
  destroy (cg);
  cr_assert_eq (rmdir (parent), 0);
  cr_assert (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL, "status %#x", status);
  cr_assert_geq (s.oom_kills, 1);
}

static void
hold_100m (void)
{
  allocate_100m ();
  sleep_forever ();
}

static void
wait_for_procs (struct nsbox_cgroup *cg, size_t dir, int n)
{
  for (int i = 0; i < 400 && nsbox_cgroup_count_procs (cg->dirs[dir].fd) != n; i++)
    nsbox_cgroup_sleep_ms (5);
  cr_assert_eq (nsbox_cgroup_count_procs (cg->dirs[dir].fd), n);
}

/* The path kernels without cgroup.kill take (and every signal but SIGKILL):
 * freeze, signal each listed process, thaw. */
Test (cgroup, freeze_signal_thaw_reaches_every_process)
{
  struct nsbox_cgroup *cg;
  pid_t pids[3];

  require_root ();
  cg = create (&unlimited);
  for (int i = 0; i < 3; i++)
    pids[i] = spawn (cg, sleep_forever);
  for (size_t d = 0; d < cg->n_dirs; d++)
    wait_for_procs (cg, d, 3);
  for (size_t d = 0; d < cg->n_dirs; d++)
    {
      if (cg->dirs[d].version == 2)
        cr_assert_geq (nsbox_cgroup_v2_kill_round (&cg->dirs[d], SIGUSR1), 0);
      else if (cg->dirs[d].controllers & NSBOX_CG_FREEZER)
        cr_assert_geq (nsbox_cgroup_v1_kill_round (&cg->dirs[d], SIGUSR1), 0);
      else
        continue;
      break;
    }
  for (int i = 0; i < 3; i++)
    {
      int status = wait_status (pids[i]);
      cr_assert (WIFSIGNALED (status) && WTERMSIG (status) == SIGUSR1, "status %#x", status);
    }
  destroy (cg);
}

/* Pure v1 hosts, and kernels without cgroup.kill, kill through the v1
 * freezer; nsbox skips that hierarchy where cgroup2 has cgroup.kill, so the
 * round is run on a freezer directory made here. */
Test (cgroup, v1_freezer_round_reaches_every_process)
{
  __attribute__ ((cleanup (nsbox_cgroup_mounts_release))) struct nsbox_cgroup_mounts mounts = { 0 };
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *parent = NULL;
  struct nsbox_cgroup_dir d = { .version = 1, .controllers = NSBOX_CG_FREEZER, .fd = -1, .procs_fd = -1 };
  const struct nsbox_cgroup_mount *freezer = NULL;
  char name[64];
  pid_t pids[3];

  require_root ();
  cr_assert_eq (nsbox_cgroup_load_mounts (&mounts, &err), 0);
  for (size_t i = 0; i < mounts.n; i++)
    if (mounts.v[i].version == 1 && (mounts.v[i].controllers & NSBOX_CG_FREEZER) && mounts.v[i].own)
      freezer = &mounts.v[i];
  if (freezer == NULL)
    cr_skip_test ("no v1 freezer hierarchy here");
  cr_assert_eq (nsbox_cgroup_parent_dir (freezer, NULL, &parent, &err), 0);
  snprintf (name, sizeof name, "nsbox-test-freezer-%d", (int) getpid ());
  cr_assert_geq (asprintf (&d.path, "%s/%s", parent, name), 0);
  cr_assert_eq (mkdir (d.path, 0755), 0, "mkdir %s: %s", d.path, strerror (errno));
  d.fd = open (d.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  d.procs_fd = openat (d.fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
  cr_assert (d.fd >= 0 && d.procs_fd >= 0);
  for (int i = 0; i < 3; i++)
    {
      char buf[16];
      pids[i] = fork ();
      cr_assert_geq (pids[i], 0);
      if (pids[i] == 0)
        {
          sigset_t none;
          sigemptyset (&none);
          sigprocmask (SIG_SETMASK, &none, NULL);
          signal (SIGUSR1, SIG_DFL);
          sleep_forever ();
        }
      snprintf (buf, sizeof buf, "%d", (int) pids[i]);
      cr_assert_eq (write (d.procs_fd, buf, strlen (buf)), (ssize_t) strlen (buf));
    }
  cr_assert_eq (nsbox_cgroup_v1_kill_round (&d, SIGUSR1), 3);
  for (int i = 0; i < 3; i++)
    {
      int status = wait_status (pids[i]);
      cr_assert (WIFSIGNALED (status) && WTERMSIG (status) == SIGUSR1, "status %#x", status);
    }
  close (d.procs_fd);
  close (d.fd);
  cr_assert_eq (rmdir (d.path), 0, "rmdir %s: %s", d.path, strerror (errno));
  free (d.path);
}

/* What a v2 kernel without memory.peak gets: the largest sample of memory.current. */
Test (cgroup, v2_sampled_memory_current_stands_in_for_memory_peak)
{
  struct nsbox_cgroup_limits limits = unlimited;
  struct nsbox_cgroup *cg;
  struct nsbox_cgroup_stats s;
  pid_t pid;

  require_root ();
  limits.memory_bytes = 512 * MIB;
  cg = create (&limits);
  if (cg->v2 < 0 || !(cg->dirs[cg->v2].controllers & NSBOX_CG_MEMORY))
    {
      destroy (cg);
      cr_skip_test ("memory is not on cgroup v2 here");
    }
  cg->memory_current_fd = openat (cg->dirs[cg->v2].fd, "memory.current", O_RDONLY | O_CLOEXEC);
  cr_assert_geq (cg->memory_current_fd, 0);
  cr_assert (nsbox_cgroup_needs_sampling (cg));
  pid = spawn (cg, hold_100m);
  wait_for_procs (cg, (size_t) cg->v2, 1);
  for (int i = 0; i < 400 && cg->sampled_peak < 100 * MIB; i++)
    {
      nsbox_cgroup_sample (cg);
      nsbox_cgroup_sleep_ms (5);
    }
  s = stats_of (cg);
  cr_assert (s.memory_peak_sampled);
  cr_assert (s.memory_peak_bytes >= 100 * MIB && s.memory_peak_bytes <= 110 * MIB, "peak %lld",
             (long long) s.memory_peak_bytes);
  destroy (cg);
  cr_assert_eq (wait_status (pid), SIGKILL);
}
