#define _GNU_SOURCE
#include "harness.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

const char *
sbx_nsbox (void)
{
  const char *bin = getenv ("NSBOX_BIN");

  if (bin == NULL)
    cr_skip_test ("NSBOX_BIN is not set: run the suite through `make check`");
  return bin;
}

const char *
sbx_root (const char *name)
{
  static __thread char path[4096];
  const char *roots = getenv ("NSBOX_TEST_ROOTS");
  struct stat st;

  if (roots == NULL)
    cr_skip_test ("NSBOX_TEST_ROOTS is not set");
  snprintf (path, sizeof path, "%s/%s", roots, name);
  if (stat (path, &st) < 0)
    cr_skip_test ("test root `%s` was not built", path);
  return path;
}

const char *
sbx_probe_volume (void)
{
  static __thread char vol[4200];
  const char *probe = getenv ("NSBOX_PROBE");

  if (probe == NULL)
    cr_skip_test ("NSBOX_PROBE is not set");
  snprintf (vol, sizeof vol, "%s:/probe:ro", probe);
  return vol;
}

static void
append (char **buf, size_t *len, const char *data, size_t n)
{
  *buf = realloc (*buf, *len + n + 1);
  cr_assert_not_null (*buf);
  memcpy (*buf + *len, data, n);
  *len += n;
  (*buf)[*len] = '\0';
}

static void
drain (int out, int err, struct sbx *r)
{
  size_t err_len = 0;
  struct pollfd p[2] = { { .fd = out, .events = POLLIN }, { .fd = err, .events = POLLIN } };

  r->out = strdup ("");
  r->err = strdup ("");
  while (p[0].fd >= 0 || p[1].fd >= 0)
    {
      char buf[65536];
      if (poll (p, 2, -1) < 0)
        continue;
      for (int i = 0; i < 2; i++)
        {
          if (p[i].fd < 0 || !p[i].revents)
            continue;
          ssize_t n = read (p[i].fd, buf, sizeof buf);
          if (n <= 0)
            {
              close (p[i].fd);
              p[i].fd = -1;
            }
          else if (i == 0)
            append (&r->out, &r->out_len, buf, (size_t) n);
          else
            append (&r->err, &err_len, buf, (size_t) n);
        }
    }
}

int
sbx_rootless_uid (void)
{
  const char *uid = getenv ("NSBOX_TEST_ROOTLESS_UID");

  return uid && *uid ? atoi (uid) : -1;
}

/* A host that delegates a cgroup to the user (the cgroup v2 VM): the
 * process becomes nsbox in NSBOX_TEST_ROOTLESS_CGROUP_ENTER, inside the
 * subtree, as a user's nsbox started by its service manager would. */
static void
enter_delegated_cgroup (void)
{
  const char *dir = getenv ("NSBOX_TEST_ROOTLESS_CGROUP_ENTER");
  char path[4200];
  int fd;

  if (dir == NULL || *dir == '\0')
    return;
  snprintf (path, sizeof path, "%s/cgroup.procs", dir);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, "0", 1) != 1)
    _exit (126);
  close (fd);
}

bool
sbx_through_helper (void)
{
  const char *helper = getenv ("NSBOX_SUID_HELPER");

  return sbx_rootless_uid () >= 0 && helper && *helper;
}

void
sbx_become_test_user_with_groups (size_t n_groups, const gid_t *groups)
{
  const char *gid_text = getenv ("NSBOX_TEST_ROOTLESS_GID");
  const char *helper_gid = getenv ("NSBOX_TEST_SUID_GID");
  int uid = sbx_rootless_uid ();
  gid_t gid, helper_group;

  if (uid < 0)
    return;
  /* Through the setuid helper: a member of its group. */
  if (n_groups == 0 && sbx_through_helper () && helper_gid && *helper_gid)
    {
      helper_group = (gid_t) atoi (helper_gid);
      groups = &helper_group;
      n_groups = 1;
    }
  /* newuidmap wants the user's own primary group, which may differ from its uid. */
  gid = gid_text && *gid_text ? (gid_t) atoi (gid_text) : (gid_t) uid;
  enter_delegated_cgroup ();
  if (setgroups (n_groups, groups) < 0 || setresgid (gid, gid, gid) < 0
      || setresuid ((uid_t) uid, (uid_t) uid, (uid_t) uid) < 0)
    _exit (126);
}

void
sbx_become_test_user (void)
{
  sbx_become_test_user_with_groups (0, NULL);
}

const char *
sbx_state_root (void)
{
  static char root[4096];
  const char *runtime = getenv ("XDG_RUNTIME_DIR");

  if (sbx_rootless_uid () < 0)
    return "/run/nsbox";
  if (sbx_through_helper ())
    {
      const char *helper_root = getenv ("NSBOX_TEST_SUID_STATE_ROOT");

      cr_assert_not_null (helper_root, "a run through the setuid helper needs NSBOX_TEST_SUID_STATE_ROOT");
      return helper_root;
    }
  cr_assert_not_null (runtime, "a rootless run needs XDG_RUNTIME_DIR");
  snprintf (root, sizeof root, "%s/nsbox", runtime);
  return root;
}

/* Rootless on a host without a delegated cgroup: --no-cgroup, unless
 * NSBOX_TEST_ROOTLESS_CGROUP names the delegated parent to use. */
static const char *
delegated_parent (void)
{
  const char *cg = getenv ("NSBOX_TEST_ROOTLESS_CGROUP");

  return sbx_rootless_uid () >= 0 && !sbx_through_helper () && cg && *cg ? cg : NULL;
}

bool
sbx_rlimits_only (void)
{
  return sbx_rootless_uid () >= 0 && !sbx_through_helper () && delegated_parent () == NULL;
}

bool
sbx_rootless (void)
{
  return sbx_rootless_uid () >= 0 && !sbx_through_helper ();
}

const char *
sbx_root_user (void)
{
  return sbx_through_helper () ? "1000" : "0";
}

static const char **
build_argv (struct sbx *r, const char *const *args)
{
  static __thread unsigned counter;
  size_t n = 0, k = 0;
  const char **argv;

  while (args[n])
    n++;
  argv = calloc (n + 7, sizeof (char *));
  cr_assert_not_null (argv);
  snprintf (r->id, sizeof r->id, "t%d-%u", (int) getpid (), counter++);
  argv[k++] = sbx_nsbox ();
  argv[k++] = "exec";
  argv[k++] = "--id";
  argv[k++] = r->id;
  if (sbx_rlimits_only ())
    argv[k++] = "--no-cgroup";
  else if (delegated_parent ())
    {
      argv[k++] = "--cgroup-parent";
      argv[k++] = delegated_parent ();
    }
  memcpy (argv + k, args, n * sizeof (char *));
  return argv;
}

static bool
has_flag (const char *const *args, const char *flag)
{
  for (size_t i = 0; args[i] && strcmp (args[i], "--") != 0; i++)
    if (strcmp (args[i], flag) == 0)
      return true;
  return false;
}

pid_t
sbx_spawn (struct sbx *r, int out_fd, const char *const *args)
{
  const char **argv = build_argv (r, args);
  pid_t pid = fork ();

  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_RDWR);
      dup2 (null, 0);
      dup2 (out_fd >= 0 ? out_fd : null, 1);
      dup2 (out_fd >= 0 ? out_fd : null, 2);
      sbx_become_test_user ();
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  free (argv);
  return pid;
}

void
sbx_wait (struct sbx *r, pid_t pid)
{
  int status;

  cr_assert_eq (waitpid (pid, &status, 0), pid);
  r->status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  sbx_assert_gone (r->id);
}

/* nsbox's stdin: /dev/null, or a file holding `input`. */
static int
stdin_for (const char *input)
{
  int fd;

  if (input == NULL)
    return open ("/dev/null", O_RDONLY | O_CLOEXEC);
  fd = memfd_create ("nsbox-test-stdin", MFD_CLOEXEC);
  cr_assert_geq (fd, 0);
  cr_assert_eq (write (fd, input, strlen (input)), (ssize_t) strlen (input));
  cr_assert_eq (lseek (fd, 0, SEEK_SET), 0);
  return fd;
}

static void
run_nsbox (struct sbx *r, const char *const *args, const char *input)
{
  const char **argv = build_argv (r, args);
  int out[2], err[2], status;
  int in = stdin_for (input);
  pid_t pid;

  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  cr_assert_eq (pipe2 (err, O_CLOEXEC), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      dup2 (in, 0);
      dup2 (out[1], 1);
      dup2 (err[1], 2);
      sbx_become_test_user ();
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  close (in);
  close (out[1]);
  close (err[1]);
  drain (out[0], err[0], r);
  struct rusage ru;
  cr_assert_eq (wait4 (pid, &status, 0, &ru), pid);
  r->maxrss_kb = ru.ru_maxrss;
  r->status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  if (has_flag (args, "--json"))
    {
      json_error_t jerr;
      r->report = json_loads (r->out, 0, &jerr);
      cr_assert_not_null (r->report, "report is not JSON (%s): %s\nstderr: %s", jerr.text, r->out, r->err);
    }
  free (argv);
  sbx_assert_gone (r->id);
}

void
sbx_execv (struct sbx *r, const char *const *args)
{
  run_nsbox (r, args, NULL);
}

void
sbx_execv_input (struct sbx *r, const char *const *args, const char *input)
{
  run_nsbox (r, args, input);
}

void
sbx_exec (struct sbx *r, const char *arg, ...)
{
  const char *args[256];
  size_t n = 0;
  va_list ap;

  va_start (ap, arg);
  for (const char *a = arg; a && n < 255; a = va_arg (ap, const char *))
    args[n++] = a;
  va_end (ap);
  args[n] = NULL;
  sbx_execv (r, args);
}

int
sbx_exec_on_pty (const char *const *args, const struct winsize *ws, char *out, size_t size)
{
  struct sbx r = { 0 };
  const char **argv = build_argv (&r, args);
  int master, slave, status;
  size_t len = 0;
  pid_t pid;

  cr_assert_eq (openpty (&master, &slave, NULL, NULL, ws), 0);
  /* The terminal of the user nsbox runs as, as its login's would be. */
  if (sbx_rootless_uid () >= 0)
    cr_assert_eq (fchown (slave, (uid_t) sbx_rootless_uid (), (gid_t) -1), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      setsid ();
      ioctl (slave, TIOCSCTTY, 0);
      dup2 (slave, 0);
      dup2 (slave, 1);
      dup2 (slave, 2);
      close (master);
      sbx_become_test_user ();
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  close (slave);
  for (;;)
    {
      struct pollfd p = { .fd = master, .events = POLLIN };
      ssize_t n;

      if (poll (&p, 1, 10000) <= 0)
        break;
      n = read (master, out + len, size - 1 - len);
      /* EIO: the last slave closed, everything has been read. */
      if (n <= 0)
        break;
      len += (size_t) n;
    }
  out[len] = '\0';
  close (master);
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  free (argv);
  sbx_assert_gone (r.id);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static bool
cmdline_mentions (const char *pid, const char *needle)
{
  char path[300], buf[8192];
  ssize_t n;
  int fd;

  snprintf (path, sizeof path, "/proc/%s/cmdline", pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return false;
  for (ssize_t i = 0; i < n; i++)
    if (buf[i] == '\0')
      buf[i] = ' ';
  buf[n] = '\0';
  return strstr (buf, needle) != NULL;
}

static __thread const char *cgroup_wanted;
static __thread char cgroup_found[4096];

static int
find_cgroup (const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
  if (type == FTW_D && strcmp (path + ftw->base, cgroup_wanted) == 0)
    {
      snprintf (cgroup_found, sizeof cgroup_found, "%s", path);
      return 1;
    }
  return 0;
}

/* The sandbox's cgroup, nsbox-<id>, in any mounted hierarchy. */
void
sbx_assert_no_cgroup (const char *id)
{
  char name[64], line[8192];
  FILE *f = fopen ("/proc/self/mountinfo", "re");

  cr_assert_not_null (f);
  snprintf (name, sizeof name, "nsbox-%s", id);
  cgroup_wanted = name;
  while (fgets (line, sizeof line, f))
    {
      char mountpoint[4096];
      const char *sep = strstr (line, " - ");
      if (sep == NULL || (strncmp (sep, " - cgroup ", 10) != 0 && strncmp (sep, " - cgroup2 ", 11) != 0))
        continue;
      if (sscanf (line, "%*s %*s %*s %*s %4095s", mountpoint) != 1)
        continue;
      cgroup_found[0] = '\0';
      nftw (mountpoint, find_cgroup, 16, FTW_PHYS);
      cr_expect_eq (cgroup_found[0], '\0', "cgroup %s left behind", cgroup_found);
    }
  fclose (f);
}

void
sbx_assert_gone (const char *id)
{
  char path[4096], needle[64], root_mount[4200], upper_mount[4200];
  struct stat st;
  DIR *d;
  struct dirent *e;
  FILE *f;
  char line[8192];

  snprintf (path, sizeof path, "%s/%s.json", sbx_state_root (), id);
  cr_expect_neq (stat (path, &st), 0, "state file %s left behind", path);
  f = fopen ("/proc/self/mountinfo", "r");
  cr_assert_not_null (f);
  /* Every child mounts its root on STATE_ROOT/.root (and a setup layer on
   * .upper) in its own mount namespace: never one in ours. */
  snprintf (root_mount, sizeof root_mount, " %s/.root ", sbx_state_root ());
  snprintf (upper_mount, sizeof upper_mount, " %s/.upper ", sbx_state_root ());
  while (fgets (line, sizeof line, f))
    {
      cr_expect_null (strstr (line, id), "mount left behind: %s", line);
      cr_expect_null (strstr (line, root_mount), "a sandbox root is mounted on the host: %s", line);
      cr_expect_null (strstr (line, upper_mount), "a setup layer is mounted on the host: %s", line);
    }
  fclose (f);
  /* nsbox carries our unique id on its command line; the sandbox's processes
   * (the init renames itself) are found by the cgroup check below: a cgroup
   * cannot be removed while a process is in it. */
  snprintf (needle, sizeof needle, "--id %s ", id);
  d = opendir ("/proc");
  cr_assert_not_null (d);
  while ((e = readdir (d)))
    if (e->d_name[0] >= '0' && e->d_name[0] <= '9')
      cr_expect_not (cmdline_mentions (e->d_name, needle), "process %s of sandbox %s still running", e->d_name, id);
  closedir (d);
  sbx_assert_no_cgroup (id);
  sbx_assert_no_userns_block (id);
}

/* A block is a symbolic link to "PID START ID STATE_ROOT" (isolate/userns.c):
 * with unlink_them, remove those of id, else assert there are none. */
static void
userns_blocks_of (const char *id, bool unlink_them)
{
  DIR *d = opendir ("/run/nsbox-userns");
  struct dirent *e;

  if (d == NULL)
    return;
  while ((e = readdir (d)))
    {
      char path[512], target[8192], holder[128];
      ssize_t n;

      snprintf (path, sizeof path, "/run/nsbox-userns/%s", e->d_name);
      if (e->d_name[0] == '.' || (n = readlink (path, target, sizeof target - 1)) < 0)
        continue;
      target[n] = '\0';
      if (sscanf (target, "%*d %*u %127s", holder) != 1 || strcmp (holder, id) != 0)
        continue;
      if (unlink_them)
        cr_assert_eq (unlink (path), 0, "%s", path);
      else
        cr_expect (false, "user namespace block %s of sandbox %s left taken", e->d_name, id);
    }
  closedir (d);
}

void
sbx_assert_no_userns_block (const char *id)
{
  userns_blocks_of (id, false);
}

void
sbx_free_userns_block (const char *id)
{
  userns_blocks_of (id, true);
}

long long
sbx_host_uid (const struct sbx *r)
{
  json_t *v;

  cr_assert_not_null (r->report);
  v = json_object_get (json_object_get (r->report, "isolation"), "host_uid");
  cr_assert (json_is_integer (v), "no isolation.host_uid: %s", r->out);
  return json_integer_value (v);
}

const char *
sbx_str (const struct sbx *r, const char *key)
{
  cr_assert_not_null (r->report);
  return json_string_value (json_object_get (r->report, key));
}

long long
sbx_int (const struct sbx *r, const char *key)
{
  json_t *v;

  cr_assert_not_null (r->report);
  v = json_object_get (r->report, key);
  cr_assert (json_is_integer (v), "report field %s is not an integer: %s", key, r->out);
  return json_integer_value (v);
}

bool
sbx_bool (const struct sbx *r, const char *key)
{
  json_t *v;

  cr_assert_not_null (r->report);
  v = json_object_get (r->report, key);
  cr_assert (json_is_boolean (v), "report field %s is not a boolean: %s", key, r->out);
  return json_is_true (v);
}

/* A test that skips or fails never reaches its suite's .fini: the scratch
 * directories this test process made and did not remove go at its exit. */
static struct
{
  pid_t owner;
  char path[32];
} scratch[64];

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw);

static void
remove_scratch (void)
{
  for (size_t i = 0; i < sizeof scratch / sizeof scratch[0]; i++)
    if (scratch[i].owner == getpid () && scratch[i].path[0])
      nftw (scratch[i].path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
remember_scratch (const char *dir)
{
  static pid_t registered;

  if (registered != getpid ())
    {
      registered = getpid ();
      atexit (remove_scratch);
    }
  for (size_t i = 0; i < sizeof scratch / sizeof scratch[0]; i++)
    if (scratch[i].owner != getpid () || scratch[i].path[0] == '\0')
      {
        scratch[i].owner = getpid ();
        snprintf (scratch[i].path, sizeof scratch[i].path, "%s", dir);
        return;
      }
}

static void
forget_scratch (const char *dir)
{
  for (size_t i = 0; i < sizeof scratch / sizeof scratch[0]; i++)
    if (scratch[i].owner == getpid () && strcmp (scratch[i].path, dir) == 0)
      scratch[i].path[0] = '\0';
}

/* Root's runs are logged by default in the machine's results log: the
 * suites' nsbox runs with an nsbox.conf that turns it off, unless the
 * caller names one (a test that writes its own says what it wants), so
 * that no test leaves a line there.  Made once, by the process that runs
 * the suites, and removed when it exits. */
__attribute__ ((constructor)) static void
quiet_results_log (void)
{
  char dir[] = "/tmp/nsbox-test.XXXXXX", path[sizeof dir + 16];
  FILE *f;

  if (getenv ("NSBOX_CONFIG") || mkdtemp (dir) == NULL)
    return;
  remember_scratch (dir);
  chmod (dir, 0755);
  snprintf (path, sizeof path, "%s/nsbox.conf", dir);
  if ((f = fopen (path, "w")) == NULL)
    return;
  fputs ("{\"results_log\": false}\n", f);
  if (fclose (f) == 0)
    setenv ("NSBOX_CONFIG", path, 1);
}

char *
sbx_tmpdir (void)
{
  char *dir = strdup ("/tmp/nsbox-test.XXXXXX");

  cr_assert_not_null (mkdtemp (dir));
  remember_scratch (dir);
  chmod (dir, 0755);
  /* nsbox runs as that user: its --log, --report and binds are its own. */
  if (sbx_rootless_uid () >= 0)
    cr_assert_eq (chown (dir, (uid_t) sbx_rootless_uid (), (gid_t) sbx_rootless_uid ()), 0);
  return dir;
}

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void) st;
  (void) flag;
  (void) ftw;
  return remove (path);
}

void
sbx_tmpdir_remove (char *dir)
{
  nftw (dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  forget_scratch (dir);
  free (dir);
}

void
sbx_release (struct sbx *r)
{
  free (r->out);
  free (r->err);
  if (r->report)
    json_decref (r->report);
  memset (r, 0, sizeof *r);
}

int
sbx_attack_unconfined_status (const char *attack_bin, const char *name)
{
  int status = 0;
  pid_t pid = fork ();

  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);
      if (null < 0 || dup2 (null, 1) < 0)
        _exit (100);
      execl (attack_bin, attack_bin, name, (char *) NULL);
      _exit (127);
    }
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  return status;
}

void
sbx_assert_arch_attack_killed (const char *attack_bin, const char *name, int status, const char *output)
{
  int native = sbx_attack_unconfined_status (attack_bin, name);
  int expected_signal = SIGSYS;

  cr_assert (strstr (output, "allowed") == NULL, "%s ran under the filter: %s", name, output);
  /* The kernel kills the attempt on its own: the filter cannot be seen, only
   * that the attempt still does not get through. */
  if (WIFSIGNALED (native) && WTERMSIG (native) != SIGSYS)
    expected_signal = WTERMSIG (native);
  else
    /* It ran (exit 1) or the kernel answered an errno (exit 0, e.g. ENOSYS
     * without x32 support): seccomp sees the call first and must kill it. */
    cr_assert (WIFEXITED (native) && WEXITSTATUS (native) <= 1, "%s unconfined: unexpected status %#x", name,
               native);
  cr_assert (WIFSIGNALED (status) && WTERMSIG (status) == expected_signal,
             "%s under the filter: status %#x (unconfined %#x), output: %s", name, status, native, output);
}

static int
exit_status (int status)
{
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

void
sbx_run (struct sbx *r, const char *const *argv, const char *const *envp)
{
  int out[2], err[2], status;
  pid_t pid;

  memset (r, 0, sizeof *r);
  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  cr_assert_eq (pipe2 (err, O_CLOEXEC), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_RDONLY);
      dup2 (null, 0);
      dup2 (out[1], 1);
      dup2 (err[1], 2);
      if (envp)
        execve (argv[0], (char **) argv, (char **) envp);
      else
        execv (argv[0], (char **) argv);
      _exit (127);
    }
  close (out[1]);
  close (err[1]);
  drain (out[0], err[0], r);
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  r->status = exit_status (status);
}

int
sbx_run_on_pty (const char *const *argv, const char *const *envp, char *out, size_t size)
{
  int master, slave, status;
  size_t len = 0;
  pid_t pid;

  cr_assert_eq (openpty (&master, &slave, NULL, NULL, NULL), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      setsid ();
      ioctl (slave, TIOCSCTTY, 0);
      dup2 (slave, 0);
      dup2 (slave, 1);
      dup2 (slave, 2);
      close (master);
      if (envp)
        execve (argv[0], (char **) argv, (char **) envp);
      else
        execv (argv[0], (char **) argv);
      _exit (127);
    }
  close (slave);
  for (;;)
    {
      struct pollfd p = { .fd = master, .events = POLLIN };
      char spill[4096];
      ssize_t n;

      if (poll (&p, 1, 60000) <= 0)
        break;
      /* Past the buffer, keep reading so the program never blocks. */
      if (len + 1 < size)
        n = read (master, out + len, size - 1 - len);
      else
        n = read (master, spill, sizeof spill);
      /* EIO: the last slave closed, everything has been read. */
      if (n <= 0)
        break;
      if (len + 1 < size)
        len += (size_t) n;
    }
  out[len] = '\0';
  close (master);
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  return exit_status (status);
}
