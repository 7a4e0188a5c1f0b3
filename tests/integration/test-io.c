/* Output, input, terminal and the JSON report. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define ROOT sbx_root ("busybox")

Test (io, json_captures_stdout_and_stderr_separately)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--json", "--", "sh", "-c", "echo out; echo err >&2; exit 3", NULL);
  cr_assert_eq (r.status, 3);
  cr_assert_str_eq (sbx_str (&r, "status"), "exited");
  cr_assert_eq (sbx_int (&r, "exit_code"), 3);
  cr_assert_str_eq (sbx_str (&r, "stdout"), "out\n");
  cr_assert_str_eq (sbx_str (&r, "stderr"), "err\n");
  cr_assert_not (sbx_bool (&r, "stdout_truncated"));
  cr_assert_not (sbx_bool (&r, "timed_out"));
  cr_assert (json_is_object (json_object_get (r.report, "cpu_time_s")));
  cr_assert (json_is_null (json_object_get (r.report, "error")));
  sbx_release (&r);
}

Test (io, output_beyond_the_limit_is_dropped_and_flagged)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--json", "--output-limit", "1k", "-v", sbx_probe_volume (), "--", "/probe",
            "print-bytes", "5000", NULL);
  cr_assert_eq (r.status, 0);
  cr_assert_eq (strlen (sbx_str (&r, "stdout")), 1024);
  cr_assert (sbx_bool (&r, "stdout_truncated"));
  cr_assert_not (sbx_bool (&r, "stderr_truncated"));
  sbx_release (&r);
}

Test (io, nsbox_memory_stays_small_while_the_workload_prints_400_mb)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--json", "-v", sbx_probe_volume (), "--", "/probe", "print-bytes", "400000000",
            NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  cr_assert (sbx_bool (&r, "stdout_truncated"));
  cr_assert_eq (strlen (sbx_str (&r, "stdout")), 1 << 20);
  cr_assert_lt (r.maxrss_kb, 8 * 1024, "nsbox grew to %ld kB", r.maxrss_kb);
  sbx_release (&r);
}

Test (io, invalid_utf8_survives_as_escapes)
{
  struct sbx r = { 0 };
  const char *args[] = { "--rootfs", ROOT, "--json", "--", "printf", "a\\377b", NULL };
  int pipefd[2];
  char buf[4096] = "";
  pid_t pid;

  /* Not through the harness's parser: jansson refuses lone surrogates,
   * which is why the report documents the convention. */
  cr_assert_eq (pipe (pipefd), 0);
  pid = sbx_spawn (&r, pipefd[1], args);
  close (pipefd[1]);
  for (size_t len = 0;;)
    {
      ssize_t n = read (pipefd[0], buf + len, sizeof buf - 1 - len);
      if (n <= 0)
        break;
      len += (size_t) n;
    }
  close (pipefd[0]);
  sbx_wait (&r, pid);
  cr_assert_eq (r.status, 0);
  cr_assert_not_null (strstr (buf, "\"stdout\": \"a\\udcffb\""), "%s", buf);
  sbx_release (&r);
}

Test (io, report_file_is_written_while_output_passes_through)
{
  struct sbx r = { 0 };
  char *dir = sbx_tmpdir ();
  char path[4200], buf[4096] = "";
  FILE *f;

  snprintf (path, sizeof path, "%s/report.json", dir);
  sbx_exec (&r, "--rootfs", ROOT, "--report", path, "--", "echo", "visible", NULL);
  cr_assert_str_eq (r.out, "visible\n");
  f = fopen (path, "r");
  cr_assert_not_null (f);
  fread (buf, 1, sizeof buf - 1, f);
  fclose (f);
  json_t *j = json_loads (buf, 0, NULL);
  cr_assert_not_null (j, "%s", buf);
  cr_assert_str_eq (json_string_value (json_object_get (j, "status")), "exited");
  json_decref (j);
  sbx_release (&r);
  sbx_tmpdir_remove (dir);
}

Test (io, tty_gives_the_workload_a_terminal_of_our_size)
{
  const char *args[] = { "--rootfs", ROOT, "-t", "--", "sh", "-c", "tty; stty size; echo $TERM", NULL };
  struct winsize ws = { .ws_row = 33, .ws_col = 101 };
  char out[4096];

  cr_assert_eq (sbx_exec_on_pty (args, &ws, out, sizeof out), 0, "%s", out);
  cr_assert_not_null (strstr (out, "/dev/pts/0"), "%s", out);
  cr_assert_not_null (strstr (out, "33 101"), "%s", out);
  cr_assert_not_null (strstr (out, "xterm"), "%s", out);
}

Test (io, stdin_is_empty_without_i_and_attached_with_it)
{
  struct sbx r = { 0 };
  int in[2];
  pid_t pid;
  int out[2];
  char buf[256] = "";

  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c", "cat | wc -c", NULL);
  cr_assert_str_eq (r.out, "0\n");
  sbx_release (&r);

  cr_assert_eq (pipe (in), 0);
  cr_assert_eq (pipe (out), 0);
  pid = fork ();
  if (pid == 0)
    {
      dup2 (in[0], 0);
      dup2 (out[1], 1);
      close (in[1]);
      execl (sbx_nsbox (), "nsbox", "exec", "-i", "--rootfs", ROOT, "--", "cat", (char *) NULL);
      _exit (127);
    }
  close (in[0]);
  close (out[1]);
  cr_assert_eq (write (in[1], "hello\n", 6), 6);
  close (in[1]);
  cr_assert_gt (read (out[0], buf, sizeof buf - 1), 0);
  cr_assert_str_eq (buf, "hello\n");
  waitpid (pid, NULL, 0);
  close (out[0]);
}
