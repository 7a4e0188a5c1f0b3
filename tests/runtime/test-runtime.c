/* test-runtime.c - nsbox-runtime driven as an engine drives it: runc's
 * command line on a bundle, its state under a --root of the test's own,
 * and the container's process observed from the host.  Each test deletes
 * what it made and asserts that no state, cgroup or process is left. */
#define _GNU_SOURCE
#include "harness.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct rt
{
  int status;
  char out[8192];
  char err[8192];
};

/* One scratch directory per test: the runtime root, the bundle, /out. */
struct bench
{
  char *dir;
  char root[512], bundle[512], out[512];
  char id[64];
  char cgroup[128]; /* cgroupsPath, absolute, below a parent named for the test */
};

static const char *
runtime_bin (void)
{
  const char *bin = getenv ("NSBOX_RUNTIME_BIN");

  if (bin == NULL)
    cr_skip_test ("NSBOX_RUNTIME_BIN is not set");
  if (geteuid () != 0 || sbx_rootless () || sbx_through_helper ())
    cr_skip_test ("nsbox-runtime runs as root only");
  return bin;
}

static void
slurp (const char *path, char *buf, size_t size)
{
  FILE *f = fopen (path, "re");
  size_t n = 0;

  buf[0] = '\0';
  if (f == NULL)
    return;
  n = fread (buf, 1, size - 1, f);
  buf[n] = '\0';
  fclose (f);
}

/* nsbox-runtime --root ROOT ARGS...; its stdout and stderr go to files, not
 * pipes: a created container's process keeps them open.  stdin: input, or
 * /dev/null. */
static void
rt_run_input (const struct bench *b, struct rt *r, const char *const *args, const char *input)
{
  char out[600], err[600], in[600];
  const char *argv[32] = { runtime_bin (), "--root", b->root };
  size_t n = 3;
  int status;
  pid_t pid;

  for (size_t i = 0; args[i]; i++)
    argv[n++] = args[i];
  argv[n] = NULL;
  snprintf (out, sizeof out, "%s/rt.out", b->dir);
  snprintf (err, sizeof err, "%s/rt.err", b->dir);
  snprintf (in, sizeof in, "%s/rt.in", b->dir);
  if (input)
    {
      FILE *f = fopen (in, "we");
      cr_assert_not_null (f);
      fputs (input, f);
      fclose (f);
    }
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int o = open (out, O_WRONLY | O_CREAT | O_TRUNC, 0644), e = open (err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int null = open (input ? in : "/dev/null", O_RDONLY);
      dup2 (null, 0);
      dup2 (o, 1);
      dup2 (e, 2);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  r->status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  slurp (out, r->out, sizeof r->out);
  slurp (err, r->err, sizeof r->err);
}

static void
rt_run (const struct bench *b, struct rt *r, const char *const *args)
{
  rt_run_input (b, r, args, NULL);
}

#define RT(b, r, ...) rt_run ((b), (r), (const char *const[]){ __VA_ARGS__, NULL })

/* A config.json from `nsbox-runtime spec`, with the test root, /out bound
 * read-write, the command, and the test's cgroup. */
static json_t *
base_config (struct bench *b, const char *const *args)
{
  struct rt r;
  char path[600];
  json_t *c, *a = json_array (), *mounts;

  /* spec refuses to replace a config: a test's second config starts afresh. */
  snprintf (path, sizeof path, "%s/config.json", b->bundle);
  unlink (path);
  RT (b, &r, "spec", "--bundle", b->bundle);
  cr_assert_eq (r.status, 0, "spec: %s", r.err);
  c = json_load_file (path, 0, NULL);
  cr_assert_not_null (c);
  unlink (path);
  for (size_t i = 0; args[i]; i++)
    json_array_append_new (a, json_string (args[i]));
  json_object_set_new (json_object_get (c, "process"), "args", a);
  json_object_set_new (json_object_get (c, "root"), "path", json_string (sbx_root ("busybox")));
  mounts = json_object_get (c, "mounts");
  json_array_append_new (mounts, json_pack ("{s:s, s:s, s:s, s:[s, s]}", "destination", "/out", "type", "bind",
                                            "source", b->out, "options", "rbind", "rw"));
  json_object_set_new (json_object_get (c, "linux"), "cgroupsPath", json_string (b->cgroup));
  return c;
}

static void
write_config (const struct bench *b, json_t *c)
{
  char path[600];

  snprintf (path, sizeof path, "%s/config.json", b->bundle);
  cr_assert_eq (json_dump_file (c, path, JSON_INDENT (2)), 0);
  json_decref (c);
}

static void
bench_init (struct bench *b)
{
  static int count;

  runtime_bin ();
  b->dir = sbx_tmpdir ();
  snprintf (b->root, sizeof b->root, "%s/root", b->dir);
  snprintf (b->bundle, sizeof b->bundle, "%s/bundle", b->dir);
  snprintf (b->out, sizeof b->out, "%s/out", b->dir);
  cr_assert_eq (mkdir (b->bundle, 0755), 0);
  cr_assert_eq (mkdir (b->out, 0777), 0);
  snprintf (b->id, sizeof b->id, "rt-%d-%d", (int) getpid (), ++count);
  snprintf (b->cgroup, sizeof b->cgroup, "/nsbox-rt-test-%d/%s", (int) getpid (), b->id);
}

static bool
cgroup_exists (const char *rel)
{
  static const char *const mounts[] = { "/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified",
                                        "/sys/fs/cgroup", NULL };
  char path[700];
  struct stat st;

  for (size_t i = 0; mounts[i]; i++)
    {
      snprintf (path, sizeof path, "%s%s", mounts[i], rel);
      if (stat (path, &st) == 0)
        return true;
    }
  return false;
}

/* Nothing left: the container's directory, its cgroup and the parent made for it. */
static void
bench_fini (struct bench *b)
{
  char dir[700], parent[128];
  struct stat st;

  snprintf (dir, sizeof dir, "%s/%s", b->root, b->id);
  cr_expect_neq (stat (dir, &st), 0, "the container's state directory is left: %s", dir);
  cr_expect_not (cgroup_exists (b->cgroup), "the container's cgroup %s is left", b->cgroup);
  snprintf (parent, sizeof parent, "/nsbox-rt-test-%d", (int) getpid ());
  cr_expect_not (cgroup_exists (parent), "the cgroup parent made for it is left");
  sbx_tmpdir_remove (b->dir);
}

static json_t *
state_of (const struct bench *b)
{
  struct rt r;
  json_t *s;

  RT (b, &r, "state", b->id);
  cr_assert_eq (r.status, 0, "state: %s", r.err);
  s = json_loads (r.out, 0, NULL);
  cr_assert_not_null (s, "state printed no JSON: %s", r.out);
  return s;
}

static void
assert_status (const struct bench *b, const char *want)
{
  json_t *s = state_of (b);

  cr_assert_str_eq (json_string_value (json_object_get (s, "status")), want);
  cr_assert_str_eq (json_string_value (json_object_get (s, "id")), b->id);
  json_decref (s);
}

static pid_t
pid_of (const struct bench *b)
{
  json_t *s = state_of (b);
  pid_t pid = (pid_t) json_integer_value (json_object_get (s, "pid"));

  json_decref (s);
  return pid;
}

static bool
wait_for_file (const char *path)
{
  struct stat st;

  for (int i = 0; i < 500; i++)
    {
      if (stat (path, &st) == 0 && st.st_size > 0)
        return true;
      usleep (10000);
    }
  return false;
}

static void
create (struct bench *b, json_t *config)
{
  struct rt r;

  write_config (b, config);
  RT (b, &r, "create", "--bundle", b->bundle, b->id);
  cr_assert_eq (r.status, 0, "create: %s", r.err);
}

static void
delete_force (struct bench *b)
{
  struct rt r;

  RT (b, &r, "delete", "--force", b->id);
  cr_assert_eq (r.status, 0, "delete --force: %s", r.err);
}

TestSuite (runtime, .timeout = 60);

Test (runtime, create_waits_until_start_and_delete_leaves_nothing)
{
  struct bench b;
  struct rt r;
  char marker[600];
  pid_t pid;

  bench_init (&b);
  create (&b, base_config (&b, (const char *const[]){ "sh", "-c", "echo $$ > /out/started; exec sleep 60", NULL }));
  snprintf (marker, sizeof marker, "%s/started", b.out);
  assert_status (&b, "created");
  pid = pid_of (&b);
  cr_assert_gt (pid, 0);
  cr_assert_eq (kill (pid, 0), 0, "the created container's process is not there");
  usleep (200000);
  cr_assert_neq (access (marker, F_OK), 0, "the process ran before start");

  RT (&b, &r, "start", b.id);
  cr_assert_eq (r.status, 0, "start: %s", r.err);
  cr_assert (wait_for_file (marker), "the process did not run after start");
  slurp (marker, r.out, sizeof r.out);
  cr_assert_eq (atoi (r.out), 1, "the container's process is not pid 1 of its namespace: %s", r.out);
  assert_status (&b, "running");
  RT (&b, &r, "start", b.id);
  cr_assert_neq (r.status, 0, "a second start succeeded");

  RT (&b, &r, "delete", b.id);
  cr_assert_neq (r.status, 0, "delete of a running container without --force succeeded");
  RT (&b, &r, "kill", b.id, "KILL");
  cr_assert_eq (r.status, 0, "kill: %s", r.err);
  for (int i = 0; i < 200 && kill (pid, 0) == 0; i++)
    usleep (10000);
  assert_status (&b, "stopped");
  RT (&b, &r, "delete", b.id);
  cr_assert_eq (r.status, 0, "delete: %s", r.err);
  RT (&b, &r, "state", b.id);
  cr_assert_neq (r.status, 0, "state of a deleted container succeeded");
  bench_fini (&b);
}

Test (runtime, run_returns_the_exit_status_and_the_root_is_read_only)
{
  struct bench b;
  struct rt r;

  bench_init (&b);
  write_config (&b, base_config (&b, (const char *const[]){ "sh", "-c", "echo x > /x; echo out; exit 7", NULL }));
  RT (&b, &r, "run", "--bundle", b.bundle, b.id);
  cr_assert_eq (r.status, 7, "run: %d %s", r.status, r.err);
  cr_assert (strstr (r.out, "out") != NULL, "stdout: %s", r.out);
  cr_assert (strstr (r.err, "Read-only file system") != NULL, "the write to / did not fail with EROFS: %s", r.err);
  bench_fini (&b);
}

Test (runtime, limits_reach_the_cgroup_and_the_fork_bomb_stops)
{
  struct bench b;
  struct rt r;
  json_t *c;

  bench_init (&b);
  c = base_config (&b, (const char *const[]){ "sh", "-c", "for i in $(seq 40); do sleep 5 & done; echo done", NULL });
  json_object_set_new (json_object_get (c, "linux"), "resources",
                       json_pack ("{s:{s:I}, s:{s:I}}", "memory", "limit", (json_int_t) 64 << 20, "pids", "limit",
                                  (json_int_t) 12));
  write_config (&b, c);
  RT (&b, &r, "run", "--bundle", b.bundle, b.id);
  cr_assert (strstr (r.err, "can't fork") != NULL || strstr (r.err, "Resource temporarily unavailable") != NULL,
             "the fork bomb was not stopped at the pids limit: %d %s", r.status, r.err);
  bench_fini (&b);
}

Test (runtime, the_cgroup_holds_the_limits)
{
  struct bench b;
  struct rt r;
  json_t *c;
  char path[700], value[64];

  bench_init (&b);
  c = base_config (&b, (const char *const[]){ "sleep", "60", NULL });
  json_object_set_new (json_object_get (c, "linux"), "resources",
                       json_pack ("{s:{s:I}, s:{s:I}}", "memory", "limit", (json_int_t) 64 << 20, "pids", "limit",
                                  (json_int_t) 12));
  create (&b, c);
  snprintf (path, sizeof path, "/sys/fs/cgroup/pids%s/pids.max", b.cgroup);
  if (access (path, F_OK) != 0)
    snprintf (path, sizeof path, "/sys/fs/cgroup%s/pids.max", b.cgroup);
  slurp (path, value, sizeof value);
  cr_expect_eq (atoi (value), 12, "%s: %s", path, value);
  snprintf (path, sizeof path, "/sys/fs/cgroup/memory%s/memory.limit_in_bytes", b.cgroup);
  if (access (path, F_OK) != 0)
    snprintf (path, sizeof path, "/sys/fs/cgroup%s/memory.max", b.cgroup);
  slurp (path, value, sizeof value);
  cr_expect_eq (atoll (value), 64ll << 20, "%s: %s", path, value);
  /* The device rules (the spec denies all): in the v1 devices cgroup where
   * the host has one, beside the BPF program of the_device_rules_hold_against_mknod. */
  snprintf (path, sizeof path, "/sys/fs/cgroup/devices%s/devices.list", b.cgroup);
  if (access ("/sys/fs/cgroup/devices/devices.list", F_OK) == 0)
    {
      char list[4096];
      slurp (path, list, sizeof list);
      cr_expect (strstr (list, "c 1:3 rwm") != NULL && strstr (list, "a *:* rwm") == NULL, "%s: %s", path, list);
    }
  RT (&b, &r, "update", "--pids-limit", "20", b.id);
  cr_expect_eq (r.status, 0, "update: %s", r.err);
  snprintf (path, sizeof path, "/sys/fs/cgroup/pids%s/pids.max", b.cgroup);
  if (access (path, F_OK) != 0)
    snprintf (path, sizeof path, "/sys/fs/cgroup%s/pids.max", b.cgroup);
  slurp (path, value, sizeof value);
  cr_expect_eq (atoi (value), 20, "after update, %s: %s", path, value);
  /* containerd's shim: the resources on standard input. */
  rt_run_input (&b, &r, (const char *const[]){ "update", "--resources", "-", b.id, NULL }, "{\"pids\": {\"limit\": 30}}");
  cr_expect_eq (r.status, 0, "update --resources -: %s", r.err);
  slurp (path, value, sizeof value);
  cr_expect_eq (atoi (value), 30, "after update --resources -, %s: %s", path, value);
  delete_force (&b);
  bench_fini (&b);
}

Test (runtime, pause_freezes_and_resume_thaws)
{
  struct bench b;
  struct rt r;

  bench_init (&b);
  create (&b, base_config (&b, (const char *const[]){ "sleep", "60", NULL }));
  RT (&b, &r, "start", b.id);
  cr_assert_eq (r.status, 0, "start: %s", r.err);
  RT (&b, &r, "pause", b.id);
  cr_assert_eq (r.status, 0, "pause: %s", r.err);
  assert_status (&b, "paused");
  RT (&b, &r, "resume", b.id);
  cr_assert_eq (r.status, 0, "resume: %s", r.err);
  assert_status (&b, "running");
  RT (&b, &r, "ps", "--format", "json", b.id);
  cr_assert_eq (r.status, 0, "ps: %s", r.err);
  {
    json_t *pids = json_loads (r.out, 0, NULL);
    cr_assert (json_is_array (pids) && json_array_size (pids) == 1, "ps: %s", r.out);
    cr_assert_eq (json_integer_value (json_array_get (pids, 0)), pid_of (&b));
    json_decref (pids);
  }
  delete_force (&b);
  bench_fini (&b);
}

Test (runtime, exec_runs_in_the_container)
{
  struct bench b;
  struct rt r;

  bench_init (&b);
  create (&b, base_config (&b, (const char *const[]){ "sleep", "60", NULL }));
  RT (&b, &r, "start", b.id);
  cr_assert_eq (r.status, 0, "start: %s", r.err);
  RT (&b, &r, "exec", b.id, "sh", "-c", "cat /proc/1/comm; hostname; exit 3");
  cr_assert_eq (r.status, 3, "exec: %d %s", r.status, r.err);
  cr_assert (strstr (r.out, "sleep\nnsbox\n") != NULL, "exec did not see the container's pid 1 and hostname: %s",
             r.out);
  RT (&b, &r, "exec", "--env", "GREETING=hi", "--user", "1000:1000", b.id, "sh", "-c", "echo $GREETING $(id -u)");
  cr_assert_eq (r.status, 0, "exec: %s", r.err);
  cr_assert_str_eq (r.out, "hi 1000\n");
  delete_force (&b);
  bench_fini (&b);
}

Test (runtime, a_missing_program_fails_create_and_leaves_nothing)
{
  struct bench b;
  struct rt r;

  bench_init (&b);
  write_config (&b, base_config (&b, (const char *const[]){ "no-such-program", NULL }));
  RT (&b, &r, "create", "--bundle", b.bundle, b.id);
  cr_assert_eq (r.status, 1);
  cr_assert (strstr (r.err, "no-such-program") != NULL, "%s", r.err);
  RT (&b, &r, "list", "-q");
  cr_assert_str_eq (r.out, "");
  bench_fini (&b);
}

Test (runtime, an_unsupported_field_is_refused_by_name)
{
  struct bench b;
  struct rt r;
  json_t *c;

  bench_init (&b);
  c = base_config (&b, (const char *const[]){ "true", NULL });
  json_object_set_new (json_object_get (c, "linux"), "intelRdt", json_pack ("{s:s}", "closID", "x"));
  write_config (&b, c);
  RT (&b, &r, "run", "--bundle", b.bundle, b.id);
  cr_assert_eq (r.status, 1);
  cr_assert (strstr (r.err, "intelRdt") != NULL, "%s", r.err);
  bench_fini (&b);
}

/* The container's own view: its capabilities, its /proc, its processes. */
Test (runtime, the_container_cannot_reach_the_host)
{
  struct bench b;
  struct rt r;

  bench_init (&b);
  write_config (&b, base_config (&b, (const char *const[]){
                        "sh", "-c",
                        "ls /proc | grep -c '^[0-9]'; "
                        "mount -t tmpfs none /tmp 2>/dev/null && echo mounted; "
                        "cat /proc/kcore 2>/dev/null | wc -c; "
                        "grep CapEff /proc/self/status; "
                        "echo 1 > /proc/sys/kernel/panic 2>/dev/null && echo wrote-sysctl; "
                        "echo end",
                        NULL }));
  RT (&b, &r, "run", "--bundle", b.bundle, b.id);
  cr_assert_eq (r.status, 0, "run: %s", r.err);
  /* sh, ls, grep, and the pipeline's others: a handful, never the host's hundreds. */
  cr_assert_lt (atoi (r.out), 10, "the container sees the host's processes: %s", r.out);
  cr_assert (strstr (r.out, "mounted") == NULL, "a mount succeeded without CAP_SYS_ADMIN: %s", r.out);
  cr_assert (strstr (r.out, "wrote-sysctl") == NULL, "/proc/sys is writable: %s", r.out);
  cr_assert (strstr (r.out, "\n0\n") != NULL, "/proc/kcore is readable: %s", r.out);
  /* CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE: bits 29, 5, 10. */
  cr_assert (strstr (r.out, "CapEff:\t0000000020000420") != NULL, "capabilities: %s", r.out);
  bench_fini (&b);
}

/* The device rules (linux.resources.devices, deny all in the spec): with
 * CAP_MKNOD a node can be made, but not opened, unless it is a default one. */
Test (runtime, the_device_rules_hold_against_mknod)
{
  struct bench b;
  struct rt r;
  json_t *c, *caps;
  const char *set;
  json_t *list;

  bench_init (&b);
  c = base_config (&b, (const char *const[]){
                       "sh", "-c",
                       "mknod /dev/disk b 8 0 && echo made; head -c1 /dev/disk > /dev/null && echo read-the-disk; "
                       "mknod /dev/mem2 c 1 1 && head -c1 /dev/mem2 > /dev/null && echo read-mem; "
                       "echo x > /dev/null && echo null-ok",
                       NULL });
  caps = json_object_get (json_object_get (c, "process"), "capabilities");
  json_object_foreach (caps, set, list)
    json_array_append_new (list, json_string ("CAP_MKNOD"));
  write_config (&b, c);
  RT (&b, &r, "run", "--bundle", b.bundle, b.id);
  cr_assert_eq (r.status, 0, "run: %s", r.err);
  cr_assert (strstr (r.out, "made") != NULL, "mknod itself failed, so the test proves nothing: %s %s", r.out, r.err);
  cr_assert (strstr (r.out, "read-the-disk") == NULL, "a block device the rules deny was read: %s", r.out);
  cr_assert (strstr (r.out, "read-mem") == NULL, "/dev/mem was read: %s", r.out);
  cr_assert (strstr (r.out, "null-ok") != NULL, "a default device is refused: %s %s", r.out, r.err);
  cr_assert (strstr (r.err, "Operation not permitted") != NULL, "%s", r.err);
  bench_fini (&b);
}

/* What config.json says of the process reaches it. */
Test (runtime, the_process_gets_what_the_config_says)
{
  struct bench b;
  struct rt r;
  json_t *c, *process;

  bench_init (&b);
  c = base_config (&b, (const char *const[]){
                       "sh", "-c",
                       "echo host=$(hostname) domain=$(cat /proc/sys/kernel/domainname) groups=$(id -G) "
                       "oom=$(cat /proc/self/oom_score_adj) umask=$(umask) nofile=$(ulimit -n) "
                       "msgmax=$(cat /proc/sys/kernel/msgmax) arch=$(uname -m) cwd=$(pwd) greeting=$GREETING",
                       NULL });
  process = json_object_get (c, "process");
  json_object_set_new (process, "user",
                       json_pack ("{s:i, s:i, s:[i, i], s:i}", "uid", 1000, "gid", 1000, "additionalGids", 20, 30,
                                  "umask", 077));
  json_object_set_new (process, "oomScoreAdj", json_integer (500));
  json_object_set_new (process, "cwd", json_string ("/tmp"));
  json_array_append_new (json_object_get (process, "env"), json_string ("GREETING=hello"));
  json_object_set_new (c, "hostname", json_string ("box1"));
  json_object_set_new (c, "domainname", json_string ("example.org"));
  json_object_set_new (json_object_get (c, "linux"), "sysctl", json_pack ("{s:s}", "kernel.msgmax", "4096"));
  json_object_set_new (json_object_get (c, "linux"), "personality", json_pack ("{s:s}", "domain", "LINUX32"));
  write_config (&b, c);
  RT (&b, &r, "run", "--bundle", b.bundle, b.id);
  cr_assert_eq (r.status, 0, "run: %s", r.err);
  cr_assert_str_eq (r.out, "host=box1 domain=example.org groups=1000 20 30 oom=500 umask=0077 nofile=1024 msgmax=4096 "
                           "arch=i686 cwd=/tmp greeting=hello\n");
  bench_fini (&b);
}

/* A namespace joined by path: a second container in the first one's network
 * namespace (the same inode), not a new one. */
Test (runtime, a_namespace_is_joined_by_path)
{
  struct bench first, second;
  struct rt r;
  json_t *c, *ns;
  char path[64], want[64];
  ssize_t n;
  size_t i;

  bench_init (&first);
  create (&first, base_config (&first, (const char *const[]){ "sleep", "60", NULL }));
  bench_init (&second);
  c = base_config (&second, (const char *const[]){ "readlink", "/proc/self/ns/net", NULL });
  snprintf (path, sizeof path, "/proc/%d/ns/net", (int) pid_of (&first));
  n = readlink (path, want, sizeof want - 1);
  cr_assert_gt (n, 0);
  want[n] = '\0';
  json_array_foreach (json_object_get (json_object_get (c, "linux"), "namespaces"), i, ns)
    if (strcmp (json_string_value (json_object_get (ns, "type")), "network") == 0)
      json_object_set_new (ns, "path", json_string (path));
  write_config (&second, c);
  RT (&second, &r, "run", "--bundle", second.bundle, second.id);
  cr_assert_eq (r.status, 0, "run: %s", r.err);
  r.out[strcspn (r.out, "\n")] = '\0';
  cr_assert_str_eq (r.out, want);
  delete_force (&first);
  bench_fini (&second);
  bench_fini (&first);
}

/* A user namespace with the config's mappings: root inside is an unprivileged uid outside. */
Test (runtime, a_user_namespace_maps_root_to_an_unprivileged_uid)
{
  struct bench b;
  struct rt r;
  json_t *c, *lx;

  bench_init (&b);
  c = base_config (&b, (const char *const[]){ "sh", "-c", "id -u; cat /proc/self/uid_map", NULL });
  lx = json_object_get (c, "linux");
  json_array_append_new (json_object_get (lx, "namespaces"), json_pack ("{s:s}", "type", "user"));
  json_object_set_new (lx, "uidMappings", json_pack ("[{s:i, s:i, s:i}]", "containerID", 0, "hostID", 200000,
                                                        "size", 65536));
  json_object_set_new (lx, "gidMappings", json_pack ("[{s:i, s:i, s:i}]", "containerID", 0, "hostID", 200000,
                                                        "size", 65536));
  write_config (&b, c);
  RT (&b, &r, "run", "--bundle", b.bundle, b.id);
  cr_assert_eq (r.status, 0, "run: %s", r.err);
  cr_assert (strncmp (r.out, "0\n", 2) == 0, "%s", r.out);
  cr_assert (strstr (r.out, "200000") != NULL, "uid_map: %s", r.out);
  bench_fini (&b);
}

/* CVE-2019-5736: the container's process runs nsbox-runtime's image until its
 * exec (here, waiting at the start gate); its /proc/PID/exe must lead to a
 * sealed copy, never to the binary on the host, which root could overwrite. */
Test (runtime, the_runtime_binary_cannot_be_written_through_proc)
{
  struct bench b;
  struct stat binary, seen;
  char path[64];
  int fd, seals;

  bench_init (&b);
  create (&b, base_config (&b, (const char *const[]){ "true", NULL }));
  snprintf (path, sizeof path, "/proc/%d/exe", (int) pid_of (&b));
  cr_assert_eq (stat (runtime_bin (), &binary), 0);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  cr_assert_geq (fd, 0, "open %s: %s", path, strerror (errno));
  cr_assert_eq (fstat (fd, &seen), 0);
  cr_expect (seen.st_ino != binary.st_ino || seen.st_dev != binary.st_dev, "%s is the binary on the host", path);
  seals = fcntl (fd, F_GET_SEALS);
  cr_expect (seals >= 0 && (seals & F_SEAL_WRITE), "%s is not sealed against writes (%d)", path, seals);
  close (fd);
  /* The attack's own step: write through the link.  A sealed copy refuses
   * the write; the binary itself, still running, refuses the open. */
  fd = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd >= 0)
    {
      cr_expect_eq (write (fd, "x", 1), -1, "a write through %s succeeded", path);
      close (fd);
    }
  delete_force (&b);
  bench_fini (&b);
}

Test (runtime, hooks_get_the_state)
{
  struct bench b;
  struct rt r;
  json_t *c;
  char script[700], log[700], text[4096];
  FILE *f;

  bench_init (&b);
  snprintf (script, sizeof script, "%s/hook.sh", b.dir);
  snprintf (log, sizeof log, "%s/hook.log", b.dir);
  f = fopen (script, "we");
  cr_assert_not_null (f);
  fprintf (f, "#!/bin/sh\necho \"$1 $(cat)\" >> %s\n", log);
  fclose (f);
  chmod (script, 0755);
  c = base_config (&b, (const char *const[]){ "true", NULL });
  json_object_set_new (c, "hooks",
                       json_pack ("{s:[{s:s, s:[s, s]}], s:[{s:s, s:[s, s]}], s:[{s:s, s:[s, s]}]}", "createRuntime",
                                  "path", script, "args", "hook", "createRuntime", "poststart", "path", script, "args",
                                  "hook", "poststart", "poststop", "path", script, "args", "hook", "poststop"));
  write_config (&b, c);
  RT (&b, &r, "run", "--bundle", b.bundle, b.id);
  cr_assert_eq (r.status, 0, "run: %s", r.err);
  slurp (log, text, sizeof text);
  cr_assert (strstr (text, "createRuntime {") != NULL, "%s", text);
  cr_assert (strstr (text, "poststart {") != NULL, "%s", text);
  cr_assert (strstr (text, "poststop {") != NULL, "%s", text);
  cr_assert (strstr (text, b.id) != NULL, "the hooks' state names no id: %s", text);
  bench_fini (&b);
}

/* The spec's rule: a poststart or poststop hook that fails is a warning, and
 * the command succeeds; a createRuntime hook that fails fails create. */
/* A sysctl of no namespace of the container's would be written as the
 * host's root into the host's kernel: refused, and the host's value kept. */
Test (runtime, a_sysctl_of_the_host_is_refused)
{
  struct bench b;
  struct rt r;
  json_t *c;
  char before[64], after[64];

  bench_init (&b);
  slurp ("/proc/sys/kernel/panic_on_oops", before, sizeof before);
  c = base_config (&b, (const char *const[]){ "true", NULL });
  json_object_set_new (json_object_get (c, "linux"), "sysctl",
                       json_pack ("{s:s}", "kernel.panic_on_oops", strcmp (before, "0\n") == 0 ? "1" : "0"));
  write_config (&b, c);
  RT (&b, &r, "run", "--bundle", b.bundle, b.id);
  cr_assert_eq (r.status, 1, "run: %s", r.err);
  cr_assert (strstr (r.err, "kernel.panic_on_oops") != NULL, "%s", r.err);
  slurp ("/proc/sys/kernel/panic_on_oops", after, sizeof after);
  cr_assert_str_eq (after, before);
  bench_fini (&b);
}

Test (runtime, a_failing_hook_fails_create_but_only_warns_after_start)
{
  struct bench b;
  struct rt r;
  json_t *c;

  bench_init (&b);
  c = base_config (&b, (const char *const[]){ "true", NULL });
  json_object_set_new (c, "hooks", json_pack ("{s:[{s:s}], s:[{s:s}]}", "poststart", "path", "/bin/false", "poststop",
                                              "path", "/bin/false"));
  write_config (&b, c);
  RT (&b, &r, "run", "--bundle", b.bundle, b.id);
  cr_assert_eq (r.status, 0, "run: %s", r.err);
  cr_assert (strstr (r.err, "warning: poststart hook `/bin/false` exited with 1") != NULL, "%s", r.err);
  cr_assert (strstr (r.err, "warning: poststop hook `/bin/false` exited with 1") != NULL, "%s", r.err);
  c = base_config (&b, (const char *const[]){ "true", NULL });
  json_object_set_new (c, "hooks", json_pack ("{s:[{s:s}]}", "createRuntime", "path", "/bin/false"));
  write_config (&b, c);
  RT (&b, &r, "run", "--bundle", b.bundle, b.id);
  cr_assert_eq (r.status, 1, "run: %s", r.err);
  cr_assert (strstr (r.err, "createRuntime hook `/bin/false` exited with 1") != NULL, "%s", r.err);
  bench_fini (&b);
}

Test (runtime, features_and_list_print_json)
{
  struct bench b;
  struct rt r;
  json_t *j;

  bench_init (&b);
  RT (&b, &r, "features");
  cr_assert_eq (r.status, 0, "features: %s", r.err);
  j = json_loads (r.out, 0, NULL);
  cr_assert_not_null (j, "%s", r.out);
  cr_assert_str_eq (json_string_value (json_object_get (j, "ociVersionMax")), "1.2.0");
  json_decref (j);
  create (&b, base_config (&b, (const char *const[]){ "sleep", "60", NULL }));
  RT (&b, &r, "list", "--format", "json");
  cr_assert_eq (r.status, 0, "list: %s", r.err);
  j = json_loads (r.out, 0, NULL);
  cr_assert (json_is_array (j) && json_array_size (j) == 1, "%s", r.out);
  cr_assert_str_eq (json_string_value (json_object_get (json_array_get (j, 0), "status")), "created");
  json_decref (j);
  /* A created container is deleted without --force: its process is killed. */
  RT (&b, &r, "delete", b.id);
  cr_assert_eq (r.status, 0, "delete: %s", r.err);
  bench_fini (&b);
}
