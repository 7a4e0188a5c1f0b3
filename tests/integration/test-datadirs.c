/* The build tree's nsbox finds its seccomp profiles, language policies and
 * image helper in the build tree with no environment at all; any other copy
 * of the binary (the installed one) never looks there. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"

static const char *const bare_env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };

Test (datadirs, build_tree_binary_runs_a_sandbox_with_no_environment)
{
  char *state = sbx_tmpdir (), log[4200];
  struct sbx r;

  /* The results log named on the command line: root's default is the
   * machine's, and no environment names a quieter nsbox.conf here. */
  snprintf (log, sizeof log, "%s/results.jsonl", state);
  sbx_run (&r,
           (const char *const[]){ sbx_nsbox (), "--root", state, "exec", "--log", log, "--rootfs", sbx_root ("busybox"),
                                  "--", "sh", "-c", "grep Seccomp: /proc/self/status", NULL },
           bare_env);
  cr_assert_eq (r.status, 0, "%s", r.err);
  /* Filtered by the build tree's default profile, not unconfined. */
  cr_expect_not_null (strstr (r.out, "Seccomp:\t2"), "%s", r.out);
  sbx_release (&r);
  sbx_tmpdir_remove (state);
}

Test (datadirs, build_tree_binary_lists_the_source_trees_policies)
{
  char policies[PATH_MAX + 64], srcdir[PATH_MAX];
  struct sbx r;

  sbx_run (&r, (const char *const[]){ sbx_nsbox (), "langs", "--json", NULL }, bare_env);
  cr_assert_eq (r.status, 0, "%s", r.err);
  /* nsbox names the tree as realpath(3) does; configure may have been given "../src". */
  cr_assert_not_null (realpath (NSBOX_TEST_SRCDIR, srcdir));
  snprintf (policies, sizeof policies, "\"%s/policies/lang/python.json\"", srcdir);
  cr_expect_not_null (strstr (r.out, policies), "%s not in %s", policies, r.out);
  sbx_release (&r);
}

Test (datadirs, build_tree_binary_runs_its_image_helper)
{
  char *store = sbx_tmpdir ();
  struct sbx r;

  sbx_run (&r, (const char *const[]){ sbx_nsbox (), "--store", store, "images", NULL }, bare_env);
  cr_assert_eq (r.status, 0, "%s", r.err);
  cr_expect_not_null (strstr (r.out, "NAME"), "%s", r.out);
  sbx_release (&r);
  sbx_tmpdir_remove (store);
}

/* A copy stands for the installed binary: it must not read the build tree
 * (nor find anything there), whatever else it does. */
Test (datadirs, a_copy_of_the_binary_never_uses_the_build_tree)
{
  char *dir = sbx_tmpdir (), copy[4096], cmd[8300], log[4200];
  struct sbx r;

  snprintf (copy, sizeof copy, "%s/nsbox", dir);
  snprintf (cmd, sizeof cmd, "cp '%s' '%s'", sbx_nsbox (), copy);
  snprintf (log, sizeof log, "%s/results.jsonl", dir);
  cr_assert_eq (system (cmd), 0);
  sbx_run (&r,
           (const char *const[]){ copy, "--root", dir, "exec", "--log", log, "--rootfs", sbx_root ("busybox"), "--",
                                  "true", NULL },
           bare_env);
  cr_expect_null (strstr (r.err, NSBOX_TEST_SRCDIR), "%s", r.err);
  cr_expect_null (strstr (r.err, NSBOX_TEST_BUILDDIR), "%s", r.err);
  sbx_release (&r);
  sbx_run (&r, (const char *const[]){ copy, "langs", "--json", NULL }, bare_env);
  cr_expect_null (strstr (r.out, NSBOX_TEST_SRCDIR), "%s", r.out);
  cr_expect_null (strstr (r.err, NSBOX_TEST_SRCDIR), "%s", r.err);
  sbx_release (&r);
  sbx_tmpdir_remove (dir);
}
