/* run.c - nsbox_spec_run(): what one `nsbox exec` does with its spec, for the
 * CLI and for nsbox_run_json() alike.
 *
 * nsbox.conf first (its ceilings bound every limit given, its store and
 * results log are the defaults), then the root (an image beneath the keys, a
 * directory, or a language's policy), the sandbox, and last the report file
 * and the results log.  The spec is never changed: the run works on a copy
 * of its config. */
#define _GNU_SOURCE
#include "run/run.h"
#include "base/cleanup.h"
#include "image/digest.h"
#include "image/resolve.h"
#include "lang/stats.h"
#include "sandbox/io.h"
#include "sandbox/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

static int
load_conf (const struct nsbox_spec *spec, struct nsbox_conf *conf, struct nsbox_error **err)
{
  if (spec->conf_path)
    return nsbox_conf_load (spec->conf_path, true, conf, err);
  return nsbox_conf_load (nsbox_conf_default_path (), false, conf, err);
}

/* An image or a directory root, the ceilings checked, then the sandbox. */
static int
run_plain (const struct nsbox_spec *spec, struct nsbox_sandbox_config *c, const struct nsbox_conf *conf,
           struct nsbox_run *run, struct nsbox_image **image, struct nsbox_error **err)
{
  if (spec->image)
    {
      if (nsbox_run_apply_image (c, spec, spec->image, spec->command, spec->store ? spec->store : conf->store, image,
                                 err)
          < 0)
        return -1;
    }
  else
    {
      if (spec->entrypoint && spec->entrypoint[0] && nsbox_strv_append (&c->argv, spec->entrypoint, err) < 0)
        return -1;
      for (char **p = spec->command; p && *p; p++)
        if (nsbox_strv_append (&c->argv, *p, err) < 0)
          return -1;
      if (nsbox_spec_build_environment (spec, c, NULL, err) < 0)
        return -1;
    }
  /* The ceilings of nsbox.conf bound every limit a caller gives. */
  if (nsbox_conf_enforce (conf, c, spec->limits_given, err) < 0)
    return -1;
  if (nsbox_conf_apply_defaults (conf, c, spec->limits_given, err) < 0)
    return -1;
  nsbox_sandbox_run (c, &run->result.core, &run->error);
  /* For the results log: a language run's limits are its run step's. */
  run->result.limit_memory_bytes = c->memory_bytes;
  run->result.limit_timeout_ms = c->timeout_ms;
  run->result.limit_pids = c->pids;
  return 0;
}

static int
write_report (struct nsbox_run *run, const char *path)
{
  _cleanup_close_ int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  if (fd < 0 || nsbox_run_print_report (run, fd) < 0)
    return nsbox_error_errno (&run->record_error, errno, "write the report `%s`", path);
  return 0;
}

/* One line in the results log: --log, else nsbox.conf's, which is on by
 * default for root (nsbox_conf_results_log). */
static int
log_run (const struct nsbox_run *run, const struct nsbox_spec *spec, const struct nsbox_sandbox_config *c,
         const struct nsbox_image *image, const char *log, struct nsbox_error **err)
{
  char digest[NSBOX_DIGEST_STRING_SIZE];
  const struct nsbox_stats_run record = {
    .result = &run->result,
    .id = c->id,
    .uid = (long long) c->owner_uid,
    .image = image ? image->name : NULL,
    .image_digest = image ? nsbox_digest_format (&image->manifest, digest) : NULL,
    .rootfs = spec->rootfs_set && c->n_lower_dirs ? c->lower_dirs[0] : NULL,
  };

  return nsbox_stats_append (log, &record, err);
}

/* The exit status, what a person is told, the report file and the results
 * log.  A record that cannot be written makes it 125. */
static int
finish (struct nsbox_run *run, const struct nsbox_spec *spec, const struct nsbox_sandbox_config *c,
        const struct nsbox_image *image, const struct nsbox_conf *conf, struct nsbox_error **err)
{
  const char *log = spec->log_path ? spec->log_path : nsbox_conf_results_log (conf, geteuid () == 0);
  _cleanup_error_ struct nsbox_error *log_err = NULL;

  run->exit_status = nsbox_result_exit_status (&run->result.core);
  if (spec->lang && nsbox_run_lang_notes (&run->result, &run->notes, err) < 0)
    return -1;
  if (spec->report_path && write_report (run, spec->report_path) < 0)
    run->exit_status = 125;
  if (log && log_run (run, spec, c, image, log, &log_err) < 0)
    {
      run->exit_status = 125;
      if (run->record_error == NULL)
        run->record_error = steal_pointer (&log_err);
    }
  return 0;
}

static struct nsbox_run *
run_new (void)
{
  struct nsbox_run *run = calloc (1, sizeof *run);

  if (run)
    nsbox_lang_result_init (&run->result);
  return run;
}

void
nsbox_run_free (struct nsbox_run *run)
{
  if (run == NULL)
    return;
  nsbox_lang_result_release (&run->result);
  nsbox_error_free (run->error);
  nsbox_error_free (run->record_error);
  free (run->report);
  nsbox_strv_freep (&run->notes);
  free (run);
}

/* Everything that may fail before a sandbox exists, then the sandbox. */
static int
run_spec (const struct nsbox_spec *spec, struct nsbox_sandbox_config *c, struct nsbox_run *run,
          struct nsbox_image **image, struct nsbox_error **err)
{
  struct nsbox_conf conf;
  int ret;

  ret = load_conf (spec, &conf, err);
  /* Named now, so that the results log can say which sandbox it was (a
   * language run's steps run one after the other under the one name). */
  if (ret == 0 && c->id == NULL)
    ret = nsbox_sandbox_new_id (&c->id, err);
  if (ret == 0 && spec->lang)
    ret = nsbox_run_lang (spec, c, &conf, run, image, err);
  else if (ret == 0)
    ret = run_plain (spec, c, &conf, run, image, err);
  if (ret == 0)
    ret = finish (run, spec, c, *image, &conf, err);
  nsbox_conf_release (&conf);
  return ret;
}

/* A run that could not start still leaves the report file it was asked for,
 * of status "error".  Best effort: the caller has the error itself. */
static int
fail_with_report (const struct nsbox_spec *spec, struct nsbox_error **err)
{
  _cleanup_close_ int fd = -1;

  if (spec->report_path && (fd = open (spec->report_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) >= 0)
    nsbox_error_print_report (err ? *err : NULL, fd);
  return -1;
}

static int
spec_run (const struct nsbox_spec *spec, struct nsbox_run **out, struct nsbox_error **err)
{
  struct nsbox_sandbox_config config;
  struct nsbox_image *image = NULL;
  struct nsbox_run *run;
  int ret;

  *out = NULL;
  if (nsbox_spec_check (spec, err) < 0)
    return -1;
  if ((run = run_new ()) == NULL)
    return nsbox_error_oom (err);
  if (nsbox_config_copy (&config, &spec->config, err) < 0)
    {
      nsbox_run_free (run);
      return -1;
    }
  ret = run_spec (spec, &config, run, &image, err);
  nsbox_config_release (&config);
  /* Held until here: prune must not remove layers under a running sandbox. */
  nsbox_image_free (image);
  if (ret < 0)
    {
      nsbox_run_free (run);
      return -1;
    }
  *out = run;
  return 0;
}

int
nsbox_spec_run (const struct nsbox_spec *spec, struct nsbox_run **out, struct nsbox_error **err)
{
  if (spec_run (spec, out, err) < 0)
    return fail_with_report (spec, err);
  return 0;
}

int
nsbox_run_exit_status (const struct nsbox_run *run)
{
  return run->exit_status;
}

const char *
nsbox_run_status (const struct nsbox_run *run)
{
  return nsbox_status_name (run->result.core.status);
}

const char *
nsbox_run_report (struct nsbox_run *run)
{
  if (run->report == NULL)
    run->report = run->lang ? nsbox_lang_result_to_json (&run->result) : nsbox_result_to_json (&run->result.core);
  return run->report;
}

int
nsbox_run_print_report (const struct nsbox_run *run, int fd)
{
  if (run->lang)
    return nsbox_lang_result_print_json (&run->result, fd);
  return nsbox_result_print_json (&run->result.core, fd);
}

const char *
nsbox_run_output (const struct nsbox_run *run, int fd, size_t *length)
{
  const struct nsbox_output *o = fd == 2 ? &run->result.core.err : fd == 1 ? &run->result.core.out : NULL;

  if (length)
    *length = o ? o->length : 0;
  return o ? o->data : NULL;
}

const struct nsbox_error *
nsbox_run_error (const struct nsbox_run *run)
{
  return run->error;
}

const struct nsbox_error *
nsbox_run_record_error (const struct nsbox_run *run)
{
  return run->record_error;
}

char *const *
nsbox_run_warnings (const struct nsbox_run *run)
{
  return run->result.core.warnings;
}

char *const *
nsbox_run_notes (const struct nsbox_run *run)
{
  return run->notes;
}

/* The report of a run that never started: status error, the error and the
 * stage it happened in ("config" when it names none). */
static void
error_result (const struct nsbox_error *err, struct nsbox_result *r)
{
  nsbox_result_init (r);
  r->status = NSBOX_STATUS_ERROR;
  nsbox_error_errno (&r->error, err ? err->errno_value : 0, "%s", err && err->message ? err->message : "error");
  if (r->error)
    nsbox_error_set_stage (r->error, err && err->stage ? err->stage : "config");
}

static char *
error_report (const struct nsbox_error *err)
{
  struct nsbox_result r;
  char *json;

  error_result (err, &r);
  json = nsbox_result_to_json (&r);
  nsbox_result_release (&r);
  return json;
}

int
nsbox_error_print_report (const struct nsbox_error *err, int fd)
{
  struct nsbox_result r;
  int ret, saved;

  error_result (err, &r);
  ret = nsbox_result_print_json (&r, fd);
  saved = errno;
  nsbox_result_release (&r);
  errno = saved;
  return ret;
}

int
nsbox_block_stop_signals (void)
{
  sigset_t stop;

  nsbox_sandbox_stop_signals (&stop);
  return sigprocmask (SIG_BLOCK, &stop, NULL);
}

int
nsbox_run_json (const char *config, char **report)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_spec *spec = NULL;
  struct nsbox_run *run = NULL;
  char *json = NULL;
  int status = 125;

  if (nsbox_spec_new (&spec, &err) < 0 || nsbox_spec_load_json (spec, config, "config", &err) < 0
      || nsbox_spec_run (spec, &run, &err) < 0)
    json = error_report (err);
  else
    {
      status = run->exit_status;
      json = nsbox_run_report (run) ? steal_pointer (&run->report) : NULL;
    }
  nsbox_run_free (run);
  nsbox_spec_free (spec);
  if (report)
    *report = json;
  else
    free (json);
  return status;
}
