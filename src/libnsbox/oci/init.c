#define _GNU_SOURCE
#include "oci/init.h"
#include "base/cleanup.h"
#include "isolate/cgroupfs.h"
#include "oci/hooks.h"
#include "oci/mounts.h"
#include "oci/state.h"
#include "sandbox/syncmsg.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

extern char **environ;

#define KEYCTL_JOIN_SESSION_KEYRING 1

static __attribute__ ((noreturn)) void
fail (const struct nsbox_oci_init *init, const char *stage, struct nsbox_error *err)
{
  nsbox_sync_send_error (init->sync_fd, NSBOX_SYNC_ERROR, err ? err->errno_value : 0, stage, "%s",
                         err && err->message ? err->message : stage);
  _exit (125);
}

static void
step (const struct nsbox_oci_init *init, const char *stage, int ret, struct nsbox_error **err)
{
  if (ret < 0)
    fail (init, stage, *err);
}

/* One record of `type` from the runtime; EOF means it gave up. */
static int
await (const struct nsbox_oci_init *init, int type, int32_t *value, struct nsbox_error **err)
{
  struct nsbox_sync_msg msg;
  ssize_t n;
  int fd;

  do
    n = nsbox_sync_recv (init->sync_fd, &msg, &fd, 0);
  while (n == -EINTR);
  if (n == 0)
    _exit (125);
  if (fd >= 0)
    close (fd);
  if (n < 0)
    return nsbox_error_errno (err, (int) -n, "wait for the runtime");
  if ((size_t) n != sizeof msg || msg.type != type)
    return nsbox_error_errno (err, EPROTO, "unexpected message from the runtime");
  if (value)
    *value = msg.wait_status;
  return 0;
}

static int
tell (const struct nsbox_oci_init *init, int type, struct nsbox_error **err)
{
  struct nsbox_sync_msg msg = { .type = type };
  int ret = nsbox_sync_send (init->sync_fd, &msg);

  return ret < 0 ? nsbox_error_errno (err, -ret, "tell the runtime") : 0;
}

static int
join_namespaces (const struct nsbox_oci_init *init, struct nsbox_error **err)
{
  for (size_t i = 0; i < init->n_join; i++)
    {
      if (setns (init->join_fds[i], init->join_flags[i]) < 0)
        return nsbox_error_errno (err, errno, "join the %s namespace",
                                  nsbox_oci_namespace_type (init->join_flags[i]));
      close (init->join_fds[i]);
    }
  return 0;
}

/* In a new user namespace the process starts with the overflow ids until
 * the runtime maps them; then it becomes the namespace's root. */
static int
become_userns_root (const struct nsbox_oci_init *init, struct nsbox_error **err)
{
  if (!init->new_userns)
    return 0;
  if (syscall (SYS_setresgid, 0, 0, 0) < 0 || syscall (SYS_setresuid, 0, 0, 0) < 0)
    return nsbox_error_errno (err, errno, "become root of the user namespace");
  return 0;
}

static int
new_cgroup_namespace (const struct nsbox_oci_init *init, struct nsbox_cgroupfs *view, struct nsbox_error **err)
{
  *view = (struct nsbox_cgroupfs){ 0 };
  if (init->cgroup_name && nsbox_cgroupfs_find (init->cgroup_name, view, err) < 0)
    return -1;
  if (init->new_cgroupns && unshare (CLONE_NEWCGROUP) < 0)
    return nsbox_error_errno (err, errno, "new cgroup namespace");
  return 0;
}

static int
set_names (const struct nsbox_oci_config *c, struct nsbox_error **err)
{
  if (c->hostname && sethostname (c->hostname, strlen (c->hostname)) < 0)
    return nsbox_error_errno (err, errno, "set the hostname `%s`", c->hostname);
  if (c->domainname && setdomainname (c->domainname, strlen (c->domainname)) < 0)
    return nsbox_error_errno (err, errno, "set the domain name `%s`", c->domainname);
  return 0;
}

static int
run_hooks (const struct nsbox_oci_init *init, enum nsbox_oci_hook_kind kind, const char *name, pid_t host_pid,
           const char *status, struct nsbox_error **err)
{
  _cleanup_free_ char *state = NULL;

  if (init->config->n_hooks[kind] == 0)
    return 0;
  /* Built here: the runtime told the host pid with the go-ahead. */
  state = nsbox_oci_hook_state (init->id, status, host_pid, init->config->bundle, init->config->annotations_json);
  if (state == NULL)
    return nsbox_error_oom (err);
  return nsbox_oci_hooks_run (init->config->hooks[kind], init->config->n_hooks[kind], name, state, err);
}

/* linux.sysctl, written in the container's /proc/sys (namespaced keys only:
 * the kernel refuses the others from a namespace that does not own them). */
static int
write_sysctls (const struct nsbox_oci_config *c, struct nsbox_error **err)
{
  for (size_t i = 0; c->sysctl && c->sysctl[i]; i++)
    {
      const char *eq = strchr (c->sysctl[i], '=');
      char path[512];
      _cleanup_close_ int fd = -1;

      snprintf (path, sizeof path, "/proc/sys/%.*s", (int) (eq - c->sysctl[i]), c->sysctl[i]);
      for (char *p = path + 10; *p; p++)
        if (*p == '.')
          *p = '/';
      fd = open (path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
      if (fd < 0 || write (fd, eq + 1, strlen (eq + 1)) < 0)
        return nsbox_error_errno (err, errno, "sysctl `%s`", c->sysctl[i]);
    }
  return 0;
}

static int
build_root (const struct nsbox_oci_init *init, const struct nsbox_cgroupfs *cgroups, pid_t host_pid,
            struct nsbox_error **err)
{
  const struct nsbox_oci_config *c = init->config;
  _cleanup_close_ int root = nsbox_oci_mount_root (c, err);

  if (root < 0 || nsbox_oci_mount_all (root, c, cgroups, err) < 0
      || nsbox_oci_make_devices (root, c, nsbox_oci_config_namespace (c, CLONE_NEWUSER) != NULL, err) < 0)
    return -1;
  /* The runtime's hooks, then the container's, both before the root is entered. */
  if (tell (init, NSBOX_OCI_SYNC_PRESTART, err) < 0 || await (init, NSBOX_OCI_SYNC_HOOKS_DONE, NULL, err) < 0)
    return -1;
  if (run_hooks (init, NSBOX_OCI_HOOK_CREATE_CONTAINER, "createContainer", host_pid, "created", err) < 0)
    return -1;
  if (nsbox_oci_enter_root (root, init->no_pivot, err) < 0)
    return -1;
  /* Before readonlyPaths, which usually hold /proc/sys. */
  if (write_sysctls (c, err) < 0)
    return nsbox_error_prefix (err, "sysctl");
  return nsbox_oci_mount_finish (c, err);
}

/* process.terminal: a pty of the container's devpts; the runtime passes the
 * master to the engine's console socket. */
static int
open_terminal (const struct nsbox_oci_init *init, struct nsbox_error **err)
{
  _cleanup_close_ int master = open ("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  _cleanup_close_ int slave = -1;
  struct nsbox_sync_msg msg = { .type = NSBOX_OCI_SYNC_TERMINAL };
  char name[64];
  int ret;

  if (master < 0)
    return nsbox_error_errno (err, errno, "open /dev/ptmx");
  if (unlockpt (master) < 0 || ptsname_r (master, name, sizeof name) != 0)
    return nsbox_error_errno (err, errno, "unlock the terminal");
  slave = open (name, O_RDWR | O_NOCTTY);
  if (slave < 0)
    return nsbox_error_errno (err, errno, "open `%s`", name);
  if (fchown (slave, init->process->uid, init->process->gid) < 0)
    return nsbox_error_errno (err, errno, "chown `%s`", name);
  ret = nsbox_sync_send_fd (init->sync_fd, &msg, master);
  if (ret < 0)
    return nsbox_error_errno (err, -ret, "send the terminal to the runtime");
  for (int fd = 0; fd <= 2; fd++)
    if (dup2 (slave, fd) < 0)
      return nsbox_error_errno (err, errno, "terminal as fd %d", fd);
  if (ioctl (0, TIOCSCTTY, 0) < 0)
    return nsbox_error_errno (err, errno, "set the controlling terminal");
  return 0;
}

static int
set_rlimits (const struct nsbox_oci_process *p, struct nsbox_error **err)
{
  for (size_t i = 0; i < p->n_rlimits; i++)
    {
      struct rlimit r = { .rlim_cur = p->rlimits[i].soft, .rlim_max = p->rlimits[i].hard };
      if (setrlimit (p->rlimits[i].resource, &r) < 0)
        return nsbox_error_errno (err, errno, "set rlimit %d to %llu/%llu%s", p->rlimits[i].resource,
                                  (unsigned long long) r.rlim_cur, (unsigned long long) r.rlim_max,
                                  errno == EPERM ? " (above the runtime's own hard limit, without CAP_SYS_RESOURCE)"
                                                 : "");
    }
  return 0;
}

static int
misc_process (const struct nsbox_oci_init *init, struct nsbox_error **err)
{
  if (init->config->personality_linux32 && personality (PER_LINUX32) < 0)
    return nsbox_error_errno (err, errno, "personality LINUX32");
  /* A keyring of its own, so the container never sees the host's keys. */
  if (!init->no_new_keyring && syscall (SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 && errno != ENOSYS)
    return nsbox_error_errno (err, errno, "join a new session keyring");
  return 0;
}

static int
set_caps (const struct nsbox_oci_process *p, struct nsbox_error **err)
{
  static const cap_flag_t flags[] = { CAP_EFFECTIVE, CAP_INHERITABLE, CAP_PERMITTED };
  static const enum nsbox_oci_cap_set sets[] = { NSBOX_OCI_CAPS_EFFECTIVE, NSBOX_OCI_CAPS_INHERITABLE,
                                                 NSBOX_OCI_CAPS_PERMITTED };
  cap_t caps = cap_init ();
  int ret = 0;

  if (caps == NULL)
    return nsbox_error_oom (err);
  for (cap_value_t cap = 0; cap < (cap_value_t) cap_max_bits () && cap < 64; cap++)
    for (size_t s = 0; s < 3; s++)
      if ((p->caps[sets[s]] >> cap) & 1)
        cap_set_flag (caps, flags[s], 1, &cap, CAP_SET);
  if (cap_set_proc (caps) < 0)
    ret = nsbox_error_errno (err, errno, "set the capabilities");
  cap_free (caps);
  for (cap_value_t cap = 0; ret == 0 && cap < (cap_value_t) cap_max_bits () && cap < 64; cap++)
    if (((p->caps[NSBOX_OCI_CAPS_AMBIENT] >> cap) & 1)
        && prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long) cap, 0, 0) < 0)
      ret = nsbox_error_errno (err, errno, "raise ambient capability %d", cap);
  return ret;
}

/* The bounding set, the ids, then the sets: the switch from uid 0 would
 * clear the permitted set without PR_SET_KEEPCAPS.  Raw system calls for the
 * ids, as in isolate/caps.c: the kernel changes this thread's alone. */
static int
switch_user (const struct nsbox_oci_process *p, struct nsbox_error **err)
{
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    return nsbox_error_errno (err, errno, "keep capabilities");
  for (cap_value_t cap = 0; cap < (cap_value_t) cap_max_bits (); cap++)
    if ((cap >= 64 || !((p->caps[NSBOX_OCI_CAPS_BOUNDING] >> cap) & 1)) && cap_drop_bound (cap) < 0 && errno != EINVAL)
      return nsbox_error_errno (err, errno, "drop capability %d from the bounding set", cap);
  if (syscall (SYS_setgroups, p->n_additional_gids, p->additional_gids) < 0)
    return nsbox_error_errno (err, errno, "set the additional groups");
  if (syscall (SYS_setresgid, p->gid, p->gid, p->gid) < 0)
    return nsbox_error_errno (err, errno, "setgid %u", (unsigned) p->gid);
  if (syscall (SYS_setresuid, p->uid, p->uid, p->uid) < 0)
    return nsbox_error_errno (err, errno, "setuid %u", (unsigned) p->uid);
  if (prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
    return nsbox_error_errno (err, errno, "keep capabilities");
  return set_caps (p, err);
}

static int
enter_cwd (const struct nsbox_oci_process *p, struct nsbox_error **err)
{
  if (chdir (p->cwd) < 0)
    return nsbox_error_errno (err, errno, "cwd `%s`", p->cwd);
  return 0;
}

/* Keep 0-2, the engine's --preserve-fds (3 .. 3+N-1), the sync socket and the gate. */
static int
close_fds (const struct nsbox_oci_init *init, struct nsbox_error **err)
{
  unsigned first = 3 + (unsigned) init->preserve_fds;
  int keep[2] = { init->sync_fd < init->fifo_fd ? init->sync_fd : init->fifo_fd,
                  init->sync_fd < init->fifo_fd ? init->fifo_fd : init->sync_fd };

  for (int i = 0; i < 2; i++)
    {
      if (keep[i] < (int) first)
        continue;
      if ((unsigned) keep[i] > first && close_range (first, (unsigned) keep[i] - 1, 0) < 0)
        return nsbox_error_errno (err, errno, "close inherited fds");
      first = (unsigned) keep[i] + 1;
    }
  if (close_range (first, ~0U, 0) < 0)
    return nsbox_error_errno (err, errno, "close inherited fds");
  for (int fd = 3; fd < 3 + init->preserve_fds; fd++)
    fcntl (fd, F_SETFD, 0);
  return 0;
}

/* execvp's search, done now so that a missing program fails `create` (as
 * with runc) rather than a container that starts and dies. */
static int
find_program (const struct nsbox_oci_process *p, struct nsbox_error **err)
{
  const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  const char *name = p->args[0];

  if (strchr (name, '/'))
    return access (name, X_OK) == 0 ? 0 : nsbox_error_errno (err, errno, "exec `%s`", name);
  for (size_t i = 0; p->env[i]; i++)
    if (strncmp (p->env[i], "PATH=", 5) == 0)
      path = p->env[i] + 5;
  for (const char *dir = path; *dir;)
    {
      size_t len = strcspn (dir, ":");
      char full[4096];
      snprintf (full, sizeof full, "%.*s%s%s", (int) len, dir, len ? "/" : "", name);
      if (access (full, X_OK) == 0)
        return 0;
      dir += len + (dir[len] == ':');
    }
  return nsbox_error_errno (err, ENOENT, "exec `%s`: not found in $PATH", name);
}

/* The start gate: a byte from `start`.  EOF cannot happen while we hold the
 * fifo open for writing too; an error ends the container. */
static void
wait_for_start (const struct nsbox_oci_init *init)
{
  char byte;
  ssize_t n;

  if (init->fifo_fd < 0)
    return;
  do
    n = read (init->fifo_fd, &byte, 1);
  while (n < 0 && errno == EINTR);
  if (n != 1)
    _exit (125);
  close (init->fifo_fd);
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

/* After the gate nobody listens on the sync socket: failures go to the
 * container's stderr, where the engine's log has them. */
static __attribute__ ((noreturn)) void
late_failure (const char *what, int errno_value)
{
  dprintf (2, "nsbox-runtime: %s: %s\n", what, strerror (errno_value));
  _exit (errno_value == ENOENT ? 127 : 126);
}

static __attribute__ ((noreturn)) void
start_process (const struct nsbox_oci_init *init, pid_t host_pid)
{
  const struct nsbox_oci_process *p = init->process;
  _cleanup_error_ struct nsbox_error *err = NULL;
  int ret;

  wait_for_start (init);
  if (init->fifo_fd >= 0 && run_hooks (init, NSBOX_OCI_HOOK_START_CONTAINER, "startContainer", host_pid, "running", &err) < 0)
    {
      dprintf (2, "nsbox-runtime: %s\n", err->message);
      _exit (125);
    }
  environ = p->env;
  if (p->no_new_privileges && init->seccomp && (ret = nsbox_seccomp_install (init->seccomp)) < 0)
    late_failure ("install the seccomp filter", -ret);
  execvp (p->args[0], p->args);
  late_failure (p->args[0], errno);
}

void
nsbox_oci_init_main (struct nsbox_oci_init *init)
{
  const struct nsbox_oci_process *p = init->process;
  struct nsbox_error *err = NULL;
  struct nsbox_cgroupfs cgroups;
  int32_t host_pid = 0;
  int ret;

  restore_signals ();
  step (init, "namespaces", join_namespaces (init, &err), &err);
  step (init, "runtime", await (init, NSBOX_OCI_SYNC_GO, &host_pid, &err), &err);
  step (init, "user", become_userns_root (init, &err), &err);
  step (init, "cgroup", new_cgroup_namespace (init, &cgroups, &err), &err);
  if (init->setup_mounts)
    {
      step (init, "hostname", set_names (init->config, &err), &err);
      step (init, "mounts", build_root (init, &cgroups, host_pid, &err), &err);
    }
  if (setsid () < 0)
    step (init, "session", nsbox_error_errno (&err, errno, "setsid"), &err);
  if (p->terminal)
    step (init, "terminal", open_terminal (init, &err), &err);
  step (init, "rlimits", set_rlimits (p, &err), &err);
  step (init, "process", misc_process (init, &err), &err);
  if (p->has_umask)
    umask (p->umask);
  /* Without no_new_privs only a process with CAP_SYS_ADMIN may install a
   * filter: then it goes on before the user switch drops it, and the
   * profile must allow what follows (engines' profiles do). */
  if (!p->no_new_privileges && init->seccomp && (ret = nsbox_seccomp_install (init->seccomp)) < 0)
    step (init, "seccomp", nsbox_error_errno (&err, -ret, "install the seccomp filter"), &err);
  step (init, "user", switch_user (p, &err), &err);
  if (p->no_new_privileges && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    step (init, "user", nsbox_error_errno (&err, errno, "set no_new_privs"), &err);
  step (init, "cwd", enter_cwd (p, &err), &err);
  step (init, "exec", find_program (p, &err), &err);
  step (init, "fds", close_fds (init, &err), &err);
  step (init, "created", tell (init, NSBOX_OCI_SYNC_CREATED, &err), &err);
  close (init->sync_fd);
  start_process (init, host_pid);
}
