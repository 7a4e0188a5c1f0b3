#define _GNU_SOURCE
#include "oci/hooks.h"
#include "base/cleanup.h"
#include "base/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *const empty_env[] = { NULL };

static __attribute__ ((noreturn)) void
exec_hook (const struct nsbox_oci_hook *h, int in)
{
  char *const own_argv[] = { h->path, NULL };

  if (dup2 (in, 0) < 0)
    _exit (127);
  close_range (3, ~0U, 0);
  execve (h->path, h->args ? h->args : own_argv, h->env ? h->env : empty_env);
  _exit (127);
}

/* Wait for pid, at most timeout seconds (0: no limit); SIGKILL after. */
static int
wait_hook (pid_t pid, unsigned timeout, int *status)
{
  int pidfd = (int) syscall (SYS_pidfd_open, pid, 0);
  struct pollfd p = { .fd = pidfd, .events = POLLIN };
  int ready;

  if (pidfd >= 0)
    {
      do
        ready = poll (&p, 1, timeout ? (int) timeout * 1000 : -1);
      while (ready < 0 && errno == EINTR);
      if (ready == 0)
        kill (pid, SIGKILL);
      close (pidfd);
    }
  while (waitpid (pid, status, 0) < 0)
    if (errno != EINTR)
      return -errno;
  return 0;
}

/* A hook that does not read its stdin makes this write fail with EPIPE,
 * which is no failure of the hook.  SIGPIPE is blocked for the write and a
 * pending one discarded: the library changes no disposition of its caller. */
static void
write_state (int fd, const char *state_json)
{
  const struct timespec now = { 0 };
  sigset_t pipe_only, saved;

  sigemptyset (&pipe_only);
  sigaddset (&pipe_only, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_only, &saved);
  if (nsbox_write_all (fd, state_json, strlen (state_json)) == -EPIPE)
    sigtimedwait (&pipe_only, NULL, &now);
  pthread_sigmask (SIG_SETMASK, &saved, NULL);
}

static int
run_one (const struct nsbox_oci_hook *h, const char *kind, const char *state_json, struct nsbox_error **err)
{
  int pipefd[2], status = 0;
  pid_t pid;

  if (pipe2 (pipefd, O_CLOEXEC) < 0)
    return nsbox_error_errno (err, errno, "%s hook `%s`", kind, h->path);
  pid = fork ();
  if (pid < 0)
    {
      close (pipefd[0]);
      close (pipefd[1]);
      return nsbox_error_errno (err, errno, "%s hook `%s`", kind, h->path);
    }
  if (pid == 0)
    exec_hook (h, pipefd[0]);
  close (pipefd[0]);
  write_state (pipefd[1], state_json);
  close (pipefd[1]);
  if (wait_hook (pid, h->timeout, &status) < 0)
    return nsbox_error_errno (err, errno, "%s hook `%s`", kind, h->path);
  if (WIFSIGNALED (status))
    return nsbox_error_msg (err, "%s hook `%s` was killed by signal %d%s", kind, h->path, WTERMSIG (status),
                            WTERMSIG (status) == SIGKILL && h->timeout ? " (its timeout?)" : "");
  if (WEXITSTATUS (status) != 0)
    return nsbox_error_msg (err, "%s hook `%s` exited with %d", kind, h->path, WEXITSTATUS (status));
  return 0;
}

int
nsbox_oci_hooks_run (const struct nsbox_oci_hook *hooks, size_t n, const char *kind, const char *state_json,
                     struct nsbox_error **err)
{
  for (size_t i = 0; i < n; i++)
    if (run_one (&hooks[i], kind, state_json, err) < 0)
      return -1;
  return 0;
}
