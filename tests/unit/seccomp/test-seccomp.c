/* Unit tests of the seccomp module: sha256, profile parsing, the cache, and
 * what the compiled default/strict filters let through (run on the host in a
 * forked child with no_new_privs, so they need neither root nor a sandbox). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/seccomp.h>

#include "base/cleanup.h"
#include "../cli/exec-parse.h"
#include "seccomp/seccomp.h"
#include "base/sha256.h"
#include "harness.h"

#ifndef NSBOX_TEST_SRCDIR
#define NSBOX_TEST_SRCDIR "."
#endif
#ifndef NSBOX_TEST_BUILDDIR
#define NSBOX_TEST_BUILDDIR "."
#endif
#define PROFILE_DIR NSBOX_TEST_SRCDIR "/policies/seccomp"
#define ATTACK_BIN NSBOX_TEST_BUILDDIR "/tests/security/attack"

/* ------------------------------------------------------------ sha256 */

static void
assert_sha256 (const void *data, size_t len, const char *expected)
{
  uint8_t digest[NSBOX_SHA256_DIGEST_SIZE];
  char hex[NSBOX_SHA256_HEX_SIZE];

  nsbox_sha256 (data, len, digest);
  nsbox_sha256_hex (digest, hex);
  cr_assert_str_eq (hex, expected);
}

/* FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf") and the empty string. */
Test (unit_seccomp, sha256_empty)
{
  assert_sha256 ("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test (unit_seccomp, sha256_abc)
{
  assert_sha256 ("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test (unit_seccomp, sha256_two_blocks)
{
  const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  assert_sha256 (m, strlen (m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test (unit_seccomp, sha256_896_bit_message)
{
  const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                  "mnopqrstnopqrstu";
  assert_sha256 (m, strlen (m), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* One million 'a' fed in uneven pieces exercises the block carry-over. */
Test (unit_seccomp, sha256_million_a_incremental)
{
  static char chunk[997];
  struct nsbox_sha256 ctx;
  uint8_t digest[NSBOX_SHA256_DIGEST_SIZE];
  char hex[NSBOX_SHA256_HEX_SIZE];
  size_t left = 1000000;

  memset (chunk, 'a', sizeof chunk);
  nsbox_sha256_init (&ctx);
  for (size_t step = 1; left > 0; step = step % sizeof chunk + 7)
    {
      size_t n = step < sizeof chunk ? step : sizeof chunk;

      if (n > left)
        n = left;
      nsbox_sha256_update (&ctx, chunk, n);
      left -= n;
    }
  nsbox_sha256_final (&ctx, digest);
  nsbox_sha256_hex (digest, hex);
  cr_assert_str_eq (hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Data without repetition, whole blocks at once: the path the SHA
 * extensions take when the CPU has them.  Digests from Python's hashlib. */
Test (unit_seccomp, sha256_pseudo_random_data)
{
  static unsigned char data[100000];
  unsigned x = 12345;

  for (size_t i = 0; i < sizeof data; i++)
    {
      x = x * 1103515245u + 12345u;
      data[i] = (unsigned char) (x >> 16);
    }
  assert_sha256 (data, 1000, "a7f1195b5dd581399ef111007e6b3c49a3542cefeb4fdd1d5338eb6dff8d7e9e");
  assert_sha256 (data, sizeof data, "d060a877edc4837c1b0a5cd174176fc6332d1b86e486d8bd2b30d13878653b47");
}

/* Lengths around the 55/56/64-byte padding edges against a second path. */
Test (unit_seccomp, sha256_padding_edges_match_one_shot)
{
  char buf[130];

  memset (buf, 'x', sizeof buf);
  for (size_t len = 50; len < sizeof buf; len++)
    {
      struct nsbox_sha256 ctx;
      uint8_t a[NSBOX_SHA256_DIGEST_SIZE], b[NSBOX_SHA256_DIGEST_SIZE];

      nsbox_sha256 (buf, len, a);
      nsbox_sha256_init (&ctx);
      for (size_t i = 0; i < len; i++)
        nsbox_sha256_update (&ctx, buf + i, 1);
      nsbox_sha256_final (&ctx, b);
      cr_assert (memcmp (a, b, sizeof a) == 0, "length %zu", len);
    }
}

/* 'x' repeated n times around the padding boundaries; digests from Python's hashlib. */
Test (unit_seccomp, sha256_padding_edges_vectors)
{
  static const struct
  {
    size_t n;
    const char *hex;
  } v[] = {
    { 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072" },
    { 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e" },
    { 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2" },
    { 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c" },
    { 65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9" },
    { 119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c" },
    { 120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98" },
  };
  char buf[120];

  memset (buf, 'x', sizeof buf);
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
    assert_sha256 (buf, v[i].n, v[i].hex);
}

/* ------------------------------------------------------------ parsing */

static char *
compile_error (const char *json)
{
  struct nsbox_seccomp_program prog = { 0 };
  _cleanup_error_ struct nsbox_error *err = NULL;
  char *msg;

  cr_assert_lt (nsbox_seccomp_compile ("t", json, strlen (json), &prog, &err), 0, "compiled: %s", json);
  cr_assert_not_null (err);
  msg = strdup (err->message);
  cr_assert_null (prog.filter);
  return msg;
}

static void
assert_compile_error (const char *json, const char *expected)
{
  _cleanup_free_ char *msg = compile_error (json);

  cr_assert (strstr (msg, expected) != NULL, "error `%s` lacks `%s`", msg, expected);
}

Test (unit_seccomp, bad_action_names_rule_index)
{
  assert_compile_error ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
                        "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},"
                        "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ALOW\"}]}",
                        "syscalls[1]: unknown action `SCMP_ACT_ALOW`");
}

Test (unit_seccomp, bad_default_action)
{
  assert_compile_error ("{\"defaultAction\":\"EPERM\"}", "defaultAction: unknown action `EPERM`");
}

Test (unit_seccomp, missing_default_action)
{
  assert_compile_error ("{\"syscalls\":[]}", "defaultAction: missing action");
}

Test (unit_seccomp, bad_op_names_rule_and_arg)
{
  assert_compile_error ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
                        "{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
                        "{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},"
                        "{\"index\":1,\"value\":1,\"op\":\"SCMP_CMP_EQUAL\"}]}]}",
                        "syscalls[0]: args[1]: unknown op `SCMP_CMP_EQUAL`");
}

Test (unit_seccomp, arg_index_out_of_range)
{
  assert_compile_error ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
                        "{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
                        "{\"index\":6,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
                        "syscalls[0]: args[0]: index 6 out of range");
}

Test (unit_seccomp, names_must_be_an_array)
{
  assert_compile_error ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
                        "{\"names\":\"read\",\"action\":\"SCMP_ACT_ALLOW\"}]}",
                        "syscalls[0]: `names` must be an array");
}

Test (unit_seccomp, invalid_json_names_line)
{
  assert_compile_error ("{\n\"defaultAction\": \"SCMP_ACT_ERRNO\",\n\"syscalls\": [\n}", "line 4");
}

Test (unit_seccomp, duplicate_keys_rejected)
{
  assert_compile_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"defaultAction\":\"SCMP_ACT_ERRNO\"}", "line 1");
}

Test (unit_seccomp, foreign_architecture_profile_rejected)
{
  assert_compile_error ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_MIPS\"]}",
                        "does not list this machine's architecture");
}

Test (unit_seccomp, unsupported_include_key_rejected)
{
  assert_compile_error ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
                        "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"distro\":\"x\"}}]}",
                        "syscalls[0]: unsupported key includes.distro");
}

/* Names of other architectures' syscalls (and typos) are skipped, as Docker
 * does, rather than failing a profile shared across architectures. */
Test (unit_seccomp, unknown_syscall_names_skipped)
{
  const char *json = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
                     "{\"names\":[\"read\",\"no_such_syscall\",\"socketcall\"],\"action\":\"SCMP_ACT_ALLOW\"}]}";
  struct nsbox_seccomp_program prog = { 0 };
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_seccomp_compile ("t", json, strlen (json), &prog, &err), 0, "%s",
                err ? err->message : "");
  cr_assert_gt (prog.length, 0);
  nsbox_seccomp_program_release (&prog);
}

/* ------------------------------------------------------------ the program */

static void
compile_file (const char *path, struct nsbox_seccomp_program *prog)
{
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_seccomp_prepare (path, NULL, NULL, prog, &err), 0, "%s", err ? err->message : "");
  cr_assert_gt (prog->length, 0);
}

static bool
has_insn (const struct nsbox_seccomp_program *prog, uint16_t code, uint32_t k)
{
  for (size_t i = 0; i < prog->length; i++)
    if (prog->filter[i].code == code && prog->filter[i].k == k)
      return true;
  return false;
}

/* The program compares seccomp_data.arch with the native audit arch and has a
 * KILL_PROCESS return for everything else; on x86_64 it also tests the x32 bit. */
Test (unit_seccomp, arch_check_present)
{
  struct nsbox_seccomp_program prog;

  compile_file (PROFILE_DIR "/default.json", &prog);
  cr_assert_eq (prog.filter[0].code, BPF_LD | BPF_W | BPF_ABS);
  cr_assert_eq (prog.filter[0].k, 4 /* offsetof (struct seccomp_data, arch) */);
#if defined(__x86_64__)
  cr_assert (has_insn (&prog, BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64));
  cr_assert (has_insn (&prog, BPF_JMP | BPF_JGE | BPF_K, 0x40000000));
  cr_assert (!has_insn (&prog, BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386));
#endif
  cr_assert (has_insn (&prog, BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
  nsbox_seccomp_program_release (&prog);
}

Test (unit_seccomp, unconfined_is_empty)
{
  struct nsbox_seccomp_program prog;

  cr_assert_eq (nsbox_seccomp_prepare ("unconfined", NULL, NULL, &prog, NULL), 0);
  cr_assert_eq (prog.length, 0);
  cr_assert_eq (nsbox_seccomp_install (&prog), 0);
}

Test (unit_seccomp, profile_name_cannot_escape_directory)
{
  struct nsbox_seccomp_program prog;
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_lt (nsbox_seccomp_prepare ("..", PROFILE_DIR, NULL, &prog, &err), 0);
  cr_assert (strstr (err->message, "invalid seccomp profile name") != NULL, "%s", err->message);
}

Test (unit_seccomp, missing_profile_names_path)
{
  struct nsbox_seccomp_program prog;
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_lt (nsbox_seccomp_prepare ("no-such-profile", PROFILE_DIR, NULL, &prog, &err), 0);
  cr_assert_eq (err->errno_value, ENOENT);
  cr_assert (strstr (err->message, "no-such-profile.json") != NULL, "%s", err->message);
}

/* ------------------------------------------------------------ cache */

struct cache_fixture
{
  char dir[64];
  char file[256];
};

static void
cache_setup (struct cache_fixture *f)
{
  char hex[NSBOX_SHA256_HEX_SIZE];
  _cleanup_free_ char *data = NULL;
  size_t len = 0;
  FILE *in = fopen (PROFILE_DIR "/default.json", "re");

  cr_assert_not_null (in);
  cr_assert_eq (getdelim (&data, &len, '\0', in) > 0, true);
  len = ftell (in);
  fclose (in);
  strcpy (f->dir, "/tmp/nsbox-test-seccomp-XXXXXX");
  cr_assert_not_null (mkdtemp (f->dir));
  nsbox_seccomp_cache_key (data, len, hex);
  snprintf (f->file, sizeof f->file, "%s/%s.bpf", f->dir, hex);
}

static void
cache_teardown (struct cache_fixture *f)
{
  unlink (f->file);
  cr_assert_eq (rmdir (f->dir), 0, "cache dir not empty: %s", strerror (errno));
}

static void
prepare_default (const struct cache_fixture *f, struct nsbox_seccomp_program *prog)
{
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_seccomp_prepare ("default", PROFILE_DIR, f->dir, prog, &err), 0, "%s",
                err ? err->message : "");
}

static void
rewrite_byte (const char *path, off_t offset, int delta)
{
  _cleanup_close_ int fd = open (path, O_RDWR | O_CLOEXEC);
  unsigned char c;

  cr_assert_geq (fd, 0);
  cr_assert_eq (pread (fd, &c, 1, offset), 1);
  c += delta;
  cr_assert_eq (pwrite (fd, &c, 1, offset), 1);
}

Test (unit_seccomp, cache_round_trip)
{
  struct cache_fixture f;
  struct nsbox_seccomp_program first, second;
  struct stat st;

  cache_setup (&f);
  prepare_default (&f, &first);
  cr_assert (!first.from_cache);
  cr_assert_eq (stat (f.file, &st), 0, "no cache file %s", f.file);
  prepare_default (&f, &second);
  cr_assert (second.from_cache);
  cr_assert_eq (second.length, first.length);
  cr_assert (memcmp (first.filter, second.filter, first.length * sizeof first.filter[0]) == 0);
  nsbox_seccomp_program_release (&first);
  nsbox_seccomp_program_release (&second);
  cache_teardown (&f);
}

static void
assert_corruption_recompiled (void (*corrupt) (const char *path))
{
  struct cache_fixture f;
  struct nsbox_seccomp_program good, again, healed;

  cache_setup (&f);
  prepare_default (&f, &good);
  corrupt (f.file);
  prepare_default (&f, &again);
  cr_assert (!again.from_cache, "a damaged cache file was loaded");
  cr_assert_eq (again.length, good.length);
  cr_assert (memcmp (again.filter, good.filter, good.length * sizeof good.filter[0]) == 0);
  /* The recompile replaced the bad entry. */
  prepare_default (&f, &healed);
  cr_assert (healed.from_cache);
  nsbox_seccomp_program_release (&good);
  nsbox_seccomp_program_release (&again);
  nsbox_seccomp_program_release (&healed);
  cache_teardown (&f);
}

static void
flip_program_byte (const char *path)
{
  struct stat st;

  cr_assert_eq (stat (path, &st), 0);
  rewrite_byte (path, st.st_size - 3, 1);
}

static void
truncate_by_one_insn (const char *path)
{
  struct stat st;

  cr_assert_eq (stat (path, &st), 0);
  cr_assert_eq (truncate (path, st.st_size - 8), 0);
}

static void
append_insn (const char *path)
{
  _cleanup_close_ int fd = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);
  static const char ret_allow[8] = { 6, 0, 0, 0, 0, 0, 0xff, 0x7f };

  cr_assert_eq (write (fd, ret_allow, sizeof ret_allow), 8);
}

static void
break_magic (const char *path)
{
  rewrite_byte (path, 0, 1);
}

static void
truncate_to_header_part (const char *path)
{
  cr_assert_eq (truncate (path, 20), 0);
}

static void
make_group_writable (const char *path)
{
  cr_assert_eq (chmod (path, 0664), 0);
}

Test (unit_seccomp, cache_flipped_byte_rejected)
{
  assert_corruption_recompiled (flip_program_byte);
}

Test (unit_seccomp, cache_truncated_rejected)
{
  assert_corruption_recompiled (truncate_by_one_insn);
}

Test (unit_seccomp, cache_extra_instruction_rejected)
{
  assert_corruption_recompiled (append_insn);
}

Test (unit_seccomp, cache_bad_magic_rejected)
{
  assert_corruption_recompiled (break_magic);
}

Test (unit_seccomp, cache_partial_header_rejected)
{
  assert_corruption_recompiled (truncate_to_header_part);
}

Test (unit_seccomp, cache_writable_by_others_rejected)
{
  assert_corruption_recompiled (make_group_writable);
}

/* A valid entry of another profile renamed to this key is not accepted. */
Test (unit_seccomp, cache_entry_for_other_key_rejected)
{
  struct cache_fixture f;
  struct nsbox_seccomp_program prog, strict;
  _cleanup_error_ struct nsbox_error *err = NULL;
  char strict_file[256];
  char hex[NSBOX_SHA256_HEX_SIZE];
  _cleanup_free_ char *data = NULL;
  size_t len = 0;
  FILE *in = fopen (PROFILE_DIR "/strict.json", "re");

  cr_assert_not_null (in);
  cr_assert (getdelim (&data, &len, '\0', in) > 0);
  len = ftell (in);
  fclose (in);
  nsbox_seccomp_cache_key (data, len, hex);
  cache_setup (&f);
  snprintf (strict_file, sizeof strict_file, "%s/%s.bpf", f.dir, hex);
  cr_assert_eq (nsbox_seccomp_prepare ("strict", PROFILE_DIR, f.dir, &strict, &err), 0);
  cr_assert_eq (rename (strict_file, f.file), 0);
  prepare_default (&f, &prog);
  cr_assert (!prog.from_cache);
  cr_assert_neq (prog.length, strict.length);
  nsbox_seccomp_program_release (&prog);
  nsbox_seccomp_program_release (&strict);
  cache_teardown (&f);
}

/* A cache directory we cannot use costs a compile, not the sandbox. */
Test (unit_seccomp, cache_dir_unusable_still_compiles)
{
  struct nsbox_seccomp_program prog;
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_seccomp_prepare ("default", PROFILE_DIR, "/proc/self/nsbox-no-cache", &prog, &err), 0);
  cr_assert (!prog.from_cache);
  cr_assert_gt (prog.length, 0);
  nsbox_seccomp_program_release (&prog);
}

/* ------------------------------------------------------------ what the filters let through */

/* Newer than the profile means ENOSYS: a profile naming read, write and
 * exit_group (60/231 on x86_64) answers EPERM below its largest number and
 * ENOSYS above it. */
Test (unit_seccomp, syscalls_newer_than_profile_get_enosys)
{
  const char *json = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1,\"syscalls\":["
                     "{\"names\":[\"read\",\"write\",\"exit\",\"exit_group\"],\"action\":\"SCMP_ACT_ALLOW\"},"
                     "{\"names\":[\"close\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}]}";
  struct nsbox_seccomp_program prog = { 0 };
  _cleanup_error_ struct nsbox_error *err = NULL;
  int fds[2], status;
  long got[3];
  pid_t pid;

  cr_assert_eq (nsbox_seccomp_compile ("t", json, strlen (json), &prog, &err), 0);
  cr_assert_eq (pipe (fds), 0);
  pid = fork ();
  if (pid == 0)
    {
      long out[3];
      if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || nsbox_seccomp_install (&prog) < 0)
        _exit (100);
      out[0] = syscall (SYS_close, 1000) < 0 ? errno : 0;   /* listed as denied */
      out[1] = syscall (SYS_getpid) < 0 ? errno : 0;        /* unlisted, older */
      out[2] = syscall (SYS_openat, -1, "", 0) < 0 ? errno : 0; /* unlisted, newer than exit_group */
      _exit (write (fds[1], out, sizeof out) == sizeof out ? 0 : 101);
    }
  close (fds[1]);
  cr_assert_eq (read (fds[0], got, sizeof got), (ssize_t) sizeof got);
  close (fds[0]);
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  cr_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0, "status %#x", status);
#if defined(__x86_64__)
  cr_assert_eq (got[0], EPERM);
  cr_assert_eq (got[1], EPERM);
  cr_assert_eq (got[2], ENOSYS);
#endif
  nsbox_seccomp_program_release (&prog);
}

struct outcome
{
  int status;
  char out[512];
};

/* Run tests/security/attack NAME on the host under the profile alone. */
static struct outcome
run_attack (const char *profile, const char *name)
{
  struct nsbox_seccomp_program prog;
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct outcome o = { 0 };
  int fds[2];
  ssize_t n;
  size_t len = 0;
  pid_t pid;

  if (access (ATTACK_BIN, X_OK) < 0)
    cr_skip_test ("%s not built", ATTACK_BIN);
  cr_assert_eq (nsbox_seccomp_prepare (profile, PROFILE_DIR, NULL, &prog, &err), 0, "%s",
                err ? err->message : "");
  cr_assert_eq (pipe2 (fds, O_CLOEXEC), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      char *argv[] = { (char *) ATTACK_BIN, (char *) name, NULL };
      if (dup2 (fds[1], 1) < 0 || prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || nsbox_seccomp_install (&prog) < 0)
        _exit (100);
      execv (ATTACK_BIN, argv);
      _exit (127);
    }
  close (fds[1]);
  while (len < sizeof o.out - 1 && (n = read (fds[0], o.out + len, sizeof o.out - 1 - len)) > 0)
    len += n;
  close (fds[0]);
  cr_assert_eq (waitpid (pid, &o.status, 0), pid);
  nsbox_seccomp_program_release (&prog);
  return o;
}

static void
assert_blocked (const char *profile, const char *name, const char *errno_name)
{
  struct outcome o = run_attack (profile, name);
  char expected[128];

  snprintf (expected, sizeof expected, "%s: blocked %s\n", name, errno_name);
  cr_assert (WIFEXITED (o.status) && WEXITSTATUS (o.status) == 0, "%s under %s: status %#x, output: %s", name,
             profile, o.status, o.out);
  cr_assert (strstr (o.out, expected) != NULL, "%s under %s: %s", name, profile, o.out);
}

static void
assert_allowed (const char *profile, const char *name)
{
  struct outcome o = run_attack (profile, name);
  char expected[128];

  snprintf (expected, sizeof expected, "%s: allowed\n", name);
  cr_assert (strstr (o.out, expected) != NULL, "%s under %s: %s", name, profile, o.out);
}

static void
assert_killed_by_sigsys (const char *profile, const char *name)
{
  struct outcome o = run_attack (profile, name);

  sbx_assert_arch_attack_killed (ATTACK_BIN, name, o.status, o.out);
}

#define BLOCKED(profile, test, attack, errno_name)                                                                    \
  Test (unit_seccomp, profile##_blocks_##test)                                                                        \
  {                                                                                                                   \
    assert_blocked (#profile, attack, errno_name);                                                                    \
  }

BLOCKED (default, ptrace_attach, "ptrace-attach", "EPERM")
BLOCKED (default, ptrace_seize, "ptrace-seize", "EPERM")
BLOCKED (default, mount, "mount", "EPERM")
BLOCKED (default, umount, "umount", "EPERM")
BLOCKED (default, unshare_user, "unshare-user", "EPERM")
BLOCKED (default, unshare_mount, "unshare-mount", "EPERM")
BLOCKED (default, setns, "setns", "EPERM")
BLOCKED (default, pivot_root, "pivot-root", "EPERM")
BLOCKED (default, chroot, "chroot", "EPERM")
BLOCKED (default, keyctl, "keyctl", "EPERM")
BLOCKED (default, add_key, "add-key", "EPERM")
BLOCKED (default, request_key, "request-key", "EPERM")
BLOCKED (default, bpf, "bpf", "EPERM")
BLOCKED (default, perf_event_open, "perf-event-open", "EPERM")
BLOCKED (default, io_uring_setup, "io-uring-setup", "EPERM")
BLOCKED (default, userfaultfd, "userfaultfd", "EPERM")
BLOCKED (default, open_by_handle_at, "open-by-handle-at", "EPERM")
BLOCKED (default, name_to_handle_at, "name-to-handle-at", "EPERM")
BLOCKED (default, init_module, "init-module", "EPERM")
BLOCKED (default, finit_module, "finit-module", "EPERM")
BLOCKED (default, kexec_load, "kexec-load", "EPERM")
BLOCKED (default, reboot, "reboot", "EPERM")
BLOCKED (default, syslog, "syslog", "EPERM")
BLOCKED (default, personality_read_implies_exec, "personality-read-implies-exec", "EPERM")
BLOCKED (default, personality_addr_no_randomize, "personality-addr-no-randomize", "EPERM")
BLOCKED (default, socket_vsock, "socket-vsock", "EPERM")
BLOCKED (default, socket_raw, "socket-raw", "EPERM")
BLOCKED (default, socket_raw6, "socket-raw6", "EPERM")
BLOCKED (default, socket_packet, "socket-packet", "EPERM")
BLOCKED (default, socket_alg, "socket-alg", "EPERM")
BLOCKED (default, netlink_audit, "netlink-audit", "EPERM")
BLOCKED (default, netlink_uevent, "netlink-uevent", "EPERM")
BLOCKED (default, netlink_xfrm, "netlink-xfrm", "EPERM")
BLOCKED (default, netlink_netfilter, "netlink-netfilter", "EPERM")
BLOCKED (default, netlink_generic, "netlink-generic", "EPERM")
BLOCKED (default, netlink_sock_diag, "netlink-sock-diag", "EPERM")
BLOCKED (default, clone_newuser, "clone-newuser", "EPERM")
BLOCKED (default, clone_newns, "clone-newns", "EPERM")
BLOCKED (default, clone_newnet, "clone-newnet", "EPERM")
BLOCKED (default, clone3, "clone3", "ENOSYS")
BLOCKED (default, process_vm_readv, "process-vm-readv", "EPERM")
BLOCKED (default, fsopen, "fsopen", "EPERM")
BLOCKED (default, open_tree, "open-tree", "EPERM")
BLOCKED (default, move_mount, "move-mount", "EPERM")
BLOCKED (default, swapon, "swapon", "EPERM")
BLOCKED (default, acct, "acct", "EPERM")
BLOCKED (default, settimeofday, "settimeofday", "EPERM")
BLOCKED (default, clock_settime, "clock-settime", "EPERM")
BLOCKED (default, quotactl, "quotactl", "EPERM")

BLOCKED (strict, ptrace_traceme, "ptrace-traceme", "EPERM")
BLOCKED (strict, ptrace_attach, "ptrace-attach", "EPERM")
BLOCKED (strict, netlink_audit, "netlink-audit", "EPERM")
BLOCKED (strict, netlink_uevent, "netlink-uevent", "EPERM")
BLOCKED (strict, netlink_xfrm, "netlink-xfrm", "EPERM")
BLOCKED (strict, netlink_netfilter, "netlink-netfilter", "EPERM")
BLOCKED (strict, netlink_generic, "netlink-generic", "EPERM")
BLOCKED (strict, netlink_sock_diag, "netlink-sock-diag", "EPERM")
BLOCKED (strict, personality_read_implies_exec, "personality-read-implies-exec", "EPERM")
BLOCKED (strict, socket_vsock, "socket-vsock", "EPERM")
BLOCKED (strict, socket_raw, "socket-raw", "EPERM")
BLOCKED (strict, clone_newuser, "clone-newuser", "EPERM")
BLOCKED (strict, unshare_user, "unshare-user", "EPERM")

/* What default.json must keep working. */
Test (unit_seccomp, default_allows_ptrace_traceme)
{
  assert_allowed ("default", "ptrace-traceme");
}

Test (unit_seccomp, default_allows_netlink_route)
{
  assert_allowed ("default", "netlink-route");
}

Test (unit_seccomp, default_allows_inet_sockets)
{
  assert_allowed ("default", "socket-inet");
}

Test (unit_seccomp, default_allows_personality_query)
{
  assert_allowed ("default", "personality-query");
}

/* if_nameindex(), Go's net.Interfaces() and Node's os.networkInterfaces() read route netlink. */
Test (unit_seccomp, strict_allows_netlink_route)
{
  assert_allowed ("strict", "netlink-route");
  assert_allowed ("strict", "netlink-route-dgram");
}

Test (unit_seccomp, strict_allows_inet_sockets)
{
  assert_allowed ("strict", "socket-inet");
}

#if defined(__x86_64__)
Test (unit_seccomp, default_kills_int80)
{
  assert_killed_by_sigsys ("default", "int80");
}

Test (unit_seccomp, default_kills_x32)
{
  assert_killed_by_sigsys ("default", "x32");
}

Test (unit_seccomp, strict_kills_int80)
{
  assert_killed_by_sigsys ("strict", "int80");
}
#endif

/* ------------------------------------------------------------ the CLI flag */

static void
parse_exec (struct nsbox_spec **o, const char *flag, const char *value, int expect)
{
  const char *args[] = { "exec", "--rootfs", "/", flag, value, "--", "true", NULL };
  const char *no_flag[] = { "exec", "--rootfs", "/", "--", "true", NULL };
  _cleanup_free_ char *msg = NULL;

  exec_parse_clean_environment ();
  cr_assert_eq (exec_parse (flag ? args : no_flag, o, &msg) < 0 ? -1 : 0, expect, "%s", msg ? msg : "");
}

/* No flag leaves the profile unset, which the library reads as "default". */
Test (unit_seccomp, exec_without_flag_means_default_profile)
{
  struct nsbox_spec *o;

  parse_exec (&o, NULL, NULL, 0);
  cr_assert_null (o->config.seccomp_profile);
  nsbox_spec_free (o);
}

Test (unit_seccomp, exec_flag_selects_profile)
{
  struct nsbox_spec *o;

  parse_exec (&o, "--seccomp", "strict", 0);
  cr_assert_str_eq (o->config.seccomp_profile, "strict");
  nsbox_spec_free (o);
  parse_exec (&o, "--seccomp", "unconfined", 0);
  cr_assert_str_eq (o->config.seccomp_profile, "unconfined");
  nsbox_spec_free (o);
}

Test (unit_seccomp, exec_flag_refuses_empty_profile)
{
  struct nsbox_spec *o;

  parse_exec (&o, "--seccomp", "", -1);
  nsbox_spec_free (o);
}

/* ------------------------------------------------------------ what a profile decides */

/* Names nobody knows are listed (typos), names of newer syscalls and of other
 * architectures are not; the cache keeps the list. */
Test (unit_seccomp, unknown_syscall_names_are_listed_and_cached)
{
  const char *json = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\",\"execve\","
                     "\"no_such_syscall\",\"socketcall\",\"mseal\",\"no_such_syscall\",\"writ\"],"
                     "\"action\":\"SCMP_ACT_ALLOW\"}]}";
  char dir[] = "/tmp/nsbox-test-unknown-XXXXXX", path[128], cache[160];
  struct nsbox_seccomp_program first = { 0 }, second = { 0 };
  _cleanup_error_ struct nsbox_error *err = NULL;
  FILE *f;

  cr_assert_not_null (mkdtemp (dir));
  snprintf (path, sizeof path, "%s/typo.json", dir);
  snprintf (cache, sizeof cache, "%s/cache", dir);
  cr_assert_not_null (f = fopen (path, "we"));
  fputs (json, f);
  fclose (f);
  cr_assert_eq (nsbox_seccomp_prepare (path, NULL, cache, &first, &err), 0, "%s", err ? err->message : "");
  cr_assert_eq (nsbox_seccomp_prepare (path, NULL, cache, &second, &err), 0, "%s", err ? err->message : "");
  cr_assert (second.from_cache);
  for (struct nsbox_seccomp_program *p = &first; p; p = p == &first ? &second : NULL)
    {
      cr_assert_not_null (p->unknown);
      cr_expect_str_eq (p->unknown[0], "no_such_syscall");
      cr_expect_str_eq (p->unknown[1], "writ");
      cr_expect_null (p->unknown[2]);
    }
  nsbox_seccomp_program_release (&first);
  nsbox_seccomp_program_release (&second);
  snprintf (path, sizeof path, "rm -rf '%s'", dir);
  cr_assert_eq (system (path), 0);
}

static void
assert_exec_refused (const char *json, const char *expected)
{
  char dir[] = "/tmp/nsbox-test-noexec-XXXXXX", path[128], message[512], cmd[200];
  struct nsbox_seccomp_program prog = { 0 };
  _cleanup_error_ struct nsbox_error *err = NULL;
  FILE *f;

  cr_assert_not_null (mkdtemp (dir));
  snprintf (path, sizeof path, "%s/p.json", dir);
  cr_assert_not_null (f = fopen (path, "we"));
  fputs (json, f);
  fclose (f);
  cr_assert_lt (nsbox_seccomp_prepare (path, NULL, NULL, &prog, &err), 0, "a profile without execve was accepted");
  snprintf (message, sizeof message, "seccomp profile `%s` refuses `execve` (%s): the workload could not start", path,
            expected);
  cr_expect_str_eq (err->message, message);
  nsbox_seccomp_program_release (&prog);
  snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
  cr_assert_eq (system (cmd), 0);
}

Test (unit_seccomp, a_profile_refusing_execve_is_refused_with_the_reason)
{
  assert_exec_refused ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[]}", "SCMP_ACT_ERRNO, EPERM");
  assert_exec_refused ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"execve\"],"
                       "\"action\":\"SCMP_ACT_KILL_PROCESS\"}]}",
                       "SCMP_ACT_KILL_PROCESS");
  assert_exec_refused ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"execve\"],"
                       "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13}]}",
                       "SCMP_ACT_ERRNO, EACCES");
}

/* Syscalls no caller would make with zero arguments even if allowed; and on
 * x86_64 uretprobe (335) and uprobe (336), which the kernel (6.13+) passes
 * through seccomp unfiltered and answers with SIGILL outside a probe. */
static bool
unsafe_to_try (long nr)
{
#if defined(__x86_64__)
  if (nr == 335 || nr == 336)
    return true;
#endif
  static const long unsafe[] = {
    SYS_exit, SYS_exit_group, SYS_reboot, SYS_vhangup, SYS_kill, SYS_tkill, SYS_tgkill, SYS_pause,
    SYS_rt_sigsuspend, SYS_kexec_load, SYS_setsid, SYS_fork, SYS_vfork, SYS_clone, SYS_clone3, SYS_execve,
    SYS_execveat, SYS_munmap, SYS_brk, SYS_rt_sigreturn, SYS_close_range, SYS_sched_yield,
  };

  for (size_t i = 0; i < sizeof unsafe / sizeof unsafe[0]; i++)
    if (unsafe[i] == nr)
      return true;
  return false;
}

/* The user-space verdict agrees with the kernel's: every syscall the
 * interpreter says the default profile fails with an errno fails with that
 * errno under the installed filter (in a forked child). */
Test (unit_seccomp, verdicts_match_the_kernel_for_the_default_profile)
{
  struct nsbox_seccomp_program prog;
  uint32_t action;
  int status, refused = 0;
  pid_t pid;

  compile_file (PROFILE_DIR "/default.json", &prog);
  cr_assert_eq (nsbox_seccomp_action_for (&prog, SYS_execve, &action), 0);
  cr_expect_eq (action, SECCOMP_RET_ALLOW);
  cr_assert_eq (nsbox_seccomp_action_for (&prog, SYS_kexec_load, &action), 0);
  cr_expect_eq (action, SECCOMP_RET_ERRNO | EPERM);
  /* Past the largest number the profile names: ENOSYS, for libc's fallbacks. */
  cr_assert_eq (nsbox_seccomp_action_for (&prog, 1000, &action), 0);
  cr_expect_eq (action, SECCOMP_RET_ERRNO | ENOSYS);
  for (long nr = 0; nr < 512; nr++)
    refused += nsbox_seccomp_action_for (&prog, (int) nr, &action) == 0
               && (action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO;
  cr_assert_gt (refused, 50);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int wrong = 0;

      alarm (20);
      if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || nsbox_seccomp_install (&prog) < 0)
        _exit (100);
      for (long nr = 0; nr < 512; nr++)
        {
          if (unsafe_to_try (nr) || nsbox_seccomp_action_for (&prog, (int) nr, &action) < 0
              || (action & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ERRNO)
            continue;
          errno = 0;
          if (syscall (nr, 0, 0, 0, 0, 0, 0) != -1 || errno != (int) (action & SECCOMP_RET_DATA))
            wrong++;
        }
      _exit (wrong > 99 ? 99 : wrong);
    }
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  cr_expect (WIFEXITED (status) && WEXITSTATUS (status) == 0, "%d syscalls got another verdict from the kernel (%#x)",
             WIFEXITED (status) ? WEXITSTATUS (status) : -1, status);
  nsbox_seccomp_program_release (&prog);
}
