/* Input nsbox used to accept and now refuses (or warns about), each with the
 * exact line the user reads. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define ROOT sbx_root ("busybox")

static void
assert_refused (const char *const *args, const char *expected)
{
  struct sbx r = { 0 };

  sbx_execv (&r, args);
  cr_expect_eq (r.status, 125, "status %d, stderr: %s", r.status, r.err);
  cr_expect_str_eq (r.err, expected);
  sbx_release (&r);
}

Test (refusals, volume_on_proc)
{
  assert_refused (
      (const char *const[]){ "--rootfs", ROOT, "-v", "/tmp:/proc", "--", "true", NULL },
      "nsbox: invalid mount `/tmp:/proc`: the destination `/proc` is in /proc, which nsbox mounts itself\n");
}

Test (refusals, volume_on_proc_sys)
{
  assert_refused ((const char *const[]){ "--rootfs", ROOT, "-v", "/tmp:/proc/sys", "--", "true", NULL },
                  "nsbox: invalid mount `/tmp:/proc/sys`: the destination `/proc/sys` is in /proc, which nsbox "
                  "mounts itself\n");
}

Test (refusals, mount_on_sys_spelt_otherwise)
{
  assert_refused ((const char *const[]){ "--rootfs", ROOT, "--mount", "type=bind,src=/tmp,dst=/tmp/../sys/kernel", "--",
                                         "true", NULL },
                  "nsbox: invalid mount `type=bind,src=/tmp,dst=/tmp/../sys/kernel`: the destination "
                  "`/tmp/../sys/kernel` is in /sys, which nsbox mounts itself\n");
}

/* Attack: a symlink in the root leads a harmless-looking destination into
 * the sandbox's /proc/sys (the name check cannot see it; the mount can). */
Test (refusals, volume_through_a_symlink_into_proc)
{
  char *root = sbx_tmpdir (), link[4200];

  snprintf (link, sizeof link, "%s/x", root);
  cr_assert_eq (symlink ("/proc/sys", link), 0);
  assert_refused ((const char *const[]){ "--rootfs", root, "-v", "/tmp:/x", "--", "true", NULL },
                  "nsbox: bind mount on `/x`: the destination resolves into /proc or /sys in the sandbox, which nsbox "
                  "mounts itself: refused\n");
  sbx_tmpdir_remove (root);
}

/* tmpfs reads size=0 as "no limit". */
Test (refusals, tmpfs_size_zero)
{
  assert_refused ((const char *const[]){ "--rootfs", ROOT, "--tmpfs-size", "0", "--", "true", NULL },
                  "nsbox: a /tmp size of 0 means no limit at all to tmpfs: give a size, e.g. 64m\n");
}

static char *
write_profile (const char *dir, const char *name, const char *json)
{
  char *path = NULL;
  FILE *f;

  cr_assert_geq (asprintf (&path, "%s/%s", dir, name), 0);
  cr_assert_not_null (f = fopen (path, "we"));
  fputs (json, f);
  fclose (f);
  return path;
}

/* Before: SIGSEGV, exit 139, not a word. */
Test (refusals, seccomp_profile_refusing_execve)
{
  char *dir = sbx_tmpdir (), *path, expected[4400];

  path = write_profile (dir, "noexec.json", "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[]}");
  snprintf (expected, sizeof expected,
            "nsbox: seccomp profile `%s` refuses `execve` (SCMP_ACT_ERRNO, EPERM): the workload could not start\n",
            path);
  assert_refused ((const char *const[]){ "--rootfs", ROOT, "--seccomp", path, "--", "true", NULL }, expected);
  free (path);
  sbx_tmpdir_remove (dir);
}

/* A warning, not a refusal: the run goes on; said again on a cache hit. */
Test (refusals, seccomp_profile_naming_unknown_syscalls_warns)
{
  char *dir = sbx_tmpdir (), *path, expected[4400];
  struct sbx r = { 0 };

  path = write_profile (dir, "typo.json",
                        "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"ptrace\",\"ptarce\","
                        "\"mseal\",\"kexec_lod\"],\"action\":\"SCMP_ACT_ERRNO\"}]}");
  snprintf (expected, sizeof expected, "nsbox: warning: seccomp profile `%s` names syscalls that neither libseccomp ",
            path);
  for (int run = 0; run < 2; run++)
    {
      sbx_exec (&r, "--rootfs", ROOT, "--seccomp", path, "--", "true", NULL);
      cr_expect_eq (r.status, 0, "%s", r.err);
      cr_expect_eq (strncmp (r.err, expected, strlen (expected)), 0, "run %d: %s", run, r.err);
      cr_expect_not_null (strstr (r.err, " nor nsbox knows (misspelt?), ignored: ptarce, kexec_lod\n"), "run %d: %s",
                          run, r.err);
      sbx_release (&r);
    }
  free (path);
  sbx_tmpdir_remove (dir);
}

Test (refusals, stats_of_a_missing_log)
{
  struct sbx r;

  sbx_run (&r, (const char *const[]){ sbx_nsbox (), "stats", "--log", "/nonexistent/results.jsonl", NULL }, NULL);
  cr_expect_eq (r.status, 125);
  cr_expect_str_eq (r.err, "nsbox: open the results log `/nonexistent/results.jsonl`: No such file or directory\n");
  cr_expect_str_eq (r.out, "");
  sbx_release (&r);
}
