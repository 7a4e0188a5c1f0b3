#define _GNU_SOURCE
#include "sandbox/sandbox.h"
#include "base/clock.h"
#include "isolate/affinity.h"
#include "cgroup/cgroup.h"
#include "sandbox/child.h"
#include "isolate/mounts.h"
#include "isolate/rlimits.h"
#include "seccomp/seccomp.h"
#include "base/cleanup.h"
#include "sandbox/init.h"
#include "sandbox/io.h"
#include "isolate/netns.h"
#include "sandbox/relay.h"
#include "sandbox/state.h"
#include "isolate/userns.h"
#include "sandbox/syncmsg.h"
#include "base/stamp.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The sandbox's own host ids (isolate/userns.h): given back when
 * nsbox_sandbox_run returns, after its teardown, or on any early return. */
struct sandbox_ids
{
  struct nsbox_userns_block block;
  bool taken; /* by this run, which gives it back (not a caller's reservation) */
  struct nsbox_userns_creator creator;
  bool started;
  int fd;
};

static void
sandbox_ids_reap (struct sandbox_ids *ids)
{
  if (ids->started)
    nsbox_userns_reap (&ids->creator);
  ids->started = false;
}

static void
sandbox_ids_release (struct sandbox_ids *ids)
{
  sandbox_ids_reap (ids);
  if (ids->fd >= 0)
    close (ids->fd);
  ids->fd = -1;
  if (ids->taken)
    nsbox_userns_block_give_back (NSBOX_DEFAULT_USERNS_POOL_DIR, &ids->block, NULL);
  ids->taken = false;
}

/* The parent's view of one running sandbox. */
struct run
{
  const struct nsbox_sandbox_config *config;
  struct nsbox_result *result;
  char *staging, *upper;
  bool state_created;
  int sync_fd, status_fd, sig_fd, pidfd;
  pid_t pid;
  sigset_t saved_mask;
  struct nsbox_capture out, err;
  struct nsbox_relay in_relay, out_relay, err_relay; /* the caller's stdio, never handed in */
  struct nsbox_terminal term;
  bool have_term, forward_stdin;
  bool exited, got_status;
  int init_status, workload_status;
  struct rusage usage;
  struct nsbox_error *setup_error;
  bool exec_failed;
  enum { RUNNING, TERMINATING, KILLED } phase;
  struct nsbox_cgroup *cgroup;
  struct nsbox_cgroup_plan *cgroup_plan;
  struct nsbox_netns_build *netns;
  struct nsbox_cgroup_stats cgroup_stats;
  bool have_cgroup_stats;
  struct nsbox_error *cgroup_error; /* removal failed: something may be left behind */
  uint64_t start_ms, deadline_ms, kill_at_ms;
};

int
nsbox_sandbox_new_id (char **id, struct nsbox_error **err)
{
  unsigned char bytes[6];
  char hex[13];

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    return nsbox_error_errno (err, errno, "random sandbox id");
  for (size_t i = 0; i < sizeof bytes; i++)
    snprintf (hex + 2 * i, 3, "%02x", bytes[i]);
  *id = strdup (hex);
  return *id ? 0 : nsbox_error_oom (err);
}

static int
check_config (const struct nsbox_sandbox_config *c, struct nsbox_error **err)
{
  if (nsbox_config_validate (c, err) < 0)
    return -1;
  if (c->argv == NULL || c->argv[0] == NULL)
    return nsbox_error_msg (err, "no command to run");
  if (c->n_lower_dirs == 0)
    return nsbox_error_msg (err, "no root directory given");
  if (c->state_root == NULL)
    return nsbox_error_msg (err, "no state directory given");
  for (size_t i = 0; i < c->n_lower_dirs; i++)
    {
      _cleanup_close_ int fd = open (c->lower_dirs[i], O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0)
        return nsbox_error_errno (err, errno, "root `%s`", c->lower_dirs[i]);
    }
  if (c->tty && c->output == NSBOX_OUTPUT_CAPTURE)
    return nsbox_error_msg (err, "a terminal cannot be captured: use either -t or --json");
  return 0;
}

void
nsbox_sandbox_stop_signals (sigset_t *set)
{
  sigemptyset (set);
  sigaddset (set, SIGINT);
  sigaddset (set, SIGTERM);
  sigaddset (set, SIGHUP);
  sigaddset (set, SIGQUIT);
}

int
nsbox_sandbox_take_stop_signal (void)
{
  static const struct timespec now = { 0 };
  sigset_t set;
  int sig;

  nsbox_sandbox_stop_signals (&set);
  do
    sig = sigtimedwait (&set, NULL, &now);
  while (sig < 0 && errno == EINTR);
  return sig > 0 ? sig : 0;
}

static int
block_signals (struct run *r, struct nsbox_error **err)
{
  sigset_t set;

  nsbox_sandbox_stop_signals (&set);
  sigaddset (&set, SIGWINCH);
  sigaddset (&set, SIGPIPE);
  if (sigprocmask (SIG_BLOCK, &set, &r->saved_mask) < 0)
    return nsbox_error_errno (err, errno, "block signals");
  sigdelset (&set, SIGPIPE);
  r->sig_fd = signalfd (-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (r->sig_fd < 0)
    return nsbox_error_errno (err, errno, "signalfd");
  return 0;
}

static int
make_pipe (int fds[2], struct nsbox_error **err)
{
  if (pipe2 (fds, O_CLOEXEC) < 0)
    return nsbox_error_errno (err, errno, "pipe");
  return 0;
}

/* The command's stdout and stderr are pipes: captured with --json, relayed to
 * ours otherwise.  Only -t gives it something else (its pty). */
static bool
output_through_pipes (const struct nsbox_sandbox_config *c)
{
  return c->output == NSBOX_OUTPUT_CAPTURE || !c->tty;
}

/* Its stdin is a pipe we fill when it reads ours or a file we opened;
 * without either it opens /dev/null itself, with -t it reads its pty. */
static bool
input_through_pipe (const struct nsbox_sandbox_config *c)
{
  return !c->tty && (c->stdin_fd >= 0 || c->interactive);
}

static int
start_relays (struct run *r, int in, int out, int errp, struct nsbox_error **err)
{
  const struct nsbox_sandbox_config *c = r->config;

  bool relay_out = c->output != NSBOX_OUTPUT_CAPTURE && out >= 0;
  int ret = 0;

  /* Each relay owns its pipe from here, even when it fails to start. */
  if (in >= 0)
    ret = nsbox_relay_init (&r->in_relay, c->stdin_fd >= 0 ? c->stdin_fd : STDIN_FILENO, false, in, true, err);
  if (relay_out && ret == 0)
    ret = nsbox_relay_init (&r->out_relay, out, true, STDOUT_FILENO, false, err);
  else if (relay_out)
    close (out);
  if (relay_out && ret == 0)
    ret = nsbox_relay_init (&r->err_relay, errp, true, STDERR_FILENO, false, err);
  else if (relay_out)
    close (errp);
  return ret;
}

static int
make_socketpair (int fds[2], struct nsbox_error **err)
{
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
    return nsbox_error_errno (err, errno, "socketpair");
  return 0;
}

/* No CLONE_NEWNET: the network namespace is built beside (netns.h); no
 * CLONE_INTO_CGROUP: the cgroups are made while the child builds its mounts.
 * Rootless, the child's own user namespace comes first, as nothing else can
 * be made without it, and the network namespace with it: a user who is not
 * root cannot make one beside. */
static pid_t
clone_sandbox (int *pidfd, bool rootless)
{
  struct clone_args args = {
    .flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_PIDFD
             | (rootless ? CLONE_NEWUSER | CLONE_NEWNET : 0),
    .pidfd = (uint64_t) (uintptr_t) pidfd,
    .exit_signal = SIGCHLD,
  };

  return (pid_t) syscall (SYS_clone3, &args, sizeof args);
}

/* Compiled, or read from the cache, here before clone: the workload process
 * only hands the program to seccomp(2).  Names the profile lists that nobody
 * knows become a warning (the rules for them do nothing). */
static int
prepare_seccomp (const struct nsbox_sandbox_config *c, struct nsbox_seccomp_program *prog, char ***warnings,
                 struct nsbox_error **err)
{
  const char *profile = c->seccomp_profile ? c->seccomp_profile : NSBOX_SECCOMP_DEFAULT_PROFILE;
  _cleanup_free_ char *names = NULL, *warning = NULL;
  size_t len = 0;
  FILE *out;

  if (nsbox_seccomp_prepare (profile, c->seccomp_profile_dir ? c->seccomp_profile_dir : NSBOX_SECCOMP_PROFILE_DIR,
                             c->seccomp_cache_dir ? c->seccomp_cache_dir : NSBOX_SECCOMP_CACHE_DIR, prog, err)
      < 0)
    return -1;
  if (prog->unknown == NULL)
    return 0;
  if ((out = open_memstream (&names, &len)) == NULL)
    return nsbox_error_oom (err);
  for (char **n = prog->unknown; *n; n++)
    fprintf (out, "%s%s", n == prog->unknown ? "" : ", ", *n);
  if (fclose (out) != 0
      || asprintf (&warning, "seccomp profile `%s` names syscalls that neither libseccomp %s nor nsbox knows (misspelt?), ignored: %s",
                   profile, nsbox_seccomp_libseccomp_version (), names)
             < 0)
    return nsbox_error_oom (err);
  return nsbox_strv_append (warnings, warning, err);
}

/* Everything the child needs is prepared here, in the parent, so the child
 * only builds and never has to ask. */
static int
start (struct run *r, struct nsbox_child *child, struct nsbox_error **err)
{
  const struct nsbox_sandbox_config *c = r->config;
  int sync[2], status[2], out[2] = { -1, -1 }, errp[2] = { -1, -1 }, in[2] = { -1, -1 };

  if (make_socketpair (sync, err) < 0)
    return -1;
  r->sync_fd = sync[0];
  child->sync_fd = sync[1];
  if (make_socketpair (status, err) < 0)
    return -1;
  r->status_fd = status[0];
  child->status_fd = status[1];
  if (output_through_pipes (c))
    {
      if (make_pipe (out, err) < 0 || make_pipe (errp, err) < 0)
        return -1;
      if (c->output == NSBOX_OUTPUT_CAPTURE)
        {
          r->out.fd = out[0];
          r->err.fd = errp[0];
        }
      child->stdout_fd = out[1];
      child->stderr_fd = errp[1];
    }
  if (input_through_pipe (c))
    {
      if (make_pipe (in, err) < 0)
        return -1;
      child->stdin_fd = in[0];
    }

  NSBOX_STAMP ("p: before clone");
  r->start_ms = nsbox_monotonic_ms ();
  r->pid = clone_sandbox (&r->pidfd, nsbox_child_rootless (child));
  if (r->pid < 0)
    return nsbox_error_errno (err, errno, "clone the sandbox");
  if (r->pid == 0)
    {
      close (r->sync_fd);
      close (r->status_fd);
      if (out[0] >= 0)
        close (out[0]);
      if (errp[0] >= 0)
        close (errp[0]);
      if (in[1] >= 0)
        close (in[1]);
      nsbox_child_main (child);
    }
  NSBOX_STAMP ("p: clone returned");
  close (child->sync_fd);
  close (child->status_fd);
  if (out[1] >= 0)
    close (out[1]);
  if (errp[1] >= 0)
    close (errp[1]);
  if (in[0] >= 0)
    close (in[0]);
  return start_relays (r, in[1], out[0], errp[0], err);
}

/* The whole state: the first process, and the cgroups before they exist. */
static int
write_state (struct run *r, const char *id, char *const *cgroup_paths, struct nsbox_error **err)
{
  const struct nsbox_sandbox_config *c = r->config;
  struct timespec wall;
  struct nsbox_state st = {
    .id = (char *) id,
    .pid = r->pid,
    .pid_start = nsbox_proc_start_time (r->pid),
    .nsbox_pid = getpid (),
    .nsbox_start = nsbox_proc_start_time (getpid ()),
    .root = c->image_name ? c->image_name : c->lower_dirs[0],
    .command = c->argv,
    .memory_bytes = c->memory_bytes,
    .cpu_millis = c->cpu_millis,
    .pids = c->pids,
    .cgroup_paths = (char **) cgroup_paths,
    .userns = (char *) r->result->userns,
    .host_uid = r->result->host_uid,
    .owner_uid = c->owner_uid,
  };

  clock_gettime (CLOCK_REALTIME, &wall);
  st.created = (double) wall.tv_sec + (double) wall.tv_nsec / 1e9;
  return nsbox_state_write (c->state_root, &st, err);
}

/* Where the cgroups will be, before the state file (which lists them) and
 * long before the first of them exists: `nsbox gc`, perhaps in another
 * cgroup, must never have to guess them. */
static int
plan_cgroups (struct run *r, const char *id, char **name, struct nsbox_error **err)
{
  const struct nsbox_sandbox_config *c = r->config;
  struct nsbox_cgroup_limits limits = { .memory_bytes = c->memory_bytes, .cpu_millis = c->cpu_millis, .pids = c->pids };

  *name = NULL;
  if (c->no_cgroup)
    return 0;
  if (asprintf (name, "nsbox-%s", id) < 0)
    return nsbox_error_oom (err);
  return nsbox_cgroup_plan (c->cgroup_parent, *name, &limits, &r->cgroup_plan, err);
}

static int
staged (struct nsbox_error **err, const char *stage)
{
  nsbox_error_set_stage (*err, stage);
  return -1;
}

static char *const *
planned_cgroups (const struct run *r)
{
  return r->cgroup_plan ? nsbox_cgroup_plan_paths (r->cgroup_plan) : NULL;
}

/* Rootless, a cgroup is one that someone delegated to this user. */
static int
create_cgroup (struct run *r, struct nsbox_error **err)
{
  if (r->cgroup_plan == NULL)
    return 0;
  if (nsbox_cgroup_create_planned (r->cgroup_plan, &r->cgroup, err) == 0)
    return 0;
  if (r->config->userns == NSBOX_USERNS_ROOTLESS)
    nsbox_error_prefix (err, "rootless nsbox limits a sandbox with a cgroup v2 subtree delegated to uid %u "
                             "(systemd's user@%u.service, or one you own named by --cgroup-parent), and found none "
                             "it may use; --no-cgroup runs with rlimits only",
                        (unsigned) geteuid (), (unsigned) geteuid ());
  return -1;
}

/* Rootless: the child's user namespace maps our own ids, then it may go on. */
static int
map_rootless_ids (struct run *r, struct nsbox_error **err)
{
  const struct nsbox_sandbox_config *c = r->config;
  bool full;
  int ret;

  if (c->userns != NSBOX_USERNS_ROOTLESS)
    return 0;
  if (nsbox_userns_map_caller (r->pid, c->uid, c->gid, &full, err) < 0)
    return -1;
  r->result->subordinate_ids = full;
  ret = nsbox_sync_send (r->sync_fd, &(struct nsbox_sync_msg){ .type = NSBOX_SYNC_MAPPED, .wait_status = full });
  if (ret < 0)
    return nsbox_error_errno (err, -ret, "start the sandbox");
  return 0;
}

/* The go-ahead carries the finished network namespace; a rootless child has its own. */
static int
send_go (struct run *r, struct nsbox_error **err)
{
  struct nsbox_sync_msg go = { .type = NSBOX_SYNC_GO };
  int netns, ret;

  if (r->config->userns == NSBOX_USERNS_ROOTLESS)
    ret = nsbox_sync_send (r->sync_fd, &go);
  else
    {
      netns = nsbox_netns_build_finish (r->netns, err);
      if (netns < 0)
        return staged (err, "network");
      ret = nsbox_sync_send_fd (r->sync_fd, &go, netns);
    }
  if (ret < 0)
    {
      nsbox_error_errno (err, -ret, "start the sandbox");
      return staged (err, "clone");
    }
  return 0;
}

/* Runs while the child mounts /proc, /dev and /tmp, which need neither:
 * the cgroups, the child moved into them, and the go-ahead that carries the
 * finished network namespace. */
static int
release_child (struct run *r, struct nsbox_error **err)
{
  if (map_rootless_ids (r, err) < 0)
    return staged (err, "userns");
  if (create_cgroup (r, err) < 0)
    return staged (err, "cgroup");
  NSBOX_STAMP ("p: cgroups created");
  if (r->cgroup && nsbox_cgroup_add_process (r->cgroup, r->pid, err) < 0)
    return staged (err, "cgroup");
  if (send_go (r, err) < 0)
    return -1;
  NSBOX_STAMP ("p: go sent");
  nsbox_netns_build_abandon (r->netns);
  return 0;
}

/* A child that failed on its own first reported why: that error explains
 * ours (a dead child cannot join a cgroup). */
static void
prefer_child_error (struct run *r, struct nsbox_error **err)
{
  struct nsbox_sync_msg msg;
  int fd;

  while (nsbox_sync_recv (r->sync_fd, &msg, &fd, MSG_DONTWAIT) == sizeof msg)
    {
      if (fd >= 0)
        close (fd);
      if (msg.type != NSBOX_SYNC_ERROR)
        continue;
      nsbox_error_free (*err);
      *err = NULL;
      nsbox_sync_msg_error (&msg, err);
      return;
    }
}

static void
note_warning (struct run *r, struct nsbox_sync_msg *msg)
{
  msg->message[sizeof msg->message - 1] = '\0';
  if (strcmp (msg->stage, "root") == 0)
    r->result->idmapped_layers = false;
  /* Out of memory: the warning is lost, the run goes on. */
  nsbox_strv_append (&r->result->warnings, msg->message, NULL);
}

static void
receive_sync (struct run *r)
{
  struct nsbox_sync_msg msg;
  int fd;
  ssize_t n = nsbox_sync_recv (r->sync_fd, &msg, &fd, 0);

  if (n == -EINTR)
    return;
  if (n <= 0 || (size_t) n < sizeof msg)
    {
      NSBOX_STAMP ("p: sync EOF (exec)");
      if (fd >= 0)
        close (fd);
      close (r->sync_fd);
      r->sync_fd = -1;
      return;
    }
  if (msg.type == NSBOX_SYNC_PTY && fd >= 0)
    {
      r->term.master = fd;
      r->have_term = true;
      nsbox_terminal_start (&r->term);
      return;
    }
  if (fd >= 0)
    close (fd);
  if (msg.type == NSBOX_SYNC_WARNING)
    {
      note_warning (r, &msg);
      return;
    }
  if (r->setup_error != NULL)
    return;
  nsbox_sync_msg_error (&msg, &r->setup_error);
  r->exec_failed = msg.type == NSBOX_SYNC_EXEC_FAILED;
}

static void
receive_status (struct run *r)
{
  struct nsbox_sync_msg msg;
  ssize_t n = recv (r->status_fd, &msg, sizeof msg, 0);

  if (n < 0 && errno == EINTR)
    return;
  if (n == sizeof msg && msg.type == NSBOX_SYNC_STATUS)
    {
      NSBOX_STAMP ("p: status received");
      r->got_status = true;
      r->workload_status = msg.wait_status;
      return;
    }
  close (r->status_fd);
  r->status_fd = -1;
}

static void
send_signal (struct run *r, int sig)
{
  if (!r->exited)
    syscall (SYS_pidfd_send_signal, r->pidfd, sig, NULL, 0);
}

/* SIGTERM to every process of the sandbox, then SIGKILL after the grace. */
static void
terminate (struct run *r, uint64_t now)
{
  r->phase = TERMINATING;
  r->kill_at_ms = now + r->config->kill_after_ms;
  send_signal (r, r->config->use_init ? NSBOX_INIT_TERMINATE_ALL : SIGTERM);
}

/* SIGKILL to our PID 1 ends the whole pid namespace: nothing survives. */
static void
kill_all (struct run *r)
{
  r->phase = KILLED;
  send_signal (r, SIGKILL);
  /* The pid namespace dies with its PID 1; the cgroup says when every
   * process is really gone. */
  if (r->cgroup)
    nsbox_cgroup_kill (r->cgroup, SIGKILL, NULL);
}

static void
handle_signals (struct run *r)
{
  struct signalfd_siginfo si;

  while (read (r->sig_fd, &si, sizeof si) == sizeof si)
    {
      if (si.ssi_signo == SIGWINCH)
        {
          if (r->have_term)
            nsbox_terminal_resize (&r->term);
          continue;
        }
      if (r->result->interrupted_by == 0)
        r->result->interrupted_by = (int) si.ssi_signo;
      kill_all (r);
    }
}

static void
reap (struct run *r)
{
  siginfo_t info = { 0 };

  if (syscall (SYS_waitid, P_PIDFD, r->pidfd, &info, WEXITED | WNOHANG, &r->usage) < 0 || info.si_pid == 0)
    return;
  NSBOX_STAMP ("p: pidfd reaped");
  r->exited = true;
  r->init_status = info.si_code == CLD_EXITED ? W_EXITCODE (info.si_status, 0) : info.si_status & 0x7f;
}

static bool
output_pending (const struct run *r)
{
  return !nsbox_relay_done (&r->out_relay) || !nsbox_relay_done (&r->err_relay);
}

/* Once the sandbox is gone, its last output is passed on as long as our
 * reader takes it; past the deadline, or after a signal to nsbox, a reader
 * that takes nothing more does not keep nsbox alive. */
static void
drop_blocked_output (struct run *r)
{
  if (r->out_relay.want_write)
    nsbox_relay_close (&r->out_relay);
  if (r->err_relay.want_write)
    nsbox_relay_close (&r->err_relay);
}

static void
check_deadlines (struct run *r, uint64_t now)
{
  bool past = r->deadline_ms && now >= r->deadline_ms;

  if (r->phase == RUNNING && past && !r->exited)
    {
      r->result->timed_out = true;
      terminate (r, now);
    }
  if (r->phase == TERMINATING && now >= r->kill_at_ms)
    kill_all (r);
  if (r->exited && (past || r->result->interrupted_by))
    drop_blocked_output (r);
}

static int
poll_timeout (const struct run *r, uint64_t now)
{
  uint64_t next = r->phase == RUNNING ? r->deadline_ms : r->phase == TERMINATING ? r->kill_at_ms : 0;

  int timeout;

  /* Ended: only the output still flowing out has a deadline. */
  if (r->exited)
    next = output_pending (r) ? r->deadline_ms : 0;
  if (next == 0)
    timeout = -1;
  else
    timeout = next > now ? (int) (next - now < 60000 ? next - now : 60000) : 0;
  /* A kernel without memory.peak: the peak is memory.current, sampled. */
  if (r->cgroup && !r->exited && nsbox_cgroup_needs_sampling (r->cgroup) && (timeout < 0 || timeout > 100))
    timeout = 100;
  return timeout;
}

enum
{
  PFD_SYNC,
  PFD_STATUS,
  PFD_OUT,
  PFD_ERR,
  PFD_MASTER,
  PFD_STDIN,
  PFD_SIG,
  PFD_PID,
  PFD_RELAY_IN,
  PFD_RELAY_OUT,
  PFD_RELAY_ERR,
  PFD_COUNT
};

static bool
finished (const struct run *r)
{
  /* Every fd here reaches EOF once the pid namespace is gone; waiting for all
   * of them means no report sent just before the end is missed. */
  return r->exited && r->out.fd < 0 && r->err.fd < 0 && r->sync_fd < 0 && r->status_fd < 0
         && !(r->have_term && r->term.master >= 0) && !output_pending (r);
}

static void
event_loop (struct run *r)
{
  while (!finished (r))
    {
      struct pollfd p[PFD_COUNT];
      uint64_t now = nsbox_monotonic_ms ();
      int forwarding = r->have_term && r->forward_stdin && !r->exited;

      p[PFD_SYNC] = (struct pollfd) { .fd = r->sync_fd, .events = POLLIN };
      p[PFD_STATUS] = (struct pollfd) { .fd = r->status_fd, .events = POLLIN };
      p[PFD_OUT] = (struct pollfd) { .fd = r->out.fd, .events = POLLIN };
      p[PFD_ERR] = (struct pollfd) { .fd = r->err.fd, .events = POLLIN };
      p[PFD_MASTER] = (struct pollfd) { .fd = r->have_term ? r->term.master : -1, .events = POLLIN };
      p[PFD_STDIN] = (struct pollfd) { .fd = forwarding ? r->term.in_fd : -1, .events = POLLIN };
      p[PFD_SIG] = (struct pollfd) { .fd = r->sig_fd, .events = POLLIN };
      p[PFD_PID] = (struct pollfd) { .fd = r->exited ? -1 : r->pidfd, .events = POLLIN };
      nsbox_relay_poll (&r->in_relay, &p[PFD_RELAY_IN]);
      nsbox_relay_poll (&r->out_relay, &p[PFD_RELAY_OUT]);
      nsbox_relay_poll (&r->err_relay, &p[PFD_RELAY_ERR]);
      if (poll (p, PFD_COUNT, poll_timeout (r, now)) < 0 && errno != EINTR)
        break;
      if (p[PFD_SYNC].revents)
        receive_sync (r);
      if (p[PFD_STATUS].revents)
        receive_status (r);
      if (p[PFD_OUT].revents)
        nsbox_capture_read (&r->out);
      if (p[PFD_ERR].revents)
        nsbox_capture_read (&r->err);
      if (p[PFD_MASTER].revents && !nsbox_relay (r->term.master, r->term.out_fd))
        {
          close (r->term.master);
          r->term.master = -1;
        }
      if (p[PFD_STDIN].revents && !nsbox_relay (r->term.in_fd, r->term.master))
        r->forward_stdin = false;
      if (p[PFD_SIG].revents)
        handle_signals (r);
      if (p[PFD_PID].revents)
        reap (r);
      if (p[PFD_RELAY_IN].revents)
        nsbox_relay_pump (&r->in_relay);
      if (p[PFD_RELAY_OUT].revents)
        nsbox_relay_pump (&r->out_relay);
      if (p[PFD_RELAY_ERR].revents)
        nsbox_relay_pump (&r->err_relay);
      if (r->cgroup)
        nsbox_cgroup_sample (r->cgroup);
      check_deadlines (r, nsbox_monotonic_ms ());
    }
}

static double
timeval_s (struct timeval tv)
{
  return (double) tv.tv_sec + (double) tv.tv_usec / 1e6;
}

static void
set_outcome (struct nsbox_result *res, int status)
{
  if (WIFEXITED (status))
    {
      res->exited = true;
      res->exit_code = WEXITSTATUS (status);
      res->status = NSBOX_STATUS_EXITED;
    }
  else
    {
      res->signal = WTERMSIG (status);
      res->status = NSBOX_STATUS_SIGNALED;
    }
}

/* RLIMIT_CPU: SIGXCPU at the soft limit, SIGKILL at the hard one (or when
 * SIGXCPU is caught or ignored) with the CPU time at the limit. */
static bool
cpu_time_limit_fired (const struct run *r, const struct nsbox_result *res)
{
  const struct nsbox_rlimit *l = &r->config->rlimits[NSBOX_RLIMIT_CPU];

  if (!l->set || l->soft == NSBOX_UNLIMITED)
    return false;
  if (res->signal == SIGXCPU)
    return true;
  return res->signal == SIGKILL && res->have_cpu_time && res->cpu_user_s + res->cpu_system_s >= (double) l->soft;
}

static void
apply_cgroup_stats (struct run *r)
{
  struct nsbox_result *res = r->result;
  const struct nsbox_cgroup_stats *s = &r->cgroup_stats;

  if (!r->have_cgroup_stats)
    return;
  res->memory_peak_bytes = s->memory_peak_bytes;
  res->pids_peak = s->pids_peak;
  res->oom_killed = s->oom_kills > 0;
  /* The cgroup counts every process, also those the init never reaped. */
  if (s->have_cpu)
    {
      res->cpu_user_s = s->cpu_user_s;
      res->cpu_system_s = s->cpu_system_s;
    }
}

static void
collect_result (struct run *r)
{
  struct nsbox_result *res = r->result;

  res->wall_time_s = (double) (nsbox_monotonic_ms () - r->start_ms) / 1000.0;
  set_outcome (res, r->got_status ? r->workload_status : r->init_status);
  /* The init reaps every process of the sandbox, so its children's usage
   * covers the whole tree. */
  res->have_cpu_time = true;
  res->cpu_user_s = timeval_s (r->usage.ru_utime);
  res->cpu_system_s = timeval_s (r->usage.ru_stime);
  apply_cgroup_stats (r);
  if (r->setup_error == NULL && r->cgroup_error != NULL)
    r->setup_error = steal_pointer (&r->cgroup_error);
  if (r->setup_error)
    {
      res->status = NSBOX_STATUS_ERROR;
      res->error = steal_pointer (&r->setup_error);
      if (!r->exec_failed)
        {
          res->exited = false;
          res->signal = 0;
        }
    }
  else if (res->interrupted_by)
    res->status = NSBOX_STATUS_INTERRUPTED;
  else if (res->timed_out)
    res->status = NSBOX_STATUS_TIMEOUT;
  else if (res->oom_killed)
    res->status = NSBOX_STATUS_OOM;
  else if (cpu_time_limit_fired (r, res))
    res->status = NSBOX_STATUS_CPU_TIME_LIMIT;
}

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

static void
kill_and_wait (struct run *r)
{
  siginfo_t info;

  if (r->pid <= 0 || r->exited)
    return;
  kill_all (r);
  syscall (SYS_waitid, P_PIDFD, r->pidfd, &info, WEXITED, &r->usage);
  r->exited = true;
}

/* A reader of ours that went away made a relay's write raise SIGPIPE; the
 * command learns it as EPIPE, nsbox must not die of it once unblocked. */
static void
forget_sigpipe (const struct run *r)
{
  static const struct timespec now = { 0 };
  sigset_t pipe_only;

  if (sigismember (&r->saved_mask, SIGPIPE))
    return;
  sigemptyset (&pipe_only);
  sigaddset (&pipe_only, SIGPIPE);
  while (sigtimedwait (&pipe_only, NULL, &now) == SIGPIPE)
    ;
}

/* An explicit --cpus narrows the affinity as well as the quota: nproc says what it was given.
 * The default leaves every sandbox free to run on any CPU, as pinning sandboxes that do not
 * know of each other could put two on one CPU while another idles. */
static int
plan_affinity (const struct nsbox_sandbox_config *c, const char *id, cpu_set_t *set, struct nsbox_child *child,
               struct nsbox_error **err)
{
  int narrower;

  if (!c->cpus_explicit || c->cpu_millis == NSBOX_UNLIMITED)
    return 0;
  narrower = nsbox_affinity_plan (c->cpu_millis, id, set, err);
  if (narrower < 0)
    return -1;
  child->affinity = narrower ? set : NULL;
  return 0;
}

/* Without a cgroup, the pids limit is RLIMIT_NPROC: the kernel counts it
 * per uid in each user namespace, so in the sandbox's own namespace it
 * counts the sandbox alone (with --userns=host, every process of the uid).
 * Memory becomes RLIMIT_DATA, which bounds each process (not their sum:
 * --pids bounds how many there are); an allocation past it fails instead of
 * being OOM-killed.  CPU bandwidth has no such stand-in. */
static int
prepare_rlimits (const struct nsbox_sandbox_config *c, struct nsbox_rlimits_plan *plan, char ***warnings,
                 struct nsbox_error **err)
{
  struct nsbox_rlimit limits[NSBOX_RLIMIT_COUNT];

  memcpy (limits, c->rlimits, sizeof limits);
  if (c->no_cgroup && !limits[NSBOX_RLIMIT_NPROC].set && c->pids != NSBOX_UNLIMITED)
    limits[NSBOX_RLIMIT_NPROC] = (struct nsbox_rlimit){ .set = true, .soft = c->pids, .hard = c->pids };
  if (c->no_cgroup && !limits[NSBOX_RLIMIT_DATA].set && c->memory_bytes != NSBOX_UNLIMITED)
    limits[NSBOX_RLIMIT_DATA] = (struct nsbox_rlimit){ .set = true, .soft = c->memory_bytes, .hard = c->memory_bytes };
  return nsbox_rlimits_prepare (limits, plan, warnings, err);
}

/* A block of host ids of the sandbox's own, and the start of the process
 * that creates the user namespace mapping it: it works while nsbox prepares
 * the rest (finish_userns). */
static int
start_userns (struct run *r, struct sandbox_ids *ids, const char *id, struct nsbox_error **err)
{
  const struct nsbox_sandbox_config *c = r->config;
  struct nsbox_userns_pool pool;

  static const char *const names[] = {
    [NSBOX_USERNS_PER_SANDBOX] = "per-sandbox", [NSBOX_USERNS_HOST] = "host", [NSBOX_USERNS_ROOTLESS] = "rootless",
  };

  r->result->userns = names[c->userns];
  r->result->limits = c->no_cgroup ? "rlimits-only" : "cgroup";
  /* Per sandbox, the host ids are known once the block is taken (until
   * then, and if that fails, -1). */
  if (c->userns == NSBOX_USERNS_HOST)
    {
      r->result->host_uid = c->uid;
      r->result->host_gid = c->gid;
    }
  if (c->userns == NSBOX_USERNS_ROOTLESS)
    {
      r->result->host_uid = geteuid ();
      r->result->host_gid = getegid ();
    }
  if (c->userns != NSBOX_USERNS_PER_SANDBOX)
    return 0;
  if (c->userns_reserved)
    ids->block = (struct nsbox_userns_block){ c->userns_block_index, c->userns_host_uid, c->userns_host_gid };
  else
    {
      if (nsbox_userns_pool_load (c->userns_pool, NULL, NULL, &pool, err) < 0
          || nsbox_userns_block_take (NSBOX_DEFAULT_USERNS_POOL_DIR, &pool, c->state_root, id, &ids->block, err) < 0)
        return -1;
      ids->taken = true;
    }
  NSBOX_STAMP ("p: userns block taken");
  /* Reaped whatever happens: nsbox_userns_reap is safe on a half start. */
  ids->started = true;
  if (nsbox_userns_start (&ids->block, &ids->creator, err) < 0)
    return -1;
  r->result->host_uid = ids->block.host_uid + c->uid;
  r->result->host_gid = ids->block.host_gid + c->gid;
  return 0;
}

static int
finish_userns (struct run *r, struct sandbox_ids *ids, struct nsbox_child *child, struct nsbox_error **err)
{
  /* The child checks owners from inside its own namespace. */
  child->host_uid = nsbox_child_rootless (child) ? r->config->uid : (uid_t) r->result->host_uid;
  child->host_gid = nsbox_child_rootless (child) ? r->config->gid : (gid_t) r->result->host_gid;
  if (!ids->started)
    return 0;
  ids->fd = nsbox_userns_finish (&ids->creator, err);
  if (ids->fd < 0)
    return -1;
  NSBOX_STAMP ("p: userns created");
  child->userns_fd = ids->fd;
  r->result->idmapped_layers = true;
  return 0;
}

/* Runs on every path: nothing of the sandbox stays behind. */
static void
teardown (struct run *r, const char *id)
{
  kill_and_wait (r);
  if (r->have_term)
    nsbox_terminal_restore (&r->term);
  close_fd (&r->term.master);
  close_fd (&r->sync_fd);
  close_fd (&r->status_fd);
  close_fd (&r->out.fd);
  close_fd (&r->err.fd);
  close_fd (&r->pidfd);
  close_fd (&r->sig_fd);
  nsbox_relay_close (&r->in_relay);
  nsbox_relay_close (&r->out_relay);
  nsbox_relay_close (&r->err_relay);
  /* Numbers first, then removal; the state file goes last, so that `nsbox gc`
   * still finds the cgroups if nsbox dies before this ends. */
  if (r->cgroup)
    {
      r->have_cgroup_stats = nsbox_cgroup_read_stats (r->cgroup, &r->cgroup_stats, NULL) == 0;
      NSBOX_STAMP ("p: cgroup stats read");
      if (nsbox_cgroup_destroy (steal_pointer (&r->cgroup), &r->cgroup_error) < 0)
        nsbox_error_set_stage (r->cgroup_error, "cgroup");
    }
  if (r->state_created)
    {
      NSBOX_STAMP ("p: cgroups removed");
      nsbox_state_remove (r->config->state_root, id, NULL);
      NSBOX_STAMP ("p: state removed");
    }
  forget_sigpipe (r);
  sigprocmask (SIG_SETMASK, &r->saved_mask, NULL);
  nsbox_cgroup_plan_free (steal_pointer (&r->cgroup_plan));
  free (r->staging);
  free (r->upper);
}

/* The caller's own bind sources (the setuid helper's), each cloned here in
 * nsbox's mount namespace where the fd was opened; the child attaches them. */
struct bind_trees
{
  int *fds; /* one per config mount, -1 = the child opens its source path */
  size_t n;
};

static void
bind_trees_close (struct bind_trees *t)
{
  for (size_t i = 0; i < t->n; i++)
    if (t->fds[i] >= 0)
      close (t->fds[i]);
  free (t->fds);
}

/* One source's tree.  A read-write volume of the helper's caller (its own:
 * exec.c checks), in a sandbox with host ids of its own, is idmapped: what
 * the caller owns is the workload's to write, what the workload makes is the
 * caller's on disk; every other owner stays unmapped (nobody). */
static int
clone_source (const struct nsbox_sandbox_config *c, const struct nsbox_child *child, const struct nsbox_bind_mount *m,
              struct nsbox_error **err)
{
  _cleanup_close_ int idmap = -1;
  struct stat st;

  if (!m->read_only && c->restricted && child->userns_fd >= 0)
    {
      if (fstat (m->source_fd, &st) < 0)
        return nsbox_error_errno (err, errno, "volume `%s`", m->source);
      if ((idmap = nsbox_userns_idmap (st.st_uid, child->host_uid, st.st_gid, child->host_gid, err)) < 0)
        return -1;
    }
  return nsbox_mount_clone_source (m, idmap, err);
}

static int
clone_bind_sources (const struct nsbox_sandbox_config *c, const struct nsbox_child *child, struct bind_trees *t,
                    struct nsbox_error **err)
{
  if (c->n_mounts == 0)
    return 0;
  if ((t->fds = malloc (c->n_mounts * sizeof *t->fds)) == NULL)
    return nsbox_error_oom (err);
  for (; t->n < c->n_mounts; t->n++)
    {
      t->fds[t->n] = -1;
      if (c->mounts[t->n].source_fd >= 0 && (t->fds[t->n] = clone_source (c, child, &c->mounts[t->n], err)) < 0)
        return -1;
    }
  return 0;
}

static int
fail (struct nsbox_result *result, const char *stage, struct nsbox_error **err)
{
  result->status = NSBOX_STATUS_ERROR;
  if (err && *err)
    {
      if ((*err)->stage == NULL)
        nsbox_error_set_stage (*err, stage);
      result->error = calloc (1, sizeof *result->error);
      if (result->error)
        {
          result->error->errno_value = (*err)->errno_value;
          result->error->message = strdup ((*err)->message ? (*err)->message : "");
          result->error->stage = strdup ((*err)->stage ? (*err)->stage : stage);
        }
    }
  return -1;
}

int
nsbox_sandbox_run (const struct nsbox_sandbox_config *c, struct nsbox_result *result, struct nsbox_error **err)
{
  struct run r = {
    .config = c, .result = result, .sync_fd = -1, .status_fd = -1, .sig_fd = -1, .pidfd = -1,
    .out = { .fd = -1, .limit = c->output_limit, .out = &result->out },
    .err = { .fd = -1, .limit = c->output_limit, .out = &result->err },
    .term = { .master = -1, .in_fd = c->interactive ? 0 : -1, .out_fd = 1 },
    .in_relay = { .from = -1, .to = -1, .reopened = -1 },
    .out_relay = { .from = -1, .to = -1, .reopened = -1 },
    .err_relay = { .from = -1, .to = -1, .reopened = -1 },
    .forward_stdin = c->interactive,
  };
  __attribute__ ((cleanup (sandbox_ids_release))) struct sandbox_ids ids = { .fd = -1 };
  __attribute__ ((cleanup (bind_trees_close))) struct bind_trees trees = { 0 };
  struct nsbox_child child = {
    .config = c, .stdin_fd = c->stdin_fd, .stdout_fd = -1, .stderr_fd = -1, .userns_fd = -1,
  };
  _cleanup_seccomp_program_ struct nsbox_seccomp_program seccomp = { 0 };
  _cleanup_strv_ char **seccomp_warnings = NULL;
  __attribute__ ((cleanup (nsbox_netns_build_abandon))) struct nsbox_netns_build netns = { .fd = -1 };
  struct nsbox_rlimits_plan rlimits;
  cpu_set_t affinity;
  _cleanup_free_ char *id = NULL, *cgroup_name = NULL;
  int ret = 0;

  NSBOX_STAMP ("p: run");
  nsbox_result_init (result);
  /* Stopped before anything was made (the caller blocks these from its
   * start): nothing to build, nothing to tear down. */
  if ((result->interrupted_by = nsbox_sandbox_take_stop_signal ()) > 0)
    {
      result->status = NSBOX_STATUS_INTERRUPTED;
      return 0;
    }
  if (check_config (c, err) < 0)
    return fail (result, "config", err);
  if (c->userns != NSBOX_USERNS_ROOTLESS && nsbox_netns_build_start (&netns, err) < 0)
    return fail (result, "network", err);
  r.netns = &netns;
  if (c->id ? (id = strdup (c->id)) == NULL : nsbox_sandbox_new_id (&id, err) < 0)
    return fail (result, "config", err);
  /* Its creator works while the seccomp program and the state are made.
   * The block names the sandbox; until its state file exists, gc frees it
   * as soon as this nsbox is gone. */
  if (start_userns (&r, &ids, id, err) < 0)
    return fail (result, "userns", err);
  if (prepare_seccomp (c, &seccomp, &seccomp_warnings, err) < 0)
    return fail (result, "seccomp", err);
  NSBOX_STAMP ("p: seccomp prepared");
  child.seccomp = &seccomp;
  if (plan_cgroups (&r, id, &cgroup_name, err) < 0)
    return fail (result, "cgroup", err);
  child.cgroup_name = cgroup_name;
  if (nsbox_state_create (c->state_root, id, c->owner_uid, planned_cgroups (&r), err) < 0)
    {
      nsbox_cgroup_plan_free (r.cgroup_plan);
      return fail (result, "state", err);
    }
  r.state_created = true;
  NSBOX_STAMP ("p: state created");
  if (nsbox_state_mount_points (c->state_root, &r.staging, &r.upper, err) < 0)
    ret = fail (result, "state", err);
  child.staging = r.staging;
  child.upper_base = r.upper;
  if (ret == 0 && prepare_rlimits (c, &rlimits, &result->warnings, err) < 0)
    ret = fail (result, "rlimits", err);
  for (char **w = seccomp_warnings; ret == 0 && w && *w; w++)
    if (nsbox_strv_append (&result->warnings, *w, err) < 0)
      ret = fail (result, "seccomp", err);
  child.rlimits = &rlimits;
  if (ret == 0 && plan_affinity (c, id, &affinity, &child, err) < 0)
    ret = fail (result, "cpus", err);
  if (ret == 0 && finish_userns (&r, &ids, &child, err) < 0)
    ret = fail (result, "userns", err);
  if (c->use_init)
    nsbox_init_locate_args (&child.args_start, &child.args_end);
  if (ret == 0 && clone_bind_sources (c, &child, &trees, err) < 0)
    ret = fail (result, "mount", err);
  child.bind_trees = trees.fds;
  if (ret == 0 && block_signals (&r, err) < 0)
    ret = fail (result, "signals", err);
  if (ret == 0 && start (&r, &child, err) < 0)
    ret = fail (result, "clone", err);
  if (ret == 0 && release_child (&r, err) < 0)
    {
      kill_and_wait (&r);
      prefer_child_error (&r, err);
      ret = fail (result, "clone", err);
    }
  /* Off the way to the start: the child is already building its last mounts. */
  if (ret == 0 && write_state (&r, id, planned_cgroups (&r), err) < 0)
    ret = fail (result, "state", err);
  NSBOX_STAMP ("p: state written");
  /* Killed when the namespace was ready; gone by now. */
  sandbox_ids_reap (&ids);
  if (ret == 0)
    {
      r.deadline_ms = c->timeout_ms ? r.start_ms + c->timeout_ms : 0;
      event_loop (&r);
      teardown (&r, id);
      collect_result (&r);
      nsbox_error_free (r.setup_error);
      nsbox_error_free (r.cgroup_error);
      if (result->status == NSBOX_STATUS_ERROR && result->error)
        {
          nsbox_error_errno (err, result->error->errno_value, "%s", result->error->message);
          nsbox_error_set_stage (*err, result->error->stage);
          return -1;
        }
      return 0;
    }
  teardown (&r, id);
  nsbox_error_free (r.cgroup_error);
  return ret;
}
