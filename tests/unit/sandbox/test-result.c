#include <criterion/criterion.h>
#include <jansson.h>
#include <signal.h>
#include <string.h>

#include "sandbox/result.h"

static json_t *
report (const struct nsbox_result *r)
{
  char *text = nsbox_result_to_json (r);
  json_t *j;

  cr_assert_not_null (text);
  j = json_loads (text, 0, NULL);
  cr_assert_not_null (j, "not JSON: %s", text);
  free (text);
  return j;
}

Test (unit_result, exit_status_mirrors_the_workload)
{
  struct nsbox_result r;

  nsbox_result_init (&r);
  r.status = NSBOX_STATUS_EXITED;
  r.exited = true;
  r.exit_code = 3;
  cr_assert_eq (nsbox_result_exit_status (&r), 3);
  r.exited = false;
  r.status = NSBOX_STATUS_SIGNALED;
  r.signal = SIGKILL;
  cr_assert_eq (nsbox_result_exit_status (&r), 137);
  r.status = NSBOX_STATUS_TIMEOUT;
  cr_assert_eq (nsbox_result_exit_status (&r), 124);
  r.status = NSBOX_STATUS_ERROR;
  r.signal = 0;
  cr_assert_eq (nsbox_result_exit_status (&r), 125);
  r.exited = true;
  r.exit_code = 127;
  cr_assert_eq (nsbox_result_exit_status (&r), 127, "exec failures keep 126/127");
  r.interrupted_by = SIGTERM;
  cr_assert_eq (nsbox_result_exit_status (&r), 143);
}

Test (unit_result, report_has_every_field_and_nulls_for_the_unknown)
{
  struct nsbox_result r;
  json_t *j;

  nsbox_result_init (&r);
  r.status = NSBOX_STATUS_EXITED;
  r.exited = true;
  r.exit_code = 0;
  j = report (&r);
  cr_assert_str_eq (json_string_value (json_object_get (j, "status")), "exited");
  cr_assert_eq (json_integer_value (json_object_get (j, "exit_code")), 0);
  cr_assert (json_is_null (json_object_get (j, "signal")));
  cr_assert (json_is_null (json_object_get (j, "memory_peak_bytes")), "never invented");
  cr_assert (json_is_false (json_object_get (j, "oom_killed")));
  cr_assert (json_is_false (json_object_get (j, "timed_out")));
  cr_assert (json_is_null (json_object_get (j, "cpu_time_s")));
  cr_assert (json_is_null (json_object_get (j, "error")));
  cr_assert_str_eq (json_string_value (json_object_get (j, "stdout")), "");
  cr_assert (json_is_false (json_object_get (j, "stdout_truncated")));
  json_decref (j);
}

Test (unit_result, signals_are_named)
{
  struct nsbox_result r;
  json_t *j;

  nsbox_result_init (&r);
  r.status = NSBOX_STATUS_SIGNALED;
  r.signal = SIGSEGV;
  j = report (&r);
  cr_assert_str_eq (json_string_value (json_object_get (j, "signal")), "SIGSEGV");
  cr_assert (json_is_null (json_object_get (j, "exit_code")));
  json_decref (j);
}

Test (unit_result, control_characters_and_quotes_are_escaped)
{
  struct nsbox_result r;
  char data[] = "a\"b\\c\n\t\x01 é";
  json_t *j;

  nsbox_result_init (&r);
  r.out.data = data;
  r.out.length = strlen (data);
  j = report (&r);
  cr_assert_str_eq (json_string_value (json_object_get (j, "stdout")), data);
  json_decref (j);
}

Test (unit_result, invalid_utf8_is_escaped_not_dropped)
{
  struct nsbox_result r;
  char data[] = "ok\xff\xc3(end\xe2\x82";
  char *text;

  nsbox_result_init (&r);
  r.out.data = data;
  r.out.length = sizeof data - 1;
  text = nsbox_result_to_json (&r);
  cr_assert_not_null (strstr (text, "\"stdout\": \"ok\\udcff\\udcc3(end\\udce2\\udc82\""), "%s", text);
  free (text);
}

Test (unit_result, error_carries_stage_errno_and_message)
{
  struct nsbox_result r;
  json_t *j, *e;

  nsbox_result_init (&r);
  r.status = NSBOX_STATUS_ERROR;
  nsbox_error_errno (&r.error, 1, "mount /proc");
  nsbox_error_set_stage (r.error, "mounts");
  j = report (&r);
  e = json_object_get (j, "error");
  cr_assert_str_eq (json_string_value (json_object_get (e, "stage")), "mounts");
  cr_assert_eq (json_integer_value (json_object_get (e, "errno")), 1);
  cr_assert_str_eq (json_string_value (json_object_get (e, "message")), "mount /proc: Operation not permitted");
  json_decref (j);
  nsbox_error_free (r.error);
}

/* Language runs: their statuses and report keys. */
Test (unit_result, language_statuses_and_exit_codes)
{
  struct nsbox_result r;

  nsbox_result_init (&r);
  r.status = NSBOX_STATUS_BLOCKED;
  cr_expect_str_eq (nsbox_status_name (r.status), "blocked");
  cr_expect_eq (nsbox_result_exit_status (&r), 122);
  r.status = NSBOX_STATUS_COMPILE_ERROR;
  cr_expect_str_eq (nsbox_status_name (r.status), "compile-error");
  cr_expect_eq (nsbox_result_exit_status (&r), 123);
}

Test (unit_result, other_runs_carry_no_language_keys)
{
  struct nsbox_result r;
  json_t *j;

  nsbox_result_init (&r);
  j = report (&r);
  cr_expect_null (json_object_get (j, "language"));
  cr_expect_null (json_object_get (j, "violations"));
  json_decref (j);
}

Test (unit_result, a_language_report_lists_violations_limits_and_the_compile_step)
{
  struct nsbox_result r;
  json_t *j, *v;

  nsbox_result_init (&r);
  r.language = strdup ("c");
  r.profile = strdup ("strict");
  r.n_violations = 1;
  r.violations = calloc (1, sizeof *r.violations);
  r.violations[0] = (struct nsbox_violation){ strdup ("c-fork"), NSBOX_SEVERITY_CRITICAL, 7, strdup ("forks \"x\"") };
  r.risk_score = 40;
  r.limit_memory_bytes = 128u << 20;
  r.limit_timeout_ms = 1500;
  r.limit_pids = UINT64_MAX;
  r.compile = (struct nsbox_step_result){ .ran = true, .status = NSBOX_STATUS_EXITED, .exited = true, .exit_code = 1,
                                          .wall_time_s = 0.5, .memory_peak_bytes = -1 };
  r.status = NSBOX_STATUS_COMPILE_ERROR;
  j = report (&r);
  cr_expect_str_eq (json_string_value (json_object_get (j, "status")), "compile-error");
  cr_expect_str_eq (json_string_value (json_object_get (j, "language")), "c");
  cr_expect_str_eq (json_string_value (json_object_get (j, "profile")), "strict");
  cr_expect_eq (json_integer_value (json_object_get (j, "risk_score")), 40);
  v = json_array_get (json_object_get (j, "violations"), 0);
  cr_assert_not_null (v);
  cr_expect_str_eq (json_string_value (json_object_get (v, "rule")), "c-fork");
  cr_expect_str_eq (json_string_value (json_object_get (v, "severity")), "critical");
  cr_expect_eq (json_integer_value (json_object_get (v, "line")), 7);
  cr_expect_str_eq (json_string_value (json_object_get (v, "message")), "forks \"x\"");
  v = json_object_get (j, "limits");
  cr_expect_eq (json_integer_value (json_object_get (v, "memory_bytes")), 128 << 20);
  cr_expect_float_eq (json_number_value (json_object_get (v, "timeout_s")), 1.5, 1e-9);
  cr_expect (json_is_null (json_object_get (v, "pids")));
  v = json_object_get (j, "compile");
  cr_expect_str_eq (json_string_value (json_object_get (v, "status")), "exited");
  cr_expect_eq (json_integer_value (json_object_get (v, "exit_code")), 1);
  cr_expect (json_is_null (json_object_get (v, "memory_peak_bytes")));
  json_decref (j);
  nsbox_result_release (&r);
}

Test (unit_result, an_interrupted_run_names_the_signal)
{
  struct nsbox_result r;
  json_t *j;

  nsbox_result_init (&r);
  r.status = NSBOX_STATUS_EXITED;
  r.exited = true;
  r.exit_code = 0;
  j = report (&r);
  cr_assert (json_is_null (json_object_get (j, "interrupted_by")), "every report has the key");
  json_decref (j);
  r.status = NSBOX_STATUS_INTERRUPTED;
  r.interrupted_by = SIGTERM;
  j = report (&r);
  cr_assert_str_eq (json_string_value (json_object_get (j, "status")), "interrupted");
  cr_assert_str_eq (json_string_value (json_object_get (j, "interrupted_by")), "SIGTERM");
  cr_assert_eq (nsbox_result_exit_status (&r), 143);
  json_decref (j);
}
