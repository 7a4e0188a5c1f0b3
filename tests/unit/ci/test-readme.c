/* The README's two commands (quick start, whole test suite) are what CI runs
 * first, verbatim: .ci/run reads them from between the README's markers. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* The lines of the fenced block between <!-- NAME:begin --> and <!-- NAME:end -->,
 * each ending in a newline; NULL without one. */
static char *
readme_block (const char *name)
{
  char path[4096], begin[64], end[64], *line = NULL, *text = NULL;
  size_t cap = 0, len = 0;
  bool inside = false, fence = false;
  FILE *f, *out;

  snprintf (path, sizeof path, "%s/README.md", NSBOX_TEST_SRCDIR);
  snprintf (begin, sizeof begin, "<!-- %s:begin -->\n", name);
  snprintf (end, sizeof end, "<!-- %s:end -->\n", name);
  f = fopen (path, "re");
  cr_assert_not_null (f, "open %s", path);
  out = open_memstream (&text, &len);
  cr_assert_not_null (out);
  while (getline (&line, &cap, f) > 0)
    {
      if (strcmp (line, begin) == 0)
        inside = true;
      else if (strcmp (line, end) == 0)
        inside = false;
      else if (inside && strncmp (line, "```", 3) == 0)
        fence = !fence;
      else if (inside && fence)
        fputs (line, out);
    }
  free (line);
  fclose (f);
  fclose (out);
  if (len == 0)
    {
      free (text);
      return NULL;
    }
  return text;
}

Test (unit_readme, has_both_commands_between_markers)
{
  char *quick = readme_block ("quickstart"), *tests = readme_block ("tests");

  cr_assert_not_null (quick, "README.md has no command between <!-- quickstart:begin --> and end");
  cr_assert_not_null (tests, "README.md has no command between <!-- tests:begin --> and end");
  /* The quick start installs, builds and runs the main job; the other runs every suite. */
  cr_expect_not_null (strstr (quick, ".ci/install-deps"), "%s", quick);
  cr_expect_not_null (strstr (quick, "make demo"), "%s", quick);
  cr_expect_not_null (strstr (tests, "check"), "%s", tests);
  free (quick);
  free (tests);
}

Test (unit_readme, ci_runs_them_first_and_verbatim)
{
  char script[4096], *quick = readme_block ("quickstart"), *tests = readme_block ("tests"), *expected = NULL;
  struct sbx r;

  cr_assert_not_null (quick);
  cr_assert_not_null (tests);
  snprintf (script, sizeof script, "%s/.ci/run", NSBOX_TEST_SRCDIR);
  sbx_run (&r, (const char *const[]){ "/bin/bash", script, "--dry-run", NULL }, NULL);
  cr_assert_eq (r.status, 0, "%s --dry-run: %s", script, r.err);
  cr_assert_geq (asprintf (&expected, "%s%s", quick, tests), 0);
  cr_expect_eq (strncmp (r.out, expected, strlen (expected)), 0,
                ".ci/run does not start with the README's commands.\nREADME:\n%s\n.ci/run --dry-run:\n%s", expected,
                r.out);
  free (expected);
  free (quick);
  free (tests);
  sbx_release (&r);
}
