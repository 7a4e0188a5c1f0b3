/* unit_stats: the results log line, concurrent appends, and the summaries. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lang/report.h"
#include "lang/stats.h"

static char *
line_for (const char *lang, const char *status, int exit_code, double wall, double when)
{
  char *line = NULL;

  if (exit_code >= 0)
    asprintf (&line, "{\"timestamp\": \"%s\", \"language\": \"%s\", \"status\": \"%s\", \"exit_code\": %d, "
                     "\"wall_time_s\": %f, \"violations\": 1}",
              when > 1e9 ? "2026-11-21T10:00:00.000Z" : "2020-01-01T00:00:00.000Z", lang, status, exit_code, wall);
  else
    asprintf (&line, "{\"timestamp\": \"%s\", \"language\": \"%s\", \"status\": \"%s\", \"exit_code\": null, "
                     "\"wall_time_s\": %f, \"violations\": 0}",
              when > 1e9 ? "2026-11-21T10:00:00.000Z" : "2020-01-01T00:00:00.000Z", lang, status, wall);
  return line;
}

static void
add (struct nsbox_stats *s, const char *lang, const char *status, int code, double wall)
{
  char *line = line_for (lang, status, code, wall, 2e9);

  cr_assert_eq (nsbox_stats_add_line (s, line, strlen (line), 0), 0, "%s", line);
  free (line);
}

Test (unit_stats, a_log_line_is_one_json_object_with_every_field)
{
  struct nsbox_lang_result r;
  struct nsbox_violation v = { .rule = (char *) "python-import-os", .severity = NSBOX_SEVERITY_CRITICAL };
  const struct nsbox_stats_run run = { &r, "0123456789ab", 1000, "nsbox/python:latest", "sha256:abc", NULL };
  char *line;
  json_t *j;

  nsbox_lang_result_init (&r);
  r.language = strdup ("python");
  r.profile = strdup ("strict");
  r.checks_mode = "block";
  strcpy (r.code_sha256, "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
  r.violations = &v;
  r.n_violations = 1;
  r.limit_memory_bytes = 256 << 20;
  r.limit_timeout_ms = 15000;
  r.limit_pids = 8;
  r.core.status = NSBOX_STATUS_EXITED;
  r.core.exited = true;
  r.core.exit_code = 3;
  r.core.wall_time_s = 0.25;
  r.core.memory_peak_bytes = 4096;
  r.compile.ran = true;
  r.compile.wall_time_s = 1.5;
  r.total_time_s = 1.875;
  line = nsbox_stats_line (&run, 1763719200.5);
  r.violations = NULL;
  r.n_violations = 0;
  cr_assert_not_null (line);
  cr_expect_eq (line[strlen (line) - 1], '\n');
  cr_expect_null (strchr (line, '\n') == line + strlen (line) - 1 ? NULL : line, "one line");
  j = json_loads (line, 0, NULL);
  cr_assert_not_null (j, "%s", line);
  cr_expect_str_eq (json_string_value (json_object_get (j, "timestamp")), "2025-11-21T10:00:00.500Z");
  cr_expect_str_eq (json_string_value (json_object_get (j, "language")), "python");
  cr_expect_str_eq (json_string_value (json_object_get (j, "profile")), "strict");
  cr_expect_str_eq (json_string_value (json_object_get (j, "status")), "exited");
  cr_expect_eq (json_integer_value (json_object_get (j, "exit_code")), 3);
  cr_expect_float_eq (json_real_value (json_object_get (j, "wall_time_s")), 0.25, 1e-9);
  cr_expect_float_eq (json_real_value (json_object_get (j, "compile_time_s")), 1.5, 1e-9);
  cr_expect_float_eq (json_real_value (json_object_get (j, "total_time_s")), 1.875, 1e-9);
  cr_expect_eq (json_integer_value (json_object_get (j, "memory_peak_bytes")), 4096);
  cr_expect_eq (json_integer_value (json_object_get (j, "violations")), 1);
  cr_expect (json_is_integer (json_object_get (j, "risk_score")));
  /* Who, what and on which root. */
  cr_expect_str_eq (json_string_value (json_object_get (j, "id")), "0123456789ab");
  cr_expect_eq (json_integer_value (json_object_get (j, "uid")), 1000);
  cr_expect_str_eq (json_string_value (json_object_get (j, "image")), "nsbox/python:latest");
  cr_expect_str_eq (json_string_value (json_object_get (j, "image_digest")), "sha256:abc");
  cr_expect (json_is_null (json_object_get (j, "rootfs")));
  cr_expect_str_eq (json_string_value (json_object_get (j, "checks")), "block");
  cr_expect_str_eq (json_string_value (json_array_get (json_object_get (j, "rules"), 0)), "python-import-os");
  cr_expect_str_eq (json_string_value (json_object_get (j, "code_sha256")),
                    "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
  cr_expect_eq (json_integer_value (json_object_get (json_object_get (j, "limits"), "memory_bytes")), 256 << 20);
  cr_expect_float_eq (json_real_value (json_object_get (json_object_get (j, "limits"), "timeout_s")), 15.0, 1e-9);
  cr_expect_eq (json_integer_value (json_object_get (json_object_get (j, "limits"), "pids")), 8);
  json_decref (j);
  free (line);
  nsbox_lang_result_release (&r);
}

/* nsbox exec IMAGE|--rootfs: no language, no checks; summarised as "exec". */
Test (unit_stats, a_plain_run_is_logged_and_summarised_as_exec)
{
  struct nsbox_lang_result r;
  const struct nsbox_stats_run run = { &r, "feedfeedfeed", 0, NULL, NULL, "/srv/root" };
  struct nsbox_stats s = { 0 };
  char *line;
  json_t *j;

  nsbox_lang_result_init (&r);
  r.core.status = NSBOX_STATUS_TIMEOUT;
  r.core.wall_time_s = 2;
  line = nsbox_stats_line (&run, 1763719200.5);
  cr_assert_not_null (line);
  j = json_loads (line, 0, NULL);
  cr_assert_not_null (j, "%s", line);
  cr_expect (json_is_null (json_object_get (j, "language")));
  cr_expect (json_is_null (json_object_get (j, "checks")));
  cr_expect (json_is_null (json_object_get (j, "code_sha256")));
  cr_expect_eq (json_array_size (json_object_get (j, "rules")), 0);
  cr_expect_str_eq (json_string_value (json_object_get (j, "rootfs")), "/srv/root");
  cr_expect (json_is_null (json_object_get (json_object_get (j, "limits"), "memory_bytes")), "%s", line);
  cr_expect_float_eq (json_real_value (json_object_get (j, "total_time_s")), 2.0, 1e-9);
  cr_assert_eq (nsbox_stats_add_line (&s, line, strlen (line), 0), 0, "%s", line);
  nsbox_stats_finish (&s);
  cr_assert_eq (s.n_languages, 1);
  cr_expect_str_eq (s.languages[0].language, "exec");
  cr_expect_eq (s.languages[0].outcomes[NSBOX_OUTCOME_TIMEOUT], 1);
  json_decref (j);
  free (line);
  nsbox_stats_release (&s);
  nsbox_lang_result_release (&r);
}

Test (unit_stats, outcomes_and_rates)
{
  struct nsbox_stats s = { 0 };
  char *json;
  json_t *j, *counts;

  add (&s, "python", "exited", 0, 0.1);
  add (&s, "python", "exited", 0, 0.2);
  add (&s, "python", "exited", 1, 0.3);
  add (&s, "python", "timeout", -1, 5);
  add (&s, "c", "oom", -1, 0.4);
  add (&s, "c", "compile-error", -1, 0.5);
  add (&s, "c", "blocked", -1, 0);
  add (&s, "c", "signaled", -1, 0.6);
  nsbox_stats_finish (&s);
  cr_expect_eq (s.total.runs, 8);
  cr_expect_eq (s.total.outcomes[NSBOX_OUTCOME_SUCCESS], 2);
  cr_expect_eq (s.total.outcomes[NSBOX_OUTCOME_FAILURE], 2);
  cr_expect_eq (s.total.outcomes[NSBOX_OUTCOME_TIMEOUT], 1);
  cr_expect_eq (s.total.outcomes[NSBOX_OUTCOME_OOM], 1);
  cr_expect_eq (s.total.outcomes[NSBOX_OUTCOME_COMPILE_ERROR], 1);
  cr_expect_eq (s.total.outcomes[NSBOX_OUTCOME_BLOCKED], 1);
  cr_assert_eq (s.n_languages, 2);
  cr_expect_str_eq (s.languages[0].language, "c");
  cr_expect_eq (s.languages[1].runs, 4);
  cr_expect_eq (s.total.n_latencies, 7, "blocked runs have no latency");
  json = nsbox_stats_format_json (&s);
  j = json_loads (json, 0, NULL);
  cr_assert_not_null (j, "%s", json);
  counts = json_object_get (j, "counts");
  cr_expect_eq (json_integer_value (json_object_get (counts, "success")), 2);
  cr_expect_float_eq (json_real_value (json_object_get (json_object_get (j, "rates"), "success")), 0.25, 1e-9);
  cr_expect_eq (json_integer_value (json_object_get (json_object_get (json_object_get (j, "by_language"), "python"),
                                                     "runs")),
                4);
  cr_expect_eq (json_integer_value (json_object_get (json_object_get (j, "statuses"), "exited")), 3);
  json_decref (j);
  free (json);
  nsbox_stats_release (&s);
}

Test (unit_stats, percentiles_are_nearest_rank)
{
  struct nsbox_stats s = { 0 };

  for (int i = 100; i >= 1; i--)
    add (&s, "go", "exited", 0, i / 100.0);
  nsbox_stats_finish (&s);
  cr_expect_float_eq (nsbox_stats_percentile (&s.total, 50), 0.50, 1e-9);
  cr_expect_float_eq (nsbox_stats_percentile (&s.total, 90), 0.90, 1e-9);
  cr_expect_float_eq (nsbox_stats_percentile (&s.total, 99), 0.99, 1e-9);
  nsbox_stats_release (&s);
  memset (&s, 0, sizeof s);
  cr_expect_eq (nsbox_stats_percentile (&s.total, 50), -1);
}

Test (unit_stats, since_leaves_older_records_out_and_bad_lines_are_counted)
{
  char path[] = "/tmp/nsbox-stats-XXXXXX";
  int fd = mkstemp (path);
  char *old = line_for ("python", "exited", 0, 1, 0), *recent = line_for ("python", "exited", 0, 2, 2e9);
  struct nsbox_stats s;
  struct nsbox_error *err = NULL;
  FILE *f = fdopen (fd, "w");

  fprintf (f, "%s\n%s\nnot json\n{\"status\": \"exited\"}\n\n", old, recent);
  fclose (f);
  cr_assert_eq (nsbox_stats_load (path, 1700000000, &s, &err), 0);
  cr_expect_eq (s.total.runs, 1);
  cr_expect_eq (s.skipped_lines, 2);
  nsbox_stats_release (&s);
  cr_assert_eq (nsbox_stats_load (path, 0, &s, &err), 0);
  cr_expect_eq (s.total.runs, 2);
  nsbox_stats_release (&s);
  unlink (path);
  free (old);
  free (recent);
  cr_assert_lt (nsbox_stats_load ("/nonexistent/log", 0, &s, &err), 0, "a missing log is an error");
  cr_expect_eq (err->errno_value, ENOENT);
  cr_expect_str_eq (err->message, "open the results log `/nonexistent/log`");
  nsbox_stats_release (&s);
}

Test (unit_stats, prometheus_text_format)
{
  struct nsbox_stats s = { 0 };
  char *text;

  add (&s, "python", "exited", 0, 0.1);
  add (&s, "python", "timeout", -1, 2);
  add (&s, "we\\\"ird", "exited", 0, 0.1);
  nsbox_stats_finish (&s);
  text = nsbox_stats_format_prometheus (&s);
  cr_assert_not_null (text);
  cr_expect_not_null (strstr (text, "# HELP nsbox_runs_total "));
  cr_expect_not_null (strstr (text, "# TYPE nsbox_runs_total counter\n"));
  cr_expect_not_null (strstr (text, "nsbox_runs_total{language=\"python\",status=\"exited\"} 1\n"), "%s", text);
  cr_expect_not_null (strstr (text, "nsbox_runs_total{language=\"python\",status=\"timeout\"} 1\n"));
  cr_expect_not_null (strstr (text, "nsbox_run_outcomes_total{language=\"python\",outcome=\"timeout\"} 1\n"));
  cr_expect_not_null (strstr (text, "# TYPE nsbox_run_duration_seconds summary\n"));
  cr_expect_not_null (strstr (text, "nsbox_run_duration_seconds{language=\"python\",quantile=\"0.5\"} 0.100000\n"),
                      "%s", text);
  cr_expect_not_null (strstr (text, "nsbox_run_duration_seconds_count{language=\"python\"} 2\n"));
  cr_expect_not_null (strstr (text, "language=\"we\\\"ird\""), "label values are escaped");
  /* Every sample line belongs to a metric announced by # TYPE. */
  for (char *l = strtok (text, "\n"); l; l = strtok (NULL, "\n"))
    if (l[0] != '#')
      cr_expect (strncmp (l, "nsbox_", 6) == 0, "%s", l);
  free (text);
  nsbox_stats_release (&s);
}

Test (unit_stats, concurrent_appends_never_interleave)
{
  char path[] = "/tmp/nsbox-stats-XXXXXX";
  int fd = mkstemp (path), procs = 8, per = 200;
  struct nsbox_stats s;
  struct nsbox_error *err = NULL;

  close (fd);
  for (int p = 0; p < procs; p++)
    if (fork () == 0)
      {
        struct nsbox_lang_result r;
        const struct nsbox_stats_run run = { .result = &r, .id = "0123456789ab" };

        nsbox_lang_result_init (&r);
        r.language = strdup (p % 2 ? "python" : "node");
        r.core.status = NSBOX_STATUS_EXITED;
        r.core.exited = true;
        r.core.exit_code = 0;
        for (int i = 0; i < per; i++)
          if (nsbox_stats_append (path, &run, &err) < 0)
            _exit (1);
        _exit (0);
      }
  for (int p = 0; p < procs; p++)
    {
      int status;
      wait (&status);
      cr_expect (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    }
  cr_assert_eq (nsbox_stats_load (path, 0, &s, &err), 0);
  cr_expect_eq (s.total.runs, (uint64_t) procs * per);
  cr_expect_eq (s.skipped_lines, 0);
  nsbox_stats_release (&s);
  unlink (path);
}

Test (unit_stats, durations_parse)
{
  double v;
  struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_parse_duration ("90", &v, &err), 0);
  cr_expect_float_eq (v, 90, 1e-9);
  cr_assert_eq (nsbox_parse_duration ("15m", &v, &err), 0);
  cr_expect_float_eq (v, 900, 1e-9);
  cr_assert_eq (nsbox_parse_duration ("1.5h", &v, &err), 0);
  cr_expect_float_eq (v, 5400, 1e-9);
  cr_assert_eq (nsbox_parse_duration ("7d", &v, &err), 0);
  cr_expect_float_eq (v, 604800, 1e-9);
  cr_assert_lt (nsbox_parse_duration ("7w", &v, &err), 0);
  nsbox_error_free (err);
}

/* The setuid helper's audit log: exec requests by caller; a refused one is
 * blocked (no latency), ps and gc are not runs. */
Test (unit_stats, the_audit_log_is_summarised_by_caller)
{
  static const char *const lines[] = {
    "{\"time\":\"2026-12-05T10:00:00.000Z\",\"command\":\"exec\",\"caller\":{\"uid\":1001},\"decision\":\"accepted\","
    "\"outcome\":{\"status\":\"exited\",\"exit_status\":0,\"exit_code\":0,\"wall_time_s\":0.5}}",
    "{\"time\":\"2026-12-05T10:00:01.000Z\",\"command\":\"exec\",\"caller\":{\"uid\":1001},\"decision\":\"accepted\","
    "\"outcome\":{\"status\":\"timeout\",\"exit_status\":124,\"exit_code\":null,\"wall_time_s\":2}}",
    "{\"time\":\"2026-12-05T10:00:02.000Z\",\"command\":\"exec\",\"caller\":{\"uid\":1002},\"decision\":\"refused\","
    "\"reason\":\"quota exceeded\",\"quota\":\"concurrent\"}",
    "{\"time\":\"2026-12-05T10:00:03.000Z\",\"command\":\"exec\",\"caller\":{\"uid\":1002},\"decision\":\"refused\","
    "\"reason\":\"--root is not allowed\"}",
    "{\"time\":\"2026-12-05T10:00:04.000Z\",\"command\":\"ps\",\"caller\":{\"uid\":1002},\"decision\":\"accepted\"}",
  };
  struct nsbox_stats s = { 0 };
  char *text;

  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
    cr_assert_eq (nsbox_stats_add_line (&s, lines[i], strlen (lines[i]), 0), 0, "line %zu", i);
  nsbox_stats_finish (&s);
  cr_expect (s.audit);
  cr_expect_eq (s.total.runs, 4);
  cr_expect_eq (s.total.outcomes[NSBOX_OUTCOME_SUCCESS], 1);
  cr_expect_eq (s.total.outcomes[NSBOX_OUTCOME_TIMEOUT], 1);
  cr_expect_eq (s.total.outcomes[NSBOX_OUTCOME_BLOCKED], 2);
  cr_expect_eq (s.total.n_latencies, 2, "refused requests have no latency");
  cr_assert_eq (s.n_languages, 2);
  cr_expect_str_eq (s.languages[0].language, "uid 1001");
  cr_expect_str_eq (s.languages[1].language, "uid 1002");
  text = nsbox_stats_format_text (&s);
  cr_expect (strncmp (text, "user ", 5) == 0, "%s", text);
  cr_expect (strstr (text, "uid 1002") != NULL, "%s", text);
  free (text);
  text = nsbox_stats_format_json (&s);
  cr_expect (strstr (text, "\"by_user\"") != NULL && strstr (text, "\"quota-exceeded\": 1") != NULL, "%s", text);
  free (text);
  text = nsbox_stats_format_prometheus (&s);
  cr_expect (strstr (text, "nsbox_runs_total{user=\"uid 1001\",status=\"exited\"} 1") != NULL, "%s", text);
  free (text);
  nsbox_stats_release (&s);
}

/* Percentiles are of what the caller waited for (total_time_s); the run and
 * compile steps have their own; a line written before those were logged
 * counts its run's wall time. */
Test (unit_stats, latency_is_the_total_and_the_steps_are_apart)
{
  static const char *const lines[] = {
    "{\"timestamp\":\"2026-12-05T10:00:00.000Z\",\"language\":\"go\",\"status\":\"exited\",\"exit_code\":0,"
    "\"wall_time_s\":0.1,\"compile_time_s\":1.2,\"total_time_s\":1.4}",
    "{\"timestamp\":\"2026-12-05T10:00:01.000Z\",\"language\":\"go\",\"status\":\"exited\",\"exit_code\":0,"
    "\"wall_time_s\":0.2,\"compile_time_s\":1.3,\"total_time_s\":1.6}",
    "{\"timestamp\":\"2026-12-05T10:00:02.000Z\",\"language\":\"python\",\"status\":\"exited\",\"exit_code\":0,"
    "\"wall_time_s\":0.05}",
  };
  struct nsbox_stats s = { 0 };
  const struct nsbox_stats_group *go;
  char *json;

  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
    cr_assert_eq (nsbox_stats_add_line (&s, lines[i], strlen (lines[i]), 0), 0, "line %zu", i);
  nsbox_stats_finish (&s);
  cr_assert_eq (s.n_languages, 2);
  go = &s.languages[0];
  cr_expect_float_eq (nsbox_stats_percentile (go, 100), 1.6, 1e-9);
  cr_expect_float_eq (nsbox_stats_times_percentile (&go->run_times, 100), 0.2, 1e-9);
  cr_expect_float_eq (nsbox_stats_times_percentile (&go->compile_times, 50), 1.2, 1e-9);
  cr_expect_float_eq (nsbox_stats_percentile (&s.languages[1], 50), 0.05, 1e-9);
  cr_expect_eq (s.languages[1].compile_times.n, 0);
  json = nsbox_stats_format_json (&s);
  cr_expect (strstr (json, "\"compile_latency_s\"") && strstr (json, "\"run_latency_s\""), "%s", json);
  free (json);
  nsbox_stats_release (&s);
}
