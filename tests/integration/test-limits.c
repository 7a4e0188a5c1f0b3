/* Resource limits and accounting through the real `nsbox exec`, as root.
 * The same suite runs on the hybrid host (cgroup v1 back end) and in the
 * cgroup-v2-only VM (tests/vm/run-v2-suite). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define MIB (1024LL * 1024)
#define ROOT sbx_root ("busybox")

TestSuite (limits, .timeout = 120);

static double
cpu_used (const struct sbx *r)
{
  json_t *cpu = json_object_get (r->report, "cpu_time_s");

  cr_assert (json_is_object (cpu), "no cpu_time_s: %s", r->out);
  return json_number_value (json_object_get (cpu, "user")) + json_number_value (json_object_get (cpu, "system"));
}

Test (limits, memory_hog_under_64m_is_oom_killed_at_the_limit)
{
  struct sbx r = { 0 };
  long long peak;

  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--memory", "64m", "--json", "--", "/probe", "alloc",
            "512", NULL);
  cr_assert_str_eq (sbx_str (&r, "status"), "oom", "%s", r.out);
  cr_assert (sbx_bool (&r, "oom_killed"));
  cr_assert_str_eq (sbx_str (&r, "signal"), "SIGKILL");
  peak = sbx_int (&r, "memory_peak_bytes");
  cr_assert (peak >= 60 * MIB && peak <= 65 * MIB, "peak %lld", peak);
  sbx_release (&r);
}

Test (limits, peak_of_a_100m_allocation_is_within_10_percent)
{
  struct sbx r = { 0 };
  long long peak;

  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--json", "--", "/probe", "alloc", "100", NULL);
  cr_assert_str_eq (sbx_str (&r, "status"), "exited", "%s", r.out);
  cr_assert_not (sbx_bool (&r, "oom_killed"));
  peak = sbx_int (&r, "memory_peak_bytes");
  cr_assert (peak >= 100 * MIB && peak <= 110 * MIB, "peak %lld", peak);
  sbx_release (&r);
}

Test (limits, fork_bomb_stops_at_pids_and_the_timeout_still_ends_it)
{
  struct sbx r = { 0 };
  long long peak;

  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--pids", "32", "--timeout", "2", "--json", "--",
            "/probe", "fork-bomb", NULL);
  cr_assert_str_eq (sbx_str (&r, "status"), "timeout", "%s", r.out);
  cr_assert_eq (r.status, 124);
  /* 32 = the init, the bomb and 30 children. */
  cr_assert_str_eq (sbx_str (&r, "stdout"), "refused after 30: EAGAIN\n");
  peak = sbx_int (&r, "pids_peak");
  if (!json_is_null (json_object_get (r.report, "pids_peak")))
    cr_assert_eq (peak, 32);
  sbx_release (&r);
}

Test (limits, quarter_cpu_for_two_seconds_uses_half_a_second)
{
  struct sbx r = { 0 };
  double used, wall;

  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--cpus", "0.25", "--json", "--", "/probe", "spin", "2",
            NULL);
  cr_assert_str_eq (sbx_str (&r, "status"), "exited", "%s", r.out);
  used = cpu_used (&r);
  wall = json_number_value (json_object_get (r.report, "wall_time_s"));
  /* The setup runs in the cgroup too: where it is slow (an emulated VM) the
   * sandbox lives longer than 2 s, and a quarter of that is the bound. */
  cr_assert (used > 0.4 && used < 0.25 * wall + 0.1, "used %.3f s in %.3f s", used, wall);
  cr_assert (wall < 2.0 || used < 0.65 || wall > 2.4, "used %.3f s in %.3f s", used, wall);
  sbx_release (&r);
}

/* nproc inside: what an explicit --cpus asks for (rounded up), else every CPU nsbox may use. */
static void
expect_nproc (const char *cpus, long expected)
{
  struct sbx r = { 0 };
  char want[32];

  if (cpus)
    sbx_exec (&r, "--rootfs", ROOT, "--cpus", cpus, "--json", "--", "nproc", NULL);
  else
    sbx_exec (&r, "--rootfs", ROOT, "--json", "--", "nproc", NULL);
  cr_assert_str_eq (sbx_str (&r, "status"), "exited", "%s", r.out);
  snprintf (want, sizeof want, "%ld\n", expected);
  cr_expect_str_eq (sbx_str (&r, "stdout"), want, "--cpus %s", cpus ? cpus : "(default)");
  sbx_release (&r);
}

Test (limits, an_explicit_cpus_narrows_the_cpus_nproc_sees)
{
  cpu_set_t own;
  long host;

  cr_assert_eq (sched_getaffinity (0, sizeof own, &own), 0);
  host = CPU_COUNT (&own);
  expect_nproc (NULL, host);
  expect_nproc ("unlimited", host);
  expect_nproc ("1", 1);
  expect_nproc ("0.5", 1);
  expect_nproc ("1.5", host < 2 ? host : 2);
  expect_nproc ("64", host);
}

Test (limits, cpu_time_limit_ends_a_spinning_loop)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--cpu-time", "1", "--timeout", "30", "--json", "--",
            "/probe", "spin", NULL);
  cr_assert_str_eq (sbx_str (&r, "status"), "cpu-time-limit", "%s", r.out);
  cr_assert_str_eq (sbx_str (&r, "signal"), "SIGXCPU");
  sbx_release (&r);
}

Test (limits, cpu_time_limit_kills_what_ignores_sigxcpu_at_the_hard_limit)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--cpu-time", "1", "--timeout", "30", "--json", "--",
            "/probe", "spin-ignoring-sigxcpu", NULL);
  cr_assert_str_eq (sbx_str (&r, "status"), "cpu-time-limit", "%s", r.out);
  cr_assert_str_eq (sbx_str (&r, "signal"), "SIGKILL");
  /* Past the soft limit: the kill came from RLIMIT_CPU, not from elsewhere. */
  cr_assert_geq (cpu_used (&r), 1.0, "%s", r.out);
  sbx_release (&r);
}

Test (limits, timeout_kills_a_detached_tree_that_ignores_sigterm)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--timeout", "1", "--json", "--", "/probe",
            "double-fork", NULL);
  cr_assert_str_eq (sbx_str (&r, "status"), "timeout", "%s", r.out);
  cr_assert_str_eq (sbx_str (&r, "stdout"), "forked\n");
  sbx_release (&r);
}

Test (limits, core_dumps_are_off_by_default)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c", "ulimit -c; ulimit -Hc", NULL);
  cr_assert_eq (r.status, 0);
  cr_assert_str_eq (r.out, "0\n0\n");
  sbx_release (&r);
}

Test (limits, rlimit_sets_soft_and_hard)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--rlimit", "nofile=64:128", "--rlimit", "fsize=1m", "--", "sh", "-c",
            "ulimit -n; ulimit -Hn; ulimit -f", NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  /* ulimit -f counts 512-byte blocks in busybox sh. */
  cr_assert_str_eq (r.out, "64\n128\n2048\n");
  sbx_release (&r);
}

Test (limits, raising_a_hard_rlimit_is_clamped_and_said)
{
  static const char prefix[] = "nsbox: warning: rlimit nofile: hard limit 100000000 lowered to ";
  struct sbx r = { 0 };
  struct rlimit cur;
  unsigned long long to, nr_open = 0;
  char want[64];
  const char *warning;
  FILE *f;

  cr_assert_eq (getrlimit (RLIMIT_NOFILE, &cur), 0);
  f = fopen ("/proc/sys/fs/nr_open", "re");
  cr_assert (f && fscanf (f, "%llu", &nr_open) == 1);
  fclose (f);
  sbx_exec (&r, "--rootfs", ROOT, "--rlimit", "nofile=100000000", "--", "sh", "-c", "ulimit -Hn", NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  warning = strstr (r.err, prefix);
  cr_assert_not_null (warning, "%s", r.err);
  cr_assert_eq (sscanf (warning + sizeof prefix - 1, "%llu", &to), 1);
  /* Our hard limit without CAP_SYS_RESOURCE, fs.nr_open with it. */
  cr_assert (to == (unsigned long long) cur.rlim_max || to == nr_open, "lowered to %llu", to);
  snprintf (want, sizeof want, "%llu\n", to);
  cr_assert_str_eq (r.out, want);
  sbx_release (&r);
}

Test (limits, sandbox_sees_its_own_cgroup_as_root)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c", "cut -d: -f3 /proc/self/cgroup | sort -u", NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  cr_assert_str_eq (r.out, "/\n");
  sbx_release (&r);
}

/* The sandbox's own cgroups at /sys/fs/cgroup, as runtimes inside read them. */

/* Where the memory and pids limits are read inside: cgroup2 at the top on
 * a pure v2 host, else one directory per v1 hierarchy. */
#define CGROUP_FILES                                                                                                 \
  "if [ -e /sys/fs/cgroup/cgroup.controllers ]; then m=/sys/fs/cgroup/memory.max p=/sys/fs/cgroup/pids.max; "      \
  "else m=/sys/fs/cgroup/memory/memory.limit_in_bytes p=/sys/fs/cgroup/pids/pids.max; fi; "

/* Runtimes read their limits there; root inside can change none of them. */
Test (limits, the_sandbox_sees_its_own_limits_read_only_in_sys_fs_cgroup)
{
  struct sbx r = { 0 };

  if (sbx_rlimits_only ())
    cr_skip_test ("no cgroup for the sandbox here: only rlimits");
  sbx_exec (&r, "--rootfs", ROOT, "--user", "0", "--memory", "64m", "--pids", "32", "--", "sh", "-c",
            CGROUP_FILES "echo \"$(cat $m) $(cat $p)\"; "
            "echo 999999999 > $m 2>/dev/null && echo raised; echo max > $p 2>/dev/null && echo unbounded; "
            "mount -o remount,rw $(dirname $m) 2>/dev/null && echo remounted; "
            "mkdir $(dirname $m)/escape 2>/dev/null && echo made; "
            "echo \"$(cat $m) $(cat $p)\"",
            NULL);
  cr_assert_str_eq (r.out, "67108864 32\n67108864 32\n", "stderr: %s", r.err);
  sbx_release (&r);
}

/* Each hierarchy shows from the sandbox's own cgroup down: no other
 * cgroup's name, and no process that is not the sandbox's. */
Test (limits, sys_fs_cgroup_shows_nothing_of_the_host)
{
  struct sbx r = { 0 };

  if (sbx_rlimits_only ())
    cr_skip_test ("no cgroup for the sandbox here: only rlimits");
  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c",
            CGROUP_FILES "grep -v ':/$' /proc/self/cgroup; "
            /* cgroup2 at the top, or one v1 or cgroup2 hierarchy per directory */
            "if [ -e /sys/fs/cgroup/cgroup.controllers ]; then depth=1; else depth=2; fi; "
            "find /sys/fs/cgroup -mindepth $depth -type d | sed 's/^/another cgroup: /'; "
            "find /sys/fs/cgroup -name cgroup.procs | while read f; do "
            "  while read p; do [ -d /proc/$p ] || echo \"a process not ours in $f: $p\"; done < $f; "
            "done; [ -e $m ] && echo ok",
            NULL);
  cr_assert_str_eq (r.out, "ok\n", "stdout: %s, stderr: %s", r.out, r.err);
  sbx_release (&r);
}

Test (limits, bad_limit_values_are_refused_before_anything_runs)
{
  const char *bad[][2] = { { "--memory", "1k" }, { "--memory", "lots" }, { "--cpus", "0" }, { "--cpus", "nan" },
                           { "--pids", "0" },    { "--cpu-time", "1.5" }, { "--rlimit", "nproc=1" },
                           { "--cgroup-parent", "../x" } };

  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      struct sbx r = { 0 };
      sbx_exec (&r, "--rootfs", ROOT, bad[i][0], bad[i][1], "--", "true", NULL);
      cr_assert_eq (r.status, 125, "%s %s accepted", bad[i][0], bad[i][1]);
      sbx_release (&r);
    }
}

/* ---- ps and gc, against a state root of their own ----------------------- */

static pid_t
spawn_nsbox (const char *state_root, const char *id, int out_fd, const char *const *cmd)
{
  const char *argv[32] = { sbx_nsbox (), "--root", state_root, "exec", "--id", id, "--rootfs", ROOT, "-v",
                           sbx_probe_volume (), "--" };
  size_t n = 11;
  pid_t pid;

  for (size_t i = 0; cmd[i] && n < 31; i++)
    argv[n++] = cmd[i];
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_RDWR);
      dup2 (null, 0);
      dup2 (out_fd >= 0 ? out_fd : null, 1);
      dup2 (null, 2);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  return pid;
}

static char *
run_nsbox (const char *state_root, const char *command, int *status)
{
  char *cmd = NULL, *out = NULL;
  size_t size = 0;
  FILE *p, *mem = open_memstream (&out, &size);
  char buf[4096];
  size_t n;

  cr_assert_geq (asprintf (&cmd, "'%s' --root '%s' %s", sbx_nsbox (), state_root, command), 0);
  p = popen (cmd, "r");
  cr_assert_not_null (p);
  while ((n = fread (buf, 1, sizeof buf, p)) > 0)
    fwrite (buf, 1, n, mem);
  *status = pclose (p);
  fclose (mem);
  free (cmd);
  return out;
}

static void
wait_for_line (int fd, const char *line)
{
  char buf[256] = { 0 };
  size_t got = 0;
  struct pollfd p = { .fd = fd, .events = POLLIN };

  while (strstr (buf, line) == NULL && got < sizeof buf - 1)
    {
      ssize_t n;
      cr_assert_gt (poll (&p, 1, 20000), 0, "no `%s` from the sandbox", line);
      n = read (fd, buf + got, sizeof buf - 1 - got);
      cr_assert_gt (n, 0);
      got += (size_t) n;
    }
}

Test (limits, ps_shows_a_running_sandbox)
{
  char *state_root = sbx_tmpdir ();
  char id[32];
  int out[2], status;
  const char *cmd[] = { "/probe", "ignore-term", NULL };
  pid_t nsbox;
  char *listing;

  snprintf (id, sizeof id, "L%d-ps", (int) getpid ());
  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  nsbox = spawn_nsbox (state_root, id, out[1], cmd);
  close (out[1]);
  wait_for_line (out[0], "ready\n");
  listing = run_nsbox (state_root, "ps", &status);
  cr_assert_eq (status, 0);
  cr_assert_not_null (strstr (listing, "ID "), "%s", listing);
  cr_assert_not_null (strstr (listing, id), "%s", listing);
  cr_assert_not_null (strstr (listing, "running"), "%s", listing);
  cr_assert_not_null (strstr (listing, "mem=512m cpus=1 pids=256"), "%s", listing);
  cr_assert_not_null (strstr (listing, "/probe ignore-term"), "%s", listing);
  free (listing);
  /* nsbox ends the sandbox on SIGTERM and removes everything. */
  cr_assert_eq (kill (nsbox, SIGTERM), 0);
  cr_assert_eq (waitpid (nsbox, &status, 0), nsbox);
  close (out[0]);
  sbx_assert_no_cgroup (id);
  listing = run_nsbox (state_root, "ps -q", &status);
  cr_assert_str_eq (listing, "");
  free (listing);
  sbx_tmpdir_remove (state_root);
}

Test (limits, gc_cleans_up_after_a_sigkilled_nsbox)
{
  char *state_root = sbx_tmpdir ();
  char id[32], path[4096], expect[128], freed[64];
  int out[2], status;
  const char *cmd[] = { "/probe", "double-fork", NULL };
  pid_t nsbox;
  char *text;
  struct stat st;

  snprintf (id, sizeof id, "L%d-gc", (int) getpid ());
  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  nsbox = spawn_nsbox (state_root, id, out[1], cmd);
  close (out[1]);
  wait_for_line (out[0], "forked\n");
  cr_assert_eq (kill (nsbox, SIGKILL), 0);
  cr_assert_eq (waitpid (nsbox, &status, 0), nsbox);
  close (out[0]);

  text = run_nsbox (state_root, "ps", &status);
  cr_assert_not_null (strstr (text, "orphaned"), "%s", text);
  free (text);
  text = run_nsbox (state_root, "gc", &status);
  cr_assert_eq (status, 0, "%s", text);
  /* The sandbox, then the block of host ids it held (isolate/userns.h). */
  snprintf (expect, sizeof expect, "removed %s\nfreed user namespace block ", id);
  snprintf (freed, sizeof freed, " (of %s)\n", id);
  cr_assert_eq (strncmp (text, expect, strlen (expect)), 0, "%s", text);
  cr_assert (strlen (text) > strlen (freed) && strcmp (text + strlen (text) - strlen (freed), freed) == 0, "%s", text);
  cr_assert_eq (strchr (text + strlen (expect), '\n'), text + strlen (text) - 1, "one block only: %s", text);
  free (text);
  /* Removing the cgroups needed them empty: no process of the sandbox is left. */
  sbx_assert_no_cgroup (id);
  snprintf (path, sizeof path, "%s/%s.json", state_root, id);
  cr_assert_neq (stat (path, &st), 0, "state %s left behind", path);
  /* A second run finds nothing. */
  text = run_nsbox (state_root, "gc", &status);
  cr_assert_eq (status, 0);
  cr_assert_str_eq (text, "");
  free (text);
  sbx_tmpdir_remove (state_root);
}
