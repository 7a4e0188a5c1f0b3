/* nsbox-suid - the setuid helper through which a user who is not root, a
 * member of the group that owns this file, runs sandboxes within the site's
 * rules.  `nsbox` starts it; nobody else need know it exists.  Threat model
 * and every check: nsbox-suid(8).
 *
 * The order is the defence: first the process is made the helper's own
 * (process.c) and the caller identified by its real ids; only then does it
 * become root wholly (the caller can no longer signal, stop or trace it),
 * read the site's nsbox.conf, open the audit log, and read the request.
 * The request is rebuilt into a sandbox by exec.c, refused with one line
 * and exit status 125 where the site does not allow it. */
#define _GNU_SOURCE
#include "audit.h"
#include "base/cleanup.h"
#include "base/json.h"
#include "cli.h"
#include "exec.h"
#include "quota.h"
#include "run/run.h"
#include "site.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct helper
{
  struct nsbox_suid_caller caller;
  struct nsbox_conf conf;
  bool conf_exists;
  struct nsbox_suid_audit audit;
  struct nsbox_suid_request request;
  json_t *record;
  bool json; /* the caller asked for a JSON report */
  int sock;  /* the request's socket, watched for the caller's stop */
};

static void
say (const char *message)
{
  dprintf (STDERR_FILENO, "nsbox: %s\n", message);
}

/* Before the audit log is open: said, not recorded (nothing was done). */
static int
refuse_early (struct nsbox_error *err)
{
  _cleanup_free_ char *text = nsbox_error_format (err);

  say (text ? text : "out of memory");
  nsbox_error_free (err);
  return 125;
}

static void
report_refusal (const struct helper *h, const struct nsbox_error *err, const char *quota)
{
  _cleanup_free_ char *text = nsbox_error_format (err);
  json_t *report;

  if (!h->json)
    {
      say (text ? text : "refused");
      return;
    }
  if (quota == NULL)
    {
      nsbox_error_print_report (err, STDOUT_FILENO);
      return;
    }
  report = json_pack ("{s:s, s:s, s:n, s:{s:s, s:s}}", "status", "quota-exceeded", "quota", quota, "exit_code",
                      "error", "message", text ? text : "quota exceeded", "stage", "quota");
  if (report)
    {
      json_dumpfd (report, STDOUT_FILENO, JSON_COMPACT);
      dprintf (STDOUT_FILENO, "\n");
      json_decref (report);
    }
}

/* Refused: recorded, said, 125.  A refusal that cannot be recorded is still refused. */
static int
refuse (struct helper *h, struct nsbox_error *err, const char *quota)
{
  _cleanup_free_ char *text = nsbox_error_format (err);
  _cleanup_error_ struct nsbox_error *unrecorded = NULL;

  nsbox_suid_record_decision (h->record, false, text ? text : "refused", quota);
  if (nsbox_suid_audit_write (&h->audit, h->record, &unrecorded) < 0)
    {
      _cleanup_free_ char *why = nsbox_error_format (unrecorded);
      say (why ? why : "the audit log cannot be written");
    }
  report_refusal (h, err, quota);
  nsbox_error_free (err);
  return 125;
}

/* What `nsbox exec` itself would print (src/nsbox/exec.c). */
static int
show (struct nsbox_run *run, bool json)
{
  int status = nsbox_run_exit_status (run);

  if (nsbox_run_error (run) && !json)
    {
      _cleanup_free_ char *text = nsbox_error_format (nsbox_run_error (run));
      say (text ? text : "error");
    }
  for (char *const *w = nsbox_run_warnings (run); w && *w; w++)
    dprintf (STDERR_FILENO, "nsbox: warning: %s\n", *w);
  if (json && nsbox_run_print_report (run, STDOUT_FILENO) < 0)
    status = 125;
  if (!json)
    {
      size_t length = 0;
      const char *out = nsbox_run_output (run, 2, &length);

      if (strcmp (nsbox_run_status (run), "compile-error") == 0 && out && length)
        (void) !write (STDERR_FILENO, out, length);
      for (char *const *n = nsbox_run_notes (run); n && *n; n++)
        say (*n);
    }
  return status;
}

static int
run_sandbox (struct helper *h, struct nsbox_suid_exec *x)
{
  struct nsbox_error *err = NULL;
  struct nsbox_suid_quota quota = { .dir_fd = -1, .slot_fd = -1 };
  struct nsbox_run *run = NULL;
  _cleanup_error_ struct nsbox_error *unrecorded = NULL;
  int ret, status;

  ret = nsbox_suid_quota_take (&quota, nsbox_suid_state_root (&h->conf), &h->conf, &h->caller, &err);
  if (ret != 0)
    {
      status = refuse (h, err, ret > 0 ? quota.exceeded : NULL);
      nsbox_suid_quota_release (&quota);
      return status;
    }
  nsbox_suid_record_decision (h->record, true, NULL, NULL);
  if (nsbox_spec_run (x->spec, &run, &err) < 0)
    {
      status = refuse (h, err, NULL);
      nsbox_suid_quota_release (&quota);
      return status;
    }
  if (run->result.core.have_cpu_time)
    nsbox_suid_quota_charge (&quota, run->result.core.cpu_user_s + run->result.core.cpu_system_s, NULL);
  nsbox_suid_quota_release (&quota);
  /* What the library refused before anything ran (uid 0 from an image's
   * User, say) is a refusal too. */
  if (run->error && run->error->stage && strcmp (run->error->stage, "config") == 0)
    nsbox_suid_record_decision (h->record, false, run->error->message, NULL);
  nsbox_suid_record_outcome (h->record, x, run);
  if (nsbox_suid_audit_write (&h->audit, h->record, &unrecorded) < 0)
    {
      _cleanup_free_ char *why = nsbox_error_format (unrecorded);
      say (why ? why : "the audit log cannot be written");
    }
  status = show (run, x->json);
  nsbox_run_free (run);
  return status;
}

static int
cmd_exec (struct helper *h)
{
  struct nsbox_error *err = NULL;
  struct nsbox_suid_exec x = { .caller = &h->caller, .conf = &h->conf, .conf_exists = h->conf_exists,
                               .request = &h->request };
  int status;

  if (nsbox_suid_request_receive (h->sock, NSBOX_SUID_REQUEST_TIMEOUT_MS, &h->request, &err) < 0)
    return refuse (h, err, NULL);
  nsbox_suid_record_request (h->record, &h->request);
  for (size_t i = 0; i < h->request.n_keys; i++)
    if (strcmp (h->request.keys[2 * i], "json") == 0)
      h->json = strcmp (h->request.keys[2 * i + 1], "false") != 0;
  if (nsbox_suid_watch_caller (&h->sock, &err) < 0)
    return refuse (h, err, NULL);
  if (nsbox_suid_exec_build (&x, &err) < 0)
    status = refuse (h, err, NULL);
  else
    status = run_sandbox (h, &x);
  nsbox_spec_free (x.spec);
  return status;
}

/* `nsbox ps` and `nsbox gc` (src/nsbox/ps.c, gc.c) over the helper's state
 * root, of the caller's own sandboxes only: nobody else's command line is
 * shown, nobody else's sandbox collected. */
static int
cmd_own_sandboxes (struct helper *h, int argc, char **argv)
{
  const struct nsbox_global_options global = { .state_root = nsbox_suid_state_root (&h->conf),
                                               .state_root_given = true, .caller_only = true,
                                               .caller_uid = h->caller.uid };
  _cleanup_error_ struct nsbox_error *unrecorded = NULL;
  int status;

  nsbox_suid_record_decision (h->record, true, NULL, NULL);
  if (nsbox_suid_audit_write (&h->audit, h->record, &unrecorded) < 0)
    return refuse_early (steal_pointer (&unrecorded));
  optind = 0;
  status = strcmp (argv[0], "ps") == 0 ? nsbox_cmd_ps (&global, argc, argv) : nsbox_cmd_gc (&global, argc, argv);
  fflush (stdout);
  return status;
}

/* What the CLI's ps.c and gc.c say, said the helper's way. */
void
nsbox_cli_error (const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  fputs ("nsbox: ", stderr);
  vfprintf (stderr, fmt, ap);
  fputc ('\n', stderr);
  va_end (ap);
}

int
main (int argc, char **argv)
{
  struct helper h = { .audit = { .fd = -1 }, .sock = -1 };
  struct nsbox_error *err = NULL;
  int status;

  nsbox_suid_sanitize ();
  nsbox_suid_request_init (&h.request);
  if (nsbox_suid_identify (&h.caller, &err) < 0 || nsbox_suid_become_root (&err) < 0
      || nsbox_suid_check_rlimits (&err) < 0 || nsbox_suid_site_load (&h.conf, &h.conf_exists, &err) < 0
      || nsbox_suid_audit_open (&h.audit, nsbox_suid_audit_log (&h.conf), h.conf.helper.syslog, &err) < 0)
    return refuse_early (err);
  /* The request's socket out of the way: fd 0 becomes the caller's stdin. */
  if ((h.sock = fcntl (STDIN_FILENO, F_DUPFD_CLOEXEC, 3)) < 0)
    return refuse_early (nsbox_error_new (errno, "fd 0"));
  h.record = nsbox_suid_record_new (&h.caller, argc > 1 ? argv[1] : "");
  if (h.record == NULL)
    return refuse_early (nsbox_error_new (ENOMEM, "audit record"));
  if (argc == 2 && strcmp (argv[1], "exec") == 0)
    status = cmd_exec (&h);
  else if (argc >= 2 && (strcmp (argv[1], "ps") == 0 || strcmp (argv[1], "gc") == 0))
    status = cmd_own_sandboxes (&h, argc - 1, argv + 1);
  else
    status = refuse (&h, nsbox_error_new (0, "nsbox-suid takes exec, ps or gc, from nsbox"), NULL);
  json_decref (h.record);
  nsbox_suid_request_release (&h.request);
  nsbox_suid_audit_close (&h.audit);
  nsbox_conf_release (&h.conf);
  return status;
}
