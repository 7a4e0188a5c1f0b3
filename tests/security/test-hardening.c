/* Attacks on what sandboxes share with the host and with each other: kernel
 * pools, the caller's files, the host's file systems and what the host
 * tells about itself.  Each test failed before the defence it checks. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define ROOT sbx_root ("busybox")

TestSuite (hardening, .timeout = 120);

/* A sandbox started with a pipe as its stdin (-i) and its stdout read here. */
struct held
{
  struct sbx r;
  pid_t pid;
  int in, out;
};

static void
hold_start (struct held *h, const char *const *args)
{
  const char *argv[64];
  int in[2], out[2];
  size_t n = 0;

  argv[n++] = "-i";
  while (*args && n < 63)
    argv[n++] = *args++;
  argv[n] = NULL;
  cr_assert_eq (pipe2 (in, O_CLOEXEC), 0);
  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  memset (h, 0, sizeof *h);
  static unsigned counter;

  /* sbx_spawn gives nsbox /dev/null as its stdin; these tests need a pipe. */
  snprintf (h->r.id, sizeof h->r.id, "h%d-%u", (int) getpid (), counter++);
  h->pid = fork ();
  cr_assert_geq (h->pid, 0);
  if (h->pid == 0)
    {
      const char *full[70] = { sbx_nsbox (), "exec", "--id", h->r.id };
      size_t m = 4;
      for (size_t i = 0; argv[i]; i++)
        full[m++] = argv[i];
      full[m] = NULL;
      dup2 (in[0], 0);
      dup2 (out[1], 1);
      execv (full[0], (char **) full);
      _exit (127);
    }
  close (in[0]);
  close (out[1]);
  h->in = in[1];
  h->out = out[0];
}

/* One line of the sandbox's output (waits up to 20 s). */
static void
hold_line (struct held *h, char *buf, size_t size)
{
  size_t got = 0;

  buf[0] = '\0';
  while (strchr (buf, '\n') == NULL && got < size - 1)
    {
      struct pollfd p = { .fd = h->out, .events = POLLIN };
      ssize_t n;

      cr_assert_gt (poll (&p, 1, 20000), 0, "no line from the sandbox");
      n = read (h->out, buf + got, size - 1 - got);
      cr_assert_gt (n, 0, "the sandbox ended without a line");
      got += (size_t) n;
      buf[got] = '\0';
    }
}

static int
hold_end (struct held *h)
{
  int status;

  close (h->in);
  cr_assert_eq (waitpid (h->pid, &status, 0), h->pid);
  close (h->out);
  sbx_assert_gone (h->r.id);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

/* ---------------------------------------------------------------- ptys */

/* kernel.pty.max is one pool for every devpts instance: a sandbox that opens
 * ptys until it fails gets its own bound, never the host's pool, and another
 * sandbox can still open one meanwhile. */
Test (hardening, a_sandbox_cannot_exhaust_the_pty_pool)
{
  const char *hog[] = { "--rootfs", ROOT, "-v", sbx_probe_volume (), "--", "/probe", "open-ptys", "200", "hold",
                        NULL };
  struct held h;
  struct sbx other = { 0 };
  char line[256];

  hold_start (&h, hog);
  hold_line (&h, line, sizeof line);
  cr_assert_str_eq (line, "16 ENOSPC\n", "the default bound is 16 ptys: %s", line);
  sbx_exec (&other, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--", "/probe", "open-ptys", "1", NULL);
  cr_assert_str_eq (other.out, "1 max\n", "%s", other.err);
  sbx_release (&other);
  cr_assert_eq (hold_end (&h), 0);
}

Test (hardening, ptys_flag_sets_the_bound_and_the_terminal_counts)
{
  struct sbx r = { 0 };
  const char *args[] = { "--rootfs", ROOT, "-t", "--ptys", "3", "-v", sbx_probe_volume (), "--", "/probe",
                         "open-ptys", "50", NULL };
  struct winsize ws = { .ws_row = 24, .ws_col = 80 };
  char out[4096];

  sbx_exec (&r, "--rootfs", ROOT, "--ptys", "4", "-v", sbx_probe_volume (), "--", "/probe", "open-ptys", "50", NULL);
  cr_assert_str_eq (r.out, "4 ENOSPC\n", "%s", r.err);
  sbx_release (&r);
  /* -t takes one of them for the command's own terminal. */
  cr_assert_eq (sbx_exec_on_pty (args, &ws, out, sizeof out), 0, "%s", out);
  cr_assert_not_null (strstr (out, "2 ENOSPC"), "%s", out);
}

/* ---------------------------------------------------------------- the caller's fds */

/* Run nsbox with the given fds as its stdin, stdout and stderr; returns its status. */
static int
run_with_fds (struct sbx *r, int in, int out, int err, const char *const *args)
{
  const char *argv[64] = { sbx_nsbox (), "exec", "--id", r->id };
  static unsigned counter;
  size_t n = 4;
  int status;
  pid_t pid;

  snprintf (r->id, sizeof r->id, "f%d-%u", (int) getpid (), counter++);
  while (*args && n < 63)
    argv[n++] = *args++;
  argv[n] = NULL;
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      dup2 (in, 0);
      dup2 (out, 1);
      dup2 (err, 2);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  sbx_assert_gone (r->id);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static char *
slurp (const char *path)
{
  static char buf[65536];
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  ssize_t n;

  cr_assert_geq (fd, 0, "%s", path);
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  buf[n > 0 ? n : 0] = '\0';
  return buf;
}

/* An append-only log given as nsbox's stdout: the workload, even as uid 0
 * (which owns the file), must not read what the log held, truncate it or
 * learn where it lives, by opening /proc/self/fd/1 again. */
Test (hardening, the_callers_stdout_file_cannot_be_reopened)
{
  char *dir = sbx_tmpdir ();
  char log[4200];
  struct sbx r = { 0 };
  const char *args[] = { "--rootfs", ROOT, "--user", "0", "-v", sbx_probe_volume (), "--", "/probe", "reopen", "1",
                         NULL };
  int fd, null = open ("/dev/null", O_RDWR | O_CLOEXEC);
  const char *text;

  snprintf (log, sizeof log, "%s/secret.log", dir);
  fd = open (log, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  cr_assert_eq (write (fd, "SECRET-EARLIER\n", 15), 15);
  close (fd);
  fd = open (log, O_WRONLY | O_APPEND | O_CLOEXEC);
  cr_assert_eq (run_with_fds (&r, null, fd, null, args), 0);
  close (fd);
  text = slurp (log);
  cr_assert_eq (strncmp (text, "SECRET-EARLIER\n", 15), 0, "the log was truncated: %s", text);
  cr_assert_null (strstr (text + 15, "SECRET"), "the workload read the log: %s", text);
  cr_assert_null (strstr (text, dir), "the workload saw the host path: %s", text);
  cr_assert_not_null (strstr (text, "link pipe:"), "%s", text);
  close (null);
  sbx_tmpdir_remove (dir);
}

Test (hardening, the_callers_stderr_file_cannot_be_reopened)
{
  char *dir = sbx_tmpdir ();
  char log[4200];
  struct sbx r = { 0 };
  const char *args[] = { "--rootfs", ROOT, "--user", "0", "-v", sbx_probe_volume (), "--", "sh", "-c",
                         "/probe reopen 2 >&2", NULL };
  int fd, null = open ("/dev/null", O_RDWR | O_CLOEXEC);
  const char *text;

  snprintf (log, sizeof log, "%s/err.log", dir);
  fd = open (log, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  cr_assert_eq (write (fd, "SECRET-EARLIER\n", 15), 15);
  close (fd);
  fd = open (log, O_WRONLY | O_APPEND | O_CLOEXEC);
  cr_assert_eq (run_with_fds (&r, null, null, fd, args), 0);
  close (fd);
  text = slurp (log);
  cr_assert_eq (strncmp (text, "SECRET-EARLIER\n", 15), 0, "the log was truncated: %s", text);
  cr_assert_null (strstr (text + 15, "SECRET"), "the workload read the log: %s", text);
  cr_assert_null (strstr (text, dir), "the workload saw the host path: %s", text);
  close (null);
  sbx_tmpdir_remove (dir);
}

/* The same for stdin with -i: a file opened read-only for the workload must
 * not be writable by opening it again. */
Test (hardening, the_callers_stdin_file_cannot_be_reopened_for_writing)
{
  char *dir = sbx_tmpdir ();
  char input[4200];
  struct sbx r = { 0 };
  const char *args[] = { "--rootfs", ROOT, "-i", "--user", "0", "-v", sbx_probe_volume (), "--", "/probe", "reopen",
                         "0", NULL };
  int out[2], in, null = open ("/dev/null", O_RDWR | O_CLOEXEC);
  char buf[4096] = "";
  ssize_t n;

  snprintf (input, sizeof input, "%s/input", dir);
  in = open (input, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  cr_assert_eq (write (in, "INPUT\n", 6), 6);
  close (in);
  in = open (input, O_RDONLY | O_CLOEXEC);
  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  cr_assert_eq (run_with_fds (&r, in, out[1], null, args), 0);
  close (out[1]);
  n = read (out[0], buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = '\0';
  close (out[0]);
  close (in);
  cr_assert_str_eq (slurp (input), "INPUT\n", "the input file was written");
  cr_assert_null (strstr (buf, dir), "the workload saw the host path: %s", buf);
  cr_assert_not_null (strstr (buf, "link pipe:"), "%s", buf);
  close (null);
  sbx_tmpdir_remove (dir);
}

/* ---------------------------------------------------------------- mount points */

/* A hostile root: /data and /data2 both lead to /d. */
static char *
make_two_link_root (bool with_sub)
{
  char *root = sbx_tmpdir ();
  char cmd[8400];

  snprintf (cmd, sizeof cmd,
            "cd %s && mkdir -p proc dev tmp sys d && touch probe && ln -s /d data && ln -s /d data2%s", root,
            with_sub ? " && mkdir d/sub" : "");
  cr_assert_eq (system (cmd), 0);
  return root;
}

static void
two_links_onto_one_bind (bool with_sub)
{
  char *root = make_two_link_root (with_sub);
  char *src = sbx_tmpdir ();
  char v1[4200], v2[4200], sub[4200];
  struct sbx r = { 0 };
  struct stat st;

  snprintf (v1, sizeof v1, "%s:/data", src);
  snprintf (v2, sizeof v2, "%s:/data2/sub", src);
  snprintf (sub, sizeof sub, "%s/sub", src);
  sbx_exec (&r, "--rootfs", root, "-v", v1, "-v", v2, "-v", sbx_probe_volume (), "--", "/probe", "fds", NULL);
  cr_expect_neq (stat (sub, &st), 0, "nsbox created %s on the host", sub);
  cr_expect_eq (r.status, 125, "a destination inside another bind mount was accepted: %s", r.err);
  cr_expect_not_null (strstr (r.err, "/data2/sub"), "%s", r.err);
  sbx_release (&r);
  rmdir (sub);
  sbx_tmpdir_remove (src);
  sbx_tmpdir_remove (root);
}

/* Every mount point exists in the root (so no setup layer), yet after the
 * first bind /data2/sub leads into the host directory. */
Test (hardening, no_mount_point_is_made_in_a_bind_source)
{
  two_links_onto_one_bind (true);
}

/* The root lacks /d/sub: the setup layer is used, and must be the only
 * place where a mount point is made. */
Test (hardening, no_mount_point_is_made_in_a_bind_source_with_a_setup_layer)
{
  two_links_onto_one_bind (false);
}

/* A bind inside another bind would need its mount point made in the host
 * directory: refused, and nothing is made there. */
Test (hardening, a_bind_inside_another_bind_is_refused)
{
  char *a = sbx_tmpdir ();
  char *b = sbx_tmpdir ();
  char v1[4200], v2[4200], y[4200];
  struct sbx r = { 0 };
  struct stat st;

  snprintf (v1, sizeof v1, "%s:/x", a);
  snprintf (v2, sizeof v2, "%s:/x/y", b);
  snprintf (y, sizeof y, "%s/y", a);
  sbx_exec (&r, "--rootfs", ROOT, "-v", v1, "-v", v2, "--", "true", NULL);
  cr_expect_neq (stat (y, &st), 0, "nsbox created %s on the host", y);
  cr_expect_eq (r.status, 125, "%s", r.err);
  cr_expect_not_null (strstr (r.err, "inside the bind mount"), "%s", r.err);
  sbx_release (&r);
  rmdir (y);
  sbx_tmpdir_remove (a);
  sbx_tmpdir_remove (b);
}

/* ---------------------------------------------------------------- what the host tells */

/* The init is nsbox's own process: its command line must not be the caller's
 * `nsbox exec ...` with host paths, ids and file names. */
Test (hardening, the_init_does_not_carry_the_callers_command_line)
{
  struct sbx r = { 0 };
  char *dir = sbx_tmpdir ();
  char report[4200];

  snprintf (report, sizeof report, "%s/secret-report-name.json", dir);
  sbx_exec (&r, "--rootfs", ROOT, "--report", report, "-e", "TOKEN=hunter2", "--", "sh", "-c",
            "tr '\\0' ' ' < /proc/1/cmdline; echo; tr '\\0' ' ' < /proc/1/environ 2>&1 | head -c 200", NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  cr_assert_null (strstr (r.out, "secret-report-name"), "%s", r.out);
  cr_assert_null (strstr (r.out, ROOT), "%s", r.out);
  cr_assert_null (strstr (r.out, "--id"), "%s", r.out);
  cr_assert_eq (strncmp (r.out, "nsbox-init \n", 12), 0, "%s", r.out);
  sbx_release (&r);
  sbx_tmpdir_remove (dir);
}

static void
read_boot_id (char *buf, size_t size)
{
  int fd = open ("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
  ssize_t n;

  cr_assert_geq (fd, 0);
  n = read (fd, buf, size - 1);
  close (fd);
  cr_assert_gt (n, 0);
  buf[n] = '\0';
}

static bool
looks_like_uuid (const char *s)
{
  static const char shape[] = "xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx\n";

  if (strlen (s) != sizeof shape - 1)
    return false;
  for (size_t i = 0; shape[i]; i++)
    if (shape[i] == 'x' ? strchr ("0123456789abcdef", s[i]) == NULL || s[i] == '\0' : s[i] != shape[i])
      return false;
  return true;
}

/* The host's boot id identifies the machine across sandboxes: each sandbox
 * sees one of its own, in the same format. */
Test (hardening, each_sandbox_has_its_own_boot_id)
{
  struct sbx a = { 0 }, b = { 0 }, root = { 0 };
  char host[64];

  read_boot_id (host, sizeof host);
  sbx_exec (&a, "--rootfs", ROOT, "--", "cat", "/proc/sys/kernel/random/boot_id", NULL);
  sbx_exec (&b, "--rootfs", ROOT, "--", "cat", "/proc/sys/kernel/random/boot_id", NULL);
  sbx_exec (&root, "--rootfs", ROOT, "--user", "0", "--", "cat", "/proc/sys/kernel/random/boot_id", NULL);
  cr_assert_str_neq (a.out, host, "the host's boot id");
  cr_assert_str_neq (root.out, host, "the host's boot id (uid 0)");
  cr_assert_str_neq (a.out, b.out, "two sandboxes share a boot id");
  cr_assert (looks_like_uuid (a.out), "%s", a.out);
  sbx_release (&a);
  sbx_release (&b);
  sbx_release (&root);
}

/* /proc/key-users lists the host's users of the keyring, and
 * /sys/kernel/vmcoreinfo a physical address of the kernel: both read empty. */
Test (hardening, key_users_and_vmcoreinfo_are_masked)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c",
            "for f in /proc/key-users /sys/kernel/vmcoreinfo; do echo \"$f $(cat $f 2>/dev/null | wc -c)\"; done",
            NULL);
  cr_assert_str_eq (r.out, "/proc/key-users 0\n/sys/kernel/vmcoreinfo 0\n", "%s", r.err);
  sbx_release (&r);
  sbx_exec (&r, "--rootfs", ROOT, "--user", "0", "--", "sh", "-c",
            "for f in /proc/key-users /sys/kernel/vmcoreinfo; do echo \"$f $(cat $f 2>/dev/null | wc -c)\"; done",
            NULL);
  cr_assert_str_eq (r.out, "/proc/key-users 0\n/sys/kernel/vmcoreinfo 0\n", "%s", r.err);
  sbx_release (&r);
}

/* ---------------------------------------------------------------- per-sandbox host ids */

/* The host uid `nsbox ps` gives for a running sandbox. */
static long long
ps_host_uid (const char *id)
{
  struct sbx ps = { 0 };
  long long uid = -1;
  const char *line;

  sbx_run (&ps, (const char *const[]){ sbx_nsbox (), "ps", NULL }, NULL);
  cr_assert_eq (ps.status, 0, "%s", ps.err);
  line = strstr (ps.out, id);
  cr_assert_not_null (line, "%s not in nsbox ps: %s", id, ps.out);
  cr_assert_eq (sscanf (line, "%*s %*d %*s %*s per-sandbox %lld", &uid), 1, "%s", ps.out);
  sbx_release (&ps);
  return uid;
}

/* Whether the host's nobody can still make one object of this kind. */
static bool
host_nobody_can (const char *kind)
{
  int status;
  pid_t pid = fork ();

  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      struct mq_attr a = { .mq_maxmsg = 10, .mq_msgsize = 8192 };
      mqd_t q;

      if (setgroups (0, NULL) < 0 || setresgid (65534, 65534, 65534) < 0 || setresuid (65534, 65534, 65534) < 0)
        _exit (2);
      if (strcmp (kind, "inotify") == 0)
        _exit (inotify_init1 (0) < 0);
      if (strcmp (kind, "procs") == 0)
        {
          /* Under the same limit the sandbox had: fails if its processes counted as ours. */
          struct rlimit l = { 48, 48 };
          pid_t child;
          if (setrlimit (RLIMIT_NPROC, &l) < 0 || (child = fork ()) < 0)
            _exit (1);
          if (child == 0)
            _exit (0);
          _exit (waitpid (child, NULL, 0) == child ? 0 : 1);
        }
      q = mq_open ("/nsbox-test-nobody", O_CREAT | O_RDWR, 0600, &a);
      mq_unlink ("/nsbox-test-nobody");
      _exit (q == (mqd_t) -1);
    }
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* One sandbox makes objects the kernel counts per user until the kernel
 * refuses and holds them; meanwhile another sandbox must still make one (in
 * mode "host" it cannot: the test shows that the attack works there). */
static void
hog_and_try_with (const char *kind, const char *userns, const char *rlimit, bool other_must_succeed)
{
  const char *hog[] = { "--rootfs", ROOT, "--userns", userns, "--rlimit", rlimit, "-v", sbx_probe_volume (), "--",
                        "/probe", "hog", kind, "100000", "hold", NULL };
  struct held h;
  struct sbx other = { 0 };
  char line[256], why[64];
  long made;

  hold_start (&h, hog);
  hold_line (&h, line, sizeof line);
  cr_assert_eq (sscanf (line, "%ld %63s", &made, why), 2, "%s", line);
  cr_assert_str_neq (why, "max", "%s: the kernel never refused: %s", kind, line);
  sbx_exec (&other, "--rootfs", ROOT, "--userns", userns, "--rlimit", rlimit, "--json", "-v", sbx_probe_volume (), "--",
            "/probe", "hog", kind, "1", NULL);
  if (other_must_succeed)
    {
      cr_assert_str_eq (sbx_str (&other, "stdout"), "1 max\n", "%s after the other sandbox made %s", kind, line);
      cr_assert_neq (sbx_host_uid (&other), ps_host_uid (h.r.id), "two running sandboxes share a host uid");
      cr_assert (host_nobody_can (kind), "the host's nobody lost its %s", kind);
    }
  else
    cr_assert_str_neq (sbx_str (&other, "stdout"), "1 max\n", "%s: the attack did not work with the host's ids", kind);
  sbx_release (&other);
  cr_assert_eq (hold_end (&h), 0);
}

/* The kernel's limits alone (a harmless rlimit where one is needed). */
static void
hog_and_try (const char *kind, const char *userns, bool other_must_succeed)
{
  hog_and_try_with (kind, userns, "core=0", other_must_succeed);
}

Test (hardening, inotify_exhaustion_stays_in_its_sandbox)
{
  hog_and_try ("inotify", "host", false);
  hog_and_try ("inotify", "per-sandbox", true);
}

/* RLIMIT_NPROC counts the processes of a uid: with the host's ids, one
 * sandbox at its limit leaves none to the next that runs as the same uid. */
Test (hardening, nproc_exhaustion_stays_in_its_sandbox)
{
  hog_and_try_with ("procs", "host", "nproc=48", false);
  hog_and_try_with ("procs", "per-sandbox", "nproc=48", true);
}

Test (hardening, message_queue_exhaustion_stays_in_its_sandbox)
{
  hog_and_try ("mqueue", "host", false);
  hog_and_try ("mqueue", "per-sandbox", true);
}

/* Past pipe-user-pages-soft, a user's new pipes get a small buffer. */
Test (hardening, pipe_buffer_exhaustion_stays_in_its_sandbox)
{
  const char *modes[] = { "host", "per-sandbox" };

  for (int i = 0; i < 2; i++)
    {
      const char *hog[] = { "--rootfs", ROOT, "--userns", modes[i], "--rlimit", "nofile=8192", "-v",
                            sbx_probe_volume (), "--", "/probe", "hog", "pipes", "2000", "hold", NULL };
      struct held h;
      struct sbx other = { 0 };
      char line[256];

      hold_start (&h, hog);
      hold_line (&h, line, sizeof line);
      cr_assert_str_eq (line, "2000 max\n", "%s", line);
      sbx_exec (&other, "--rootfs", ROOT, "--userns", modes[i], "-v", sbx_probe_volume (), "--", "/probe",
                "pipe-size", NULL);
      if (i == 0)
        cr_assert_str_neq (other.out, "65536\n", "the attack did not work with the host's ids");
      else
        cr_assert_str_eq (other.out, "65536\n", "another sandbox's pipes shrank: %s", other.err);
      sbx_release (&other);
      cr_assert_eq (hold_end (&h), 0);
    }
}

/* Root inside is a host uid of the sandbox's block, never the host's root. */
Test (hardening, root_inside_writes_as_its_mapped_host_uid)
{
  char *dir = sbx_tmpdir ();
  char vol[4200], path[4300];
  struct sbx r = { 0 };
  struct stat st;

  chmod (dir, 0777);
  snprintf (vol, sizeof vol, "%s:/out", dir);
  sbx_exec (&r, "--rootfs", ROOT, "--json", "--user", "0", "-v", vol, "--", "sh", "-c", "id -u; touch /out/f", NULL);
  cr_assert_str_eq (sbx_str (&r, "stdout"), "0\n", "%s", r.out);
  snprintf (path, sizeof path, "%s/f", dir);
  cr_assert_eq (stat (path, &st), 0);
  cr_assert_neq (st.st_uid, 0);
  cr_assert_eq (st.st_uid, (uid_t) sbx_host_uid (&r));
  cr_assert_eq (sbx_host_uid (&r) % 65536, 0, "root inside is the first id of the block");
  sbx_release (&r);
  sbx_tmpdir_remove (dir);
}

/* The image's files keep their stored owners inside (idmapped layers), also
 * on the overlay a root without mount points gets. */
Test (hardening, image_owners_show_unchanged_inside)
{
  char *root = sbx_tmpdir ();
  char path[4200], cmd[8600];
  struct sbx r = { 0 };

  snprintf (cmd, sizeof cmd, "mkdir -p %s/bin %s/etc && cp %s/bin/busybox %s/bin/ && ln -s busybox %s/bin/sh && "
            "ln -s busybox %s/bin/stat && touch %s/etc/mine %s/etc/root && chown 1000:1000 %s/etc/mine",
            root, root, ROOT, root, root, root, root, root, root);
  cr_assert_eq (system (cmd), 0, "%s", cmd);
  sbx_exec (&r, "--rootfs", root, "--json", "--", "/bin/stat", "-c", "%u:%g %n", "/etc/mine", "/etc/root", "/bin",
            NULL);
  cr_assert_str_eq (sbx_str (&r, "stdout"), "1000:1000 /etc/mine\n0:0 /etc/root\n0:0 /bin\n", "%s", r.out);
  cr_assert (json_is_true (json_object_get (json_object_get (r.report, "isolation"), "idmapped_layers")), "%s", r.out);
  sbx_release (&r);
  snprintf (path, sizeof path, "%s/proc", root);
  cr_assert_neq (access (path, F_OK), 0, "the root itself must stay untouched");
  sbx_tmpdir_remove (root);
}
