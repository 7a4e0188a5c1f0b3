/* A sandbox described by a JSON config: `nsbox exec --config FILE|-` and
 * libnsbox's nsbox_run_json(), on the busybox root. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "nsbox.h"

/* The JSON string of s (no escapes needed for the paths tests use). */
static const char *
quoted (const char *s)
{
  static __thread char buf[8][4200];
  static __thread int next;
  char *b = buf[next++ % 8];

  cr_assert_null (strpbrk (s, "\"\\"), "%s", s);
  snprintf (b, sizeof buf[0], "\"%s\"", s);
  return b;
}

Test (config, a_sandbox_described_on_stdin_runs)
{
  struct sbx r = { 0 };
  const char *args[] = { "--config", "-", NULL };
  char doc[8192];

  snprintf (doc, sizeof doc,
            "{\"nsbox\": 1, \"rootfs\": %s, \"argv\": [\"sh\", \"-c\", \"echo $GREETING; id -u; hostname; exit 3\"],"
            " \"env\": [\"GREETING=hello\"], \"hostname\": \"from-config\", \"memory\": \"64m\", \"pids\": 16,"
            " \"timeout\": 20, \"json\": true}",
            quoted (sbx_root ("busybox")));
  sbx_execv_input (&r, args, doc);
  cr_assert_eq (r.status, 3, "stderr: %s", r.err);
  r.report = json_loads (r.out, 0, NULL);
  cr_assert_not_null (r.report, "--json from the file prints the report: %s", r.out);
  cr_expect_str_eq (sbx_str (&r, "status"), "exited");
  cr_expect_str_eq (sbx_str (&r, "stdout"), "hello\n65534\nfrom-config\n");
  sbx_release (&r);
}

/* Flags given beside the file win; the file's own keys still apply. */
Test (config, flags_override_the_file)
{
  struct sbx r = { 0 };
  char *dir = sbx_tmpdir ();
  char path[4300], doc[8192];
  const char *args[] = { "--config", path, "-e", "GREETING=from-flag", "--json", "--", "sh", "-c",
                         "echo $GREETING $OTHER; hostname", NULL };
  FILE *f;

  snprintf (path, sizeof path, "%s/job.json", dir);
  snprintf (doc, sizeof doc,
            "{\"nsbox\": 1, \"rootfs\": %s, \"argv\": [\"false\"], \"hostname\": \"filed\","
            " \"env\": [\"GREETING=from-file\", \"OTHER=kept\"]}",
            quoted (sbx_root ("busybox")));
  f = fopen (path, "w");
  cr_assert_not_null (f);
  fputs (doc, f);
  fclose (f);
  sbx_execv (&r, args);
  cr_assert_eq (r.status, 0, "stderr: %s", r.err);
  cr_expect_str_eq (sbx_str (&r, "stdout"), "from-flag kept\nfiled\n");
  sbx_release (&r);
  sbx_tmpdir_remove (dir);
}

Test (config, mistakes_in_the_file_stop_before_anything_runs)
{
  struct sbx r = { 0 };
  const char *args[] = { "--config", "-", NULL };

  sbx_execv_input (&r, args, "{\"nsbox\": 1, \"rootfs\": \"/\", \"argv\": [\"true\"], \"memroy\": \"1g\"}");
  cr_expect_eq (r.status, 125);
  cr_expect_str_eq (r.err, "nsbox: stdin: key `memroy`: unknown key\n");
  sbx_release (&r);
  sbx_execv_input (&r, args, "{\"rootfs\": \"/\", \"argv\": [\"true\"]}");
  cr_expect_eq (r.status, 125);
  cr_expect_not_null (strstr (r.err, "key `nsbox`: missing"), "%s", r.err);
  sbx_release (&r);
}

/* ---- the library's entry point ----------------------------------------- */

/* The harness's nsbox.conf (no results log), which the CLI takes from the
 * environment; the library takes it as a key. */
static const char *
quiet_conf (void)
{
  const char *conf = getenv ("NSBOX_CONFIG");

  cr_assert_not_null (conf, "the harness names an nsbox.conf in NSBOX_CONFIG");
  return conf;
}

/* The build tree's seccomp profiles and cache, which the CLI takes from the
 * environment, are keys of the description here. */
static void
describe (char *doc, size_t size, const char *id, const char *members)
{
  const char *profiles = getenv ("NSBOX_SECCOMP_PROFILE_DIR");
  const char *cache = getenv ("NSBOX_SECCOMP_CACHE_DIR");

  cr_assert (profiles && cache, "run through `make check`");
  snprintf (doc, size,
            "{\"nsbox\": 1, \"id\": %s, \"rootfs\": %s, \"seccomp_profile_dir\": %s, \"seccomp_cache_dir\": %s, "
            "\"conf\": %s, %s}",
            quoted (id), quoted (sbx_root ("busybox")), quoted (profiles), quoted (cache), quoted (quiet_conf ()), members);
}

Test (config, nsbox_run_json_runs_a_sandbox_and_returns_its_report)
{
  char id[64], doc[16384];
  char *report = NULL;
  json_t *j;
  int status;

  snprintf (id, sizeof id, "cfg%d-json", (int) getpid ());
  describe (doc, sizeof doc, id,
            "\"argv\": [\"sh\", \"-c\", \"grep -c '^Seccomp:.*2' /proc/self/status; echo err >&2; exit 7\"],"
            " \"json\": true, \"timeout\": 20, \"memory\": 67108864");
  status = nsbox_run_json (doc, &report);
  sbx_assert_gone (id);
  cr_assert_not_null (report);
  cr_expect_eq (status, 7, "%s", report);
  j = json_loads (report, 0, NULL);
  cr_assert_not_null (j, "%s", report);
  cr_expect_str_eq (json_string_value (json_object_get (j, "status")), "exited");
  cr_expect_eq (json_integer_value (json_object_get (j, "exit_code")), 7);
  cr_expect_str_eq (json_string_value (json_object_get (j, "stdout")), "1\n", "seccomp filter installed");
  cr_expect_str_eq (json_string_value (json_object_get (j, "stderr")), "err\n");
  json_decref (j);
  free (report);
}

Test (config, nsbox_run_json_reports_a_bad_description)
{
  char *report = NULL;
  json_t *j, *error;

  cr_assert_eq (nsbox_run_json ("{\"nsbox\": 1, \"rootfs\": \"/\", \"argv\": [\"true\"], \"tty\": 1}", &report), 125);
  cr_assert_not_null (report);
  j = json_loads (report, 0, NULL);
  cr_assert_not_null (j, "%s", report);
  cr_expect_str_eq (json_string_value (json_object_get (j, "status")), "error");
  error = json_object_get (j, "error");
  cr_expect_str_eq (json_string_value (json_object_get (error, "stage")), "config");
  cr_expect_not_null (strstr (json_string_value (json_object_get (error, "message")), "key `tty`: expected true or false"),
                      "%s", report);
  json_decref (j);
  free (report);
  cr_expect_eq (nsbox_run_json ("not json", NULL), 125);
}

/* A failure inside the sandbox's setup is in the report with its stage. */
Test (config, nsbox_run_json_reports_a_setup_failure)
{
  char id[64], doc[16384];
  char *report = NULL;
  json_t *j;

  snprintf (id, sizeof id, "cfg%d-setup", (int) getpid ());
  describe (doc, sizeof doc, id, "\"argv\": [\"true\"], \"workdir\": \"/does-not-exist\", \"json\": true");
  cr_expect_eq (nsbox_run_json (doc, &report), 125);
  sbx_assert_gone (id);
  j = json_loads (report, 0, NULL);
  cr_assert_not_null (j, "%s", report);
  cr_expect_str_eq (json_string_value (json_object_get (j, "status")), "error");
  cr_expect_not_null (strstr (json_string_value (json_object_get (json_object_get (j, "error"), "message")),
                              "workdir `/does-not-exist`"),
                      "%s", report);
  json_decref (j);
  free (report);
}
