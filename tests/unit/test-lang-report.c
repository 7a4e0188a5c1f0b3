/* unit_result: the statuses and report keys of language runs. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "result.h"

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
