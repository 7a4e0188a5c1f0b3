/* --json under pressure: nsbox's memory while the workload floods both
 * streams with bytes that escape to six characters each, and a report on
 * every error, the refused ones included. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define ROOT sbx_root ("busybox")

TestSuite (flood, .timeout = 120);

/* nsbox exec ARGS with stdout to `out` (-1: /dev/null); returns its exit
 * status, and its peak RSS in kB. */
static int
run (const char *const *args, int out, long *maxrss_kb)
{
  const char *argv[64] = { sbx_nsbox (), "exec" };
  struct rusage ru;
  size_t n = 2;
  int status;
  pid_t pid;

  while (*args && n < 63)
    argv[n++] = *args++;
  argv[n] = NULL;
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_RDWR);
      dup2 (null, 0);
      dup2 (out >= 0 ? out : null, 1);
      dup2 (null, 2);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  cr_assert_eq (wait4 (pid, &status, 0, &ru), pid);
  if (maxrss_kb)
    *maxrss_kb = ru.ru_maxrss;
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

/* 40 MB of \x01 on each stream, 16m kept of each (the ceiling): the report
 * holds 2 x 16 MB escaped to 6 bytes each, 192 MB of text, which must stream
 * out rather than be built in memory. */
Test (flood, memory_stays_near_the_output_limit_while_both_streams_flood)
{
  const char *args[] = { "--rootfs", ROOT, "--json", "--output-limit", "16m", "--", "sh", "-c",
                         "head -c 40000000 /dev/zero | tr '\\0' '\\1' & "
                         "head -c 40000000 /dev/zero | tr '\\0' '\\1' >&2; wait",
                         NULL };
  long kb;

  cr_assert_eq (run (args, -1, &kb), 0);
  /* Both streams' 16 MB, plus nsbox itself and a small constant. */
  cr_assert_lt (kb, (2 * 16 + 10) * 1024, "nsbox grew to %ld kB", kb);
}

static json_t *
report_of (const char *const *args, int *status)
{
  char path[] = "/tmp/nsbox-report.XXXXXX";
  int fd = mkstemp (path);
  char buf[65536] = "";
  json_t *j;
  ssize_t n;

  cr_assert_geq (fd, 0);
  unlink (path);
  *status = run (args, fd, NULL);
  n = pread (fd, buf, sizeof buf - 1, 0);
  close (fd);
  buf[n > 0 ? n : 0] = '\0';
  j = json_loads (buf, 0, NULL);
  cr_assert_not_null (j, "no JSON report on stdout: `%s`", buf);
  return j;
}

static void
expect_error_report (const char *const *args, const char *words)
{
  int status;
  json_t *j = report_of (args, &status);
  const char *message = json_string_value (json_object_get (json_object_get (j, "error"), "message"));

  cr_expect_eq (status, 125);
  cr_expect_str_eq (json_string_value (json_object_get (j, "status")), "error");
  cr_expect_not_null (message);
  if (message)
    cr_expect_not_null (strstr (message, words), "%s", message);
  json_decref (j);
}

/* Above a ceiling, or any other error: with --json there is a report. */
Test (flood, every_error_with_json_has_a_report)
{
  const char *over[] = { "--rootfs", ROOT, "--json", "--output-limit", "17m", "--", "true", NULL };
  const char *bad_option[] = { "--json", "--rootfs", ROOT, "--memory", "lots", "--", "true", NULL };
  const char *no_root[] = { "--json", "--rootfs", "/nonexistent/root", "--", "true", NULL };
  const char *no_image[] = { "--json", "nosuch/image", NULL };
  const char *no_lang[] = { "--json", "--lang", "nosuch", "--code", "/dev/null", NULL };

  expect_error_report (over, "ceiling 16m");
  expect_error_report (bad_option, "--memory");
  expect_error_report (no_root, "/nonexistent/root");
  setenv ("NSBOX_STORE", "/nonexistent/store", 1);
  expect_error_report (no_image, "nosuch/image");
  unsetenv ("NSBOX_STORE");
  expect_error_report (no_lang, "nosuch");
}
