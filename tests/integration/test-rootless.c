/* nsbox run by a user who is not root (tests/rootless/run-rootless runs this
 * suite as such a user; as root it skips): what rootless mode maps, mounts,
 * limits and reports, and what the workload, which runs as the caller's own
 * uid on the host, still cannot reach. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#include "harness.h"

#define ROOT sbx_root ("busybox")

static int
rootless_uid (void)
{
  int uid = sbx_rootless_uid ();

  if (uid < 0)
    cr_skip_test ("not a rootless run (tests/rootless/run-rootless sets NSBOX_TEST_ROOTLESS_UID)");
  return uid;
}

static json_t *
isolation (const struct sbx *r)
{
  json_t *i = json_object_get (r->report, "isolation");

  cr_assert (json_is_object (i), "no isolation: %s", r->out);
  return i;
}

static bool
subordinate_ids (void)
{
  const char *subids = getenv ("NSBOX_TEST_ROOTLESS_SUBIDS");

  return subids && strcmp (subids, "1") == 0;
}

static int
rootless_gid (void)
{
  const char *gid = getenv ("NSBOX_TEST_ROOTLESS_GID");

  return gid && *gid ? atoi (gid) : rootless_uid ();
}

Test (rootless, reports_the_mode_and_maps_the_workload_onto_the_caller)
{
  int uid = rootless_uid (), gid = rootless_gid ();
  struct sbx r = { 0 };
  char want[256];
  json_t *i;

  sbx_exec (&r, "--rootfs", ROOT, "--json", "--", "sh", "-c",
            "id -u; id -g; grep -c . /proc/self/uid_map; grep '^ *65534 ' /proc/self/uid_map /proc/self/gid_map "
            "| sed 's/.*://'",
            NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  i = isolation (&r);
  cr_assert_str_eq (json_string_value (json_object_get (i, "userns")), "rootless");
  cr_assert_eq (json_integer_value (json_object_get (i, "host_uid")), uid);
  cr_assert_eq (json_integer_value (json_object_get (i, "host_gid")), gid);
  cr_assert_str_eq (json_string_value (json_object_get (i, "limits")), sbx_rlimits_only () ? "rlimits-only" : "cgroup");
  cr_assert_eq (json_is_true (json_object_get (i, "subordinate_ids")), subordinate_ids ());
  /* The workload's ids are the caller's; with subordinate ids the rest of
   * 0-65535 is mapped too (two more lines). */
  snprintf (want, sizeof want, "65534\n65534\n%d\n%10d %10d %10d\n%10d %10d %10d\n", subordinate_ids () ? 3 : 1, 65534,
            uid, 1, 65534, gid, 1);
  cr_assert_str_eq (sbx_str (&r, "stdout"), want);
  sbx_release (&r);
}

/* Root inside is the caller outside: what it writes into a bind is the caller's. */
Test (rootless, root_inside_writes_as_the_caller)
{
  int uid = rootless_uid ();
  char *dir = sbx_tmpdir ();
  char vol[4200], path[4200];
  struct sbx r = { 0 };
  struct stat st;

  cr_assert_eq (chown (dir, (uid_t) uid, (gid_t) rootless_gid ()), 0);
  snprintf (vol, sizeof vol, "%s:/data", dir);
  sbx_exec (&r, "--rootfs", ROOT, "--user", "0", "-v", vol, "--", "sh", "-c", "id -u; touch /data/made", NULL);
  cr_assert_str_eq (r.out, "0\n", "%s", r.err);
  snprintf (path, sizeof path, "%s/made", dir);
  cr_assert_eq (stat (path, &st), 0);
  cr_assert_eq (st.st_uid, (uid_t) uid, "owned by %u", (unsigned) st.st_uid);
  sbx_release (&r);
  sbx_tmpdir_remove (dir);
}

/* nsbox COMMAND ARGS as the test's user, directly (the harness would add
 * --no-cgroup), with one supplementary group if extra_group; stdout and
 * stderr into out.  Returns the exit status. */
static int
run_command (const char *command, const char *const *args, gid_t extra_group, char *out, size_t size)
{
  const char *argv[32] = { sbx_nsbox (), command };
  size_t n = 2, len = 0;
  int pipefd[2], status;
  ssize_t got;
  pid_t pid;

  for (size_t i = 0; args[i] && n < 31; i++)
    argv[n++] = args[i];
  argv[n] = NULL;
  cr_assert_eq (pipe (pipefd), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      dup2 (pipefd[1], 1);
      dup2 (pipefd[1], 2);
      sbx_become_test_user_with_groups (extra_group ? 1 : 0, &extra_group);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  close (pipefd[1]);
  while (len < size - 1 && (got = read (pipefd[0], out + len, size - 1 - len)) > 0)
    len += (size_t) got;
  out[len] = '\0';
  close (pipefd[0]);
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static int
run_direct (const char *const *args, gid_t extra_group, char *out, size_t size)
{
  return run_command ("exec", args, extra_group, out, size);
}

/* Without a delegated cgroup nsbox does not quietly run unlimited: it says
 * what is missing and what --no-cgroup gives up. */
Test (rootless, without_a_delegated_cgroup_it_refuses_unless_told)
{
  char out[4096];
  int status;

  rootless_uid ();
  if (!sbx_rlimits_only ())
    cr_skip_test ("this host delegates a cgroup");
  status = run_direct ((const char *const[]){ "--rootfs", ROOT, "--", "true", NULL }, 0, out, sizeof out);
  cr_assert_eq (status, 125, "%s", out);
  cr_assert_not_null (strstr (out, "delegated"), "%s", out);
  cr_assert_not_null (strstr (out, "--no-cgroup"), "%s", out);
}

/* --pids without a cgroup is RLIMIT_NPROC, which the kernel counts per uid
 * in each user namespace: a sandbox at its limit leaves the next sandbox of
 * the same caller its own. */
Test (rootless, the_pids_limit_holds_and_is_per_sandbox)
{
  struct sbx a = { 0 }, b = { 0 };
  int out[2];
  char line[256] = "";
  long made;
  FILE *f;
  pid_t pid;

  rootless_uid ();
  cr_assert_eq (pipe (out), 0);
  pid = sbx_spawn (&a, out[1],
                   (const char *const[]){ "--rootfs", ROOT, "--pids", "32", "--timeout", "20", "-v",
                                          sbx_probe_volume (), "--", "/probe", "fork-bomb", NULL });
  close (out[1]);
  f = fdopen (out[0], "r");
  /* nsbox's own warnings come on the same pipe. */
  while (fgets (line, sizeof line, f) && strncmp (line, "refused", 7) != 0)
    ;
  cr_assert_eq (sscanf (line, "refused after %ld", &made), 1, "%s", line);
  cr_assert (made > 0 && made <= 32, "%s", line);
  cr_assert_not_null (strstr (line, "EAGAIN"), "%s", line);
  /* The bomb still holds its processes. */
  sbx_exec (&b, "--rootfs", ROOT, "--pids", "32", "-v", sbx_probe_volume (), "--", "/probe", "hog", "procs", "20",
            NULL);
  cr_assert_str_eq (b.out, "20 max\n", "the second sandbox shared the first one's count: %s %s", b.out, b.err);
  cr_assert_eq (kill (pid, SIGTERM), 0);
  fclose (f);
  sbx_wait (&a, pid);
  sbx_release (&a);
  sbx_release (&b);
}

/* The workload runs as the caller's uid: kill(-1) as root inside must still
 * reach only the sandbox, never the caller's other processes. */
Test (rootless, kill_all_reaches_only_the_sandbox)
{
  struct sbx r = { 0 };
  int status;
  pid_t bystander;

  rootless_uid ();
  bystander = fork ();
  cr_assert_geq (bystander, 0);
  if (bystander == 0)
    {
      sbx_become_test_user ();
      execl ("/bin/sleep", "sleep", "30", (char *) NULL);
      _exit (127);
    }
  sbx_exec (&r, "--rootfs", ROOT, "--user", "0", "--", "sh", "-c", "kill -9 -1; echo survived", NULL);
  cr_assert_eq (waitpid (bystander, &status, WNOHANG), 0, "the caller's own process was killed from inside");
  cr_assert_eq (kill (bystander, SIGKILL), 0);
  cr_assert_eq (waitpid (bystander, &status, 0), bystander);
  sbx_release (&r);
}

/* What SCRIPT prints run by root inside, with the probe at /probe. */
static void
assert_root_inside_prints (const char *script, const char *want)
{
  struct sbx r = { 0 };

  rootless_uid ();
  sbx_exec (&r, "--rootfs", ROOT, "--user", "0", "-v", sbx_probe_volume (), "--", "sh", "-c", script, NULL);
  cr_assert_str_eq (r.out, want, "%s", r.err);
  sbx_release (&r);
}

/* Device nodes are the host's, bound (mknod is refused in a user namespace);
 * /dev itself is read-only, so the workload that owns it adds nothing. */
Test (rootless, dev_has_working_nodes_and_is_read_only)
{
  assert_root_inside_prints ("echo x > /dev/null && echo null; head -c 4 /dev/zero | wc -c;"
                             "head -c 8 /dev/urandom | wc -c; /probe write /dev/newfile; /probe write /dev/shm/ok",
                             "null\n4\n8\nEROFS\nok\n");
}

/* Root inside holds no capability: no mount, no new namespace, no network
 * beyond its own loopback (flags 0x9: IFF_UP | IFF_LOOPBACK). */
Test (rootless, root_inside_cannot_mount_or_reach_the_network)
{
  assert_root_inside_prints (
      "mount -t tmpfs none /tmp 2>/dev/null && echo mounted;"
      "unshare -U true 2>/dev/null && echo unshared; ls /sys/class/net; cat /sys/class/net/lo/flags",
      "lo\n0x9\n");
}

/* The modes that map other host ids need root. */
Test (rootless, host_and_per_sandbox_modes_are_refused)
{
  struct sbx r = { 0 };

  rootless_uid ();
  sbx_exec (&r, "--rootfs", ROOT, "--userns", "host", "--", "true", NULL);
  cr_assert_eq (r.status, 125);
  cr_assert_not_null (strstr (r.err, "--userns=host needs root"), "%s", r.err);
  sbx_release (&r);
  sbx_exec (&r, "--rootfs", ROOT, "--userns", "per-sandbox", "--", "true", NULL);
  cr_assert_eq (r.status, 125);
  sbx_release (&r);
}

Test (rootless, timeout_is_reported_and_nothing_is_left)
{
  struct sbx r = { 0 };

  rootless_uid ();
  sbx_exec (&r, "--rootfs", ROOT, "--timeout", "0.5", "--json", "--", "sleep", "30", NULL);
  cr_assert_eq (r.status, 124, "%s", r.err);
  cr_assert_str_eq (sbx_str (&r, "status"), "timeout");
  sbx_release (&r);
}

/* The caller's supplementary groups: where /etc/subuid and /etc/subgid give
 * it 65535 ids of its own (and newuidmap exists), the sandbox maps 0-65535
 * and drops them; with the one id a user may map itself, the kernel forbids
 * setgroups and they stay, shown as 65534 (tests/rootless/run-rootless runs
 * this both ways: NSBOX_TEST_ROOTLESS_SUBIDS=1 with a user it makes). */
Test (rootless, supplementary_groups_go_with_subordinate_ids_only)
{
  bool full = subordinate_ids ();
  char out[8192];
  int status;

  rootless_uid ();
  if (!sbx_rlimits_only ())
    cr_skip_test ("runs with --no-cgroup");
  status = run_direct (
      (const char *const[]){ "--no-cgroup", "--rootfs", ROOT, "--", "sh", "-c",
                             "grep ^Groups: /proc/self/status | tr -d ' \t'; wc -l < /proc/self/uid_map", NULL },
      100, out, sizeof out);
  cr_assert_eq (status, 0, "%s", out);
  cr_assert_str_eq (out, full ? "Groups:\n3\n" : "Groups:65534\n1\n");
}

/* An nsbox killed with SIGKILL leaves its state file in the user's own
 * state root; `nsbox gc` run by that user removes it (and touches no pool
 * of host ids, which is root's). */
Test (rootless, gc_as_the_user_collects_a_killed_sandbox)
{
  struct sbx r = { 0 };
  char path[4200], out[4096];
  struct stat st;
  int status;
  pid_t pid;

  rootless_uid ();
  pid = sbx_spawn (&r, -1, (const char *const[]){ "--rootfs", ROOT, "--", "sleep", "30", NULL });
  snprintf (path, sizeof path, "%s/%s.json", sbx_state_root (), r.id);
  for (int i = 0; i < 500 && stat (path, &st) < 0; i++)
    usleep (10000);
  cr_assert_eq (stat (path, &st), 0, "no state file %s", path);
  usleep (100000);
  cr_assert_eq (kill (pid, SIGKILL), 0);
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  cr_assert_eq (stat (path, &st), 0, "a killed nsbox removed its state file");
  status = run_command ("gc", (const char *const[]){ NULL }, 0, out, sizeof out);
  cr_assert_eq (status, 0, "%s", out);
  cr_assert_not_null (strstr (out, r.id), "gc did not name the sandbox: %s", out);
  sbx_assert_gone (r.id);
  sbx_release (&r);
}
