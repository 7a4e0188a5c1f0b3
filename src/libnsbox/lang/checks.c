#define _GNU_SOURCE
#include "lang/checks.h"
#include "base/cleanup.h"

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
    }
  free (violations);
}

struct found
{
  struct nsbox_violation *v;
  size_t n;
};

static int
add (struct found *f, const char *rule, enum nsbox_severity severity, unsigned line, const char *message,
     struct nsbox_error **err)
{
  struct nsbox_violation *grown;

  if (f->n >= NSBOX_CHECKS_MAX_LISTED)
    return 0;
  grown = realloc (f->v, (f->n + 1) * sizeof *grown);
  if (grown == NULL)
    return nsbox_error_oom (err);
  f->v = grown;
  grown[f->n] = (struct nsbox_violation){ .rule = strdup (rule), .severity = severity, .line = line,
                                          .message = strdup (message) };
  if (grown[f->n].rule == NULL || grown[f->n].message == NULL)
    {
      free (grown[f->n].rule);
      free (grown[f->n].message);
      return nsbox_error_oom (err);
    }
  f->n++;
  return 0;
}

/* Compiled rules, freed together. */
struct compiled
{
  regex_t *re;
  size_t n;
};

static void
compiled_free (struct compiled *c)
{
  for (size_t i = 0; i < c->n; i++)
    regfree (&c->re[i]);
  free (c->re);
}

static int
compile_rules (const struct nsbox_lang_policy *policy, struct compiled *c, struct nsbox_error **err)
{
  c->re = calloc (policy->n_rules + 1, sizeof *c->re);
  if (c->re == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; i < policy->n_rules; i++)
    {
      if (regcomp (&c->re[i], policy->rules[i].pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return nsbox_error_msg (err, "%s: rule `%s`: pattern does not compile", policy->path, policy->rules[i].id);
      c->n = i + 1;
    }
  return 0;
}

static int
scan_line (const struct nsbox_lang_policy *policy, const struct compiled *c, const char *line, unsigned number,
           struct found *f, struct nsbox_error **err)
{
  for (size_t i = 0; i < c->n; i++)
    {
      const struct nsbox_check_rule *r = &policy->rules[i];

      if (regexec (&c->re[i], line, 0, NULL, 0) == 0
          && add (f, r->id, r->severity, number, r->message ? r->message : r->id, err) < 0)
        return -1;
    }
  return 0;
}

int
nsbox_checks_scan (const struct nsbox_lang_policy *policy, const char *code, size_t length,
                   struct nsbox_violation **violations, size_t *n, struct nsbox_error **err)
{
  struct found f = { NULL, 0 };
  struct compiled c = { NULL, 0 };
  _cleanup_free_ char *line = NULL;
  unsigned number = 0;
  int r = 0;

  if (length > policy->max_code_bytes)
    {
      char msg[96];

      snprintf (msg, sizeof msg, "the code is %zu bytes, more than the %llu allowed", length,
                (unsigned long long) policy->max_code_bytes);
      r = add (&f, NSBOX_CHECK_CODE_SIZE, NSBOX_SEVERITY_CRITICAL, 0, msg, err);
    }
  else if ((line = malloc (length + 1)) == NULL)
    r = nsbox_error_oom (err);
  else
    r = compile_rules (policy, &c, err);
  /* Line by line, so `^` and `$` mean a line's ends and a match has a line
   * number; a NUL byte inside a line ends what the rules see of it. */
  for (size_t start = 0; r == 0 && line && start < length; number++)
    {
      const char *nl = memchr (code + start, '\n', length - start);
      size_t end = nl ? (size_t) (nl - code) : length;

      memcpy (line, code + start, end - start);
      line[end - start] = '\0';
      r = scan_line (policy, &c, line, number + 1, &f, err);
      start = end + 1;
    }
  compiled_free (&c);
  if (r < 0)
    {
      nsbox_violations_free (f.v, f.n);
      return -1;
    }
  *violations = f.v;
  *n = f.n;
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

bool
nsbox_checks_block (enum nsbox_check_mode mode, const struct nsbox_violation *v, size_t n)
{
  if (mode != NSBOX_CHECKS_BLOCK)
    return false;
  for (size_t i = 0; i < n; i++)
    if (v[i].severity == NSBOX_SEVERITY_CRITICAL)
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
