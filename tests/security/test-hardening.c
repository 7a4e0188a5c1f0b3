/* Attacks on what sandboxes share with the host and with each other: kernel
 * pools, the caller's files, the host's file systems and what the host
 * tells about itself.  Each test failed before the defence it checks. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define ROOT sbx_root ("busybox")

TestSuite (hardening, .timeout = 120);

/* A sandbox started with a pipe as its stdin (-i) and its stdout read here. */
struct held
{
  struct sbx r;
  pid_t pid;
  int in, out;
};

static void
hold_start (struct held *h, const char *const *args)
{
  const char *argv[64];
  int in[2], out[2];
  size_t n = 0;

  argv[n++] = "-i";
  while (*args && n < 63)
    argv[n++] = *args++;
  argv[n] = NULL;
  cr_assert_eq (pipe2 (in, O_CLOEXEC), 0);
  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  memset (h, 0, sizeof *h);
  static unsigned counter;

  /* sbx_spawn gives nsbox /dev/null as its stdin; these tests need a pipe. */
  snprintf (h->r.id, sizeof h->r.id, "h%d-%u", (int) getpid (), counter++);
  h->pid = fork ();
  cr_assert_geq (h->pid, 0);
  if (h->pid == 0)
    {
      const char *full[70] = { sbx_nsbox (), "exec", "--id", h->r.id };
      size_t m = 4;
      for (size_t i = 0; argv[i]; i++)
        full[m++] = argv[i];
      full[m] = NULL;
      dup2 (in[0], 0);
      dup2 (out[1], 1);
      execv (full[0], (char **) full);
      _exit (127);
    }
  close (in[0]);
  close (out[1]);
  h->in = in[1];
  h->out = out[0];
}

/* One line of the sandbox's output (waits up to 20 s). */
static void
hold_line (struct held *h, char *buf, size_t size)
{
  size_t got = 0;

  buf[0] = '\0';
  while (strchr (buf, '\n') == NULL && got < size - 1)
    {
      struct pollfd p = { .fd = h->out, .events = POLLIN };
      ssize_t n;

      cr_assert_gt (poll (&p, 1, 20000), 0, "no line from the sandbox");
      n = read (h->out, buf + got, size - 1 - got);
      cr_assert_gt (n, 0, "the sandbox ended without a line");
      got += (size_t) n;
      buf[got] = '\0';
    }
}

static int
hold_end (struct held *h)
{
  int status;

  close (h->in);
  cr_assert_eq (waitpid (h->pid, &status, 0), h->pid);
  close (h->out);
  sbx_assert_gone (h->r.id);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

/* ---------------------------------------------------------------- ptys */

/* kernel.pty.max is one pool for every devpts instance: a sandbox that opens
 * ptys until it fails gets its own bound, never the host's pool, and another
 * sandbox can still open one meanwhile. */
Test (hardening, a_sandbox_cannot_exhaust_the_pty_pool)
{
  const char *hog[] = { "--rootfs", ROOT, "-v", sbx_probe_volume (), "--", "/probe", "open-ptys", "200", "hold",
                        NULL };
  struct held h;
  struct sbx other = { 0 };
  char line[256];

  hold_start (&h, hog);
  hold_line (&h, line, sizeof line);
  cr_assert_str_eq (line, "16 ENOSPC\n", "the default bound is 16 ptys: %s", line);
  sbx_exec (&other, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--", "/probe", "open-ptys", "1", NULL);
  cr_assert_str_eq (other.out, "1 max\n", "%s", other.err);
  sbx_release (&other);
  cr_assert_eq (hold_end (&h), 0);
}

Test (hardening, ptys_flag_sets_the_bound_and_the_terminal_counts)
{
  struct sbx r = { 0 };
  const char *args[] = { "--rootfs", ROOT, "-t", "--ptys", "3", "-v", sbx_probe_volume (), "--", "/probe",
                         "open-ptys", "50", NULL };
  struct winsize ws = { .ws_row = 24, .ws_col = 80 };
  char out[4096];

  sbx_exec (&r, "--rootfs", ROOT, "--ptys", "4", "-v", sbx_probe_volume (), "--", "/probe", "open-ptys", "50", NULL);
  cr_assert_str_eq (r.out, "4 ENOSPC\n", "%s", r.err);
  sbx_release (&r);
  /* -t takes one of them for the command's own terminal. */
  cr_assert_eq (sbx_exec_on_pty (args, &ws, out, sizeof out), 0, "%s", out);
  cr_assert_not_null (strstr (out, "2 ENOSPC"), "%s", out);
}
