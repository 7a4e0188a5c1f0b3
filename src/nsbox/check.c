/* check.c - `nsbox check`: the pre-execution checks of a language run alone,
 * with no sandbox: what a platform shows its user before submitting ("your
 * code uses subprocess, which this exercise forbids"), with the exit status
 * `nsbox exec --lang` would end with had it stopped there. */
#define _GNU_SOURCE
#include "base/cleanup.h"
#include "cli.h"
#include "datadirs.h"
#include "lang/checks.h"
#include "lang/nsconf.h"
#include "lang/policy.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct check_args
{
  const char *lang, *file, *conf, *profile, *mode;
  bool json;
};

static void
usage (void)
{
  puts ("Usage: nsbox check --lang LANG [--profile standard|strict] [--checks report|block] [--json]\n"
        "                   [--conf FILE] FILE|-\n\n"
        "Run the pre-execution checks of `nsbox exec --lang` on FILE (- = stdin) and start no\n"
        "sandbox.  Exit 0: the code would run; 122: the checks block it; 123: a syntax error.\n"
        "See nsbox-policy(5).");
}

static int
parse_args (int argc, char **argv, struct check_args *a)
{
  for (int i = 1; i < argc; i++)
    {
      const char **value = strcmp (argv[i], "--lang") == 0       ? &a->lang
                           : strcmp (argv[i], "--conf") == 0      ? &a->conf
                           : strcmp (argv[i], "--profile") == 0   ? &a->profile
                           : strcmp (argv[i], "--checks") == 0    ? &a->mode
                                                                  : NULL;

      if (value && i + 1 < argc)
        *value = argv[++i];
      else if (strcmp (argv[i], "--json") == 0)
        a->json = true;
      else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        return usage (), 1;
      else if (argv[i][0] != '-' || strcmp (argv[i], "-") == 0)
        a->file = argv[i];
      else
        return nsbox_cli_error ("unknown or incomplete argument `%s` (see nsbox check --help)", argv[i]), -1;
    }
  if (a->lang == NULL || a->file == NULL)
    return nsbox_cli_error ("nsbox check needs --lang and a file (see nsbox check --help)"), -1;
  if (a->mode && strcmp (a->mode, "report") != 0 && strcmp (a->mode, "block") != 0)
    return nsbox_cli_error ("--checks `%s` is not report or block (off would check nothing)", a->mode), -1;
  if (a->profile && strcmp (a->profile, "standard") != 0 && strcmp (a->profile, "strict") != 0)
    return nsbox_cli_error ("--profile `%s` is not standard or strict", a->profile), -1;
  return 0;
}

/* At most `max` + 1 bytes: one more than allowed is enough to say it is too
 * large.  Says what failed itself (the CLI's errors are its own). */
static int
read_code (const char *file, size_t max, char **code, size_t *length)
{
  _cleanup_close_ int fd = strcmp (file, "-") == 0 ? dup (0) : open (file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  _cleanup_free_ char *buf = NULL;
  size_t n = 0;

  if (fd < 0)
    return nsbox_cli_error ("open `%s`: %s", file, strerror (errno)), -1;
  if ((buf = malloc (max + 2)) == NULL)
    return nsbox_cli_error ("%s", strerror (ENOMEM)), -1;
  while (n < max + 1)
    {
      ssize_t r = read (fd, buf + n, max + 1 - n);

      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return nsbox_cli_error ("read `%s`: %s", file, strerror (errno)), -1;
      if (r == 0)
        break;
      n += (size_t) r;
    }
  buf[n] = '\0';
  *code = steal_pointer (&buf);
  *length = n;
  return 0;
}

static void
print_text (const struct nsbox_checks_found *f, bool blocked)
{
  for (size_t i = 0; i < f->n; i++)
    printf ("%u\t%s\t%s\t%s\n", f->violations[i].line, nsbox_severity_name (f->violations[i].severity),
            f->violations[i].rule, f->violations[i].message);
  if (f->syntax_error)
    printf ("%u\tsyntax-error\t-\t%s\n", f->syntax_error_line, f->syntax_error);
  if (blocked)
    fputs ("blocked: nsbox exec would not run this code\n", stderr);
}

static void
print_json (const struct nsbox_lang_policy *policy, const char *profile, const char *mode,
            const struct nsbox_checks_found *f, bool blocked)
{
  json_t *v = json_array (), *o;
  char *text;

  for (size_t i = 0; i < f->n; i++)
    {
      const struct nsbox_violation *x = &f->violations[i];

      json_array_append_new (v, json_pack ("{s:s, s:s, s:I, s:s, s:o}", "rule", x->rule, "severity",
                                           nsbox_severity_name (x->severity), "line", (json_int_t) x->line, "message",
                                           x->message, "recommendation",
                                           x->recommendation ? json_string (x->recommendation) : json_null ()));
    }
  o = json_pack ("{s:s, s:s, s:s, s:b, s:o, s:i, s:o}", "language", policy->name, "profile", profile, "mode", mode,
                 "blocked", blocked, "violations", v, "risk_score", nsbox_checks_risk_score (f->violations, f->n),
                 "syntax_error",
                 f->syntax_error ? json_pack ("{s:I, s:s}", "line", (json_int_t) f->syntax_error_line, "message",
                                              f->syntax_error)
                                 : json_null ());
  text = json_dumps (o, JSON_PRESERVE_ORDER | JSON_COMPACT);
  if (text)
    puts (text);
  free (text);
  json_decref (o);
}

/* The exit status; 125 when nsbox could not check (said on stderr). */
static int
check (const struct check_args *a, const struct nsbox_conf *conf)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  const char *dirs[NSBOX_POLICY_SEARCH_PATH_MAX];
  const char *profile = a->profile ? a->profile : conf->default_profile ? conf->default_profile : "standard";
  struct nsbox_lang_policy policy = { 0 };
  struct nsbox_checks_found found = { 0 };
  enum nsbox_check_mode mode = NSBOX_CHECKS_BLOCK;
  _cleanup_free_ char *code = NULL;
  size_t length = 0;
  bool blocked;
  int rc = 125;

  nsbox_policy_search_path (conf->policy_dir, nsbox_cli_dirs ()->lang_policies, dirs);
  if (nsbox_policy_find (a->lang, dirs, &policy, &err) < 0)
    {
      nsbox_cli_print_error (err);
      return 125;
    }
  if ((a->mode == NULL || nsbox_check_mode_parse (a->mode, &mode, &err) == 0)
      && read_code (a->file, policy.max_code_bytes, &code, &length) == 0
      && nsbox_checks_scan (&policy, code, length, &found, &err) == 0)
    {
      blocked = nsbox_checks_block (mode, nsbox_checks_threshold (strcmp (profile, "strict") == 0), found.violations,
                                    found.n);
      if (a->json)
        print_json (&policy, profile, nsbox_check_mode_name (mode), &found, blocked);
      else
        print_text (&found, blocked);
      rc = blocked ? 122 : found.syntax_error ? 123 : 0;
    }
  else if (err)
    nsbox_cli_print_error (err);
  nsbox_checks_found_release (&found);
  nsbox_policy_release (&policy);
  return rc;
}

int
nsbox_cmd_check (const struct nsbox_global_options *global, int argc, char **argv)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct check_args a = { 0 };
  struct nsbox_conf conf;
  int rc;

  (void) global;
  if ((rc = parse_args (argc, argv, &a)) != 0)
    return rc > 0 ? 0 : 125;
  if (nsbox_cli_load_conf (a.conf, &conf, &err) < 0)
    {
      nsbox_cli_print_error (err);
      return 125;
    }
  rc = check (&a, &conf);
  nsbox_conf_release (&conf);
  return rc;
}
