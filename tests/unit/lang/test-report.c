#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lang/report.h"

static json_t *
report (const struct nsbox_lang_result *r)
{
  char *text = nsbox_lang_result_to_json (r);
  json_t *j;

  cr_assert_not_null (text);
  j = json_loads (text, 0, NULL);
  cr_assert_not_null (j, "not JSON: %s", text);
  free (text);
  return j;
}

/* A compile error of C code under the strict profile, with two violations. */
static void
compile_error (struct nsbox_lang_result *r)
{
  nsbox_lang_result_init (r);
  r->core.status = NSBOX_STATUS_COMPILE_ERROR;
  r->core.wall_time_s = 0.25;
  r->core.have_cpu_time = true;
  r->core.cpu_user_s = 0.125;
  r->core.cpu_system_s = 0.5;
  r->core.memory_peak_bytes = 4096;
  r->core.pids_peak = 3;
  r->core.err.data = strdup ("x.c:1: error");
  r->core.err.length = strlen (r->core.err.data);
  r->language = strdup ("c");
  r->profile = strdup ("strict");
  r->n_violations = 2;
  r->violations = calloc (2, sizeof *r->violations);
  r->violations[0] = (struct nsbox_violation){ strdup ("c-fork"), NSBOX_SEVERITY_CRITICAL, 7, strdup ("forks \"x\""), strdup ("use one process") };
  r->violations[1] = (struct nsbox_violation){ strdup ("c-asm"), NSBOX_SEVERITY_LOW, 0, strdup ("asm"), NULL };
  r->risk_score = 45;
  r->limit_memory_bytes = 128u << 20;
  r->limit_timeout_ms = 1500;
  r->limit_pids = UINT64_MAX;
  r->compile = (struct nsbox_step_result){ .ran = true, .status = NSBOX_STATUS_EXITED, .exited = true,
                                           .exit_code = 1, .wall_time_s = 0.5, .memory_peak_bytes = 1048576 };
}

Test (unit_lang_report, a_language_report_lists_violations_limits_and_the_compile_step)
{
  struct nsbox_lang_result r;
  json_t *j, *v;

  compile_error (&r);
  r.compile.memory_peak_bytes = -1;
  j = report (&r);
  cr_expect_str_eq (json_string_value (json_object_get (j, "status")), "compile-error");
  cr_expect_str_eq (json_string_value (json_object_get (j, "language")), "c");
  cr_expect_str_eq (json_string_value (json_object_get (j, "profile")), "strict");
  cr_expect_eq (json_integer_value (json_object_get (j, "risk_score")), 45);
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
  nsbox_lang_result_release (&r);
}

/* The whole line, byte for byte: the core report's members in their order,
 * then the language's.  (The text nsbox wrote before the language half moved
 * out of the sandbox.) */
Test (unit_lang_report, the_report_keeps_every_member_in_order)
{
  struct nsbox_lang_result r;
  char *text;

  compile_error (&r);
  text = nsbox_lang_result_to_json (&r);
  cr_assert_str_eq (
      text,
      "{\"status\": \"compile-error\", \"exit_code\": null, \"signal\": null, \"interrupted_by\": null, "
      "\"timed_out\": false, \"oom_killed\": false, "
      "\"wall_time_s\": 0.250000, \"cpu_time_s\": {\"user\": 0.125000, \"system\": 0.500000}, "
      "\"memory_peak_bytes\": 4096, \"pids_peak\": 3, \"isolation\": null, \"stdout\": \"\", \"stdout_truncated\": false, "
      "\"stderr\": \"x.c:1: error\", \"stderr_truncated\": false, \"error\": null, \"language\": \"c\", "
      "\"profile\": \"strict\", \"checks\": {\"mode\": \"off\", \"findings\": 2, \"blocked\": false}, "
      "\"violations\": [{\"rule\": \"c-fork\", \"severity\": \"critical\", \"line\": 7, "
      "\"message\": \"forks \\\"x\\\"\", \"recommendation\": \"use one process\"}, {\"rule\": \"c-asm\", \"severity\": \"low\", \"line\": 0, \"message\": "
      "\"asm\"}], \"risk_score\": 45, \"limits\": {\"memory_bytes\": 134217728, \"timeout_s\": 1.500, \"pids\": null}, "
      "\"compile\": {\"status\": \"exited\", \"exit_code\": 1, \"wall_time_s\": 0.500000, \"memory_peak_bytes\": "
      "1048576, \"cached\": false}, \"total_time_s\": 0.000000}\n");
  free (text);
  nsbox_lang_result_release (&r);
}

Test (unit_lang_report, a_run_without_compile_step_or_limits_reports_null)
{
  struct nsbox_lang_result r;
  json_t *j, *v;

  nsbox_lang_result_init (&r);
  r.language = strdup ("python");
  r.core.status = NSBOX_STATUS_EXITED;
  r.core.exited = true;
  r.core.exit_code = 0;
  j = report (&r);
  cr_expect_str_eq (json_string_value (json_object_get (j, "profile")), "standard");
  cr_expect_eq (json_array_size (json_object_get (j, "violations")), 0);
  cr_expect (json_is_null (json_object_get (j, "compile")));
  v = json_object_get (j, "limits");
  cr_expect (json_is_null (json_object_get (v, "memory_bytes")));
  cr_expect (json_is_null (json_object_get (v, "timeout_s")));
  cr_expect (json_is_null (json_object_get (v, "pids")));
  json_decref (j);
  nsbox_lang_result_release (&r);
}

Test (unit_lang_report, release_frees_and_resets_every_field)
{
  struct nsbox_lang_result r;

  compile_error (&r);
  nsbox_lang_result_release (&r);
  cr_expect_null (r.language);
  cr_expect_null (r.violations);
  cr_expect_eq (r.n_violations, 0);
  cr_expect_null (r.core.err.data);
  cr_expect_eq (r.core.exit_code, -1);
  cr_expect_eq (r.compile.exit_code, -1);
  cr_expect_eq (r.limit_pids, UINT64_MAX);
}
