#define _GNU_SOURCE
/* create.c - `create`: the container's namespaces, cgroup and root, its
 * process waiting at the start gate, and its state recorded. */
#include "oci/runtime.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/proc.h"
#include "base/strv.h"
#include "cgroup/cgroup.h"
#include "oci/hooks.h"
#include "oci/init.h"
#include "oci/setup.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What create builds, torn down in reverse when a step fails. */
struct creation
{
  const struct nsbox_oci_runtime *rt;
  const char *id;
  struct nsbox_oci_config config;
  int root_fd, dir_fd, fifo_fd, sync_fd;
  struct nsbox_oci_cgroup cgroup;
  struct nsbox_seccomp_program seccomp;
  pid_t pid;
  bool done;
};

static void
creation_release (struct creation *c)
{
  _cleanup_error_ struct nsbox_error *ignored = NULL;

  if (!c->done)
    {
      if (c->pid > 0)
        {
          kill (c->pid, SIGKILL);
          while (waitpid (c->pid, NULL, 0) < 0 && errno == EINTR)
            ;
        }
      nsbox_oci_cgroup_remove (&c->cgroup, &ignored);
      if (c->dir_fd >= 0)
        nsbox_oci_dir_remove (c->root_fd, c->id, &ignored);
    }
  nsbox_oci_cgroup_release (&c->cgroup);
  nsbox_seccomp_program_release (&c->seccomp);
  nsbox_oci_config_release (&c->config);
  for (int *fd = &c->root_fd; fd <= &c->sync_fd; fd++)
    if (*fd >= 0)
      close (*fd);
}

static int
copy_config (struct creation *c, struct nsbox_error **err)
{
  _cleanup_free_ char *path = NULL, *text = NULL;
  _cleanup_close_ int fd = -1;
  size_t len;

  if (asprintf (&path, "%s/config.json", c->config.bundle) < 0)
    return nsbox_error_oom (err);
  if (nsbox_read_file (path, NSBOX_OCI_CONFIG_MAX, &text, &len, err) < 0)
    return -1;
  fd = openat (c->dir_fd, NSBOX_OCI_CONFIG_FILE, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0 || nsbox_write_all (fd, text, len) < 0)
    return nsbox_error_errno (err, errno, "keep the config of container `%s`", c->id);
  return 0;
}

/* The start gate, held open read-write by the container's process: its
 * read blocks until `start` writes, and `start` can tell a gate nobody
 * holds (the process died) by ENXIO. */
static int
make_gate (struct creation *c, struct nsbox_error **err)
{
  if (mkfifoat (c->dir_fd, NSBOX_OCI_FIFO, 0600) < 0)
    return nsbox_error_errno (err, errno, "create the start gate of `%s`", c->id);
  c->fifo_fd = openat (c->dir_fd, NSBOX_OCI_FIFO, O_RDWR | O_CLOEXEC);
  if (c->fifo_fd < 0)
    return nsbox_error_errno (err, errno, "open the start gate of `%s`", c->id);
  return 0;
}

static int
prepare_seccomp (struct creation *c, struct nsbox_error **err)
{
  const char *json = c->config.seccomp_json;

  if (json == NULL)
    return 0;
  return nsbox_oci_seccomp_prepare (json, c->rt->seccomp_cache_dir, &c->seccomp, err);
}

static int
clone_init (struct creation *c, const struct nsbox_oci_create_options *o, struct nsbox_oci_init *init,
            struct nsbox_error **err)
{
  int pair[2];
  struct clone_args args = { .exit_signal = SIGCHLD };
  long pid;

  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
    return nsbox_error_errno (err, errno, "socketpair");
  args.flags = nsbox_oci_clone_flags (&c->config);
  pid = syscall (SYS_clone3, &args, sizeof args);
  if (pid < 0)
    {
      close (pair[0]);
      close (pair[1]);
      return nsbox_error_errno (err, errno, "clone the container's process");
    }
  if (pid == 0)
    {
      close (pair[0]);
      init->sync_fd = pair[1];
      init->fifo_fd = c->fifo_fd;
      init->preserve_fds = o->preserve_fds;
      init->no_pivot = o->no_pivot;
      init->no_new_keyring = o->no_new_keyring;
      nsbox_oci_init_main (init);
    }
  close (pair[1]);
  c->sync_fd = pair[0];
  c->pid = (pid_t) pid;
  return 0;
}

static int
runtime_hooks (struct creation *c, struct nsbox_error **err)
{
  _cleanup_free_ char *state
      = nsbox_oci_hook_state (c->id, "created", c->pid, c->config.bundle, c->config.annotations_json);
  const struct nsbox_oci_config *k = &c->config;

  if (state == NULL)
    return nsbox_error_oom (err);
  if (nsbox_oci_hooks_run (k->hooks[NSBOX_OCI_HOOK_PRESTART], k->n_hooks[NSBOX_OCI_HOOK_PRESTART], "prestart", state,
                           err)
          < 0
      || nsbox_oci_hooks_run (k->hooks[NSBOX_OCI_HOOK_CREATE_RUNTIME], k->n_hooks[NSBOX_OCI_HOOK_CREATE_RUNTIME],
                              "createRuntime", state, err)
             < 0)
    return -1;
  return 0;
}

static int
prestart (void *data, struct nsbox_error **err)
{
  return runtime_hooks (data, err);
}

static int
now_rfc3339 (char **out, struct nsbox_error **err)
{
  struct timespec ts;
  struct tm tm;
  char buf[64];

  clock_gettime (CLOCK_REALTIME, &ts);
  gmtime_r (&ts.tv_sec, &tm);
  strftime (buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  if (asprintf (out, "%s.%09ldZ", buf, ts.tv_nsec) < 0)
    return nsbox_error_oom (err);
  return 0;
}

static int
record (struct creation *c, const struct nsbox_oci_create_options *o, struct nsbox_error **err)
{
  struct nsbox_oci_state s = { .id = (char *) c->id, .pid = c->pid, .pid_start = nsbox_proc_start_time (c->pid),
                               .bundle = c->config.bundle, .annotations_json = c->config.annotations_json,
                               .cgroup_paths = c->cgroup.paths, .cgroup_parents = c->cgroup.made_parents,
                               .owner = getuid (), .systemd_cgroup = c->rt->systemd_cgroup };
  _cleanup_free_ char *created = NULL;

  if (now_rfc3339 (&created, err) < 0)
    return -1;
  s.created = created;
  if (o->pid_file && nsbox_oci_write_pid_file (o->pid_file, c->pid, err) < 0)
    return -1;
  return nsbox_oci_state_write (c->dir_fd, &s, err);
}

static int
check_options (const struct nsbox_oci_config *k, const struct nsbox_oci_create_options *o, struct nsbox_error **err)
{
  if (nsbox_oci_check_lsm (k, &k->process, err) < 0 || nsbox_oci_check_sysctls (k, err) < 0)
    return -1;
  if (nsbox_oci_config_namespace (k, CLONE_NEWNS) == NULL)
    return nsbox_error_msg (err, "config.json: linux.namespaces: nsbox needs a mount namespace");
  if (k->process.terminal && o->console_socket == NULL)
    return nsbox_error_msg (err, "process.terminal needs --console-socket");
  if (!k->process.terminal && o->console_socket != NULL)
    return nsbox_error_msg (err, "--console-socket without process.terminal");
  return 0;
}

int
nsbox_oci_create (const struct nsbox_oci_runtime *rt, const char *id, const struct nsbox_oci_create_options *o,
                  pid_t *pid_out, struct nsbox_error **err)
{
  __attribute__ ((cleanup (creation_release)))
  struct creation c = { .rt = rt, .id = id, .root_fd = -1, .dir_fd = -1, .fifo_fd = -1, .sync_fd = -1 };
  struct nsbox_oci_init init = { .config = &c.config, .process = &c.config.process, .id = id };

  if (nsbox_oci_check_id (id, err) < 0 || nsbox_oci_config_load (o->bundle ? o->bundle : ".", &c.config, err) < 0
      || check_options (&c.config, o, err) < 0)
    return -1;
  c.root_fd = nsbox_oci_root_open (rt->root ? rt->root : NSBOX_OCI_DEFAULT_ROOT, true, err);
  if (c.root_fd < 0)
    return -1;
  c.dir_fd = nsbox_oci_dir_create (c.root_fd, id, err);
  if (c.dir_fd < 0 || copy_config (&c, err) < 0 || make_gate (&c, err) < 0 || prepare_seccomp (&c, err) < 0)
    return -1;
  init.seccomp = c.config.seccomp_json ? &c.seccomp : NULL;
  if (nsbox_oci_cgroup_create (&c.config, id, rt->systemd_cgroup, &c.cgroup, err) < 0
      || nsbox_oci_prepare_init (&c.config, &c.cgroup, &init, err) < 0 || clone_init (&c, o, &init, err) < 0)
    return -1;
  nsbox_oci_close_joined (&init);
  if (nsbox_oci_start_init (&c.config, &c.cgroup, c.pid, c.sync_fd, err) < 0 || nsbox_oci_follow_setup (c.sync_fd, o->console_socket, prestart, &c, err) < 0
      || record (&c, o, err) < 0)
    return -1;
  c.done = true;
  *pid_out = c.pid;
  return 0;
}
