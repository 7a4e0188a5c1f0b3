/* exec.c - `nsbox exec`: the command line onto a spec, nsbox_spec_run(), and
 * what the run says printed. */
#define _GNU_SOURCE
#include "base/cleanup.h"
#include "cli.h"
#include "exec-args.h"
#include "nsbox.h"
#include "suid-client.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Pass-through output: what the caller would otherwise not see. */
static void
show_notes (const struct nsbox_run *run)
{
  size_t length = 0;
  const char *output;

  /* A failed compile step's output was captured: it goes first. */
  if (strcmp (nsbox_run_status (run), "compile-error") == 0
      && (output = nsbox_run_output (run, 2, &length)) != NULL && length)
    fwrite (output, 1, length, stderr);
  for (char *const *n = nsbox_run_notes (run); n && *n; n++)
    nsbox_cli_error ("%s", *n);
}

/* The JSON report on stdout, as it is made (never whole in memory: it holds
 * the captured output escaped). */
static int
print_report (const struct nsbox_run *run, const struct nsbox_error *err)
{
  fflush (stdout);
  if ((run ? nsbox_run_print_report (run, STDOUT_FILENO) : nsbox_error_print_report (err, STDOUT_FILENO)) < 0)
    {
      nsbox_cli_error ("write the report: %s", strerror (errno));
      return -1;
    }
  return 0;
}

static int
show (struct nsbox_run *run, bool json)
{
  int status;

  if (nsbox_run_error (run) && !json)
    nsbox_cli_print_error (nsbox_run_error (run));
  /* An rlimit lowered to what the kernel allows is said, never hidden. */
  for (char *const *w = nsbox_run_warnings (run); w && *w; w++)
    nsbox_cli_error ("warning: %s", *w);
  status = nsbox_run_exit_status (run);
  if (json && print_report (run, NULL) < 0)
    status = 125;
  else if (!json)
    show_notes (run);
  if (nsbox_run_record_error (run))
    nsbox_cli_print_error (nsbox_run_record_error (run));
  return status;
}

/* --json among the options, also where a failed parse did not reach it. */
static bool
json_requested (const struct nsbox_spec *spec, int argc, char **argv)
{
  if (nsbox_spec_is_set (spec, "json") == 1)
    return true;
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--json") == 0)
      return true;
  return false;
}

/* An error before any sandbox: printed, or with --json a report of status
 * "error" on stdout. */
static void
show_error (const struct nsbox_error *err, bool json)
{
  if (json)
    print_report (NULL, err);
  else
    nsbox_cli_print_error (err);
}

/* A user who is not root goes through the setuid helper where one is
 * installed, unless the command line asks for rootless (--userns). */
static const char *
suid_helper_for (const struct nsbox_spec *spec)
{
  if (geteuid () == 0 || nsbox_spec_is_set (spec, "userns") == 1)
    return NULL;
  return nsbox_cli_suid_helper ();
}

static int
run_through_helper (const char *helper, const struct nsbox_exec_parsed *parsed, bool json)
{
  struct nsbox_error *err;
  int status;

  if (parsed->config == NULL)
    return nsbox_cli_suid_exec (helper, parsed->keys, json);
  err = nsbox_error_new (0, "--config: the setuid helper takes the command line's flags, not a description file "
                            "(or run rootless: --userns=rootless)");
  show_error (err, json);
  status = 125;
  nsbox_error_free (err);
  return status;
}

int
nsbox_cmd_exec (const struct nsbox_global_options *global, int argc, char **argv)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *message = NULL;
  struct nsbox_exec_parsed parsed = { 0 };
  struct nsbox_spec *spec = NULL;
  struct nsbox_run *run = NULL;
  const char *helper;
  int status = 125;

  if (nsbox_spec_new (&spec, &err) < 0)
    {
      nsbox_cli_print_error (err);
      return 125;
    }
  if (nsbox_exec_args_parse (global, argc, argv, spec, &parsed, &message) < 0)
    {
      if (json_requested (spec, argc, argv) && message && (err = nsbox_error_new (0, message)) != NULL)
        show_error (err, true);
      else
        nsbox_cli_error ("%s", message ? message : "out of memory");
    }
  else if (parsed.help)
    {
      nsbox_exec_usage (stdout);
      status = 0;
    }
  else if ((helper = suid_helper_for (spec)) != NULL)
    status = run_through_helper (helper, &parsed, json_requested (spec, argc, argv));
  else if (nsbox_spec_run (spec, &run, &err) < 0)
    show_error (err, json_requested (spec, argc, argv));
  else
    status = show (run, nsbox_spec_is_set (spec, "json") == 1);
  nsbox_exec_parsed_release (&parsed);
  nsbox_run_free (run);
  nsbox_spec_free (spec);
  return status;
}
