/* process.c - the setuid helper's process, reset from everything the caller
 * could leave in it across exec (fds, signal dispositions and mask,
 * environment, umask, cwd, rlimits), and the caller's identity. */
#define _GNU_SOURCE
#include "process.h"
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif

/* A closed fd 0-2 would be taken by the first file the helper opens, and
 * its messages or report would land in it. */
static void
open_standard_fds (void)
{
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl (fd, F_GETFD) < 0 && errno == EBADF && open ("/dev/null", O_RDWR) != fd)
      _exit (125);
}

static void
reset_signals (void)
{
  sigset_t none;
  struct sigaction dfl = { .sa_handler = SIG_DFL };
  struct sigaction ign = { .sa_handler = SIG_IGN };

  /* An ignored signal stays ignored across exec: the caller's choice. */
  for (int sig = 1; sig < NSIG; sig++)
    sigaction (sig, &dfl, NULL);
  /* EFBIG from a write is handled; job control from the caller's terminal
   * must not stop a helper that holds a quota slot. */
  sigaction (SIGXFSZ, &ign, NULL);
  sigaction (SIGPIPE, &ign, NULL);
  sigaction (SIGTSTP, &ign, NULL);
  sigaction (SIGTTIN, &ign, NULL);
  sigaction (SIGTTOU, &ign, NULL);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  nsbox_block_stop_signals ();
}

static void
raise_soft_limits (void)
{
  for (int r = 0; r < RLIM_NLIMITS; r++)
    {
      struct rlimit l;

      if (r == RLIMIT_CORE || getrlimit (r, &l) < 0 || l.rlim_cur == l.rlim_max)
        continue;
      l.rlim_cur = l.rlim_max;
      setrlimit (r, &l);
    }
}

void
nsbox_suid_sanitize (void)
{
  const struct rlimit no_core = { 0, 0 };

  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 || setrlimit (RLIMIT_CORE, &no_core) < 0)
    _exit (125);
  open_standard_fds ();
  if (close_range (3, ~0U, CLOSE_RANGE_UNSHARE) < 0)
    _exit (125);
  reset_signals ();
  if (clearenv () != 0 || setenv ("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1) < 0)
    _exit (125);
  umask (022);
  if (chdir ("/") < 0)
    _exit (125);
  raise_soft_limits ();
}

/* Where the caller's hard limit is below this, a root with CAP_SYS_RESOURCE
 * raises it; one without refuses. */
static int
require_limit (int resource, const char *name, rlim_t needed, struct nsbox_error **err)
{
  struct rlimit l;

  if (getrlimit (resource, &l) < 0)
    return nsbox_error_errno (err, errno, "getrlimit %s", name);
  if (l.rlim_max != RLIM_INFINITY && (needed == RLIM_INFINITY || l.rlim_max < needed))
    {
      struct rlimit raised = { needed, needed };

      if (setrlimit (resource, &raised) < 0)
        return nsbox_error_msg (err, "the caller's hard %s is %llu: the setuid helper needs %s", name,
                                (unsigned long long) l.rlim_max, needed == RLIM_INFINITY ? "unlimited" : "more");
    }
  return 0;
}

int
nsbox_suid_check_rlimits (struct nsbox_error **err)
{
  if (require_limit (RLIMIT_FSIZE, "RLIMIT_FSIZE", RLIM_INFINITY, err) < 0
      || require_limit (RLIMIT_CPU, "RLIMIT_CPU", RLIM_INFINITY, err) < 0
      || require_limit (RLIMIT_NOFILE, "RLIMIT_NOFILE", 1024, err) < 0)
    return -1;
  raise_soft_limits ();
  return 0;
}

bool
nsbox_suid_caller_in_group (const struct nsbox_suid_caller *caller, gid_t gid)
{
  if (caller->gid == gid)
    return true;
  for (int i = 0; i < caller->n_groups; i++)
    if (caller->groups[i] == gid)
      return true;
  return false;
}

int
nsbox_suid_identify (struct nsbox_suid_caller *caller, struct nsbox_error **err)
{
  struct stat self;

  caller->uid = getuid ();
  caller->gid = getgid ();
  caller->pid = getpid ();
  caller->ppid = getppid ();
  caller->n_groups = getgroups (NSBOX_SUID_GROUPS_MAX, caller->groups);
  if (caller->n_groups < 0)
    return nsbox_error_errno (err, errno, "getgroups");
  if (geteuid () != 0)
    return nsbox_error_msg (err, "nsbox-suid is not setuid root (see nsbox-suid(8), \"INSTALLING\")");
  if (stat ("/proc/self/exe", &self) < 0)
    return nsbox_error_errno (err, errno, "stat /proc/self/exe");
  /* The group that may run the helper is its file's: mode 4750 says it to
   * the kernel already, this says it again should the mode be wider. */
  if (caller->uid != 0 && !nsbox_suid_caller_in_group (caller, self.st_gid))
    return nsbox_error_msg (err, "uid %u is not a member of group %u, which may use nsbox-suid",
                            (unsigned) caller->uid, (unsigned) self.st_gid);
  return 0;
}

int
nsbox_suid_become_root (struct nsbox_error **err)
{
  if (setgroups (0, NULL) < 0 || setresgid (0, 0, 0) < 0 || setresuid (0, 0, 0) < 0)
    return nsbox_error_errno (err, errno, "become root");
  /* A change of ids resets it to the system's suid_dumpable. */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    return nsbox_error_errno (err, errno, "prctl PR_SET_DUMPABLE");
  return 0;
}
