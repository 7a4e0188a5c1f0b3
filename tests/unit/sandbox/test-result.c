#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
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

/* The statuses of language runs live in the core vocabulary (result.h says why). */
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

/* The whole line, byte for byte: consumers may rely on the members' order. */
Test (unit_result, the_report_keeps_its_members_in_order)
{
  struct nsbox_result r;
  char *text;

  nsbox_result_init (&r);
  r.status = NSBOX_STATUS_SIGNALED;
  r.signal = SIGKILL;
  r.oom_killed = r.timed_out = true;
  r.wall_time_s = 1.5;
  r.out.data = strdup ("hi\n");
  r.out.length = 3;
  r.out.truncated = true;
  nsbox_error_errno (&r.error, 1, "mount /proc");
  nsbox_error_set_stage (r.error, "mounts");
  text = nsbox_result_to_json (&r);
  cr_assert_str_eq (text, "{\"status\": \"signaled\", \"exit_code\": null, \"signal\": \"SIGKILL\", \"interrupted_by\": null, "
                          "\"timed_out\": true, "
                          "\"oom_killed\": true, \"wall_time_s\": 1.500000, \"cpu_time_s\": null, "
                          "\"memory_peak_bytes\": null, \"pids_peak\": null, \"isolation\": null, \"stdout\": \"hi\\n\", "
                          "\"stdout_truncated\": true, \"stderr\": \"\", \"stderr_truncated\": false, "
                          "\"error\": {\"stage\": \"mounts\", \"errno\": 1, \"message\": \"mount /proc: Operation not "
                          "permitted\"}}\n");
  free (text);
  nsbox_result_release (&r);
}

Test (unit_result, the_isolation_names_the_mode_and_the_host_ids)
{
  struct nsbox_result r;
  json_t *j, *iso;

  nsbox_result_init (&r);
  r.userns = "per-sandbox";
  r.host_uid = 1879048192 + 65534;
  r.host_gid = 1879048192 + 65534;
  r.idmapped_layers = true;
  j = report (&r);
  iso = json_object_get (j, "isolation");
  cr_assert_str_eq (json_string_value (json_object_get (iso, "userns")), "per-sandbox");
  cr_assert_eq (json_integer_value (json_object_get (iso, "host_uid")), 1879048192 + 65534);
  cr_assert_eq (json_integer_value (json_object_get (iso, "host_gid")), 1879048192 + 65534);
  cr_assert (json_is_true (json_object_get (iso, "idmapped_layers")));
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

/* The streamed report (nsbox exec --json) is byte for byte the one made in
 * memory, also when the escaped output spans many of the writer's chunks. */
Test (unit_result, streamed_report_equals_the_one_in_memory)
{
  const size_t size = 300 << 10;
  struct nsbox_result r;
  char *text, *streamed;
  int fd = memfd_create ("report", MFD_CLOEXEC);
  off_t length;

  cr_assert_geq (fd, 0);
  nsbox_result_init (&r);
  r.status = NSBOX_STATUS_EXITED;
  r.exited = true;
  r.out.data = malloc (size);
  cr_assert_not_null (r.out.data);
  for (size_t i = 0; i < size; i++)
    r.out.data[i] = (char) (i % 7 == 0 ? '\n' : i % 11 == 0 ? 0xff : 'a' + (int) (i % 26));
  r.out.length = size;
  text = nsbox_result_to_json (&r);
  cr_assert_not_null (text);
  cr_assert_eq (nsbox_result_print_json (&r, fd), 0);
  length = lseek (fd, 0, SEEK_END);
  cr_assert_eq ((size_t) length, strlen (text));
  streamed = malloc ((size_t) length + 1);
  cr_assert_eq (pread (fd, streamed, (size_t) length, 0), length);
  streamed[length] = '\0';
  cr_assert (strcmp (streamed, text) == 0, "the streamed report differs from the one in memory");
  free (streamed);
  free (text);
  close (fd);
  nsbox_result_release (&r);
}

Test (unit_result, a_report_that_cannot_be_written_fails_with_errno)
{
  struct nsbox_result r;
  int fds[2];

  cr_assert_eq (pipe2 (fds, O_CLOEXEC), 0);
  close (fds[0]);
  signal (SIGPIPE, SIG_IGN);
  nsbox_result_init (&r);
  errno = 0;
  cr_assert_eq (nsbox_result_print_json (&r, fds[1]), -1);
  cr_assert_eq (errno, EPIPE);
  close (fds[1]);
  nsbox_result_release (&r);
}
