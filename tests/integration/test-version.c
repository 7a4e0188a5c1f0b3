/* `nsbox version` and `nsbox --version`: the version, the commit the binary
 * was built from, and what the build and the host offer. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <build-config.h>

#include "harness.h"

static void
version (struct sbx *r, const char *how)
{
  sbx_run (r, (const char *const[]){ sbx_nsbox (), how, NULL }, NULL);
  cr_assert_eq (r->status, 0, "nsbox %s: %s", how, r->err);
}

Test (version, both_spellings_print_the_same)
{
  struct sbx a, b;

  version (&a, "version");
  version (&b, "--version");
  cr_expect_str_eq (a.out, b.out);
  sbx_release (&a);
  sbx_release (&b);
}

Test (version, names_version_seccomp_cgroups_and_images)
{
  char first[128];
  struct sbx r;

  version (&r, "version");
  snprintf (first, sizeof first, "nsbox %s\n", PACKAGE_VERSION);
  cr_expect_eq (strncmp (r.out, first, strlen (first)), 0, "%s", r.out);
  cr_expect_not_null (strstr (r.out, "\nlibseccomp: 2."), "%s", r.out);
  cr_expect (strstr (r.out, "\ncgroup: v1 (") || strstr (r.out, "\ncgroup: v2 ("), "%s", r.out);
  cr_expect_not_null (strstr (r.out, "\nimages: oci, oci-archive and docker-archive import, registry pull ("), "%s",
                      r.out);
  cr_expect_not_null (strstr (r.out, "\nmode: root (per-sandbox user namespaces)\n"), "%s", r.out);
  sbx_release (&r);
}

/* Built by `make` from this git checkout: the commit is HEAD's. */
Test (version, names_the_git_commit_it_was_built_from)
{
  char git[4096], cmd[8300], head[64] = "", line[128];
  struct stat st;
  struct sbx r;
  FILE *p;

  snprintf (git, sizeof git, "%s/.git", NSBOX_TEST_SRCDIR);
  if (stat (git, &st) < 0)
    cr_skip_test ("the source tree is not a git checkout");
  snprintf (cmd, sizeof cmd, "git -C '%s' rev-parse --short=12 HEAD", NSBOX_TEST_SRCDIR);
  p = popen (cmd, "r");
  cr_assert_not_null (p);
  cr_assert_not_null (fgets (head, sizeof head, p));
  pclose (p);
  head[strcspn (head, "\n")] = '\0';
  version (&r, "version");
  snprintf (line, sizeof line, "\ncommit: %s", head);
  cr_expect_not_null (strstr (r.out, line), "%s not in\n%s", line, r.out);
  sbx_release (&r);
}

Test (version, takes_no_arguments)
{
  struct sbx r;

  sbx_run (&r, (const char *const[]){ sbx_nsbox (), "version", "extra", NULL }, NULL);
  cr_expect_eq (r.status, 125);
  cr_expect_str_eq (r.err, "nsbox: version takes no arguments (see nsbox --help)\n");
  sbx_release (&r);
}
