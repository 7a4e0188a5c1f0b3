/* exec.c - `nsbox exec`: the command line onto a spec, nsbox_spec_run(), and
 * what the run says printed. */
#define _GNU_SOURCE
#include "base/cleanup.h"
#include "cli.h"
#include "exec-args.h"
#include "nsbox.h"

#include <stdio.h>
#include <string.h>

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

static int
show (struct nsbox_run *run, bool json)
{
  const char *report;

  if (nsbox_run_error (run) && !json)
    nsbox_cli_print_error (nsbox_run_error (run));
  /* An rlimit lowered to what the kernel allows is said, never hidden. */
  for (char *const *w = nsbox_run_warnings (run); w && *w; w++)
    nsbox_cli_error ("warning: %s", *w);
  if (json && (report = nsbox_run_report (run)) != NULL)
    fputs (report, stdout);
  else if (!json)
    show_notes (run);
  if (nsbox_run_record_error (run))
    nsbox_cli_print_error (nsbox_run_record_error (run));
  return nsbox_run_exit_status (run);
}

int
nsbox_cmd_exec (const struct nsbox_global_options *global, int argc, char **argv)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *message = NULL;
  struct nsbox_spec *spec = NULL;
  struct nsbox_run *run = NULL;
  bool help;
  int status = 125;

  if (nsbox_spec_new (&spec, &err) < 0)
    {
      nsbox_cli_print_error (err);
      return 125;
    }
  if (nsbox_exec_args_parse (global, argc, argv, spec, &help, &message) < 0)
    nsbox_cli_error ("%s", message ? message : "out of memory");
  else if (help)
    {
      nsbox_exec_usage (stdout);
      status = 0;
    }
  else if (nsbox_spec_run (spec, &run, &err) < 0)
    nsbox_cli_print_error (err);
  else
    status = show (run, nsbox_spec_is_set (spec, "json") == 1);
  nsbox_run_free (run);
  nsbox_spec_free (spec);
  return status;
}
