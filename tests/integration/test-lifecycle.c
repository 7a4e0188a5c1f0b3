/* How a sandbox ends: exit codes, signals, timeouts, nsbox itself signalled,
 * and failures during setup. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "cgroup/cgroup.h"
#include "sandbox/state.h"

#define ROOT sbx_root ("busybox")

Test (lifecycle, exit_code_is_mirrored)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c", "exit 42", NULL);
  cr_assert_eq (r.status, 42);
  sbx_release (&r);
}

Test (lifecycle, death_by_signal_is_128_plus_n_and_named)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c", "kill -SEGV $$", NULL);
  cr_assert_eq (r.status, 128 + SIGSEGV);
  sbx_release (&r);
  sbx_exec (&r, "--rootfs", ROOT, "--json", "--", "sh", "-c", "kill -9 $$", NULL);
  cr_assert_eq (r.status, 137);
  cr_assert_str_eq (sbx_str (&r, "status"), "signaled");
  cr_assert_str_eq (sbx_str (&r, "signal"), "SIGKILL");
  cr_assert (json_is_null (json_object_get (r.report, "exit_code")));
  sbx_release (&r);
}

Test (lifecycle, missing_command_is_127_and_not_executable_is_126)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "no-such-command", NULL);
  cr_assert_eq (r.status, 127);
  cr_assert_str_eq (r.err, "nsbox: exec `no-such-command`: No such file or directory\n");
  sbx_release (&r);
  sbx_exec (&r, "--rootfs", ROOT, "--", "/etc/passwd", NULL);
  cr_assert_eq (r.status, 126);
  cr_assert_str_eq (r.err, "nsbox: exec `/etc/passwd`: Permission denied\n");
  sbx_release (&r);
  sbx_exec (&r, "--rootfs", ROOT, "--json", "--", "/nope", NULL);
  cr_assert_eq (r.status, 127);
  cr_assert_str_eq (sbx_str (&r, "status"), "error");
  json_t *e = json_object_get (r.report, "error");
  cr_assert_str_eq (json_string_value (json_object_get (e, "stage")), "exec");
  cr_assert_eq (json_integer_value (json_object_get (e, "errno")), 2);
  sbx_release (&r);
}

Test (lifecycle, timeout_is_124_and_reported)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--json", "--timeout", "0.3", "--", "sleep", "10", NULL);
  cr_assert_eq (r.status, 124);
  cr_assert_str_eq (sbx_str (&r, "status"), "timeout");
  cr_assert (sbx_bool (&r, "timed_out"));
  double wall = json_real_value (json_object_get (r.report, "wall_time_s"));
  cr_assert (wall >= 0.3 && wall < 2.0, "wall %f", wall);
  sbx_release (&r);
}

Test (lifecycle, timeout_kills_a_workload_that_ignores_sigterm)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--json", "--timeout", "0.3", "--kill-after", "0.3", "-v", sbx_probe_volume (), "--",
            "/probe", "ignore-term", NULL);
  cr_assert_eq (r.status, 124);
  double wall = json_real_value (json_object_get (r.report, "wall_time_s"));
  cr_assert (wall >= 0.6 && wall < 3.0, "SIGTERM ignored, SIGKILL after the grace: wall %f", wall);
  cr_assert_str_eq (sbx_str (&r, "stdout"), "ready\n");
  sbx_release (&r);
}

static int
count_processes_named (const char *marker)
{
  DIR *d = opendir ("/proc");
  struct dirent *e;
  int n = 0;

  while ((e = readdir (d)))
    {
      char path[300], buf[4096];
      ssize_t len;
      int fd;
      snprintf (path, sizeof path, "/proc/%s/cmdline", e->d_name);
      fd = open (path, O_RDONLY);
      if (fd < 0)
        continue;
      len = read (fd, buf, sizeof buf - 1);
      close (fd);
      if (len <= 0)
        continue;
      for (ssize_t i = 0; i < len; i++)
        if (buf[i] == 0)
          buf[i] = ' ';
      buf[len] = 0;
      if (strstr (buf, marker))
        n++;
    }
  closedir (d);
  return n;
}

Test (lifecycle, timeout_kills_a_double_forked_session_leader)
{
  struct sbx r = { 0 };

  char marker[64];

  /* Tests run in parallel: a marker of our own tells our processes apart. */
  snprintf (marker, sizeof marker, "double-fork-%d", (int) getpid ());
  sbx_exec (&r, "--rootfs", ROOT, "--json", "--timeout", "0.5", "--kill-after", "0.2", "-v", sbx_probe_volume (), "--",
            "/probe", "double-fork", marker, NULL);
  cr_assert_eq (r.status, 124);
  cr_assert_str_eq (sbx_str (&r, "stdout"), "forked\n");
  cr_assert_eq (count_processes_named (marker), 0);
  sbx_release (&r);
}

Test (lifecycle, orphans_are_reaped_by_the_init)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--", "/probe", "orphans", "8", NULL);
  cr_assert_str_eq (r.out, "zombies=0\n", "%s", r.err);
  sbx_release (&r);
}

Test (lifecycle, init_forwards_sigterm_to_the_workload)
{
  struct sbx r = { 0 };

  /* The shell traps TERM sent by the init (PID 1) on nsbox's timeout path. */
  sbx_exec (&r, "--rootfs", ROOT, "--timeout", "0.5", "--", "sh", "-c",
            "trap 'echo got-term; exit 7' TERM; while :; do sleep 0.05; done", NULL);
  cr_assert_eq (r.status, 124);
  cr_assert_str_eq (r.out, "got-term\n");
  sbx_release (&r);
}

static bool
state_exists (const char *id)
{
  char path[256];
  struct stat st;

  snprintf (path, sizeof path, "/run/nsbox/%s.json", id);
  return stat (path, &st) == 0;
}

static void
signal_nsbox (int sig)
{
  struct sbx r = { 0 };
  const char *args[] = { "--rootfs", ROOT, "--", "sleep", "30", NULL };
  pid_t pid = sbx_spawn (&r, -1, args);
  struct timespec start, now;

  clock_gettime (CLOCK_MONOTONIC, &start);
  while (!state_exists (r.id))
    {
      clock_gettime (CLOCK_MONOTONIC, &now);
      cr_assert_lt (now.tv_sec - start.tv_sec, 10, "sandbox never started");
      usleep (10000);
    }
  usleep (100000);
  kill (pid, sig);
  sbx_wait (&r, pid);
  cr_assert_eq (r.status, 128 + sig);
  clock_gettime (CLOCK_MONOTONIC, &now);
  cr_assert_lt (now.tv_sec - start.tv_sec, 10);
  sbx_release (&r);
}

Test (lifecycle, sigterm_to_nsbox_tears_everything_down)
{
  signal_nsbox (SIGTERM);
}

Test (lifecycle, sigint_and_sighup_to_nsbox_tear_everything_down)
{
  signal_nsbox (SIGINT);
  signal_nsbox (SIGHUP);
}

Test (lifecycle, sandbox_dies_with_a_killed_nsbox)
{
  struct sbx r = { 0 };
  char marker[64];
  const char *args[] = { "--rootfs", ROOT, "-v", NULL, "--", "/probe", "ignore-term", marker, NULL };
  pid_t pid;

  snprintf (marker, sizeof marker, "killed-nsbox-%d", (int) getpid ());
  args[3] = sbx_probe_volume ();
  pid = sbx_spawn (&r, -1, args);
  while (!state_exists (r.id))
    usleep (10000);
  usleep (100000);
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  /* PR_SET_PDEATHSIG kills the init, the pid namespace takes the rest. */
  for (int i = 0; i < 100 && count_processes_named (marker) > 0; i++)
    usleep (20000);
  cr_assert_eq (count_processes_named (marker), 0);
  /* A SIGKILLed nsbox cannot remove its cgroups and state file; what
   * `nsbox gc` does, for this one sandbox only (limits/gc_* tests gc itself). */
  struct nsbox_state st = { 0 };
  cr_assert_eq (nsbox_state_read ("/run/nsbox", r.id, &st, NULL), 0);
  cr_assert_not_null (st.cgroup_paths);
  cr_assert_eq (nsbox_cgroup_remove_paths (st.cgroup_paths, NULL), 0);
  nsbox_state_release (&st);
  cr_assert_eq (nsbox_state_remove ("/run/nsbox", r.id, NULL), 0);
  sbx_free_userns_block (r.id);
  sbx_assert_gone (r.id);
  sbx_release (&r);
}

Test (lifecycle, setup_failures_exit_125_with_one_line_and_leave_nothing)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--workdir", "/does-not-exist-anywhere", "--", "true", NULL);
  cr_assert_eq (r.status, 125);
  cr_assert_str_eq (r.err, "nsbox: workdir `/does-not-exist-anywhere`: No such file or directory\n");
  sbx_release (&r);

  sbx_exec (&r, "--rootfs", ROOT, "-v", "/no/such/host/dir:/x", "--", "true", NULL);
  cr_assert_eq (r.status, 125);
  cr_assert_str_eq (r.err, "nsbox: bind mount `/no/such/host/dir`: No such file or directory\n");
  sbx_release (&r);

  sbx_exec (&r, "--rootfs", "/no/such/root", "--", "true", NULL);
  cr_assert_eq (r.status, 125);
  cr_assert_str_eq (r.err, "nsbox: root `/no/such/root`: No such file or directory\n");
  sbx_release (&r);

  sbx_exec (&r, "--rootfs", ROOT, "--json", "--tmpfs-size", "1", "-v", "/etc/hostname:/dev/shm", "--", "true", NULL);
  cr_assert_eq (r.status, 125);
  cr_assert_str_eq (sbx_str (&r, "status"), "error");
  cr_assert_str_eq (json_string_value (json_object_get (json_object_get (r.report, "error"), "stage")), "mounts");
  sbx_release (&r);
}

/* A step that fails before the child has read nsbox's go-ahead (here: /proc
 * of the root is a dangling symlink) races with nsbox still making the
 * cgroups; the report must win every time, never a bare exit 125. */
Test (lifecycle, an_early_setup_failure_is_reported_every_time)
{
  char *root = sbx_tmpdir ();
  char path[512];

  for (const char *const *d = (const char *const[]){ "dev", "tmp", "sys", NULL }; *d; d++)
    {
      snprintf (path, sizeof path, "%s/%s", root, *d);
      cr_assert_eq (mkdir (path, 0755), 0);
    }
  snprintf (path, sizeof path, "%s/proc", root);
  cr_assert_eq (symlink ("/nonexistent/proc", path), 0);
  for (int i = 0; i < 25; i++)
    {
      struct sbx r = { 0 };

      sbx_exec (&r, "--rootfs", root, "--", "true", NULL);
      cr_assert_eq (r.status, 125);
      cr_assert_not_null (strstr (r.err, "nsbox: mount /proc:"), "run %d: `%s`", i, r.err);
      sbx_release (&r);
    }
  sbx_tmpdir_remove (root);
}

Test (lifecycle, option_errors_exit_125)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--timeout", "soon", "--", "true", NULL);
  cr_assert_eq (r.status, 125);
  cr_assert_not_null (strstr (r.err, "invalid duration `soon`"));
  sbx_release (&r);
  sbx_exec (&r, "--bogus", NULL);
  cr_assert_eq (r.status, 125);
  sbx_release (&r);
}
