#define _GNU_SOURCE
#include "lang/checks.h"
#include "base/cleanup.h"
#include "lang/code-scan.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
nsbox_severity_name (enum nsbox_severity severity)
{
  static const char *const names[] = { "low", "medium", "high", "critical" };

  return severity <= NSBOX_SEVERITY_CRITICAL ? names[severity] : "critical";
}

int
nsbox_severity_parse (const char *text, enum nsbox_severity *severity)
{
  for (int s = NSBOX_SEVERITY_LOW; s <= NSBOX_SEVERITY_CRITICAL; s++)
    if (strcmp (text, nsbox_severity_name (s)) == 0)
      {
        *severity = s;
        return 0;
      }
  return -1;
}

void
nsbox_violations_free (struct nsbox_violation *violations, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      free (violations[i].rule);
      free (violations[i].message);
      free (violations[i].recommendation);
    }
  free (violations);
}

void
nsbox_checks_found_release (struct nsbox_checks_found *found)
{
  nsbox_violations_free (found->violations, found->n);
  free (found->syntax_error);
  *found = (struct nsbox_checks_found){ 0 };
}

static int
add (struct nsbox_checks_found *f, const struct nsbox_check_rule *r, const char *id, enum nsbox_severity severity,
     unsigned line, const char *message, struct nsbox_error **err)
{
  struct nsbox_violation *grown, *v;

  if (f->n >= NSBOX_CHECKS_MAX_LISTED)
    return 0;
  grown = realloc (f->violations, (f->n + 1) * sizeof *grown);
  if (grown == NULL)
    return nsbox_error_oom (err);
  f->violations = grown;
  v = &grown[f->n];
  *v = (struct nsbox_violation){ .rule = strdup (id), .severity = severity, .line = line, .message = strdup (message) };
  if (r && r->recommendation)
    v->recommendation = strdup (r->recommendation);
  if (v->rule == NULL || v->message == NULL || (r && r->recommendation && v->recommendation == NULL))
    {
      free (v->rule);
      free (v->message);
      free (v->recommendation);
      return nsbox_error_oom (err);
    }
  f->n++;
  return 0;
}

/* A rule's regex over each line of `text` (the code, or its blanked copy). */
static int
scan_pattern (const struct nsbox_check_rule *r, const char *text, size_t length, struct nsbox_checks_found *f,
              struct nsbox_error **err)
{
  _cleanup_free_ char *line = malloc (length + 1);
  regex_t re;
  unsigned number = 0;
  int rc = 0;

  if (line == NULL)
    return nsbox_error_oom (err);
  if (regcomp (&re, r->pattern, REG_EXTENDED | REG_NOSUB) != 0)
    return nsbox_error_msg (err, "rule `%s`: pattern does not compile", r->id);
  /* Line by line, so `^` and `$` mean a line's ends and a match has a line
   * number; a NUL byte inside a line ends what the rule sees of it. */
  for (size_t start = 0; rc == 0 && start < length; number++)
    {
      const char *nl = memchr (text + start, '\n', length - start);
      size_t end = nl ? (size_t) (nl - text) : length;

      memcpy (line, text + start, end - start);
      line[end - start] = '\0';
      if (regexec (&re, line, 0, NULL, 0) == 0)
        rc = add (f, r, r->id, r->severity, number + 1, r->message ? r->message : r->id, err);
      start = end + 1;
    }
  regfree (&re);
  return rc;
}

/* `pattern` names `name` or something below it: os is os, os.path and
 * os.system(); net is net/http; "*.exec" is any member called exec. */
static bool
name_matches (const char *pattern, const char *name, size_t len)
{
  size_t n = strlen (pattern);

  if (strncmp (pattern, "*.", 2) == 0)
    {
      for (const char *p = name; (p = memmem (p, len - (size_t) (p - name), pattern + 1, n - 1)) != NULL; p++)
        {
          size_t after = (size_t) (p - name) + n - 1;

          if (after == len || strchr (".:(!/", name[after]))
            return true;
        }
      return false;
    }
  return len >= n && memcmp (name, pattern, n) == 0 && (len == n || strchr (".:(!/", name[n]));
}

static bool
listed (char *const *patterns, const char *name, size_t len)
{
  for (size_t i = 0; patterns && patterns[i]; i++)
    if (name_matches (patterns[i], name, len))
      return true;
  return false;
}

static bool
contains (char *const *list, const char *name)
{
  for (size_t i = 0; list && list[i]; i++)
    if (strcmp (list[i], name) == 0)
      return true;
  return false;
}

static int
add_fact (struct nsbox_checks_found *f, const struct nsbox_check_rule *r, const char *id, enum nsbox_severity severity,
          const char *message, const struct nsbox_code_fact *fact, const char *name, struct nsbox_error **err)
{
  _cleanup_free_ char *text = NULL;

  /* One finding per rule and line: `from subprocess import run, Popen` is
   * one use of subprocess, listed by the first name that showed it. */
  for (size_t i = 0; i < f->n; i++)
    if (f->violations[i].line == fact->line && strcmp (f->violations[i].rule, id) == 0)
      return 0;
  if (asprintf (&text, "%s: `%s`", message, name) < 0)
    return nsbox_error_oom (err);
  /* The name comes from the code: no control character of it reaches a
   * terminal that shows the finding. */
  for (char *c = text; *c; c++)
    if ((unsigned char) *c < 0x20 || *c == 0x7f)
      *c = '?';
  return add (f, r, id, severity, fact->line, text, err);
}

static int
match_fact (const struct nsbox_lang_policy *policy, const struct nsbox_code_facts *facts,
            const struct nsbox_code_fact *fact, struct nsbox_checks_found *f, struct nsbox_error **err)
{
  const char *name = facts->names + fact->name;
  /* A name ends at a NUL a literal put in it: `__import__("os\0x")` is os. */
  _cleanup_free_ char *z = strndup (name, fact->name_len);
  size_t len;

  if (z == NULL)
    return nsbox_error_oom (err);
  len = strlen (z);
  if (fact->kind == NSBOX_FACT_IMPORT && policy->allow_imports && !listed (policy->allow_imports, z, len)
      && add_fact (f, NULL, NSBOX_CHECK_IMPORT_NOT_ALLOWED, NSBOX_SEVERITY_CRITICAL,
                   "imports a module this policy does not allow", fact, z, err) < 0)
    return -1;
  for (size_t i = 0; i < policy->n_rules; i++)
    {
      const struct nsbox_check_rule *r = &policy->rules[i];
      char *const *list = fact->kind == NSBOX_FACT_IMPORT ? r->imports
                          : fact->kind == NSBOX_FACT_USE  ? r->uses
                                                          : r->dynamic;
      bool hit = fact->kind == NSBOX_FACT_DYNAMIC ? contains (list, z) : listed (list, z, len);

      if (hit && add_fact (f, r, r->id, r->severity, r->message ? r->message : r->id, fact, z, err) < 0)
        return -1;
    }
  return 0;
}

static int
scan_facts (const struct nsbox_lang_policy *policy, const struct nsbox_code_scan *scan, struct nsbox_checks_found *f,
            struct nsbox_error **err)
{
  const struct nsbox_code_facts *facts = scan->facts;

  if (facts->error_line)
    {
      f->syntax_error_line = facts->error_line;
      if ((f->syntax_error = strdup (facts->error)) == NULL)
        return nsbox_error_oom (err);
    }
  if (facts->overflow
      && add (f, NULL, NSBOX_CHECK_INCOMPLETE, NSBOX_SEVERITY_CRITICAL, 0,
              "the code has more names than the checks analyse; the rest was not checked", err) < 0)
    return -1;
  for (uint32_t i = 0; i < facts->n; i++)
    if (match_fact (policy, facts, &facts->fact[i], f, err) < 0)
      return -1;
  return 0;
}

static int
by_line (const void *a, const void *b)
{
  const struct nsbox_violation *x = a, *y = b;

  return x->line < y->line ? -1 : x->line > y->line;
}

static int
scan_code (const struct nsbox_lang_policy *policy, const char *code, size_t length, struct nsbox_checks_found *f,
           struct nsbox_error **err)
{
  struct nsbox_code_scan scan = { 0 };
  _cleanup_error_ struct nsbox_error *failure = NULL;
  const char *text = code;
  int rc = 0;

  if (policy->syntax != NSBOX_CODE_NONE)
    {
      int s = nsbox_code_scan (policy->syntax, code, length, &scan, &failure);

      /* A checker that dies on this input has found something to report, not
       * failed nsbox: the run is refused by the critical finding. */
      if (s < 0)
        rc = add (f, NULL, NSBOX_CHECK_FAILED, NSBOX_SEVERITY_CRITICAL, 0, failure->message, err);
      else
        {
          rc = scan_facts (policy, &scan, f, err);
          text = scan.blanked;
        }
    }
  for (size_t i = 0; rc == 0 && i < policy->n_rules; i++)
    if (policy->rules[i].pattern)
      rc = scan_pattern (&policy->rules[i], text, length, f, err);
  nsbox_code_scan_release (&scan);
  return rc;
}

int
nsbox_checks_scan (const struct nsbox_lang_policy *policy, const char *code, size_t length,
                   struct nsbox_checks_found *found, struct nsbox_error **err)
{
  struct nsbox_checks_found f = { 0 };
  int r;

  if (length > policy->max_code_bytes)
    {
      char msg[96];

      snprintf (msg, sizeof msg, "the code is %zu bytes, more than the %llu allowed", length,
                (unsigned long long) policy->max_code_bytes);
      r = add (&f, NULL, NSBOX_CHECK_CODE_SIZE, NSBOX_SEVERITY_CRITICAL, 0, msg, err);
    }
  else
    r = scan_code (policy, code, length, &f, err);
  if (r < 0)
    {
      nsbox_checks_found_release (&f);
      return -1;
    }
  if (f.n > 1)
    qsort (f.violations, f.n, sizeof *f.violations, by_line);
  *found = f;
  return 0;
}

int
nsbox_checks_risk_score (const struct nsbox_violation *v, size_t n)
{
  static const int weight[] = { 5, 10, 20, 40 };
  int score = 0;

  for (size_t i = 0; i < n; i++)
    {
      bool counted = false;

      for (size_t j = 0; j < i && !counted; j++)
        counted = strcmp (v[i].rule, v[j].rule) == 0;
      if (!counted)
        score += weight[v[i].severity <= NSBOX_SEVERITY_CRITICAL ? v[i].severity : NSBOX_SEVERITY_CRITICAL];
    }
  return score > 100 ? 100 : score;
}

enum nsbox_severity
nsbox_checks_threshold (bool strict)
{
  return strict ? NSBOX_SEVERITY_HIGH : NSBOX_SEVERITY_CRITICAL;
}

bool
nsbox_checks_block (enum nsbox_check_mode mode, enum nsbox_severity threshold, const struct nsbox_violation *v,
                    size_t n)
{
  if (mode != NSBOX_CHECKS_BLOCK)
    return false;
  for (size_t i = 0; i < n; i++)
    if (v[i].severity >= threshold)
      return true;
  return false;
}

const char *
nsbox_check_mode_name (enum nsbox_check_mode mode)
{
  return mode == NSBOX_CHECKS_OFF ? "off" : mode == NSBOX_CHECKS_REPORT ? "report" : "block";
}

int
nsbox_check_mode_parse (const char *text, enum nsbox_check_mode *mode, struct nsbox_error **err)
{
  for (int m = NSBOX_CHECKS_OFF; m <= NSBOX_CHECKS_BLOCK; m++)
    if (strcmp (text, nsbox_check_mode_name (m)) == 0)
      {
        *mode = m;
        return 0;
      }
  return nsbox_error_msg (err, "checks mode `%s` is not one of off, report, block", text);
}
