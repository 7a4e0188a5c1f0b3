/* harness.h - run the real nsbox binary the way a user does, and check that
 * nothing of the sandbox is left behind afterwards. */
#ifndef NSBOX_TEST_HARNESS_H
#define NSBOX_TEST_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/types.h>

struct sbx
{
  int status;     /* nsbox's exit status (128+N if a signal ended it) */
  char *out;      /* nsbox's stdout */
  size_t out_len;
  char *err;      /* nsbox's stderr */
  json_t *report; /* parsed stdout when --json was given, else NULL */
  char id[32];    /* the sandbox id the harness chose */
  long maxrss_kb; /* nsbox's own peak RSS */
};

/* The nsbox binary under test and the test roots (env NSBOX_BIN, NSBOX_TEST_ROOTS). */
const char *sbx_nsbox (void);
/* A test root by name ("busybox"); skips the test when it was not built. */
const char *sbx_root (const char *name);

/* "PROBE:/probe:ro" for -v: the static probe program (tests/probe.c) inside the sandbox. */
const char *sbx_probe_volume (void);

/* Rootless runs of a suite (make check-rootless): NSBOX_TEST_ROOTLESS_UID
 * names the uid nsbox runs as (-1: root, the default), and the harness adds
 * --no-cgroup, or --cgroup-parent NSBOX_TEST_ROOTLESS_CGROUP where the host
 * delegates that cgroup to the user (nsbox then starts in the delegated
 * NSBOX_TEST_ROOTLESS_CGROUP_ENTER). */
int sbx_rootless_uid (void);
/* NSBOX_TEST_ROOTLESS_UID runs nsbox as that user; with NSBOX_SUID_HELPER
 * set too, through the setuid helper (tests/suid/run-suid) rather than
 * rootless. */
bool sbx_through_helper (void);
bool sbx_rootless (void);
/* "0", the user a test runs as to show that even root inside gets nothing;
 * through the helper, which never runs uid 0, "1000". */
const char *sbx_root_user (void);
/* The harness runs nsbox with --no-cgroup: limits are rlimits only. */
bool sbx_rlimits_only (void);
/* In a forked child, before exec of nsbox: become that uid (no-op as root),
 * with its primary group (NSBOX_TEST_ROOTLESS_GID, default the uid) and no
 * supplementary group, or these. */
void sbx_become_test_user (void);
void sbx_become_test_user_with_groups (size_t n_groups, const gid_t *groups);
/* Where nsbox keeps its state: /run/nsbox, or $XDG_RUNTIME_DIR/nsbox rootless. */
const char *sbx_state_root (void);

/* Run `nsbox exec --id <unique> ARGS...` (NULL-terminated), wait for it, and
 * assert that its state directory, mounts and processes are gone. */
void sbx_exec (struct sbx *r, const char *arg, ...) __attribute__ ((sentinel));
void sbx_execv (struct sbx *r, const char *const *args);
/* The same with `input` on nsbox's stdin (else /dev/null). */
void sbx_execv_input (struct sbx *r, const char *const *args, const char *input);

/* Start nsbox without waiting; returns its pid. stdout/stderr go to /dev/null
 * unless out_fd >= 0. */
pid_t sbx_spawn (struct sbx *r, int out_fd, const char *const *args);
/* Wait for a spawned nsbox and run the leftover checks. */
void sbx_wait (struct sbx *r, pid_t pid);

/* Run `nsbox exec ARGS...` with its stdio on a pseudo-terminal of the given
 * size (its controlling terminal, as from an interactive shell); collects what
 * appears on the terminal into out and returns nsbox's exit status. */
int sbx_exec_on_pty (const char *const *args, const struct winsize *ws, char *out, size_t size);

/* The leftover checks on their own (state, mounts, processes, cgroups). */
void sbx_assert_gone (const char *id);
/* No cgroup named nsbox-<id> in any mounted hierarchy. */
void sbx_assert_no_cgroup (const char *id);

/* Report fields. */
const char *sbx_str (const struct sbx *r, const char *key);
long long sbx_int (const struct sbx *r, const char *key);
bool sbx_bool (const struct sbx *r, const char *key);
/* isolation.host_uid: the workload's uid as the host sees it. */
long long sbx_host_uid (const struct sbx *r);

/* No block of host ids (/run/nsbox-userns) still names this sandbox id. */
void sbx_assert_no_userns_block (const char *id);
/* What `nsbox gc` does for that block, once the sandbox's processes are gone. */
void sbx_free_userns_block (const char *id);

/* A temporary directory removed by sbx_tmpdir_remove (rm -rf). */
char *sbx_tmpdir (void);
void sbx_tmpdir_remove (char *dir);

void sbx_release (struct sbx *r);

/* The wait status of `attack NAME` (tests/security/attack.c) run on the host
 * with no filter at all: what the kernel itself does with the attempt.  A
 * kernel built without IA32 emulation, for one, kills `int 0x80` with SIGSEGV
 * before seccomp sees it, so a test of the filter must compare with this. */
int sbx_attack_unconfined_status (const char *attack_bin, const char *name);

/* Assert that an architecture attack (int80, x32) did not run: under the
 * filter it must be killed by SIGSYS, unless the kernel already refuses it
 * unconfined (then it must die by that same signal, never print "allowed").
 * `status` is the sandboxed run's wait status, `output` what it printed. */
void sbx_assert_arch_attack_killed (const char *attack_bin, const char *name, int status, const char *output);

/* Run any program (argv[0] a path) with envp (NULL: ours), stdin /dev/null,
 * and collect its status, stdout and stderr into r; no sandbox checks. */
void sbx_run (struct sbx *r, const char *const *argv, const char *const *envp);

/* The same on a pseudo-terminal (its controlling terminal): what appeared
 * on the terminal goes to out; returns the exit status. */
int sbx_run_on_pty (const char *const *argv, const char *const *envp, char *out, size_t size);

#endif
