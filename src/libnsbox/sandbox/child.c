#define _GNU_SOURCE
#include "sandbox/child.h"
#include "isolate/caps.h"
#include "isolate/cgroupfs.h"
#include "isolate/warmcache.h"
#include "base/cleanup.h"
#include "sandbox/init.h"
#include "isolate/mounts.h"
#include "isolate/netns.h"
#include "seccomp/seccomp.h"
#include "isolate/rlimits.h"
#include "sandbox/syncmsg.h"
#include "base/stamp.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

extern char **environ;

static char *const no_environment[] = { NULL };

/* Report a failure of `stage` to the parent and exit 125. */
static __attribute__ ((noreturn)) void
fail (const struct nsbox_child *child, const char *stage, struct nsbox_error *err)
{
  nsbox_sync_send_error (child->sync_fd, NSBOX_SYNC_ERROR, err ? err->errno_value : 0, stage, "%s",
                         err && err->message ? err->message : stage);
  _exit (125);
}

/* err is read only after ret was computed: arguments are evaluated in no
 * fixed order, so the error must not be passed by value. */
static void
step (const struct nsbox_child *child, const char *stage, int ret, struct nsbox_error **err)
{
  if (ret < 0)
    fail (child, stage, *err);
}

/* Wait for one message of `type` from nsbox, into *msg; returns the fd it
 * carries, or -2 when it carries none. */
static int
await_message (const struct nsbox_child *child, int type, struct nsbox_sync_msg *msg_out, struct nsbox_error **err)
{
  struct nsbox_sync_msg msg;
  ssize_t n;
  int fd;

  do
    n = nsbox_sync_recv (child->sync_fd, &msg, &fd, 0);
  while (n == -EINTR);
  /* EOF: nsbox gave up (and reports why) or died. */
  if (n == 0)
    _exit (125);
  if (n < 0)
    return nsbox_error_errno (err, (int) -n, "wait for nsbox");
  if ((size_t) n != sizeof msg || msg.type != type)
    {
      if (fd >= 0)
        close (fd);
      return nsbox_error_errno (err, EPROTO, "unexpected message from nsbox");
    }
  if (msg_out)
    *msg_out = msg;
  return fd >= 0 ? fd : -2;
}

/* A rootless child can create files and mounts only once its ids are
 * mapped; with a full range it may drop the caller's groups. */
static int
await_id_maps (struct nsbox_child *child, struct nsbox_error **err)
{
  struct nsbox_sync_msg msg;
  int fd;

  if (!nsbox_child_rootless (child))
    return 0;
  fd = await_message (child, NSBOX_SYNC_MAPPED, &msg, err);
  if (fd == -1)
    return -1;
  if (fd >= 0)
    close (fd);
  child->groups_settable = msg.wait_status == 1;
  return 0;
}

/* The parent makes the cgroups, moves us into them and finishes the network
 * namespace while we build the first mounts; it says so with one message
 * that carries the namespace (none for a rootless child, which is in its
 * own already).  Nothing of the workload runs before it: the init and the
 * workload are forked later, inside every limit.  Returns the namespace fd,
 * or -2 without one. */
static int
await_go (const struct nsbox_child *child, struct nsbox_error **err)
{
  int netns = await_message (child, NSBOX_SYNC_GO, NULL, err);

  if (netns == -2 && !nsbox_child_rootless (child))
    return nsbox_error_errno (err, EPROTO, "no network namespace from nsbox");
  return netns;
}

/* Before /sys is mounted: sysfs shows the interfaces of the mounter's
 * network namespace. */
static int
enter_network (const struct nsbox_child *child, int netns, struct nsbox_error **err)
{
  if (nsbox_child_rootless (child))
    return nsbox_netns_loopback_up (err);
  if (setns (netns, CLONE_NEWNET) < 0)
    return nsbox_error_errno (err, errno, "enter the network namespace");
  close (netns);
  return 0;
}

/* Once in the sandbox's cgroups: there it is the root.  Which hierarchies
 * hold a cgroup of the sandbox's can only be read before. */
static int
new_cgroup_namespace (const struct nsbox_child *child, struct nsbox_cgroupfs *view, struct nsbox_error **err)
{
  *view = (struct nsbox_cgroupfs){ 0 };
  if (child->cgroup_name && child->config->sys_mode == NSBOX_SYS_READ_ONLY
      && nsbox_cgroupfs_find (child->cgroup_name, view, err) < 0)
    return -1;
  if (unshare (CLONE_NEWCGROUP) < 0)
    return nsbox_error_errno (err, errno, "new cgroup namespace");
  return 0;
}

/* The set was taken from nsbox's own in the parent: any process may narrow itself to it. */
static int
narrow_affinity (const struct nsbox_child *child, struct nsbox_error **err)
{
  if (child->affinity && sched_setaffinity (0, sizeof *child->affinity, child->affinity) < 0)
    return nsbox_error_errno (err, errno, "set the CPU affinity");
  return 0;
}

/* The plan was clamped in the parent, so this cannot hit EPERM. */
static int
apply_rlimits (const struct nsbox_child *child, struct nsbox_error **err)
{
  int failed = 0;
  int ret;

  if (child->rlimits == NULL)
    return 0;
  ret = nsbox_rlimits_apply (child->rlimits, &failed);
  if (ret < 0)
    return nsbox_error_errno (err, -ret, "set rlimit %s", nsbox_rlimit_name ((enum nsbox_rlimit_kind) failed));
  return 0;
}

/* The sandbox never outlives nsbox: if nsbox dies, so does our PID 1, and with
 * it the pid namespace.  Checking the socket closes the race with a parent
 * that died before the prctl.  A change of credentials clears the setting,
 * so it is made again after the switch to the sandbox user. */
static int
watch_parent (const struct nsbox_child *child, struct nsbox_error **err)
{
  struct pollfd p = { .fd = child->sync_fd, .events = 0 };

  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    return nsbox_error_errno (err, errno, "set the parent death signal");
  if (poll (&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR)))
    _exit (125);
  return 0;
}

/* Before the root is built on them.  Where idmapping fails, the files of
 * the image show as owned by the overflow id; the report says so. */
static int
idmap_layers (const struct nsbox_child *child, struct nsbox_error **err)
{
  const struct nsbox_sandbox_config *c = child->config;
  int ret;

  if (child->userns_fd < 0)
    return 0;
  ret = nsbox_mount_idmap_layers (c->lower_dirs, c->n_lower_dirs, child->userns_fd, err);
  if (ret == 0)
    nsbox_sync_send_error (child->sync_fd, NSBOX_SYNC_WARNING, 0, "root",
                           "this kernel or file system cannot idmap the image's layers: its files show as owned by "
                           "the overflow id (65534) inside");
  return ret < 0 ? -1 : 0;
}

static int
mount_root (const struct nsbox_child *child, struct nsbox_error **err)
{
  const struct nsbox_sandbox_config *c = child->config;
  int root_fd;

  if (idmap_layers (child, err) < 0)
    return -1;

  root_fd = nsbox_mount_root (c->lower_dirs, c->n_lower_dirs, child->staging, child->upper_base, false, err);
  if (root_fd < 0)
    return -1;
  if (nsbox_mount_points_exist (root_fd, c))
    return root_fd;
  /* The root lacks a mount point: build over a throw-away layer in which they
   * can be made, and seal it read-only before the workload sees it. */
  close (root_fd);
  if (nsbox_mount_root_unmount (child->staging, err) < 0)
    return -1;
  return nsbox_mount_root (c->lower_dirs, c->n_lower_dirs, child->staging, child->upper_base, true, err);
}

/* What needs neither the network namespace nor the cgroups. */
static int
mount_early (const struct nsbox_child *child, int root_fd, struct nsbox_error **err)
{
  const struct nsbox_sandbox_config *c = child->config;

  if (nsbox_mount_proc (root_fd, child->host_uid, child->host_gid, err) < 0)
    {
      /* A rootless nsbox in a container: the kernel refuses a new proc in a
       * user namespace while the mounter's has paths hidden by mounts. */
      if (nsbox_child_rootless (child) && (*err)->errno_value == EPERM)
        nsbox_error_prefix (err, "a user namespace may mount /proc only where the caller's is fully visible (in a "
                                 "container: podman --security-opt unmask=ALL, Kubernetes procMount: Unmasked)");
      return -1;
    }
  NSBOX_STAMP ("c: proc");
  if (nsbox_mount_dev (root_fd, c->tmpfs_size, c->ptys, nsbox_child_rootless (child), err) < 0)
    return -1;
  NSBOX_STAMP ("c: dev");
  if (nsbox_mount_tmp (root_fd, c->tmpfs_size, c->tmpfs_exec, err) < 0)
    return -1;
  NSBOX_STAMP ("c: tmp");
  if (nsbox_mount_hide_host (root_fd, err) < 0)
    return -1;
  return 0;
}

/* /sys (after the network and cgroup namespaces) with the sandbox's
 * cgroups, the user's mounts, then the seal. */
static int
mount_late (const struct nsbox_child *child, int root_fd, const struct nsbox_cgroupfs *cgroups,
            struct nsbox_error **err)
{
  const struct nsbox_sandbox_config *c = child->config;
  struct nsbox_mount_owned owned;

  if (c->sys_mode == NSBOX_SYS_READ_ONLY
      && (nsbox_mount_sys (root_fd, child->host_uid, child->host_gid, err) < 0
          || nsbox_cgroupfs_mount (root_fd, cgroups, err) < 0))
    return -1;
  NSBOX_STAMP ("c: sys");
  if (c->warm_cache_from
      && nsbox_mount_warm_cache (root_fd, c->warm_cache_from, c->warm_cache_at, nsbox_child_rootless (child), err) < 0)
    return -1;
  if (nsbox_mount_prepare_points (root_fd, c, &owned, err) < 0)
    return -1;
  for (size_t i = 0; i < c->n_mounts; i++)
    if (nsbox_mount_bind (root_fd, &c->mounts[i], child->bind_trees ? child->bind_trees[i] : -1, &owned, err) < 0)
      return -1;
  if (nsbox_mount_files (root_fd, c->files, c->n_files, &owned, err) < 0)
    return -1;
  if (nsbox_mount_dev_seal (root_fd, err) < 0)
    return -1;
  return nsbox_mount_root_seal (root_fd, err);
}

/* The pseudo-terminal lives in the sandbox's own devpts; nsbox gets the master. */
static int
open_terminal (const struct nsbox_child *child, int *slave_out, struct nsbox_error **err)
{
  _cleanup_close_ int master = open ("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  struct nsbox_sync_msg msg = { .type = NSBOX_SYNC_PTY };
  char name[64];
  int slave, ret;

  if (master < 0)
    return nsbox_error_errno (err, errno, "open /dev/ptmx");
  if (unlockpt (master) < 0 || ptsname_r (master, name, sizeof name) != 0)
    return nsbox_error_errno (err, errno, "unlock the terminal");
  slave = open (name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0)
    return nsbox_error_errno (err, errno, "open `%s`", name);
  *slave_out = slave;
  if (fchown (slave, child->host_uid, child->host_gid) < 0)
    return nsbox_error_errno (err, errno, "chown `%s`", name);
  ret = nsbox_sync_send_fd (child->sync_fd, &msg, master);
  if (ret < 0)
    return nsbox_error_errno (err, -ret, "send the terminal to nsbox");
  return 0;
}

static int
move_fd (int from, int to, struct nsbox_error **err)
{
  if (from == to)
    return fcntl (from, F_SETFD, 0) < 0 ? nsbox_error_errno (err, errno, "stdio") : 0;
  if (dup2 (from, to) < 0)
    return nsbox_error_errno (err, errno, "set up fd %d", to);
  return 0;
}

static int
setup_stdio (const struct nsbox_child *child, struct nsbox_error **err)
{
  const struct nsbox_sandbox_config *c = child->config;
  _cleanup_close_ int slave = -1;
  int in = child->stdin_fd;

  if (c->tty)
    {
      if (open_terminal (child, &slave, err) < 0)
        return -1;
      for (int fd = 0; fd <= 2; fd++)
        if (move_fd (slave, fd, err) < 0)
          return -1;
      return 0;
    }
  if (in < 0 && !c->interactive)
    {
      /* Without -i the workload reads nothing of ours, as with docker run. */
      in = open ("/dev/null", O_RDONLY | O_CLOEXEC);
      if (in < 0)
        return nsbox_error_errno (err, errno, "open /dev/null");
    }
  if (in >= 0 && move_fd (in, 0, err) < 0)
    return -1;
  if (child->stdout_fd >= 0 && move_fd (child->stdout_fd, 1, err) < 0)
    return -1;
  if (child->stderr_fd >= 0 && move_fd (child->stderr_fd, 2, err) < 0)
    return -1;
  return 0;
}

/* The last step as the host's root: from here on, every capability the
 * process has is one of the sandbox's own user namespace (and the next step
 * drops those too).  The other namespaces stay the host root's, so nothing
 * in the sandbox can change its mounts or network even as root inside. */
static int
enter_user_namespace (const struct nsbox_child *child, struct nsbox_error **err)
{
  if (child->userns_fd < 0)
    return 0;
  if (setns (child->userns_fd, CLONE_NEWUSER) < 0)
    return nsbox_error_errno (err, errno, "enter the user namespace");
  close (child->userns_fd);
  return 0;
}

static int
set_hostname (const struct nsbox_child *child, struct nsbox_error **err)
{
  const char *name = child->config->hostname ? child->config->hostname : "nsbox";

  if (sethostname (name, strlen (name)) == 0)
    return 0;
  /* The UTS namespace is ours, but a container's seccomp profile (podman's
   * and Docker's default) refuses sethostname to a process without
   * CAP_SYS_ADMIN in the container: keep its name and say so. */
  if (errno == EPERM && nsbox_child_rootless (child))
    {
      nsbox_sync_send_error (child->sync_fd, NSBOX_SYNC_WARNING, EPERM, "hostname",
                             "sethostname is refused (a container's seccomp profile?): the sandbox keeps the "
                             "hostname of the caller");
      return 0;
    }
  return nsbox_error_errno (err, errno, "set hostname `%s`", name);
}

static int
enter_workdir (const struct nsbox_child *child, struct nsbox_error **err)
{
  const char *dir = child->config->workdir ? child->config->workdir : "/";

  if (chdir (dir) < 0)
    return nsbox_error_errno (err, errno, "workdir `%s`", dir);
  return 0;
}

static int
new_session (struct nsbox_error **err)
{
  /* Without a controlling terminal, TIOCSTI on an inherited terminal fd fails. */
  if (setsid () < 0)
    return nsbox_error_errno (err, errno, "setsid");
  return 0;
}

/* Close every fd above 2 except those the init still needs. */
static int
close_inherited_fds (const struct nsbox_child *child, struct nsbox_error **err)
{
  int keep[2] = { child->sync_fd, child->status_fd };
  unsigned from = 3;

  if (keep[0] > keep[1])
    {
      int t = keep[0];
      keep[0] = keep[1];
      keep[1] = t;
    }
  for (int i = 0; i < 2; i++)
    {
      if (keep[i] < (int) from)
        continue;
      if ((unsigned) keep[i] > from && close_range (from, (unsigned) keep[i] - 1, 0) < 0)
        return nsbox_error_errno (err, errno, "close inherited fds");
      from = (unsigned) keep[i] + 1;
    }
  if (close_range (from, ~0U, 0) < 0)
    return nsbox_error_errno (err, errno, "close inherited fds");
  return 0;
}

static void
restore_signals (void)
{
  sigset_t none;

  for (int sig = 1; sig < NSIG; sig++)
    signal (sig, SIG_DFL);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
}

/* The last steps of the workload process: terminal, seccomp, exec. */
static __attribute__ ((noreturn)) void
exec_workload (const struct nsbox_child *child, bool own_session)
{
  const struct nsbox_sandbox_config *c = child->config;
  int saved;

  NSBOX_STAMP ("w: start");
  restore_signals ();
  if (c->tty)
    {
      if (own_session)
        setsid ();
      if (ioctl (0, TIOCSCTTY, 0) < 0)
        {
          nsbox_sync_send_error (child->sync_fd, NSBOX_SYNC_ERROR, errno, "terminal", "set the controlling terminal");
          _exit (125);
        }
    }
  NSBOX_STAMP ("w: exec");
  umask (022);
  environ = c->env ? c->env : (char **) no_environment;
  /* ---- seccomp: the very last step before execve (no_new_privs is already
   * set).  Nothing below may need a syscall the profile denies; execvp's
   * path search and the failure report use execve, send and exit only. */
  if (child->seccomp != NULL && (saved = nsbox_seccomp_install (child->seccomp)) < 0)
    {
      nsbox_sync_send_error (child->sync_fd, NSBOX_SYNC_ERROR, -saved, "seccomp", "install the seccomp filter");
      _exit (125);
    }
  NSBOX_STAMP ("w: seccomp installed");
  execvp (c->argv[0], c->argv);
  saved = errno;
  nsbox_sync_send_error (child->sync_fd, NSBOX_SYNC_EXEC_FAILED, saved, "exec", "exec `%s`", c->argv[0]);
  _exit (saved == ENOENT ? 127 : 126);
}

/* The workload forked by the init: it starts its own session there. */
static __attribute__ ((noreturn)) void
exec_under_init (void *child)
{
  exec_workload (child, true);
}

/* The whole setup, in order.  Each step either succeeds or ends the child
 * with its stage reported; nothing it did survives the child's namespaces. */
void
nsbox_child_main (struct nsbox_child *child)
{
  const struct nsbox_sandbox_config *c = child->config;
  struct nsbox_error *err = NULL;
  struct nsbox_cgroupfs cgroups;
  int root_fd, netns;

  NSBOX_STAMP ("c: start");
  step (child, "parent", watch_parent (child, &err), &err);
  umask (0);
  NSBOX_STAMP ("c: parent watched");
  step (child, "userns", await_id_maps (child, &err), &err);
  step (child, "mount namespace", nsbox_mount_make_private (&err), &err);
  root_fd = mount_root (child, &err);
  NSBOX_STAMP ("c: root mounted");
  step (child, "root", root_fd, &err);
  step (child, "mounts", mount_early (child, root_fd, &err), &err);
  netns = await_go (child, &err);
  step (child, "parent", netns == -1 ? -1 : 0, &err);
  NSBOX_STAMP ("c: go");
  step (child, "network", enter_network (child, netns, &err), &err);
  step (child, "cgroup", new_cgroup_namespace (child, &cgroups, &err), &err);
  step (child, "mounts", mount_late (child, root_fd, &cgroups, &err), &err);
  NSBOX_STAMP ("c: mounts done");
  step (child, "pivot_root", nsbox_mount_pivot (root_fd, &err), &err);
  close (root_fd);
  NSBOX_STAMP ("c: pivoted");
  step (child, "hostname", set_hostname (child, &err), &err);
  step (child, "session", new_session (&err), &err);
  NSBOX_STAMP ("c: setsid");
  step (child, "stdio", setup_stdio (child, &err), &err);
  NSBOX_STAMP ("c: stdio");
  step (child, "rlimits", apply_rlimits (child, &err), &err);
  step (child, "cpus", narrow_affinity (child, &err), &err);
  if (c->use_init)
    step (child, "init", nsbox_init_rename (child->args_start, child->args_end, &err), &err);
  step (child, "user", enter_user_namespace (child, &err), &err);
  step (child, "user",
        nsbox_caps_drop_and_switch_user (c->uid, c->gid, !nsbox_child_rootless (child) || child->groups_settable, &err), &err);
  NSBOX_STAMP ("c: caps+user");
  step (child, "parent", watch_parent (child, &err), &err);
  step (child, "workdir", enter_workdir (child, &err), &err);
  step (child, "fds", close_inherited_fds (child, &err), &err);
  NSBOX_STAMP ("c: fds closed");
  if (c->use_init)
    nsbox_init_run (&(struct nsbox_init){ .sync_fd = child->sync_fd, .status_fd = child->status_fd,
                                          .exec_workload = exec_under_init, .data = child });
  exec_workload (child, false);
}
