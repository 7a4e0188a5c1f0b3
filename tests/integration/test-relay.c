/* The caller's stdin, stdout and stderr relayed through pipes: everything
 * arrives, a reader that goes away or stops reading never hangs nsbox. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define ROOT sbx_root ("busybox")

TestSuite (relay, .timeout = 60);

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* nsbox with the given stdin and stdout; stderr to /dev/null. */
static pid_t
spawn (struct sbx *r, int in, int out, const char *const *args)
{
  const char *argv[64] = { sbx_nsbox (), "exec", "--id", r->id };
  static unsigned counter;
  size_t n = 4;
  pid_t pid;

  snprintf (r->id, sizeof r->id, "R%d-%u", (int) getpid (), counter++);
  while (*args && n < 63)
    argv[n++] = *args++;
  argv[n] = NULL;
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_RDWR);
      dup2 (in >= 0 ? in : null, 0);
      dup2 (out >= 0 ? out : null, 1);
      dup2 (null, 2);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  return pid;
}

static int
wait_status (struct sbx *r, pid_t pid)
{
  int status;

  cr_assert_eq (waitpid (pid, &status, 0), pid);
  sbx_assert_gone (r->id);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

Test (relay, everything_written_before_the_end_arrives)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--", "sh", "-c",
            "/probe print-bytes 3000000; echo done >&2", NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  cr_assert_eq (r.out_len, 3000000);
  cr_assert_str_eq (r.err, "done\n");
  sbx_release (&r);
}

/* `nsbox exec -- yes | head -1`: the reader goes away, the command learns it
 * as it would on our own stdout (SIGPIPE) and nsbox ends. */
Test (relay, a_reader_that_goes_away_ends_the_command)
{
  struct sbx r = { 0 };
  const char *args[] = { "--rootfs", ROOT, "--", "yes", NULL };
  int out[2];
  char buf[16];
  double start = now_s ();
  pid_t pid;

  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  pid = spawn (&r, -1, out[1], args);
  close (out[1]);
  cr_assert_eq (read (out[0], buf, 2), 2);
  close (out[0]);
  cr_assert_eq (wait_status (&r, pid), 128 + SIGPIPE);
  cr_assert_lt (now_s () - start, 10.0);
}

/* A reader that never reads must not keep nsbox past the timeout. */
Test (relay, a_stuck_reader_does_not_outlast_the_timeout)
{
  struct sbx r = { 0 };
  const char *args[] = { "--rootfs", ROOT, "--timeout", "1", "--", "yes", NULL };
  int out[2];
  double start = now_s ();
  pid_t pid;

  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  pid = spawn (&r, -1, out[1], args);
  close (out[1]);
  cr_assert_eq (wait_status (&r, pid), 124);
  cr_assert_lt (now_s () - start, 5.0);
  close (out[0]);
}

/* ... nor past a signal, when the command had already ended. */
Test (relay, a_stuck_reader_does_not_outlast_sigterm)
{
  struct sbx r = { 0 };
  const char *args[] = { "--rootfs", ROOT, "-v", sbx_probe_volume (), "--", "/probe", "print-bytes", "10000000",
                         NULL };
  int out[2];
  pid_t pid;

  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  pid = spawn (&r, -1, out[1], args);
  close (out[1]);
  usleep (500000);
  cr_assert_eq (kill (pid, SIGTERM), 0);
  cr_assert_eq (wait_status (&r, pid), 128 + SIGTERM);
  close (out[0]);
}

/* -i: all of our stdin reaches the command, and its end is the command's EOF. */
Test (relay, stdin_reaches_the_command_whole)
{
  struct sbx r = { 0 };
  const char *args[] = { "-i", "--rootfs", ROOT, "--", "wc", "-c", NULL };
  int in[2], out[2];
  static char block[1 << 16];
  char buf[64] = "";
  pid_t pid;
  ssize_t n;

  cr_assert_eq (pipe2 (in, O_CLOEXEC), 0);
  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  pid = spawn (&r, in[0], out[1], args);
  close (in[0]);
  close (out[1]);
  memset (block, 'y', sizeof block);
  for (int i = 0; i < 160; i++)
    cr_assert_eq (write (in[1], block, sizeof block), (ssize_t) sizeof block);
  close (in[1]);
  n = read (out[0], buf, sizeof buf - 1);
  cr_assert_gt (n, 0);
  cr_assert_str_eq (buf, "10485760\n");
  close (out[0]);
  cr_assert_eq (wait_status (&r, pid), 0);
}

/* A command that stops reading its stdin early is not held up by the rest. */
Test (relay, a_command_that_ignores_stdin_still_ends)
{
  struct sbx r = { 0 };
  const char *args[] = { "-i", "--rootfs", ROOT, "--", "head", "-c", "3", NULL };
  int in[2], out[2];
  char buf[64] = "";
  pid_t pid;

  cr_assert_eq (pipe2 (in, O_CLOEXEC), 0);
  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  pid = spawn (&r, in[0], out[1], args);
  close (in[0]);
  close (out[1]);
  cr_assert_eq (write (in[1], "abcdef", 6), 6);
  cr_assert_eq (read (out[0], buf, sizeof buf - 1), 3);
  cr_assert_eq (wait_status (&r, pid), 0);
  cr_assert_str_eq (buf, "abc");
  close (in[1]);
  close (out[0]);
}

/* Started with stdin and stdout closed: the command reads an empty stdin and
 * writes into nothing; nsbox never relays a pipe of its own to itself. */
Test (relay, closed_standard_fds_are_empty_not_a_hang)
{
  struct sbx r = { 0 };
  const char *argv[] = { sbx_nsbox (), "exec", "--id", r.id, "-i", "--rootfs", ROOT, "--", "sh", "-c",
                         "cat; echo out; echo err >&2", NULL };
  int err[2], status;
  char buf[256] = "";
  double start = now_s ();
  pid_t pid;

  snprintf (r.id, sizeof r.id, "C%d", (int) getpid ());
  cr_assert_eq (pipe2 (err, O_CLOEXEC), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      close (0);
      close (1);
      dup2 (err[1], 2);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  close (err[1]);
  cr_assert_gt (read (err[0], buf, sizeof buf - 1), 0);
  close (err[0]);
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  cr_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0, "status %#x", status);
  cr_assert_str_eq (buf, "err\n");
  cr_assert_lt (now_s () - start, 10.0);
  sbx_assert_gone (r.id);
}
