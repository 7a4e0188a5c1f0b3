/* record.c - the audit record of one request: who asked (the kernel's word
 * on the caller's ids, never the request's), what for, what was decided and
 * how the run went.  Environment values are not recorded (they may hold
 * secrets): only their names. */
#define _GNU_SOURCE
#include "exec.h"
#include "base/cleanup.h"
#include "run/run.h"

#include <stdio.h>

#include <string.h>
#include <time.h>

static json_t *
caller_json (const struct nsbox_suid_caller *c)
{
  json_t *groups = json_array ();

  for (int i = 0; groups && i < c->n_groups; i++)
    json_array_append_new (groups, json_integer (c->groups[i]));
  return json_pack ("{s:I, s:I, s:o*, s:I, s:I}", "uid", (json_int_t) c->uid, "gid", (json_int_t) c->gid, "groups",
                    groups, "pid", (json_int_t) c->ppid, "helper_pid", (json_int_t) c->pid);
}

/* "env" keeps the name only; list keys become arrays. */
static void
add_key (json_t *request, const char *key, const char *value)
{
  static const char *const lists[] = { "argv", "args", "env", "rlimit", NULL };
  _cleanup_free_ char *name = NULL;

  if (strcmp (key, "env") == 0)
    value = (name = strndup (value, strcspn (value, "="))) ? name : "";
  for (const char *const *l = lists; *l; l++)
    if (strcmp (*l, key) == 0)
      {
        json_t *a = json_object_get (request, key);

        if (a == NULL && json_object_set_new (request, key, a = json_array ()) < 0)
          return;
        json_array_append_new (a, json_string (value));
        return;
      }
  json_object_set_new (request, key, json_string (value));
}

static json_t *
request_json (const struct nsbox_suid_request *r)
{
  json_t *request = json_object (), *volumes = json_array ();

  for (size_t i = 0; request && i < r->n_keys; i++)
    add_key (request, r->keys[2 * i], r->keys[2 * i + 1]);
  for (size_t i = 0; volumes && i < r->n_volumes; i++)
    json_array_append_new (volumes, json_pack ("{s:s, s:s, s:b}", "source", r->volumes[i].source, "destination",
                                               r->volumes[i].destination, "read_only", r->volumes[i].read_only));
  json_object_set_new (request, "volumes", volumes);
  if (r->n_inputs)
    json_object_set_new (request, "stdin_each", json_integer ((json_int_t) r->n_inputs));
  return request;
}

json_t *
nsbox_suid_record_new (const struct nsbox_suid_caller *caller, const char *command)
{
  char when[64];
  struct timespec ts;
  struct tm tm;

  clock_gettime (CLOCK_REALTIME, &ts);
  gmtime_r (&ts.tv_sec, &tm);
  snprintf (when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
            tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
  return json_pack ("{s:s, s:s, s:o}", "time", when, "command", command, "caller", caller_json (caller));
}

void
nsbox_suid_record_request (json_t *record, const struct nsbox_suid_request *request)
{
  json_object_set_new (record, "request", request_json (request));
}

void
nsbox_suid_record_decision (json_t *record, bool accepted, const char *reason, const char *quota)
{
  json_object_set_new (record, "decision", json_string (accepted ? "accepted" : "refused"));
  if (reason)
    json_object_set_new (record, "reason", json_string (reason));
  if (quota)
    json_object_set_new (record, "quota", json_string (quota));
}

void
nsbox_suid_record_outcome (json_t *record, const struct nsbox_suid_exec *x, const struct nsbox_run *run)
{
  const struct nsbox_result *r = &run->result.core;
  json_t *outcome;

  if (x->code_sha256[0])
    json_object_set_new (json_object_get (record, "request"), "code_sha256", json_string (x->code_sha256));
  json_object_set_new (record, "sandbox_id", json_string (x->spec->config.id));
  outcome = json_pack ("{s:s, s:i, s:f}", "status", nsbox_run_status (run), "exit_status",
                       nsbox_run_exit_status (run), "wall_time_s", r->wall_time_s);
  if (outcome == NULL)
    return;
  json_object_set_new (outcome, "exit_code", r->exited ? json_integer (r->exit_code) : json_null ());
  json_object_set_new (outcome, "cpu_time_s",
                       r->have_cpu_time ? json_real (r->cpu_user_s + r->cpu_system_s) : json_null ());
  json_object_set_new (outcome, "memory_peak_bytes",
                       r->memory_peak_bytes >= 0 ? json_integer (r->memory_peak_bytes) : json_null ());
  if (run->error)
    json_object_set_new (outcome, "error", json_string (run->error->message ? run->error->message : ""));
  json_object_set_new (record, "outcome", outcome);
}
