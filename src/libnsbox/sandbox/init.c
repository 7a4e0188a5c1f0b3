#define _GNU_SOURCE
#include "sandbox/init.h"
#include "sandbox/syncmsg.h"
#include "base/stamp.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const char init_name[] = "nsbox-init";

/* Where the kernel finds this process's command line: arg_start and
 * arg_end, fields 48 and 49 of /proc/self/stat. */
static int
args_area (char **start, char **end)
{
  char buf[2048], *p;
  unsigned long a = 0, b = 0;
  ssize_t n;
  int fd = open ("/proc/self/stat", O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return -errno;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return -EIO;
  buf[n] = '\0';
  /* The command name may hold spaces: fields from 3 on follow the last ')'. */
  p = strrchr (buf, ')');
  for (int field = 2; p && field < 48; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL || sscanf (p, " %lu %lu", &a, &b) != 2 || a == 0 || b <= a)
    return -EIO;
  *start = (char *) a;
  *end = (char *) b;
  return 0;
}

void
nsbox_init_locate_args (char **start, char **end)
{
  if (args_area (start, end) < 0)
    *start = *end = NULL;
}

int
nsbox_init_rename (char *start, char *end, struct nsbox_error **err)
{
  int ret = start ? 0 : args_area (&start, &end);

  if (ret < 0)
    return nsbox_error_errno (err, -ret, "find the init's command line");
  /* Overwritten in place (PR_SET_MM would need CAP_SYS_RESOURCE).  Nothing
   * of the child still points there: the config holds copies.  A last byte
   * that is not NUL makes the kernel read only up to the first one, as after
   * setproctitle(3), so the old length does not show either. */
  memset (start, 0, (size_t) (end - start));
  memcpy (start, init_name, (size_t) (end - start) < sizeof init_name ? (size_t) (end - start) - 1 : sizeof init_name);
  if ((size_t) (end - start) > sizeof init_name)
    end[-1] = ' ';
  prctl (PR_SET_NAME, (unsigned long) init_name, 0, 0, 0);
  return 0;
}

static const int forwarded_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

static __attribute__ ((noreturn)) void
fail (const struct nsbox_init *init, const char *what)
{
  nsbox_sync_send_error (init->sync_fd, NSBOX_SYNC_ERROR, errno, "init", "init: %s", what);
  _exit (125);
}

/* Reap everything that has ended; true when the workload was among them. */
static bool
reap (pid_t workload, int *workload_status)
{
  bool done = false;
  int status;
  pid_t pid;

  while ((pid = waitpid (-1, &status, WNOHANG)) > 0)
    if (pid == workload)
      {
        *workload_status = status;
        done = true;
      }
  return done;
}

void
nsbox_init_run (const struct nsbox_init *init)
{
  sigset_t waited;
  pid_t workload;
  int status = 0;

  sigemptyset (&waited);
  sigaddset (&waited, SIGCHLD);
  sigaddset (&waited, NSBOX_INIT_TERMINATE_ALL);
  for (size_t i = 0; i < sizeof forwarded_signals / sizeof forwarded_signals[0]; i++)
    sigaddset (&waited, forwarded_signals[i]);
  sigprocmask (SIG_SETMASK, &waited, NULL);

  /* The init is nsbox's own code, mapped from the host binary: a
   * non-dumpable process's /proc/1/exe, fds and memory are closed to the
   * workload, even under the same uid (CVE-2019-5736). */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    fail (init, "set non-dumpable");

  NSBOX_STAMP ("i: fork");
  /* vfork: no copy of our page tables and no copy-on-write faults after,
   * for a process that execs at once.  What it does before exec touches no
   * memory of ours the init still needs (its fds, signal handlers and
   * session are its own), and we wait, suspended, until it has exec'ed. */
  workload = vfork ();
  if (workload < 0)
    fail (init, "fork the workload");
  if (workload == 0)
    {
      close (init->status_fd);
      init->exec_workload (init->data);
    }
  /* From here nsbox learns about setup only through the workload's exec. */
  close (init->sync_fd);

  for (;;)
    {
      siginfo_t info;
      int sig = sigwaitinfo (&waited, &info);

      if (sig < 0)
        continue;
      if (sig == SIGCHLD)
        {
          NSBOX_STAMP ("i: SIGCHLD");
          if (reap (workload, &status))
            break;
        }
      else if (sig == NSBOX_INIT_TERMINATE_ALL)
        {
          /* Only nsbox, outside our pid namespace (seen as pid 0), may ask. */
          if (info.si_pid == 0)
            kill (-1, SIGTERM);
        }
      else
        kill (workload, sig);
    }
  nsbox_sync_send (init->status_fd, &(struct nsbox_sync_msg){ .type = NSBOX_SYNC_STATUS, .wait_status = status });
  NSBOX_STAMP ("i: reported");
  _exit (WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status));
}
