/* test-suid.c - the setuid helper (nsbox-suid(8)) as its callers are: the
 * attackers.  Every refusal of the man page is tried here as a user would
 * try it, through nsbox and with requests forged by hand; signals, ptrace,
 * rlimits, fds and umask at exec; quotas, the audit log, ps and gc.
 *
 * Run by tests/suid/run-suid (make check-suid), which makes the group, the
 * users and the setuid copy of the tests' helper, and names them in the
 * environment; skipped otherwise.  One test at a time: tests rewrite the
 * site's nsbox.conf (restored after each) and count its audit log. */
#define _GNU_SOURCE
#include "harness.h"
#include "base/sha256.h"
#include "suid-protocol.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *
env (const char *name)
{
  const char *v = getenv (name);

  if (v == NULL || *v == '\0')
    cr_skip_test ("%s is not set: run through tests/suid/run-suid (make check-suid)", name);
  return v;
}

static void
need_helper (void)
{
  if (!sbx_through_helper ())
    cr_skip_test ("run through tests/suid/run-suid (make check-suid)");
}

static uid_t
member_uid (void)
{
  return (uid_t) sbx_rootless_uid ();
}

/* ---- the site ------------------------------------------------------------- */

static void
write_file (const char *path, const char *text)
{
  FILE *f = fopen (path, "w");

  cr_assert_not_null (f, "%s: %s", path, strerror (errno));
  fputs (text, f);
  cr_assert_eq (fclose (f), 0);
}

/* The base nsbox.conf with helper.KEY set to a JSON value (NULL: the base). */
static void
site_set (const char *key, const char *json_value)
{
  json_error_t jerr;
  json_t *conf = json_load_file (env ("NSBOX_TEST_SUID_CONF_BASE"), 0, &jerr);
  char *text;

  cr_assert_not_null (conf, "%s", jerr.text);
  if (key)
    json_object_set_new (json_object_get (conf, "helper"), key, json_loads (json_value, JSON_DECODE_ANY, &jerr));
  text = json_dumps (conf, JSON_INDENT (1));
  write_file (env ("NSBOX_TEST_SUID_CONF"), text);
  free (text);
  json_decref (conf);
}

static void
site_quotas (const char *quotas_json)
{
  site_set (quotas_json ? "quotas" : NULL, quotas_json);
}

/* Each test starts from the base site and fresh quota state. */
static void
fresh_site (void)
{
  char cmd[512];

  if (!sbx_through_helper ())
    return;
  site_quotas (NULL);
  snprintf (cmd, sizeof cmd, "rm -rf '%s/.quota'", env ("NSBOX_TEST_SUID_STATE_ROOT"));
  cr_assert_eq (system (cmd), 0);
}

static size_t
audit_lines (void)
{
  FILE *f = fopen (env ("NSBOX_TEST_SUID_AUDIT"), "r");
  size_t n = 0;
  int c;

  if (f == NULL)
    return 0;
  while ((c = fgetc (f)) != EOF)
    n += c == '\n';
  fclose (f);
  return n;
}

/* The last record of the audit log, parsed (every line must parse). */
static json_t *
audit_last (void)
{
  FILE *f = fopen (env ("NSBOX_TEST_SUID_AUDIT"), "r");
  char *line = NULL;
  size_t cap = 0;
  json_t *last = NULL;

  cr_assert_not_null (f);
  while (getline (&line, &cap, f) > 0)
    {
      json_error_t jerr;
      json_t *j = json_loads (line, 0, &jerr);

      cr_assert_not_null (j, "audit line is not JSON (%s): %s", jerr.text, line);
      json_decref (last);
      last = j;
    }
  free (line);
  fclose (f);
  cr_assert_not_null (last, "the audit log is empty");
  return last;
}

static const char *
jstr (json_t *o, const char *key)
{
  const char *s = json_string_value (json_object_get (o, key));

  return s ? s : "";
}

/* ---- as a user ------------------------------------------------------------- */

static void
become (uid_t uid, bool member)
{
  gid_t helper_gid = (gid_t) atoi (env ("NSBOX_TEST_SUID_GID"));

  if (setgroups (member ? 1 : 0, &helper_gid) < 0 || setresgid (uid, uid, uid) < 0
      || setresuid (uid, uid, uid) < 0)
    _exit (126);
}

struct outcome
{
  int status;
  char out[1 << 16];
  char err[1 << 16];
};

static void
collect (int out_fd, int err_fd, pid_t pid, struct outcome *o)
{
  size_t n_out = 0, n_err = 0;
  ssize_t n;
  int status;

  /* Small outputs only: one after the other is enough. */
  while ((n = read (out_fd, o->out + n_out, sizeof o->out - 1 - n_out)) > 0)
    n_out += (size_t) n;
  while ((n = read (err_fd, o->err + n_err, sizeof o->err - 1 - n_err)) > 0)
    n_err += (size_t) n;
  o->out[n_out] = o->err[n_err] = '\0';
  close (out_fd);
  close (err_fd);
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  o->status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

/* `nsbox ARGS...` as uid (a member of the helper's group or not). */
static void
nsbox_as (uid_t uid, bool member, const char *const *args, struct outcome *o)
{
  const char *argv[64] = { sbx_nsbox () };
  int out[2], err[2];
  size_t n = 1;
  pid_t pid;

  for (size_t i = 0; args[i] && n < 63; i++)
    argv[n++] = args[i];
  argv[n] = NULL;
  cr_assert_eq (pipe (out), 0);
  cr_assert_eq (pipe (err), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_RDONLY);
      dup2 (null, 0);
      dup2 (out[1], 1);
      dup2 (err[1], 2);
      close (out[0]);
      close (err[0]);
      become (uid, member);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  close (out[1]);
  close (err[1]);
  collect (out[0], err[0], pid, o);
}

/* ---- a forged request --------------------------------------------------------
 * The helper run by hand, as the member, with whatever header, fds and JSON
 * a hostile caller sends. */

struct forged
{
  uint32_t length; /* in the header; 0 = the text's */
  const char *text;
  const int *fds;
  size_t n_fds;
};

static void
send_forged (int sock, const struct forged *f)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int) * 256)];
    struct cmsghdr align;
  } control;
  uint32_t length = f->length ? f->length : (uint32_t) strlen (f->text);
  struct iovec iov = { &length, sizeof length };
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
  struct cmsghdr *c;

  memset (&control, 0, sizeof control);
  if (f->n_fds)
    {
      msg.msg_control = control.buf;
      msg.msg_controllen = CMSG_SPACE (sizeof (int) * f->n_fds);
      c = CMSG_FIRSTHDR (&msg);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN (sizeof (int) * f->n_fds);
      memcpy (CMSG_DATA (c), f->fds, sizeof (int) * f->n_fds);
    }
  cr_assert_eq (sendmsg (sock, &msg, MSG_NOSIGNAL), (ssize_t) sizeof length, "%s", strerror (errno));
  if (f->text)
    send (sock, f->text, strlen (f->text), MSG_NOSIGNAL);
}

/* What the forged caller sets before exec of the helper (one test's). */
static int forge_resource = -1;
static struct rlimit forge_limit;

static pid_t
start_helper_as_member (int sock, int out, int err)
{
  pid_t pid = fork ();

  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      dup2 (sock, 0);
      dup2 (out, 1);
      dup2 (err, 2);
      become (member_uid (), true);
      signal (SIGXFSZ, SIG_IGN);
      if (forge_resource >= 0 && setrlimit (forge_resource, &forge_limit) < 0)
        _exit (99);
      execl (env ("NSBOX_SUID_HELPER"), "nsbox-suid", "exec", (char *) NULL);
      _exit (127);
    }
  return pid;
}

static void
forge (const struct forged *f, struct outcome *o)
{
  int sv[2], out[2], err[2];
  pid_t pid;

  cr_assert_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  cr_assert_eq (pipe2 (err, O_CLOEXEC), 0);
  pid = start_helper_as_member (sv[1], out[1], err[1]);
  close (sv[1]);
  close (out[1]);
  close (err[1]);
  send_forged (sv[0], f);
  /* Open until the helper ends: its end would be the caller's stop. */
  collect (out[0], err[0], pid, o);
  close (sv[0]);
}

/* ---- files of the users -------------------------------------------------------- */

/* A directory of uid's, mode, holding a file "inside" with `text`. */
static char *
users_dir (uid_t uid, mode_t mode, const char *text)
{
  char *dir = sbx_tmpdir ();
  char path[4200];

  snprintf (path, sizeof path, "%s/inside", dir);
  write_file (path, text);
  cr_assert_eq (chmod (path, 0644), 0);
  cr_assert_eq (chown (path, uid, uid), 0);
  cr_assert_eq (chown (dir, uid, uid), 0);
  cr_assert_eq (chmod (dir, mode), 0);
  return dir;
}

TestSuite (suid, .init = fresh_site, .fini = fresh_site, .timeout = 180);

/* ---- what runs ------------------------------------------------------------------ */

Test (suid, the_workload_runs_with_host_ids_of_its_own_never_the_callers)
{
  struct sbx r = { 0 };

  need_helper ();
  sbx_exec (&r, "--json", "--rootfs", sbx_root ("busybox"), "--", "sh", "-c", "id -u; echo x > /x", NULL);
  cr_assert_eq (r.status, 1, "stderr: %s", r.err);
  cr_expect_str_eq (sbx_str (&r, "stdout"), "65534\n");
  cr_expect (strstr (sbx_str (&r, "stderr"), "Read-only file system") != NULL, "%s", sbx_str (&r, "stderr"));
  cr_expect_str_eq (json_string_value (json_object_get (json_object_get (r.report, "isolation"), "userns")),
                    "per-sandbox");
  cr_expect_neq (sbx_host_uid (&r), (long long) member_uid ());
  cr_expect_gt (sbx_host_uid (&r), 65535);
  sbx_release (&r);
}

/* ---- refusals, each one a line, exit 125, and an audit record ------------------------- */

struct refusal
{
  const char *args[8];
  const char *says;
};

static void
expect_refused (const char *const *args, const char *says)
{
  struct sbx r = { 0 };
  size_t before = audit_lines ();
  json_t *last;

  sbx_execv (&r, args);
  cr_expect_eq (r.status, 125, "%s: status %d, stderr: %s", args[0], r.status, r.err);
  cr_expect (strstr (r.err, says) != NULL, "%s: expected \"%s\" in: %s", args[0], says, r.err);
  cr_expect_eq (audit_lines (), before + 1, "%s: one audit record per request", args[0]);
  last = audit_last ();
  cr_expect_str_eq (jstr (last, "decision"), "refused");
  cr_expect (strstr (jstr (last, "reason"), says) != NULL, "%s", jstr (last, "reason"));
  json_decref (last);
  sbx_release (&r);
}

Test (suid, every_refusal_is_one_line_exit_125_and_recorded)
{
  const char *busybox;
  char probe[4200];

  need_helper ();
  busybox = sbx_root ("busybox");
  snprintf (probe, sizeof probe, "%s/policies/seccomp/default.json", env ("NSBOX_SRCDIR"));
  const struct refusal cases[] = {
    { { "--rootfs", busybox, "--user", "0", "--", "id", NULL }, "never runs a workload as root" },
    { { "--rootfs", "/", "--", "id", NULL }, "is not one of the site's" },
    { { "--rootfs", busybox, "--seccomp", "unconfined", "--", "id", NULL }, "only the site's named profiles" },
    { { "--rootfs", busybox, "--seccomp", probe, "--", "id", NULL }, "only the site's named profiles" },
    { { "--rootfs", busybox, "--memory", "100g", "--", "id", NULL }, "exceeds the ceiling" },
    { { "--rootfs", busybox, "--memory", "unlimited", "--", "id", NULL }, "within the site's ceilings" },
    { { "--rootfs", busybox, "--timeout", "100000", "--", "id", NULL }, "exceeds the ceiling" },
    { { "--rootfs", busybox, "--cgroup-parent", "/", "--", "id", NULL }, "--cgroup-parent is not allowed" },
    { { "--rootfs", busybox, "--no-cgroup", "--", "id", NULL }, "--no-cgroup is not allowed" },
    { { "--rootfs", busybox, "--report", "/tmp/r", "--", "id", NULL }, "--report is not allowed" },
    { { "--rootfs", busybox, "--conf", "/dev/null", "--", "id", NULL }, "--conf is not allowed" },
    { { "--rootfs", busybox, "--kill-after", "100", "--", "id", NULL }, "--kill-after is not allowed" },
    { { "--rootfs", busybox, "--seccomp", "..", "--", "id", NULL }, "only the site's named profiles" },
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    expect_refused (cases[i].args, cases[i].says);
}

/* ---- binds: what the caller can open itself, and no more ---------------------------------- */

Test (suid, a_bind_of_a_file_the_caller_cannot_read_is_refused)
{
  const char *args[] = { "--rootfs", sbx_root ("busybox"), "-v", "/etc/shadow:/s:ro", "--", "cat", "/s", NULL };
  struct sbx r = { 0 };

  need_helper ();
  sbx_execv (&r, args);
  cr_expect_eq (r.status, 125, "stderr: %s", r.err);
  cr_expect (strstr (r.err, "Permission denied") != NULL, "%s", r.err);
  sbx_release (&r);
}

/* --stdin-each's files are opened by the caller's nsbox, as the caller. */
Test (suid, an_input_the_caller_cannot_read_is_refused)
{
  char *dir;
  struct sbx r = { 0 };

  need_helper ();
  dir = users_dir ((uid_t) atoi (env ("NSBOX_TEST_SUID_OTHER_UID")), 0700, "secret\n");
  sbx_exec (&r, "--lang", "c", "--code", "-", "--stdin-each", "/etc/shadow", NULL);
  cr_expect_eq (r.status, 125, "stderr: %s", r.err);
  cr_expect (strstr (r.err, "Permission denied") != NULL, "%s", r.err);
  sbx_release (&r);
  sbx_exec (&r, "--lang", "c", "--code", "-", "--stdin-each", dir, NULL);
  cr_expect_eq (r.status, 125, "stderr: %s", r.err);
  cr_expect (strstr (r.err, "Permission denied") != NULL, "%s", r.err);
  cr_expect (strstr (r.out, "secret") == NULL);
  sbx_release (&r);
  sbx_tmpdir_remove (dir);
}

Test (suid, a_bind_of_another_users_private_directory_is_refused)
{
  char *dir, vol[4300];
  struct sbx r = { 0 };

  need_helper ();
  dir = users_dir ((uid_t) atoi (env ("NSBOX_TEST_SUID_OTHER_UID")), 0700, "secret\n");
  snprintf (vol, sizeof vol, "%s:/d:ro", dir);
  sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "-v", vol, "--", "cat", "/d/inside", NULL);
  cr_expect_eq (r.status, 125, "stderr: %s", r.err);
  cr_expect (strstr (r.out, "secret") == NULL);
  sbx_release (&r);
  sbx_tmpdir_remove (dir);
}

Test (suid, read_write_binds_only_of_the_callers_own_directories)
{
  char *others, *mine, vol[4300];
  struct sbx r = { 0 };

  need_helper ();
  others = users_dir ((uid_t) atoi (env ("NSBOX_TEST_SUID_OTHER_UID")), 0777, "theirs\n");
  mine = users_dir (member_uid (), 0755, "mine\n");
  snprintf (vol, sizeof vol, "%s:/d", others);
  sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "-v", vol, "--", "touch", "/d/new", NULL);
  cr_expect_eq (r.status, 125, "stderr: %s", r.err);
  cr_expect (strstr (r.err, "only of what the caller owns") != NULL, "%s", r.err);
  sbx_release (&r);
  /* Read-only, what the caller can read anyway. */
  snprintf (vol, sizeof vol, "%s:/d:ro", others);
  sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "-v", vol, "--", "sh", "-c", "cat /d/inside; touch /d/x", NULL);
  cr_expect_str_eq (r.out, "theirs\n", "stderr: %s", r.err);
  cr_expect (strstr (r.err, "Read-only file system") != NULL, "%s", r.err);
  sbx_release (&r);
  snprintf (vol, sizeof vol, "%s:/d", mine);
  sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "-v", vol, "--", "cat", "/d/inside", NULL);
  cr_expect_eq (r.status, 0, "stderr: %s", r.err);
  cr_expect_str_eq (r.out, "mine\n");
  sbx_release (&r);
  sbx_tmpdir_remove (others);
  sbx_tmpdir_remove (mine);
}

/* A symlink the caller swaps between its own directory and root's while
 * nsbox runs: the bind is of what was opened as the caller, so root's
 * directory never shows. */
Test (suid, a_symlink_swapped_under_a_bind_never_reaches_what_the_caller_cannot_open)
{
  char *mine, *links, link[4300], vol[4400], target[4300];
  pid_t swapper;

  need_helper ();
  mine = users_dir (member_uid (), 0755, "mine\n");
  links = users_dir (member_uid (), 0755, "");
  snprintf (link, sizeof link, "%s/link", links);
  snprintf (target, sizeof target, "%s", mine);
  swapper = fork ();
  cr_assert_geq (swapper, 0);
  if (swapper == 0)
    {
      char tmp[4400];

      become (member_uid (), true);
      snprintf (tmp, sizeof tmp, "%s.tmp", link);
      for (unsigned i = 0;; i++)
        {
          unlink (tmp);
          if (symlink (i % 2 ? "/root" : target, tmp) < 0 || rename (tmp, link) < 0)
            _exit (1);
        }
    }
  snprintf (vol, sizeof vol, "%s:/d:ro", link);
  for (int i = 0; i < 30; i++)
    {
      struct sbx r = { 0 };

      sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "-v", vol, "--", "ls", "-a", "/d", NULL);
      cr_expect (r.status == 0 || r.status == 125, "status %d: %s", r.status, r.err);
      if (r.status == 0)
        cr_expect (strstr (r.out, "inside") != NULL, "the bind is not the caller's directory: %s", r.out);
      sbx_release (&r);
    }
  kill (swapper, SIGKILL);
  waitpid (swapper, NULL, 0);
  sbx_tmpdir_remove (mine);
  sbx_tmpdir_remove (links);
}

/* ---- forged requests ------------------------------------------------------------------ */

static void
expect_forged_refused (const struct forged *f, const char *says)
{
  struct outcome *o = calloc (1, sizeof *o);

  forge (f, o);
  cr_expect_eq (o->status, 125, "status %d, stderr: %s", o->status, o->err);
  cr_expect (strstr (o->err, says) != NULL, "expected \"%s\" in: %s", says, o->err);
  free (o);
}

Test (suid, forged_requests_are_refused)
{
  char text[8192];
  int null, shadow_path, root_dir_path, fds[256];
  struct forged f = { 0 };

  need_helper ();
  null = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  /* O_PATH proves nothing about reading: root opens anything that way. */
  shadow_path = open ("/etc/shadow", O_PATH | O_CLOEXEC);
  root_dir_path = open ("/root", O_PATH | O_DIRECTORY | O_CLOEXEC);
  cr_assert (null >= 0 && shadow_path >= 0 && root_dir_path >= 0);
  fds[0] = null;
  fds[1] = shadow_path;
  snprintf (text, sizeof text,
            "{\"protocol\":1,\"keys\":[[\"rootfs\",\"%s\"],[\"argv\",\"cat\"],[\"argv\",\"/s\"]],"
            "\"volumes\":[{\"fd\":1,\"source\":\"x\",\"destination\":\"/s\",\"read_only\":true}]}",
            sbx_root ("busybox"));
  f = (struct forged){ .text = text, .fds = fds, .n_fds = 2 };
  expect_forged_refused (&f, "not opened for reading");
  fds[1] = root_dir_path;
  expect_forged_refused (&f, "not opened for reading");
  snprintf (text, sizeof text, "{\"protocol\":1,\"keys\":[[\"lang\",\"python\"]],\"code\":1}");
  fds[1] = shadow_path;
  expect_forged_refused (&f, "not opened for reading");
  /* --stdin-each's inputs likewise; as a path they are refused like --code. */
  snprintf (text, sizeof text,
            "{\"protocol\":1,\"keys\":[[\"lang\",\"c\"],[\"code\",\"-\"]],"
            "\"stdin_each\":[{\"fd\":1,\"name\":\"in\"}]}");
  expect_forged_refused (&f, "not opened for reading");
  snprintf (text, sizeof text, "{\"protocol\":1,\"keys\":[[\"lang\",\"c\"],[\"stdin_each\",\"/etc/shadow\"]]}");
  expect_forged_refused (&f, "--stdin-each is not allowed");
  snprintf (text, sizeof text, "{\"protocol\":1,\"keys\":[],\"stdin_each\":[]}");
  expect_forged_refused (&f, "stdin_each must be an array of 1 to");
  snprintf (text, sizeof text, "{\"protocol\":1,\"keys\":[],\"stdin_each\":[{\"fd\":1}]}");
  expect_forged_refused (&f, "{fd, name}");
  /* Index 0 is the stdin; out of range; twice. */
  snprintf (text, sizeof text, "{\"protocol\":1,\"keys\":[[\"lang\",\"python\"]],\"code\":0}");
  expect_forged_refused (&f, "names no passed file");
  snprintf (text, sizeof text, "{\"protocol\":1,\"keys\":[[\"lang\",\"python\"]],\"code\":7}");
  expect_forged_refused (&f, "names no passed file");
  /* A path where a file is expected, a key the helper does not know, another protocol. */
  snprintf (text, sizeof text, "{\"protocol\":1,\"keys\":[[\"lang\",\"python\"],[\"code\",\"/etc/shadow\"]]}");
  expect_forged_refused (&f, "--code as a path");
  snprintf (text, sizeof text, "{\"protocol\":1,\"keys\":[[\"store\",\"/tmp\"]]}");
  expect_forged_refused (&f, "--store is not allowed");
  snprintf (text, sizeof text, "{\"protocol\":1,\"keys\":[],\"extra\":1}");
  expect_forged_refused (&f, "an object of protocol");
  snprintf (text, sizeof text, "{\"protocol\":2,\"keys\":[]}");
  expect_forged_refused (&f, "protocol 1 expected");
  snprintf (text, sizeof text, "{\"protocol\":1,\"keys\":[[\"env\"]]}");
  expect_forged_refused (&f, "[key, value]");
  snprintf (text, sizeof text, "not json");
  expect_forged_refused (&f, "request:");
  /* Bigger than the protocol allows, in the header: refused before it is read. */
  f = (struct forged){ .length = 10u << 20, .text = "{}", .fds = fds, .n_fds = 1 };
  expect_forged_refused (&f, "a request of 10485760 bytes");
  /* More fds than there is room for (but what one message can carry):
   * refused, and none of them kept. */
  for (int i = 0; i < 250; i++)
    fds[i] = null;
  f = (struct forged){ .text = "{\"protocol\":1,\"keys\":[]}", .fds = fds, .n_fds = 250 };
  expect_forged_refused (&f, "more than");
  /* No fds at all. */
  f = (struct forged){ .text = "{\"protocol\":1,\"keys\":[]}" };
  expect_forged_refused (&f, "no stdin");
  close (null);
  close (shadow_path);
  close (root_dir_path);
}

/* The source a request names is a name: the bind is of the fd passed. */
Test (suid, a_volumes_source_name_is_never_opened)
{
  char *mine, text[8192];
  struct forged f;
  struct outcome *o = calloc (1, sizeof *o);
  int fds[2];

  need_helper ();
  mine = users_dir (member_uid (), 0755, "mine\n");
  fds[0] = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  fds[1] = open (mine, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  snprintf (text, sizeof text,
            "{\"protocol\":1,\"keys\":[[\"rootfs\",\"%s\"],[\"argv\",\"ls\"],[\"argv\",\"/d\"]],"
            "\"volumes\":[{\"fd\":1,\"source\":\"/root\",\"destination\":\"/d\",\"read_only\":true}]}",
            sbx_root ("busybox"));
  f = (struct forged){ .text = text, .fds = fds, .n_fds = 2 };
  forge (&f, o);
  cr_expect_eq (o->status, 0, "stderr: %s", o->err);
  cr_expect_str_eq (o->out, "inside\n");
  close (fds[0]);
  close (fds[1]);
  free (o);
  sbx_tmpdir_remove (mine);
}

/* ---- argv and environment bounded ---------------------------------------------------- */

Test (suid, argv_and_environment_are_bounded)
{
  static char value[400];
  const char **args = calloc (2100, sizeof *args);
  struct sbx r = { 0 };
  size_t n = 0;

  need_helper ();
  memset (value, 'v', sizeof value - 1);
  for (int i = 0; i < 1000; i++)
    {
      char *e;

      cr_assert_geq (asprintf (&e, "E%d=%s", i, value), 0);
      args[n++] = "-e";
      args[n++] = e;
    }
  args[n++] = "--rootfs";
  args[n++] = sbx_root ("busybox");
  args[n++] = "--";
  args[n++] = "true";
  sbx_execv (&r, args);
  cr_expect_eq (r.status, 125, "stderr: %s", r.err);
  cr_expect (strstr (r.err, "the setuid helper takes at most") != NULL, "%s", r.err);
  sbx_release (&r);
  /* 1000 short ones fit, and arrive. */
  for (size_t i = 1; i < 2000; i += 2)
    {
      char *e = (char *) args[i];
      e[strcspn (e, "=") + 2] = '\0';
    }
  args[n - 1] = "sh";
  args[n++] = "-c";
  args[n++] = "env | grep -c '^E[0-9]*=v$'";
  args[n] = NULL;
  sbx_execv (&r, args);
  cr_expect_eq (r.status, 0, "stderr: %s", r.err);
  cr_expect_str_eq (r.out, "1000\n");
  sbx_release (&r);
  for (size_t i = 1; i < 2000; i += 2)
    free ((char *) args[i]);
  free (args);
}

/* ---- the helper's process: fds, rlimits, umask, signals, ptrace -------------------------------- */

/* The helper started with fds 3-1023 open on a file of the caller's: none
 * survives into it (looked at from outside while its sandbox sleeps). */
Test (suid, fds_the_caller_leaves_open_are_closed_first)
{
  char *dir = users_dir (member_uid (), 0755, "marker\n"), marker[4300], text[8192], fdpath[64], link[4300];
  int sv[2], out[2], err[2], fds[1];
  struct outcome *o = calloc (1, sizeof *o);
  pid_t pid;
  struct forged f;
  int leaked = 0;

  need_helper ();
  snprintf (marker, sizeof marker, "%s/inside", dir);
  cr_assert_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  cr_assert_eq (pipe2 (err, O_CLOEXEC), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      struct rlimit many = { 2048, 2048 };

      setrlimit (RLIMIT_NOFILE, &many);
      dup2 (sv[1], 0);
      dup2 (out[1], 1);
      dup2 (err[1], 2);
      for (int fd = 3; fd < 1024; fd++)
        {
          int m = open (marker, O_RDONLY);
          if (m >= 0 && m != fd)
            {
              dup2 (m, fd);
              close (m);
            }
        }
      become (member_uid (), true);
      execl (env ("NSBOX_SUID_HELPER"), "nsbox-suid", "exec", (char *) NULL);
      _exit (127);
    }
  close (sv[1]);
  close (out[1]);
  close (err[1]);
  fds[0] = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  snprintf (text, sizeof text, "{\"protocol\":1,\"keys\":[[\"rootfs\",\"%s\"],[\"argv\",\"sleep\"],[\"argv\",\"1\"]]}",
            sbx_root ("busybox"));
  f = (struct forged){ .text = text, .fds = fds, .n_fds = 1 };
  send_forged (sv[0], &f);
  usleep (500 * 1000);
  for (int fd = 0; fd < 1100; fd++)
    {
      ssize_t n;

      snprintf (fdpath, sizeof fdpath, "/proc/%d/fd/%d", (int) pid, fd);
      if ((n = readlink (fdpath, link, sizeof link - 1)) < 0)
        continue;
      link[n] = '\0';
      if (strcmp (link, marker) == 0)
        leaked++;
    }
  collect (out[0], err[0], pid, o);
  close (sv[0]);
  close (fds[0]);
  cr_expect_eq (o->status, 0, "stderr: %s", o->err);
  cr_expect_eq (leaked, 0, "%d of the caller's fds are open in the helper", leaked);
  free (o);
  sbx_tmpdir_remove (dir);
}

/* Soft limits the caller lowered are raised back; a hard limit the helper
 * cannot raise (no CAP_SYS_RESOURCE) is a refusal naming it.  Either way the
 * audit log stays whole. */
Test (suid, the_callers_rlimits_never_tear_what_the_helper_writes)
{
  const int resources[] = { RLIMIT_NOFILE, RLIMIT_FSIZE };
  const char *names[] = { "RLIMIT_NOFILE", "RLIMIT_FSIZE" };
  const rlim_t values[] = { 4, 0 };
  char text[4096];
  int fds[1];

  need_helper ();
  fds[0] = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  snprintf (text, sizeof text,
            "{\"protocol\":1,\"keys\":[[\"rootfs\",\"%s\"],[\"argv\",\"echo\"],[\"argv\",\"ran\"]]}",
            sbx_root ("busybox"));
  for (int hard = 0; hard <= 1; hard++)
    for (size_t k = 0; k < 2; k++)
      {
        struct outcome *o = calloc (1, sizeof *o);
        struct forged f = { .text = text, .fds = fds, .n_fds = 1 };

        forge_resource = resources[k];
        cr_assert_eq (getrlimit (resources[k], &forge_limit), 0);
        forge_limit.rlim_cur = values[k];
        if (hard)
          forge_limit.rlim_max = values[k];
        forge (&f, o);
        forge_resource = -1;
        if (!hard || o->status == 0)
          {
            cr_expect_eq (o->status, 0, "%s %s: %s", hard ? "hard" : "soft", names[k], o->err);
            cr_expect_str_eq (o->out, "ran\n");
          }
        else
          {
            cr_expect_eq (o->status, 125, "hard %s: %s", names[k], o->err);
            cr_expect (strstr (o->err, names[k]) != NULL, "%s", o->err);
          }
        json_decref (audit_last ());
        free (o);
      }
  close (fds[0]);
}

/* umask 0 at exec: the helper's own files are closed to others all the same. */
Test (suid, the_callers_umask_does_not_shape_the_helpers_files)
{
  const char *args[] = { "exec", "--rootfs", sbx_root ("busybox"), "--", "true", NULL };
  struct outcome *o = calloc (1, sizeof *o);
  char quota[4200];
  struct stat st;
  pid_t pid;
  int out[2], err[2];

  need_helper ();
  cr_assert_eq (unlink (env ("NSBOX_TEST_SUID_AUDIT")) == 0 || errno == ENOENT, 1);
  cr_assert_eq (pipe (out), 0);
  cr_assert_eq (pipe (err), 0);
  pid = fork ();
  if (pid == 0)
    {
      dup2 (out[1], 1);
      dup2 (err[1], 2);
      close (out[0]);
      close (err[0]);
      become (member_uid (), true);
      umask (0);
      execl (sbx_nsbox (), "nsbox", args[0], args[1], args[2], args[3], args[4], (char *) NULL);
      _exit (127);
    }
  close (out[1]);
  close (err[1]);
  collect (out[0], err[0], pid, o);
  cr_expect_eq (o->status, 0, "%s", o->err);
  cr_assert_eq (stat (env ("NSBOX_TEST_SUID_AUDIT"), &st), 0);
  cr_expect_eq (st.st_mode & 07777, 0600, "audit log mode %o", st.st_mode & 07777);
  cr_expect_eq (st.st_uid, 0);
  snprintf (quota, sizeof quota, "%s/.quota/%u", env ("NSBOX_TEST_SUID_STATE_ROOT"), (unsigned) member_uid ());
  cr_assert_eq (stat (quota, &st), 0);
  cr_expect_eq (st.st_mode & 07777, 0700, "quota dir mode %o", st.st_mode & 07777);
  free (o);
}

/* The helper of a running nsbox (its child). */
static pid_t
helper_of (pid_t nsbox)
{
  char path[64], buf[64];
  FILE *f;
  int pid = 0;

  snprintf (path, sizeof path, "/proc/%d/task/%d/children", (int) nsbox, (int) nsbox);
  for (int i = 0; i < 200 && pid == 0; i++)
    {
      if ((f = fopen (path, "r")) != NULL)
        {
          if (fgets (buf, sizeof buf, f))
            pid = atoi (buf);
          fclose (f);
        }
      if (pid == 0)
        usleep (1000);
    }
  return pid;
}

/* The caller's kill, stop and trace of its helper: after the first moments
 * the helper is root's, and they fail; before, they end a helper that has
 * made nothing.  Either way nothing is left, and the quota slot is free. */
Test (suid, the_caller_cannot_kill_stop_or_trace_its_helper_into_leaving_things_behind)
{
  const char *args[] = { "--rootfs", sbx_root ("busybox"), "--", "sleep", "0.3", NULL };
  unsigned seed = (unsigned) time (NULL);

  need_helper ();
  site_quotas ("[{\"concurrent\": 1, \"per_minute\": 1000}]");
  for (int i = 0; i < 20; i++)
    {
      struct sbx r = { 0 };
      pid_t nsbox = sbx_spawn (&r, -1, args), helper, attacker;
      int status;

      helper = helper_of (nsbox);
      usleep ((useconds_t) (rand_r (&seed) % 30000));
      attacker = fork ();
      if (attacker == 0)
        {
          become (member_uid (), true);
          if (i % 3 == 2)
            _exit (ptrace (PTRACE_SEIZE, helper, 0, 0) == 0 ? 1 : errno == EPERM ? 0 : 2);
          _exit (kill (helper, i % 3 ? SIGSTOP : SIGKILL) == 0 ? 3 : errno == EPERM ? 0 : 2);
        }
      cr_assert_eq (waitpid (attacker, &status, 0), attacker);
      if (WEXITSTATUS (status) == 3 && i % 3 == 1)
        kill (helper, SIGCONT);
      /* 0: refused (EPERM); 3: delivered before the helper was root's. Never traced. */
      cr_expect (WEXITSTATUS (status) == 0 || (WEXITSTATUS (status) == 3 && i % 3 != 2), "try %d: %d", i,
                 WEXITSTATUS (status));
      sbx_wait (&r, nsbox);
      sbx_release (&r);
    }
  /* The one slot is free. */
  {
    struct sbx r = { 0 };

    sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "--", "true", NULL);
    cr_expect_eq (r.status, 0, "stderr: %s", r.err);
    sbx_release (&r);
  }
}

/* A helper killed by root (or the OOM killer) at any moment of set-up: the
 * user's gc removes what it left, and its slot is free at once. */
Test (suid, a_helper_killed_at_any_moment_leaves_nothing_the_users_gc_cannot_remove)
{
  const char *args[] = { "--rootfs", sbx_root ("busybox"), "--", "sleep", "5", NULL };
  const char *gc[] = { "gc", NULL };
  unsigned seed = (unsigned) time (NULL) + 1;

  need_helper ();
  site_quotas ("[{\"concurrent\": 1, \"per_minute\": 1000}]");
  for (int i = 0; i < 15; i++)
    {
      struct sbx r = { 0 };
      struct outcome *o = calloc (1, sizeof *o);
      pid_t nsbox = sbx_spawn (&r, -1, args), helper = helper_of (nsbox);

      usleep ((useconds_t) (rand_r (&seed) % 40000));
      kill (helper, SIGKILL);
      waitpid (nsbox, NULL, 0);
      nsbox_as (member_uid (), true, gc, o);
      cr_expect_eq (o->status, 0, "gc: %s", o->err);
      sbx_assert_gone (r.id);
      sbx_release (&r);
      free (o);
    }
  {
    struct sbx r = { 0 };

    sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "--", "true", NULL);
    cr_expect_eq (r.status, 0, "the slot of a killed helper is free: %s", r.err);
    sbx_release (&r);
  }
}

/* ---- who may use it ---------------------------------------------------------------- */

Test (suid, a_user_outside_the_group_cannot_run_the_helper)
{
  uid_t outsider;
  pid_t pid;
  int status;
  size_t before;

  need_helper ();
  outsider = (uid_t) atoi (env ("NSBOX_TEST_SUID_OUTSIDER_UID"));
  before = audit_lines ();
  pid = fork ();
  if (pid == 0)
    {
      become (outsider, false);
      execl (env ("NSBOX_SUID_HELPER"), "nsbox-suid", "exec", (char *) NULL);
      _exit (errno == EACCES ? 77 : 1);
    }
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  cr_expect_eq (WEXITSTATUS (status), 77, "the kernel refuses the exec (mode 4750)");
  cr_expect_eq (audit_lines (), before);
}

/* Installed too widely (4755): the helper itself refuses a non-member,
 * before any privileged work (no audit record). */
Test (suid, a_helper_installed_too_widely_still_refuses_a_non_member)
{
  char *dir = sbx_tmpdir (), copy[4300];
  struct outcome *o = calloc (1, sizeof *o);
  int out[2], err[2];
  size_t before;
  pid_t pid;
  char cmd[8800];

  need_helper ();
  snprintf (copy, sizeof copy, "%s/nsbox-suid", dir);
  snprintf (cmd, sizeof cmd, "cp '%s' '%s' && chmod 4755 '%s' && chmod 0755 '%s'", env ("NSBOX_SUID_HELPER"), copy,
            copy, dir);
  cr_assert_eq (system (cmd), 0);
  before = audit_lines ();
  cr_assert_eq (pipe (out), 0);
  cr_assert_eq (pipe (err), 0);
  pid = fork ();
  if (pid == 0)
    {
      dup2 (out[1], 1);
      dup2 (err[1], 2);
      close (out[0]);
      close (err[0]);
      become ((uid_t) atoi (env ("NSBOX_TEST_SUID_OUTSIDER_UID")), false);
      execl (copy, "nsbox-suid", "exec", (char *) NULL);
      _exit (127);
    }
  close (out[1]);
  close (err[1]);
  collect (out[0], err[0], pid, o);
  cr_expect_eq (o->status, 125, "%s", o->err);
  cr_expect (strstr (o->err, "is not a member of group") != NULL, "%s", o->err);
  cr_expect_eq (audit_lines (), before);
  free (o);
  sbx_tmpdir_remove (dir);
}

/* ---- quotas -------------------------------------------------------------------------- */

static void
expect_quota_exceeded (const char *which)
{
  struct sbx r = { 0 };
  json_t *last;

  sbx_exec (&r, "--json", "--rootfs", sbx_root ("busybox"), "--", "true", NULL);
  cr_expect_eq (r.status, 125, "stderr: %s", r.err);
  cr_expect_str_eq (sbx_str (&r, "status"), "quota-exceeded");
  cr_expect_str_eq (sbx_str (&r, "quota"), which);
  last = audit_last ();
  cr_expect_str_eq (jstr (last, "decision"), "refused");
  cr_expect_str_eq (jstr (last, "quota"), which);
  json_decref (last);
  sbx_release (&r);
}

Test (suid, one_sandbox_more_than_the_concurrent_quota_is_refused)
{
  const char *args[] = { "--rootfs", sbx_root ("busybox"), "--", "sleep", "2", NULL };
  struct sbx a = { 0 }, b = { 0 }, c = { 0 };
  pid_t pa, pb;

  need_helper ();
  site_quotas ("[{\"concurrent\": 2, \"per_minute\": 1000}]");
  pa = sbx_spawn (&a, -1, args);
  pb = sbx_spawn (&b, -1, args);
  usleep (700 * 1000);
  expect_quota_exceeded ("concurrent");
  sbx_wait (&a, pa);
  sbx_wait (&b, pb);
  cr_expect_eq (a.status, 0);
  cr_expect_eq (b.status, 0);
  sbx_exec (&c, "--rootfs", sbx_root ("busybox"), "--", "true", NULL);
  cr_expect_eq (c.status, 0, "a slot is free again: %s", c.err);
  sbx_release (&a);
  sbx_release (&b);
  sbx_release (&c);
}

/* A group's rule applies to its members; the first rule that matches wins. */
Test (suid, the_rate_quota_holds_over_a_minute)
{
  char rule[256];

  need_helper ();
  snprintf (rule, sizeof rule, "[{\"group\": \"%s\", \"concurrent\": 4, \"per_minute\": 3}, {\"per_minute\": 1000}]",
            env ("NSBOX_TEST_SUID_GID"));
  site_quotas (rule);
  for (int i = 0; i < 3; i++)
    {
      struct sbx r = { 0 };

      sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "--", "true", NULL);
      cr_expect_eq (r.status, 0, "run %d: %s", i, r.err);
      sbx_release (&r);
    }
  expect_quota_exceeded ("per_minute");
  sleep (30);
  expect_quota_exceeded ("per_minute");
  sleep (31);
  {
    struct sbx r = { 0 };

    sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "--", "true", NULL);
    cr_expect_eq (r.status, 0, "a minute later: %s", r.err);
    sbx_release (&r);
  }
}

Test (suid, the_cpu_time_quota_counts_what_ended_in_the_last_hour)
{
  struct sbx r = { 0 };

  need_helper ();
  site_quotas ("[{\"concurrent\": 4, \"per_minute\": 1000, \"cpu_seconds_per_hour\": 1}]");
  /* Two seconds of one CPU, then the timeout. */
  sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "--timeout", "2", "--", "sh", "-c", "while :; do :; done", NULL);
  cr_expect_eq (r.status, 124, "stderr: %s", r.err);
  sbx_release (&r);
  expect_quota_exceeded ("cpu_seconds_per_hour");
}

/* ---- the audit log ------------------------------------------------------------------ */

Test (suid, the_audit_log_has_one_record_per_request_with_who_what_and_how_it_ended)
{
  char *code_dir = users_dir (member_uid (), 0755, "print(6 * 7)\n"), code[4300];
  size_t before;
  json_t *last, *caller, *outcome;
  struct sbx r = { 0 };

  need_helper ();
  snprintf (code, sizeof code, "%s/inside", code_dir);
  before = audit_lines ();
  for (int i = 0; i < 3; i++)
    {
      sbx_release (&r);
      sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "-m", "64m", "--", "sh", "-c", "exit 3", NULL);
      cr_expect_eq (r.status, 3);
    }
  cr_expect_eq (audit_lines (), before + 3);
  last = audit_last ();
  caller = json_object_get (last, "caller");
  outcome = json_object_get (last, "outcome");
  cr_expect_eq (json_integer_value (json_object_get (caller, "uid")), member_uid ());
  cr_expect_str_eq (jstr (last, "decision"), "accepted");
  cr_expect_str_eq (jstr (json_object_get (last, "request"), "memory"), "64m");
  cr_expect_str_eq (jstr (outcome, "status"), "exited");
  cr_expect_eq (json_integer_value (json_object_get (outcome, "exit_code")), 3);
  cr_expect (json_is_number (json_object_get (outcome, "wall_time_s")));
  cr_expect (json_is_integer (json_object_get (outcome, "memory_peak_bytes")));
  cr_expect_str_eq (jstr (last, "sandbox_id"), r.id);
  json_decref (last);
  sbx_release (&r);
  /* `nsbox stats --audit` reads it, by caller. */
  {
    char user[32], audit_opt[4200];
    const char *argv[] = { sbx_nsbox (), "stats", audit_opt, "--format", "json", NULL };
    json_t *doc, *mine;

    snprintf (audit_opt, sizeof audit_opt, "--audit=%s", env ("NSBOX_TEST_SUID_AUDIT"));
    snprintf (user, sizeof user, "uid %u", (unsigned) member_uid ());
    sbx_run (&r, argv, NULL);
    cr_expect_eq (r.status, 0, "%s", r.err);
    doc = json_loads (r.out, 0, NULL);
    cr_assert_not_null (doc, "%s", r.out);
    mine = json_object_get (json_object_get (doc, "by_user"), user);
    cr_expect_geq (json_integer_value (json_object_get (mine, "runs")), 3, "%s", r.out);
    json_decref (doc);
    sbx_release (&r);
  }
  /* A language run's code is recorded by its SHA-256. */
  sbx_exec (&r, "--lang", "python", "--code", code, NULL);
  if (r.status == 0)
    {
      uint8_t digest[NSBOX_SHA256_DIGEST_SIZE];
      char hex[NSBOX_SHA256_HEX_SIZE];

      nsbox_sha256 ("print(6 * 7)\n", 13, digest);
      nsbox_sha256_hex (digest, hex);
      last = audit_last ();
      cr_expect_str_eq (jstr (json_object_get (last, "request"), "code_sha256"), hex);
      json_decref (last);
    }
  sbx_release (&r);
  sbx_tmpdir_remove (code_dir);
}

/* ---- ps and gc ---------------------------------------------------------------------- */

Test (suid, ps_and_gc_of_a_user_see_that_users_sandboxes_only)
{
  const char *args[] = { "--rootfs", sbx_root ("busybox"), "--", "sleep", "1.5", NULL };
  const char *ps[] = { "ps", NULL };
  uid_t other;
  struct outcome *mine = calloc (1, sizeof *mine), *theirs = calloc (1, sizeof *theirs);
  struct sbx r = { 0 };
  pid_t pid;

  need_helper ();
  other = (uid_t) atoi (env ("NSBOX_TEST_SUID_OTHER_UID"));
  pid = sbx_spawn (&r, -1, args);
  usleep (700 * 1000);
  nsbox_as (member_uid (), true, ps, mine);
  nsbox_as (other, true, ps, theirs);
  cr_expect_eq (mine->status, 0, "%s", mine->err);
  cr_expect (strstr (mine->out, r.id) != NULL, "the member's ps: %s", mine->out);
  cr_expect (strstr (mine->out, "sleep 1.5") != NULL);
  cr_expect_eq (theirs->status, 0, "%s", theirs->err);
  cr_expect (strstr (theirs->out, r.id) == NULL, "another user's ps shows it: %s", theirs->out);
  cr_expect (strstr (theirs->out, "sleep") == NULL);
  sbx_wait (&r, pid);
  sbx_release (&r);
  free (mine);
  free (theirs);
}

Test (suid, another_users_gc_leaves_an_orphaned_sandbox_alone)
{
  const char *args[] = { "--rootfs", sbx_root ("busybox"), "--", "sleep", "30", NULL };
  const char *gc[] = { "gc", NULL };
  char state[4300];
  struct outcome *o = calloc (1, sizeof *o);
  struct sbx r = { 0 };
  pid_t nsbox, helper;

  need_helper ();
  nsbox = sbx_spawn (&r, -1, args);
  helper = helper_of (nsbox);
  usleep (700 * 1000);
  /* Orphaned: its helper is gone, its sandbox and state stay for gc. */
  kill (helper, SIGKILL);
  waitpid (nsbox, NULL, 0);
  snprintf (state, sizeof state, "%s/%s.json", sbx_state_root (), r.id);
  nsbox_as ((uid_t) atoi (env ("NSBOX_TEST_SUID_OTHER_UID")), true, gc, o);
  cr_expect_eq (o->status, 0, "%s", o->err);
  cr_expect_eq (access (state, F_OK), 0, "another user's gc removed it");
  nsbox_as (member_uid (), true, gc, o);
  cr_expect_eq (o->status, 0, "%s", o->err);
  cr_expect (strstr (o->out, r.id) != NULL, "%s", o->out);
  sbx_assert_gone (r.id);
  sbx_release (&r);
  free (o);
}

/* A read-write volume is idmapped: the caller's files are the workload's to
 * write, what it makes is the caller's on disk, and a file of anyone else's
 * in there stays closed to it. */
Test (suid, a_read_write_volume_maps_the_caller_onto_the_workload)
{
  char *mine, vol[4300], path[4400];
  struct sbx r = { 0 };
  struct stat st;

  need_helper ();
  mine = users_dir (member_uid (), 0755, "mine\n");
  snprintf (path, sizeof path, "%s/roots", mine);
  write_file (path, "root's\n");
  cr_assert_eq (chmod (path, 0644), 0);
  snprintf (vol, sizeof vol, "%s:/d", mine);
  sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "-v", vol, "--", "sh", "-c",
            "echo made > /d/made && echo more >> /d/inside && stat -c '%u %n' /d/inside /d/made; "
            "echo x >> /d/roots || echo refused",
            NULL);
  cr_expect_eq (r.status, 0, "stderr: %s", r.err);
  cr_expect_str_eq (r.out, "65534 /d/inside\n65534 /d/made\nrefused\n", "stderr: %s", r.err);
  snprintf (path, sizeof path, "%s/made", mine);
  cr_assert_eq (stat (path, &st), 0);
  cr_expect_eq (st.st_uid, member_uid (), "made on disk as uid %u", (unsigned) st.st_uid);
  sbx_release (&r);
  sbx_tmpdir_remove (mine);
}

/* -t through the helper: the caller's own terminal, relayed as root's is;
 * a stdin that is no terminal of the caller's is refused. */
Test (suid, a_terminal_only_of_the_callers_own)
{
  const char *args[] = { "-t", "--rootfs", sbx_root ("busybox"), "--", "sh", "-c", "tty; stty size", NULL };
  struct winsize ws = { .ws_row = 33, .ws_col = 77 };
  char out[4096];
  struct sbx r = { 0 };
  int status;

  need_helper ();
  status = sbx_exec_on_pty (args, &ws, out, sizeof out);
  cr_expect_eq (status, 0, "%s", out);
  cr_expect (strstr (out, "/dev/pts/0") != NULL, "%s", out);
  cr_expect (strstr (out, "33 77") != NULL, "%s", out);
  sbx_execv (&r, args);
  cr_expect_eq (r.status, 125, "stderr: %s", r.err);
  cr_expect (strstr (r.err, "not a terminal of the caller's own") != NULL, "%s", r.err);
  sbx_release (&r);
}

/* helper.syslog: each record goes to syslog too.  Checked by listening on
 * /dev/log where this host has no syslog daemon there. */
Test (suid, the_audit_record_goes_to_syslog_when_the_site_asks)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX, .sun_path = "/dev/log" };
  char buf[8192];
  struct sbx r = { 0 };
  ssize_t n;
  int sock;

  need_helper ();
  if (access ("/dev/log", F_OK) == 0)
    cr_skip_test ("/dev/log is this host's syslog's: not taken over by a test");
  sock = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  cr_assert_geq (sock, 0);
  cr_assert_eq (bind (sock, (struct sockaddr *) &addr, sizeof addr), 0, "%s", strerror (errno));
  chmod ("/dev/log", 0666);
  site_set ("syslog", "true");
  sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "--", "true", NULL);
  cr_expect_eq (r.status, 0, "%s", r.err);
  n = recv (sock, buf, sizeof buf - 1, MSG_DONTWAIT);
  unlink ("/dev/log");
  close (sock);
  cr_assert_gt (n, 0, "nothing reached syslog");
  buf[n] = '\0';
  cr_expect (strstr (buf, "nsbox-suid[") != NULL, "%s", buf);
  cr_expect (strstr (buf, r.id) != NULL && strstr (buf, "\"decision\":\"accepted\"") != NULL, "%s", buf);
  sbx_release (&r);
}

/* `nsbox version` says which way this user's exec goes. */
Test (suid, version_says_the_helper_is_used)
{
  const char *version[] = { "version", NULL };
  struct outcome *o = calloc (1, sizeof *o);

  need_helper ();
  nsbox_as (member_uid (), true, version, o);
  cr_expect_eq (o->status, 0, "%s", o->err);
  cr_expect (strstr (o->out, "\nmode: through the setuid helper ") != NULL, "%s", o->out);
  nsbox_as ((uid_t) atoi (env ("NSBOX_TEST_SUID_OUTSIDER_UID")), false, version, o);
  cr_expect (strstr (o->out, "\nmode: rootless (") != NULL, "%s", o->out);
  free (o);
}
