/* The bash completion (completion/nsbox): sourced into bash, asked what a
 * user would ask with TAB. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "image/image-harness.h"

/* COMPREPLY for the words given (the last one is being completed), one per line. */
static char *
complete (const char *const *words)
{
  char script[4096], *line = NULL;
  struct sbx r;
  size_t n = 0;

  while (words[n])
    n++;
  snprintf (script, sizeof script,
            "source '%s/completion/nsbox'; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); _nsbox; "
            "for c in \"${COMPREPLY[@]}\"; do printf '%%s\\n' \"$c\"; done",
            NSBOX_TEST_SRCDIR);
  {
    const char *argv[40] = { "/bin/bash", "-c", script, "completion-test", NULL };

    cr_assert_lt (n, 30);
    memcpy (argv + 4, words, (n + 1) * sizeof *words);
    sbx_run (&r, argv, NULL);
  }
  cr_assert_eq (r.status, 0, "%s", r.err);
  line = strdup (r.out);
  sbx_release (&r);
  return line;
}

static void
expect_candidates (const char *const *words, const char *expected)
{
  char *got = complete (words);
  size_t n = 0;

  while (words[n + 1])
    n++;
  cr_expect_str_eq (got, expected, "completing `%s`", words[n]);
  free (got);
}

/* `one` is among the candidates. */
static void
expect_candidate (const char *const *words, const char *one)
{
  char *got = complete (words), *lines = NULL, *needle = NULL;

  cr_assert_geq (asprintf (&lines, "\n%s", got), 0);
  cr_assert_geq (asprintf (&needle, "\n%s\n", one), 0);
  cr_expect_not_null (strstr (lines, needle), "`%s` not offered: %s", one, got);
  free (needle);
  free (lines);
  free (got);
}

Test (completion, commands)
{
  expect_candidates ((const char *const[]){ sbx_nsbox (), "ex", NULL }, "exec\n");
  expect_candidates ((const char *const[]){ sbx_nsbox (), "ver", NULL }, "version\n");
  expect_candidates ((const char *const[]){ sbx_nsbox (), "--st", NULL }, "--store\n");
}

/* Read from `nsbox exec --help`, so every flag the binary has. */
Test (completion, exec_flags)
{
  expect_candidates ((const char *const[]){ sbx_nsbox (), "exec", "--tmpfs-s", NULL }, "--tmpfs-size\n");
  expect_candidates ((const char *const[]){ sbx_nsbox (), "exec", "--cpu", NULL }, "--cpu-time\n--cpus\n");
  expect_candidate ((const char *const[]){ sbx_nsbox (), "exec", "--", NULL }, "--seccomp");
  expect_candidates ((const char *const[]){ sbx_nsbox (), "exec", "--checks", "b", NULL }, "block\n");
  expect_candidates ((const char *const[]){ sbx_nsbox (), "stats", "--format", "p", NULL }, "prometheus\n");
}

Test (completion, language_names_and_aliases)
{
  expect_candidates ((const char *const[]){ sbx_nsbox (), "exec", "--lang", "py", NULL }, "python\npython-data\n");
  expect_candidates ((const char *const[]){ sbx_nsbox (), "exec", "--lang", "ja", NULL }, "java\njavascript\n");
  expect_candidates ((const char *const[]){ sbx_nsbox (), "exec", "--lang", "golan", NULL }, "golang\n");
  expect_candidates ((const char *const[]){ sbx_nsbox (), "check", "--lang", "golan", NULL }, "golang\n");
  expect_candidates ((const char *const[]){ sbx_nsbox (), "check", "--profile", "st", NULL }, "standard\nstrict\n");
}

Test (completion, image_names_from_the_store, .fini = image_cleanup)
{
  char *dir = image_tmpdir (), store[4200], archive[4200], source[4300];
  struct sbx r;

  snprintf (store, sizeof store, "%s/store", dir);
  snprintf (archive, sizeof archive, "%s/toolbox.tar", dir);
  snprintf (source, sizeof source, "oci-archive:%s", archive);
  image_make ("oci-archive", archive, "--layer", "busybox", NULL);
  sbx_run (&r, (const char *const[]){ sbx_nsbox (), "--store", store, "image", "import", source, NULL }, NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  sbx_release (&r);
  expect_candidates ((const char *const[]){ sbx_nsbox (), "--store", store, "exec", "too", NULL }, "toolbox:latest\n");
  expect_candidates ((const char *const[]){ sbx_nsbox (), "--store", store, "exec", "--memory", "64m", "t", NULL },
                     "toolbox:latest\n");
  expect_candidates ((const char *const[]){ sbx_nsbox (), "--store", store, "image", "rm", "", NULL },
                     "toolbox:latest\n");
  /* After --rootfs the next word is the command, not an image. */
  expect_candidates ((const char *const[]){ sbx_nsbox (), "--store", store, "exec", "--rootfs", "/", "t", NULL }, "");
  image_tmpdir_remove (dir);
}
