#define _GNU_SOURCE
#include "sandbox/result.h"
#include "base/cleanup.h"
#include "base/json-writer.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
nsbox_result_init (struct nsbox_result *result)
{
  memset (result, 0, sizeof *result);
  result->exit_code = -1;
  result->memory_peak_bytes = -1;
  result->pids_peak = -1;
  result->host_uid = result->host_gid = -1;
}

void
nsbox_result_release (struct nsbox_result *result)
{
  free (result->out.data);
  free (result->err.data);
  nsbox_error_free (result->error);
  for (char **w = result->warnings; w && *w; w++)
    free (*w);
  free (result->warnings);
  nsbox_result_init (result);
}

const char *
nsbox_status_name (enum nsbox_status status)
{
  switch (status)
    {
    case NSBOX_STATUS_EXITED:
      return "exited";
    case NSBOX_STATUS_SIGNALED:
      return "signaled";
    case NSBOX_STATUS_TIMEOUT:
      return "timeout";
    case NSBOX_STATUS_OOM:
      return "oom";
    case NSBOX_STATUS_CPU_TIME_LIMIT:
      return "cpu-time-limit";
    case NSBOX_STATUS_ERROR:
      return "error";
    case NSBOX_STATUS_COMPILE_ERROR:
      return "compile-error";
    case NSBOX_STATUS_BLOCKED:
      return "blocked";
    case NSBOX_STATUS_INTERRUPTED:
      return "interrupted";
    case NSBOX_STATUS_SYNTAX_ERROR:
      return "syntax-error";
    }
  return "error";
}

int
nsbox_result_exit_status (const struct nsbox_result *result)
{
  if (result->interrupted_by > 0)
    return 128 + result->interrupted_by;
  if (result->status == NSBOX_STATUS_TIMEOUT)
    return 124;
  if (result->status == NSBOX_STATUS_BLOCKED)
    return 122;
  if (result->status == NSBOX_STATUS_COMPILE_ERROR || result->status == NSBOX_STATUS_SYNTAX_ERROR)
    return 123;
  if (result->status == NSBOX_STATUS_ERROR)
    return result->exited ? result->exit_code : 125;
  if (result->signal > 0)
    return 128 + result->signal;
  if (result->exited)
    return result->exit_code;
  return 125;
}

static void
add_output (struct nsbox_json_writer *w, const char *name, const struct nsbox_output *o)
{
  char truncated_key[32];

  nsbox_json_writer_key (w, name);
  nsbox_json_writer_string (w, o->data ? o->data : "", o->length);
  snprintf (truncated_key, sizeof truncated_key, "%s_truncated", name);
  nsbox_json_writer_key (w, truncated_key);
  nsbox_json_writer_bool (w, o->truncated);
}

static void
add_error (struct nsbox_json_writer *w, const struct nsbox_error *e)
{
  nsbox_json_writer_key (w, "error");
  if (e == NULL)
    {
      nsbox_json_writer_null (w);
      return;
    }
  nsbox_json_writer_raw (w, "{\"stage\": ", 10);
  if (e->stage)
    nsbox_json_writer_cstr (w, e->stage);
  else
    nsbox_json_writer_null (w);
  nsbox_json_writer_printf (w, ", \"errno\": %d, \"message\": ", e->errno_value);
  _cleanup_free_ char *msg = nsbox_error_format (e);
  nsbox_json_writer_cstr (w, msg ? msg : "");
  nsbox_json_writer_raw (w, "}", 1);
}

static void
add_int_or_null (struct nsbox_json_writer *w, const char *key, bool valid, long long value)
{
  nsbox_json_writer_key (w, key);
  if (valid)
    nsbox_json_writer_printf (w, "%lld", value);
  else
    nsbox_json_writer_null (w);
}

static void
add_signal (struct nsbox_json_writer *w, const char *key, int signal)
{
  char name[32];

  nsbox_json_writer_key (w, key);
  if (signal <= 0 || sigabbrev_np (signal) == NULL)
    {
      nsbox_json_writer_null (w);
      return;
    }
  snprintf (name, sizeof name, "SIG%s", sigabbrev_np (signal));
  nsbox_json_writer_cstr (w, name);
}

static void
add_isolation (struct nsbox_json_writer *w, const struct nsbox_result *r)
{
  nsbox_json_writer_key (w, "isolation");
  if (r->userns == NULL)
    {
      nsbox_json_writer_null (w);
      return;
    }
  nsbox_json_writer_printf (w, "{\"userns\": \"%s\", \"host_uid\": %" PRId64 ", \"host_gid\": %" PRId64
                               ", \"idmapped_layers\": %s, \"limits\": \"%s\"",
                            r->userns, r->host_uid, r->host_gid, r->idmapped_layers ? "true" : "false",
                            r->limits ? r->limits : "cgroup");
  if (strcmp (r->userns, "rootless") == 0)
    nsbox_json_writer_printf (w, ", \"subordinate_ids\": %s", r->subordinate_ids ? "true" : "false");
  nsbox_json_writer_printf (w, "}");
}

void
nsbox_result_write_json (struct nsbox_json_writer *w, const struct nsbox_result *r)
{
  nsbox_json_writer_key (w, "status");
  nsbox_json_writer_cstr (w, nsbox_status_name (r->status));
  add_int_or_null (w, "exit_code", r->exited, r->exit_code);
  add_signal (w, "signal", r->signal);
  add_signal (w, "interrupted_by", r->interrupted_by);
  nsbox_json_writer_key (w, "timed_out");
  nsbox_json_writer_bool (w, r->timed_out);
  nsbox_json_writer_key (w, "oom_killed");
  nsbox_json_writer_bool (w, r->oom_killed);
  nsbox_json_writer_key (w, "wall_time_s");
  nsbox_json_writer_printf (w, "%.6f", r->wall_time_s);
  nsbox_json_writer_key (w, "cpu_time_s");
  if (r->have_cpu_time)
    nsbox_json_writer_printf (w, "{\"user\": %.6f, \"system\": %.6f}", r->cpu_user_s, r->cpu_system_s);
  else
    nsbox_json_writer_null (w);
  add_int_or_null (w, "memory_peak_bytes", r->memory_peak_bytes >= 0, r->memory_peak_bytes);
  add_int_or_null (w, "pids_peak", r->pids_peak >= 0, r->pids_peak);
  add_isolation (w, r);
  add_output (w, "stdout", &r->out);
  add_output (w, "stderr", &r->err);
  add_error (w, r->error);
}

char *
nsbox_result_to_json (const struct nsbox_result *r)
{
  struct nsbox_json_writer w = { 0 };

  nsbox_json_writer_begin (&w);
  nsbox_result_write_json (&w, r);
  return nsbox_json_writer_finish (&w);
}

int
nsbox_result_print_json (const struct nsbox_result *r, int fd)
{
  struct nsbox_json_writer w = { 0 };

  nsbox_json_writer_stream_to (&w, fd);
  nsbox_json_writer_begin (&w);
  nsbox_result_write_json (&w, r);
  return nsbox_json_writer_finish_stream (&w);
}
