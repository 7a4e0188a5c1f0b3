#define _GNU_SOURCE
/* exec.c - `exec`: one more process in a running container's namespaces and cgroup. */
#include "oci/runtime.h"
#include "base/cleanup.h"
#include "cgroup/cgroup.h"
#include "oci/init.h"
#include "oci/setup.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The container's namespace of one type, unless it is ours already (setns
 * into one's own user namespace fails). */
static int
open_container_ns (pid_t pid, int flag, struct nsbox_oci_init *init, struct nsbox_error **err)
{
  char path[64], own[64];
  const char *type = nsbox_oci_namespace_type (flag);
  const char *name = flag == CLONE_NEWNET ? "net" : flag == CLONE_NEWNS ? "mnt" : type;
  struct stat theirs, mine;
  int fd;

  snprintf (path, sizeof path, "/proc/%d/ns/%s", (int) pid, name);
  snprintf (own, sizeof own, "/proc/self/ns/%s", name);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fstat (fd, &theirs) < 0)
    return nsbox_error_errno (err, errno, "open `%s`", path);
  if (stat (own, &mine) == 0 && mine.st_ino == theirs.st_ino && mine.st_dev == theirs.st_dev)
    {
      close (fd);
      return 0;
    }
  if (flag == CLONE_NEWPID)
    {
      int ret = setns (fd, CLONE_NEWPID);
      close (fd);
      return ret < 0 ? nsbox_error_errno (err, errno, "join the container's pid namespace") : 0;
    }
  init->join_fds[init->n_join] = fd;
  init->join_flags[init->n_join++] = flag;
  return 0;
}

static int
join_container (pid_t pid, struct nsbox_oci_init *init, struct nsbox_error **err)
{
  static const int order[] = { CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWIPC,    CLONE_NEWUTS,
                               CLONE_NEWNET,  CLONE_NEWCGROUP, CLONE_NEWTIME, CLONE_NEWNS };

  for (size_t i = 0; i < sizeof order / sizeof *order; i++)
    if (nsbox_oci_config_namespace (init->config, order[i]) && open_container_ns (pid, order[i], init, err) < 0)
      return -1;
  return 0;
}

static int
wait_process (pid_t pid, int *status, struct nsbox_error **err)
{
  while (waitpid (pid, status, 0) < 0)
    if (errno != EINTR)
      return nsbox_error_errno (err, errno, "wait for process %d", (int) pid);
  return 0;
}

static int
open_cgroup (const struct nsbox_oci_state *s, struct nsbox_oci_cgroup *cgroup, struct nsbox_error **err)
{
  return nsbox_cgroup_open_paths (s->cgroup_paths, &cgroup->cg, err);
}

/* Once the process exists: into the cgroup, through its set-up, its pid recorded. */
static int
follow (const struct nsbox_oci_exec_options *o, const struct nsbox_oci_cgroup *cgroup, pid_t pid, int sync_fd,
        struct nsbox_error **err)
{
  if (nsbox_oci_start_init (NULL, cgroup, pid, sync_fd, err) < 0
      || nsbox_oci_follow_setup (sync_fd, o->console_socket, NULL, NULL, err) < 0
      || (o->pid_file && nsbox_oci_write_pid_file (o->pid_file, pid, err) < 0))
    return -1;
  return 0;
}

static int
fork_process (struct nsbox_oci_init *init, const struct nsbox_oci_exec_options *o,
              const struct nsbox_oci_cgroup *cgroup, pid_t *pid_out, struct nsbox_error **err)
{
  _cleanup_close_ int sync_fd = -1;
  int pair[2], status;
  pid_t pid;

  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
    return nsbox_error_errno (err, errno, "socketpair");
  pid = fork ();
  if (pid == 0)
    {
      close (pair[0]);
      init->sync_fd = pair[1];
      nsbox_oci_init_main (init);
    }
  close (pair[1]);
  sync_fd = pair[0];
  if (pid < 0)
    return nsbox_error_errno (err, errno, "fork");
  if (follow (o, cgroup, pid, sync_fd, err) < 0)
    {
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      return -1;
    }
  *pid_out = pid;
  return 0;
}

int
nsbox_oci_exec (const struct nsbox_oci_runtime *rt, const char *id, const struct nsbox_oci_process *process,
                const struct nsbox_oci_exec_options *o, pid_t *pid_out, int *status, struct nsbox_error **err)
{
  _cleanup_oci_config_ struct nsbox_oci_config config = { 0 };
  _cleanup_seccomp_program_ struct nsbox_seccomp_program seccomp = { 0 };
  struct nsbox_oci_state state = { 0 };
  enum nsbox_oci_status st;
  struct nsbox_oci_cgroup cgroup = { 0 };
  struct nsbox_oci_init init = { .config = &config, .process = process, .id = id, .fifo_fd = -1,
                                 .preserve_fds = o->preserve_fds, .no_new_keyring = true };
  int ret = -1;

  if (nsbox_oci_saved_config (rt, id, &config, err) < 0 || nsbox_oci_load (rt, id, &state, &st, err) < 0)
    return -1;
  if (st != NSBOX_OCI_RUNNING)
    ret = nsbox_error_errno (err, EINVAL, "container `%s` is %s, not running", id, nsbox_oci_status_name (st));
  else if (nsbox_oci_check_lsm (NULL, process, err) < 0)
    ret = -1;
  else if (process->terminal != (o->console_socket != NULL))
    ret = nsbox_error_msg (err, "--tty and --console-socket go together");
  else if (config.seccomp_json
           && nsbox_oci_seccomp_prepare (config.seccomp_json, rt->seccomp_cache_dir, &seccomp, err) < 0)
    ret = -1;
  else
    {
      init.seccomp = config.seccomp_json ? &seccomp : NULL;
      if (join_container (state.pid, &init, err) == 0 && open_cgroup (&state, &cgroup, err) == 0
          && fork_process (&init, o, &cgroup, pid_out, err) == 0)
        ret = o->detach ? 0 : wait_process (*pid_out, status, err);
    }
  nsbox_oci_close_joined (&init);
  nsbox_oci_cgroup_release (&cgroup);
  nsbox_oci_state_release (&state);
  return ret;
}
