/* Seccomp inside real sandboxes: the flag, the toolchains that must run under
 * default.json, and syscall attacks that must fail.
 *
 * Toolchain roots are Debian roots found as $NSBOX_TEST_ROOTS/<preset> (the
 * rootfs-tools/mkroot-debian presets python, node, go, gcc, minimal; `make
 * seccomp-test-roots` builds them), or one combined $NSBOX_TEST_ROOTS/debian;
 * a test whose root is missing is skipped.  Attacks run the static tests/security/attack in the
 * busybox root. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#ifndef NSBOX_TEST_SRCDIR
#define NSBOX_TEST_SRCDIR "."
#endif
#ifndef NSBOX_TEST_BUILDDIR
#define NSBOX_TEST_BUILDDIR "."
#endif
#define WORKLOADS NSBOX_TEST_SRCDIR "/tests/seccomp/workloads"
#define ATTACK NSBOX_TEST_BUILDDIR "/tests/security/attack"
#define C_WORKLOAD NSBOX_TEST_BUILDDIR "/tests/seccomp/c-all"

static const char *
debian_root (const char *name)
{
  static __thread char path[4096];
  const char *roots = getenv ("NSBOX_TEST_ROOTS");
  struct stat st;

  if (roots == NULL)
    cr_skip_test ("NSBOX_TEST_ROOTS is not set");
  snprintf (path, sizeof path, "%s/%s", roots, name);
  if (stat (path, &st) == 0)
    return path;
  snprintf (path, sizeof path, "%s/debian", roots);
  if (stat (path, &st) == 0)
    return path;
  cr_skip_test ("no Debian root `%s` (or `debian`) under %s", name, roots);
  return NULL;
}

static void
assert_ok (const struct sbx *r, const char *marker)
{
  cr_assert_eq (r->status, 0, "exit %d\nstdout:\n%s\nstderr:\n%s", r->status, r->out, r->err);
  cr_assert (strstr (r->out, marker) != NULL, "no `%s` in:\n%s\nstderr:\n%s", marker, r->out, r->err);
}

/* default.json with the default action turned into KILL_PROCESS: a workload
 * that survives it used no syscall the profile forgot to name, so nothing it
 * did was refused with an unexplained EPERM.  (Syscalls default.json denies
 * on purpose still answer EPERM/ENOSYS, as probes expect.) */
static char *
write_kill_variant (char *dir)
{
  json_error_t jerr;
  json_t *profile = json_load_file (NSBOX_TEST_SRCDIR "/policies/seccomp/default.json", 0, &jerr);
  char *path = NULL;

  cr_assert_not_null (profile, "%s", jerr.text);
  cr_assert_eq (json_object_set_new (profile, "defaultAction", json_string ("SCMP_ACT_KILL_PROCESS")), 0);
  json_object_del (profile, "defaultErrnoRet");
  cr_assert (asprintf (&path, "%s/default-kill.json", dir) > 0);
  cr_assert_eq (json_dump_file (profile, path, 0), 0);
  json_decref (profile);
  return path;
}

/* Runs the workload twice: under default.json and under its kill variant. */
static void
run_toolchain (const char *root, const char *marker, const char *const *cmd)
{
  char *dir = sbx_tmpdir ();
  char *kill_profile = write_kill_variant (dir);
  const char *profiles[] = { "default", kill_profile };
  char workloads[4200], c_bin[4200];

  snprintf (workloads, sizeof workloads, "%s:/w:ro", WORKLOADS);
  snprintf (c_bin, sizeof c_bin, "%s:/c-all:ro", C_WORKLOAD);
  for (size_t i = 0; i < 2; i++)
    {
      const char *args[32] = { "--rootfs", root, "--seccomp", profiles[i], "-v", workloads, "-v", c_bin,
                               "--tmpfs-size", "768m", "--tmpfs-exec", "--timeout", "600", "--" };
      size_t n = 14;
      struct sbx r = { 0 };

      for (size_t k = 0; cmd[k] && n < 31; k++)
        args[n++] = cmd[k];
      sbx_execv (&r, args);
      cr_assert (!(r.status == 128 + SIGSYS), "killed by SIGSYS under %s:\n%s\n%s", profiles[i], r.out, r.err);
      assert_ok (&r, marker);
      sbx_release (&r);
    }
  free (kill_profile);
  sbx_tmpdir_remove (dir);
}

Test (seccomp_toolchains, python_threads_multiprocessing_asyncio_subprocess_numpy, .timeout = 900)
{
  run_toolchain (debian_root ("python"), "OK python", (const char *[]){ "python3", "/w/python-all.py", NULL });
}

Test (seccomp_toolchains, node_worker_threads_and_child_process, .timeout = 900)
{
  run_toolchain (debian_root ("node"), "OK node", (const char *[]){ "node", "/w/node-all.js", NULL });
}

Test (seccomp_toolchains, go_build_and_go_run, .timeout = 900)
{
  const char *root = debian_root ("go");
  char go[4200];

  snprintf (go, sizeof go, "%s/usr/bin/go", root);
  if (access (go, X_OK) < 0)
    cr_skip_test ("no go in %s", root);
  run_toolchain (root, "OK go\nOK go\n", (const char *[]){ "sh", "/w/go-all.sh", NULL });
}

Test (seccomp_toolchains, gcc_compiled_c_threads_fork_exec_semaphores, .timeout = 300)
{
  run_toolchain (debian_root ("gcc"), "OK c", (const char *[]){ "/c-all", NULL });
}

Test (seccomp_toolchains, bash_script, .timeout = 300)
{
  run_toolchain (debian_root ("minimal"), "OK shell", (const char *[]){ "bash", "/w/shell-all.sh", NULL });
}

Test (seccomp_toolchains, busybox_shell, .timeout = 300)
{
  run_toolchain (sbx_root ("busybox"), "OK shell", (const char *[]){ "sh", "/w/shell-all.sh", NULL });
}

Test (seccomp_toolchains, busybox_runs_c_workload, .timeout = 300)
{
  run_toolchain (sbx_root ("busybox"), "OK c", (const char *[]){ "/c-all", NULL });
}

/* ------------------------------------------------------------ interfaces under strict */

/* Listing interfaces reads route netlink: under --seccomp strict it must work as under default
 * and see only `lo` (the sandbox's own network namespace). */
static void
assert_lists_lo_under_strict (const char *root, const char *const *cmd, const char *expected)
{
  const char *args[32] = { "--rootfs", root, "--seccomp", "strict", "--tmpfs-size", "768m", "--tmpfs-exec",
                           "--timeout", "300", "-v", WORKLOADS ":/w:ro", "--" };
  size_t n = 12;
  struct sbx r = { 0 };

  for (size_t k = 0; cmd[k] && n < 31; k++)
    args[n++] = cmd[k];
  sbx_execv (&r, args);
  cr_assert_eq (r.status, 0, "exit %d\nstdout:\n%s\nstderr:\n%s", r.status, r.out, r.err);
  cr_assert_str_eq (r.out, expected, "stderr:\n%s", r.err);
  sbx_release (&r);
}

Test (seccomp_interfaces, python_if_nameindex_under_strict, .timeout = 300)
{
  assert_lists_lo_under_strict (debian_root ("python"),
                                (const char *[]){ "python3", "-c",
                                                  "import socket; print(socket.if_nameindex())", NULL },
                                "[(1, 'lo')]\n");
}

Test (seccomp_interfaces, node_network_interfaces_under_strict, .timeout = 300)
{
  assert_lists_lo_under_strict (debian_root ("node"),
                                (const char *[]){ "node", "-e",
                                                  "console.log(Object.keys(require('os').networkInterfaces()).join(','))",
                                                  NULL },
                                "lo\n");
}

Test (seccomp_interfaces, go_net_interfaces_under_strict, .timeout = 600)
{
  const char *root = debian_root ("go");
  char go[4200];

  snprintf (go, sizeof go, "%s/usr/bin/go", root);
  if (access (go, X_OK) < 0)
    cr_skip_test ("no go in %s", root);
  assert_lists_lo_under_strict (root, (const char *[]){ "sh", "/w/go-interfaces.sh", NULL }, "interface lo\n");
}

/* ------------------------------------------------------------ the flag */

static char *
seccomp_status (const char *profile_flag)
{
  struct sbx r = { 0 };
  char *line;

  if (profile_flag)
    sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "--seccomp", profile_flag, "--", "grep", "^Seccomp:",
              "/proc/self/status", NULL);
  else
    sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "--", "grep", "^Seccomp:", "/proc/self/status", NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  line = strdup (r.out);
  sbx_release (&r);
  return line;
}

Test (seccomp_flag, filter_is_on_by_default)
{
  char *s = seccomp_status (NULL);

  cr_assert_str_eq (s, "Seccomp:\t2\n");
  free (s);
}

Test (seccomp_flag, unconfined_installs_no_filter)
{
  char *s = seccomp_status ("unconfined");

  cr_assert_str_eq (s, "Seccomp:\t0\n");
  free (s);
}

Test (seccomp_flag, strict_by_name)
{
  char *s = seccomp_status ("strict");

  cr_assert_str_eq (s, "Seccomp:\t2\n");
  free (s);
}

Test (seccomp_flag, profile_by_path)
{
  char *s = seccomp_status (NSBOX_TEST_SRCDIR "/policies/seccomp/strict.json");

  cr_assert_str_eq (s, "Seccomp:\t2\n");
  free (s);
}

Test (seccomp_flag, missing_profile_is_an_nsbox_error)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "--seccomp", "no-such-profile", "--", "true", NULL);
  cr_assert_eq (r.status, 125);
  cr_assert (strstr (r.err, "no-such-profile.json") != NULL, "%s", r.err);
  sbx_release (&r);
}

Test (seccomp_flag, broken_profile_names_the_rule)
{
  char *dir = sbx_tmpdir ();
  char path[4200];
  FILE *f;
  struct sbx r = { 0 };

  snprintf (path, sizeof path, "%s/bad.json", dir);
  f = fopen (path, "w");
  cr_assert_not_null (f);
  fputs ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},"
         "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ALOW\"}]}",
         f);
  fclose (f);
  sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "--seccomp", path, "--", "true", NULL);
  cr_assert_eq (r.status, 125);
  cr_assert (strstr (r.err, "syscalls[1]: unknown action `SCMP_ACT_ALOW`") != NULL, "%s", r.err);
  sbx_release (&r);
  sbx_tmpdir_remove (dir);
}

/* ------------------------------------------------------------ attacks */

static void
run_attack (struct sbx *r, const char *profile, const char *name)
{
  char vol[4200];

  if (access (ATTACK, X_OK) < 0)
    cr_skip_test ("%s not built", ATTACK);
  snprintf (vol, sizeof vol, "%s:/attack:ro", ATTACK);
  if (profile)
    sbx_exec (r, "--rootfs", sbx_root ("busybox"), "--seccomp", profile, "-v", vol, "--", "/attack", name, NULL);
  else
    sbx_exec (r, "--rootfs", sbx_root ("busybox"), "-v", vol, "--", "/attack", name, NULL);
}

static void
assert_blocked (const char *profile, const char *name, const char *errno_name)
{
  struct sbx r = { 0 };
  char expected[128];

  run_attack (&r, profile, name);
  snprintf (expected, sizeof expected, "%s: blocked %s\n", name, errno_name);
  cr_assert_eq (r.status, 0, "%s: exit %d\n%s%s", name, r.status, r.out, r.err);
  cr_assert (strstr (r.out, expected) != NULL, "expected `%s`, got:\n%s%s", expected, r.out, r.err);
  sbx_release (&r);
}

static void
assert_killed_by_sigsys (const char *name)
{
  struct sbx r = { 0 };

  run_attack (&r, NULL, name);
  /* nsbox mirrors a workload killed by signal N as exit 128+N. */
  cr_assert (r.status > 128, "%s: exit %d\n%s%s", name, r.status, r.out, r.err);
  sbx_assert_arch_attack_killed (ATTACK, name, r.status - 128 /* the wait status of death by that signal */, r.out);
  sbx_release (&r);
}

/* Under the default profile, i.e. without --seccomp. */
#define ATTACK_BLOCKED(test, attack, errno_name)                                                                      \
  Test (seccomp_attacks, test)                                                                                        \
  {                                                                                                                   \
    assert_blocked (NULL, attack, errno_name);                                                                        \
  }

ATTACK_BLOCKED (ptrace_attach, "ptrace-attach", "EPERM")
ATTACK_BLOCKED (ptrace_seize, "ptrace-seize", "EPERM")
ATTACK_BLOCKED (mount, "mount", "EPERM")
ATTACK_BLOCKED (umount, "umount", "EPERM")
ATTACK_BLOCKED (unshare_user_namespace, "unshare-user", "EPERM")
ATTACK_BLOCKED (unshare_mount_namespace, "unshare-mount", "EPERM")
ATTACK_BLOCKED (setns, "setns", "EPERM")
ATTACK_BLOCKED (pivot_root, "pivot-root", "EPERM")
ATTACK_BLOCKED (chroot, "chroot", "EPERM")
ATTACK_BLOCKED (keyctl, "keyctl", "EPERM")
ATTACK_BLOCKED (add_key, "add-key", "EPERM")
ATTACK_BLOCKED (request_key, "request-key", "EPERM")
ATTACK_BLOCKED (bpf, "bpf", "EPERM")
ATTACK_BLOCKED (perf_event_open, "perf-event-open", "EPERM")
ATTACK_BLOCKED (io_uring_setup, "io-uring-setup", "EPERM")
ATTACK_BLOCKED (userfaultfd, "userfaultfd", "EPERM")
ATTACK_BLOCKED (open_by_handle_at, "open-by-handle-at", "EPERM")
ATTACK_BLOCKED (name_to_handle_at, "name-to-handle-at", "EPERM")
ATTACK_BLOCKED (init_module, "init-module", "EPERM")
ATTACK_BLOCKED (finit_module, "finit-module", "EPERM")
ATTACK_BLOCKED (kexec_load, "kexec-load", "EPERM")
ATTACK_BLOCKED (reboot, "reboot", "EPERM")
ATTACK_BLOCKED (syslog, "syslog", "EPERM")
ATTACK_BLOCKED (personality_read_implies_exec, "personality-read-implies-exec", "EPERM")
ATTACK_BLOCKED (personality_addr_no_randomize, "personality-addr-no-randomize", "EPERM")
ATTACK_BLOCKED (socket_vsock, "socket-vsock", "EPERM")
ATTACK_BLOCKED (raw_socket_inet, "socket-raw", "EPERM")
ATTACK_BLOCKED (raw_socket_inet6, "socket-raw6", "EPERM")
ATTACK_BLOCKED (packet_socket, "socket-packet", "EPERM")
ATTACK_BLOCKED (netlink_audit, "netlink-audit", "EPERM")
ATTACK_BLOCKED (clone_newuser, "clone-newuser", "EPERM")
ATTACK_BLOCKED (clone_newns, "clone-newns", "EPERM")
ATTACK_BLOCKED (clone_newnet, "clone-newnet", "EPERM")
ATTACK_BLOCKED (clone3_answers_enosys, "clone3", "ENOSYS")
ATTACK_BLOCKED (process_vm_readv, "process-vm-readv", "EPERM")
ATTACK_BLOCKED (fsopen, "fsopen", "EPERM")
ATTACK_BLOCKED (open_tree, "open-tree", "EPERM")
ATTACK_BLOCKED (move_mount, "move-mount", "EPERM")
ATTACK_BLOCKED (swapon, "swapon", "EPERM")
ATTACK_BLOCKED (acct, "acct", "EPERM")
ATTACK_BLOCKED (settimeofday, "settimeofday", "EPERM")
ATTACK_BLOCKED (clock_settime, "clock-settime", "EPERM")
ATTACK_BLOCKED (quotactl, "quotactl", "EPERM")

Test (seccomp_attacks, strict_denies_ptrace_traceme)
{
  assert_blocked ("strict", "ptrace-traceme", "EPERM");
}

/* Under strict, route netlink opens (it lists interfaces) but every other protocol stays refused. */
#define STRICT_BLOCKED(test, attack, errno_name)                                                                      \
  Test (seccomp_attacks, strict_##test)                                                                               \
  {                                                                                                                   \
    assert_blocked ("strict", attack, errno_name);                                                                    \
  }

STRICT_BLOCKED (netlink_audit, "netlink-audit", "EPERM")
STRICT_BLOCKED (netlink_uevent, "netlink-uevent", "EPERM")
STRICT_BLOCKED (netlink_xfrm, "netlink-xfrm", "EPERM")
STRICT_BLOCKED (netlink_netfilter, "netlink-netfilter", "EPERM")
STRICT_BLOCKED (netlink_generic, "netlink-generic", "EPERM")
STRICT_BLOCKED (netlink_sock_diag, "netlink-sock-diag", "EPERM")
STRICT_BLOCKED (raw_socket_inet, "socket-raw", "EPERM")
STRICT_BLOCKED (packet_socket, "socket-packet", "EPERM")

/* Route netlink reads; a change (RTM_DELLINK) is refused by the kernel, which wants CAP_NET_ADMIN. */
ATTACK_BLOCKED (netlink_route_write, "netlink-route-write", "EPERM")
STRICT_BLOCKED (netlink_route_write, "netlink-route-write", "EPERM")

#if defined(__x86_64__)
Test (seccomp_attacks, int80_i386_syscall_killed)
{
  assert_killed_by_sigsys ("int80");
}

Test (seccomp_attacks, x32_syscall_killed)
{
  assert_killed_by_sigsys ("x32");
}
#endif
