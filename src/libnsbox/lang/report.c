#define _GNU_SOURCE
#include "lang/report.h"
#include "base/json-writer.h"

#include <stdlib.h>
#include <string.h>

void
nsbox_lang_result_init (struct nsbox_lang_result *result)
{
  memset (result, 0, sizeof *result);
  nsbox_result_init (&result->core);
  result->compile.exit_code = -1;
  result->compile.memory_peak_bytes = -1;
  result->limit_memory_bytes = result->limit_pids = UINT64_MAX;
}

void
nsbox_lang_result_release (struct nsbox_lang_result *result)
{
  nsbox_result_release (&result->core);
  free (result->language);
  free (result->profile);
  nsbox_violations_free (result->violations, result->n_violations);
  free (result->syntax_error);
  for (size_t i = 0; i < result->n_inputs; i++)
    {
      free (result->inputs[i].name);
      nsbox_result_release (&result->inputs[i].result);
    }
  free (result->inputs);
  nsbox_lang_result_init (result);
}

static void
add_violations (struct nsbox_json_writer *w, const struct nsbox_lang_result *r)
{
  nsbox_json_writer_key (w, "violations");
  nsbox_json_writer_raw (w, "[", 1);
  for (size_t i = 0; i < r->n_violations; i++)
    {
      const struct nsbox_violation *v = &r->violations[i];

      nsbox_json_writer_raw (w, i ? ", {\"rule\": " : "{\"rule\": ", i ? 11 : 9);
      nsbox_json_writer_cstr (w, v->rule);
      nsbox_json_writer_raw (w, ", \"severity\": ", 14);
      nsbox_json_writer_cstr (w, nsbox_severity_name (v->severity));
      nsbox_json_writer_printf (w, ", \"line\": %u, \"message\": ", v->line);
      nsbox_json_writer_cstr (w, v->message);
      if (v->recommendation)
        {
          nsbox_json_writer_raw (w, ", \"recommendation\": ", 20);
          nsbox_json_writer_cstr (w, v->recommendation);
        }
      nsbox_json_writer_raw (w, "}", 1);
    }
  nsbox_json_writer_raw (w, "]", 1);
}

/* Which checks ran and what they decided: "off" is said too, so a report
 * never passes for checked code that was not. */
static void
add_checks (struct nsbox_json_writer *w, const struct nsbox_lang_result *r)
{
  nsbox_json_writer_key (w, "checks");
  nsbox_json_writer_raw (w, "{\"mode\": ", 9);
  nsbox_json_writer_cstr (w, r->checks_mode ? r->checks_mode : "off");
  nsbox_json_writer_printf (w, ", \"findings\": %zu, \"blocked\": ", r->n_violations);
  nsbox_json_writer_bool (w, r->core.status == NSBOX_STATUS_BLOCKED);
  nsbox_json_writer_raw (w, "}", 1);
}

/* A count limit: UINT64_MAX and 0 both mean none. */
static void
add_limit (struct nsbox_json_writer *w, uint64_t value)
{
  if (value != UINT64_MAX && value)
    nsbox_json_writer_printf (w, "%llu", (unsigned long long) value);
  else
    nsbox_json_writer_null (w);
}

static void
add_limits (struct nsbox_json_writer *w, const struct nsbox_lang_result *r)
{
  nsbox_json_writer_key (w, "limits");
  nsbox_json_writer_raw (w, "{\"memory_bytes\": ", 17);
  add_limit (w, r->limit_memory_bytes);
  nsbox_json_writer_raw (w, ", \"timeout_s\": ", 15);
  if (r->limit_timeout_ms)
    nsbox_json_writer_printf (w, "%.3f", (double) r->limit_timeout_ms / 1000);
  else
    nsbox_json_writer_null (w);
  nsbox_json_writer_raw (w, ", \"pids\": ", 10);
  add_limit (w, r->limit_pids);
  if (r->n_inputs)
    {
      nsbox_json_writer_raw (w, ", \"total_timeout_s\": ", 21);
      if (r->limit_total_timeout_ms)
        nsbox_json_writer_printf (w, "%.3f", (double) r->limit_total_timeout_ms / 1000);
      else
        nsbox_json_writer_null (w);
    }
  nsbox_json_writer_raw (w, "}", 1);
}

/* Each input's report, the core report's members after "input"; one not
 * run is only {"input": NAME, "status": "skipped"}. */
static void
add_runs (struct nsbox_json_writer *w, const struct nsbox_lang_result *r)
{
  nsbox_json_writer_key (w, "runs");
  nsbox_json_writer_raw (w, "[", 1);
  for (size_t i = 0; i < r->n_inputs; i++)
    {
      const struct nsbox_lang_input *in = &r->inputs[i];
      unsigned outer;

      nsbox_json_writer_raw (w, i ? ", " : "", i ? 2 : 0);
      nsbox_json_writer_nested_begin (w, &outer);
      nsbox_json_writer_key (w, "input");
      nsbox_json_writer_cstr (w, in->name);
      if (in->ran)
        nsbox_result_write_json (w, in->is_core ? &r->core : &in->result);
      else
        {
          nsbox_json_writer_key (w, "status");
          nsbox_json_writer_cstr (w, "skipped");
        }
      nsbox_json_writer_nested_end (w, outer);
    }
  nsbox_json_writer_raw (w, "]", 1);
}

static void
add_compile (struct nsbox_json_writer *w, const struct nsbox_step_result *c)
{
  nsbox_json_writer_key (w, "compile");
  if (!c->ran)
    {
      nsbox_json_writer_null (w);
      return;
    }
  nsbox_json_writer_raw (w, "{\"status\": ", 11);
  nsbox_json_writer_cstr (w, nsbox_status_name (c->status));
  nsbox_json_writer_raw (w, ", \"exit_code\": ", 15);
  if (c->exited)
    nsbox_json_writer_printf (w, "%d", c->exit_code);
  else
    nsbox_json_writer_null (w);
  nsbox_json_writer_printf (w, ", \"wall_time_s\": %.6f, \"memory_peak_bytes\": ", c->wall_time_s);
  if (c->memory_peak_bytes >= 0)
    nsbox_json_writer_printf (w, "%lld", (long long) c->memory_peak_bytes);
  else
    nsbox_json_writer_null (w);
  nsbox_json_writer_raw (w, ", \"cached\": ", 12);
  nsbox_json_writer_bool (w, c->cached);
  nsbox_json_writer_raw (w, "}", 1);
}

static void
write_report (struct nsbox_json_writer *w, const struct nsbox_lang_result *r)
{
  nsbox_json_writer_begin (w);
  nsbox_result_write_json (w, &r->core);
  nsbox_json_writer_key (w, "language");
  nsbox_json_writer_cstr (w, r->language ? r->language : "");
  nsbox_json_writer_key (w, "profile");
  nsbox_json_writer_cstr (w, r->profile ? r->profile : "standard");
  add_checks (w, r);
  add_violations (w, r);
  if (r->syntax_error)
    {
      nsbox_json_writer_key (w, "syntax_error");
      nsbox_json_writer_printf (w, "{\"line\": %u, \"message\": ", r->syntax_error_line);
      nsbox_json_writer_cstr (w, r->syntax_error);
      nsbox_json_writer_raw (w, "}", 1);
    }
  nsbox_json_writer_key (w, "risk_score");
  nsbox_json_writer_printf (w, "%d", r->risk_score);
  add_limits (w, r);
  add_compile (w, &r->compile);
  nsbox_json_writer_key (w, "total_time_s");
  nsbox_json_writer_printf (w, "%.6f", r->total_time_s);
  if (r->n_inputs)
    add_runs (w, r);
}

char *
nsbox_lang_result_to_json (const struct nsbox_lang_result *r)
{
  struct nsbox_json_writer w = { 0 };

  write_report (&w, r);
  return nsbox_json_writer_finish (&w);
}

int
nsbox_lang_result_print_json (const struct nsbox_lang_result *r, int fd)
{
  struct nsbox_json_writer w = { 0 };

  nsbox_json_writer_stream_to (&w, fd);
  write_report (&w, r);
  return nsbox_json_writer_finish_stream (&w);
}
