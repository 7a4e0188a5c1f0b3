/* checks_corpus: the pre-execution checks measured on tests/checks/.
 *
 * harmless/LANG/ holds ordinary programs (algorithms, string processing,
 * numpy and pandas, programs whose comments and strings name every rule):
 * none may get a finding of medium severity or above, nor a syntax error.
 * listed/LANG/ holds programs that use a listed feature, each in its own
 * spelling; the first line says `expect: RULE...` and every rule named there
 * must be found at high or critical.  LANG is the policy's name.  The counts
 * and the misses are printed, so a failure says how far off it is. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/checks.h"
#include "lang/policy.h"

#define CORPUS NSBOX_TEST_SRCDIR "/tests/checks"

static const char *const dirs[] = { NSBOX_TEST_SRCDIR "/policies/lang", NULL };
static const char *const langs[] = { "python", "node", "typescript", "go", "c", "cpp", "rust", "java", NULL };

static char *
slurp (const char *path, size_t *length)
{
  FILE *f = fopen (path, "r");
  char *text = NULL;
  size_t cap = 0;

  cr_assert_not_null (f, "%s", path);
  *length = 0;
  for (;;)
    {
      if (*length + 4096 + 1 > cap)
        cr_assert_not_null (text = realloc (text, cap = cap * 2 + 8192));
      size_t n = fread (text + *length, 1, cap - *length - 1, f);
      if (n == 0)
        break;
      *length += n;
    }
  text[*length] = '\0';
  fclose (f);
  return text;
}

static int
by_name (const struct dirent **a, const struct dirent **b)
{
  return strcmp ((*a)->d_name, (*b)->d_name);
}

/* Each regular file of CORPUS/KIND/LANG, with its policy's findings. */
static size_t
each_file (const char *kind, const char *lang,
           void (*fn) (const char *path, const char *code, const struct nsbox_checks_found *f, void *data), void *data)
{
  struct nsbox_lang_policy p;
  struct nsbox_error *err = NULL;
  struct dirent **names;
  char dir[512];
  int n;

  snprintf (dir, sizeof dir, "%s/%s/%s", CORPUS, kind, lang);
  cr_assert_eq (nsbox_policy_find (lang, dirs, &p, &err), 0, "%s", err ? err->message : "");
  n = scandir (dir, &names, NULL, by_name);
  cr_assert_geq (n, 0, "%s", dir);
  size_t files = 0;
  for (int i = 0; i < n; i++)
    {
      char path[1024];
      size_t length;
      char *code;
      struct nsbox_checks_found f;

      if (names[i]->d_name[0] != '.')
        {
          snprintf (path, sizeof path, "%s/%s", dir, names[i]->d_name);
          code = slurp (path, &length);
          cr_assert_eq (nsbox_checks_scan (&p, code, length, &f, &err), 0, "%s: %s", path,
                        err ? err->message : "");
          fn (path, code, &f, data);
          nsbox_checks_found_release (&f);
          free (code);
          files++;
        }
      free (names[i]);
    }
  free (names);
  nsbox_policy_release (&p);
  return files;
}

static void
no_false_positive (const char *path, const char *code, const struct nsbox_checks_found *f, void *data)
{
  size_t *wrong = data;
  bool bad = f->syntax_error != NULL;

  (void) code;
  for (size_t i = 0; i < f->n; i++)
    if (f->violations[i].severity >= NSBOX_SEVERITY_MEDIUM)
      {
        cr_log_error ("false positive: %s:%u: %s: %s", path, f->violations[i].line, f->violations[i].rule,
                      f->violations[i].message);
        bad = true;
      }
  if (f->syntax_error)
    cr_log_error ("false syntax error: %s:%u: %s", path, f->syntax_error_line, f->syntax_error);
  *wrong += bad;
}

Test (checks_corpus, harmless_programs_get_no_finding_at_standard)
{
  size_t files = 0, wrong = 0;

  for (size_t l = 0; langs[l]; l++)
    files += each_file ("harmless", langs[l], no_false_positive, &wrong);
  cr_log_info ("harmless: %zu programs, %zu with a false positive", files, wrong);
  cr_expect_geq (files, 200, "the corpus has %zu harmless programs", files);
  cr_expect_eq (wrong, 0, "%zu of %zu harmless programs got a finding at medium or above", wrong, files);
}

static bool
found (const struct nsbox_checks_found *f, const char *rule, size_t len)
{
  for (size_t i = 0; i < f->n; i++)
    if (strlen (f->violations[i].rule) == len && strncmp (f->violations[i].rule, rule, len) == 0
        && f->violations[i].severity >= NSBOX_SEVERITY_HIGH)
      return true;
  return false;
}

struct detection
{
  size_t expected, missed;
};

static void
every_expected_rule (const char *path, const char *code, const struct nsbox_checks_found *f, void *data)
{
  struct detection *d = data;
  const char *expect = strstr (code, "expect:"), *end = strchr (code, '\n');

  cr_assert (expect && (end == NULL || expect < end), "%s: no `expect:` on its first line", path);
  for (const char *r = expect + 7;;)
    {
      size_t len;

      r += strspn (r, " \t");
      len = strcspn (r, " \t\r\n");
      if (len == 0 || (r[0] == '*' && r[1] == '/'))
        break;
      d->expected++;
      if (!found (f, r, len))
        {
          d->missed++;
          cr_log_error ("missed: %s: %.*s", path, (int) len, r);
        }
      r += len;
    }
}

Test (checks_corpus, every_listed_spelling_is_found)
{
  struct detection d = { 0, 0 };
  size_t files = 0;

  for (size_t l = 0; langs[l]; l++)
    files += each_file ("listed", langs[l], every_expected_rule, &d);
  cr_log_info ("listed: %zu programs, %zu expected findings, %zu missed", files, d.expected, d.missed);
  cr_expect_geq (files, 100, "the corpus has %zu programs with listed features", files);
  cr_expect_eq (d.missed, 0, "%zu of %zu expected findings missed", d.missed, d.expected);
}
