/* The results log: one line for every run, language or not, that says who
 * ran what on which root and how it ended; on by default for root. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <jansson.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "lang/nsconf.h"

static char *work;

static void
setup (void)
{
  work = sbx_tmpdir ();
}

static void
teardown (void)
{
  sbx_tmpdir_remove (work);
}

TestSuite (results_log, .init = setup, .fini = teardown, .timeout = 60);

/* The log's lines, each parsed (every one must parse). */
static json_t *
log_lines (const char *path)
{
  json_t *lines = json_array ();
  FILE *f = fopen (path, "r");
  char *line = NULL;
  size_t size = 0;

  cr_assert_not_null (f, "no results log at %s: %s", path, strerror (errno));
  while (getline (&line, &size, f) > 0)
    {
      json_t *j = json_loads (line, 0, NULL);

      cr_assert_not_null (j, "not JSON: %s", line);
      json_array_append_new (lines, j);
    }
  free (line);
  fclose (f);
  return lines;
}

static const char *
str (json_t *o, const char *key)
{
  const char *v = json_string_value (json_object_get (o, key));

  return v ? v : "(null)";
}

static void
need_root (void)
{
  if (sbx_rootless () || sbx_through_helper ())
    cr_skip_test ("root's own runs: the default log and a log named by --log of root's");
}

/* nsbox exec --rootfs: no language, and still a line with the sandbox's id,
 * the caller, the root, the limits and the outcome. */
Test (results_log, a_run_that_is_not_a_languages_is_logged)
{
  char log[4200];
  struct sbx r = { 0 };
  json_t *lines, *line;

  need_root ();
  snprintf (log, sizeof log, "%s/results.jsonl", work);
  sbx_exec (&r, "--log", log, "--memory", "64m", "--pids", "8", "--rootfs", sbx_root ("busybox"), "--", "sh", "-c",
            "exit 3", NULL);
  cr_assert_eq (r.status, 3, "stderr: %s", r.err);
  lines = log_lines (log);
  cr_assert_eq (json_array_size (lines), 1);
  line = json_array_get (lines, 0);
  cr_expect_str_eq (str (line, "id"), r.id);
  cr_expect_eq (json_integer_value (json_object_get (line, "uid")), (json_int_t) getuid ());
  cr_expect_str_eq (str (line, "rootfs"), sbx_root ("busybox"));
  cr_expect (json_is_null (json_object_get (line, "image")));
  cr_expect (json_is_null (json_object_get (line, "language")));
  cr_expect (json_is_null (json_object_get (line, "checks")));
  cr_expect_str_eq (str (line, "status"), "exited");
  cr_expect_eq (json_integer_value (json_object_get (line, "exit_code")), 3);
  cr_expect_eq (json_integer_value (json_object_get (json_object_get (line, "limits"), "memory_bytes")), 64 << 20);
  cr_expect_eq (json_integer_value (json_object_get (json_object_get (line, "limits"), "pids")), 8);
  cr_expect (json_is_number (json_object_get (line, "wall_time_s")));
  json_decref (lines);
  sbx_release (&r);
}

/* The deepest existing directory on the way to the file `path` (its own
 * directory when that exists). */
static void
existing_ancestor (const char *path, char *out, size_t size)
{
  struct stat st;
  char *slash;

  snprintf (out, size, "%s", path);
  do
    {
      if ((slash = strrchr (out, '/')) == NULL || slash == out)
        {
          snprintf (out, size, "/");
          return;
        }
      *slash = '\0';
    }
  while (stat (out, &st) < 0 || !S_ISDIR (st.st_mode));
}

/* Root's runs land in NSBOX_DEFAULT_RESULTS_LOG with no nsbox.conf key at
 * all, and in none when nsbox.conf says false.  The default log's place is
 * the machine's: the test sees it through a tmpfs in a mount namespace of
 * its own, so that nothing is written there. */
Test (results_log, roots_runs_go_to_the_default_log_unless_it_is_false)
{
  char conf[4200], hide[4200];
  struct sbx r = { 0 };
  json_t *lines;
  struct stat st;

  need_root ();
  cr_assert_eq (unshare (CLONE_NEWNS), 0, "%s", strerror (errno));
  cr_assert_eq (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0, "%s", strerror (errno));
  existing_ancestor (NSBOX_DEFAULT_RESULTS_LOG, hide, sizeof hide);
  cr_assert_str_neq (hide, "/", "nothing on the way to %s to hide it with", NSBOX_DEFAULT_RESULTS_LOG);
  cr_assert_eq (mount ("tmpfs", hide, "tmpfs", 0, "mode=0755"), 0, "%s: %s", hide, strerror (errno));

  snprintf (conf, sizeof conf, "%s/nsbox.conf", work);
  setenv ("NSBOX_CONFIG", conf, 1);
  {
    FILE *f = fopen (conf, "w");

    cr_assert_not_null (f);
    fputs ("{}\n", f);
    fclose (f);
  }
  sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "--", "true", NULL);
  cr_assert_eq (r.status, 0, "stderr: %s", r.err);
  lines = log_lines (NSBOX_DEFAULT_RESULTS_LOG);
  cr_expect_eq (json_array_size (lines), 1);
  cr_expect_str_eq (str (json_array_get (lines, 0), "id"), r.id);
  json_decref (lines);
  sbx_release (&r);

  {
    FILE *f = fopen (conf, "w");

    cr_assert_not_null (f);
    fputs ("{\"results_log\": false}\n", f);
    fclose (f);
  }
  cr_assert_eq (unlink (NSBOX_DEFAULT_RESULTS_LOG), 0);
  sbx_exec (&r, "--rootfs", sbx_root ("busybox"), "--", "true", NULL);
  cr_assert_eq (r.status, 0, "stderr: %s", r.err);
  cr_expect_lt (stat (NSBOX_DEFAULT_RESULTS_LOG, &st), 0, "results_log false still wrote the log");
  sbx_release (&r);
}

/* A log that cannot be written is not lost quietly: the run says so, 125. */
Test (results_log, a_log_that_cannot_be_written_fails_the_run)
{
  char log[4200];
  struct sbx r = { 0 };

  need_root ();
  snprintf (log, sizeof log, "%s/a-file/results.jsonl", work);
  {
    char file[4200];
    FILE *f;

    snprintf (file, sizeof file, "%s/a-file", work);
    cr_assert_not_null (f = fopen (file, "w"));
    fclose (f);
  }
  sbx_exec (&r, "--log", log, "--rootfs", sbx_root ("busybox"), "--", "true", NULL);
  cr_expect_eq (r.status, 125, "stderr: %s", r.err);
  cr_expect_not_null (strstr (r.err, "results log"), "%s", r.err);
  sbx_release (&r);
}
