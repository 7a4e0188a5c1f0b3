#define _GNU_SOURCE
/* ops.c - the runtime's operations on a container that exists. */
#include "oci/runtime.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/strv.h"
#include "cgroup/cgroup.h"
#include "oci/hooks.h"
#include "oci/setup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* One container, opened and locked for the length of an operation. */
struct opened
{
  int root_fd, dir_fd;
  struct nsbox_oci_state state;
  enum nsbox_oci_status status;
  bool have_state;
};

static void
opened_release (struct opened *o)
{
  if (o->dir_fd >= 0)
    close (o->dir_fd);
  if (o->root_fd >= 0)
    close (o->root_fd);
  nsbox_oci_state_release (&o->state);
}
#define _cleanup_opened_ __attribute__ ((cleanup (opened_release)))

static const char *
root_of (const struct nsbox_oci_runtime *rt)
{
  return rt->root ? rt->root : NSBOX_OCI_DEFAULT_ROOT;
}

/* With allow_creating, a directory whose state.json was never written (a
 * create that died) opens too, as "creating". */
static int
open_container (const struct nsbox_oci_runtime *rt, const char *id, bool allow_creating, struct opened *o,
                struct nsbox_error **err)
{
  _cleanup_error_ struct nsbox_error *missing = NULL;

  o->root_fd = nsbox_oci_root_open (root_of (rt), false, err);
  if (o->root_fd < 0)
    return errno == ENOENT ? nsbox_error_prefix (err, "container `%s` does not exist", id) : -1;
  o->dir_fd = nsbox_oci_dir_open (o->root_fd, id, err);
  if (o->dir_fd < 0)
    return -1;
  if (nsbox_oci_state_read (o->dir_fd, &o->state, &missing) < 0)
    {
      if (!allow_creating || missing->errno_value != ENOENT)
        {
          *err = steal_pointer (&missing);
          return nsbox_error_prefix (err, "container `%s`", id);
        }
      o->status = NSBOX_OCI_CREATING;
      return 0;
    }
  o->have_state = true;
  o->status = nsbox_oci_state_status (o->dir_fd, &o->state);
  return 0;
}

static int
saved_config_at (int dir_fd, const char *bundle, struct nsbox_oci_config *config, struct nsbox_error **err)
{
  _cleanup_close_ int fd = openat (dir_fd, NSBOX_OCI_CONFIG_FILE, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  _cleanup_free_ char *text = NULL;
  size_t len;

  if (fd < 0)
    return nsbox_error_errno (err, errno, "read the saved config.json");
  if (nsbox_read_fd (fd, "config.json", NSBOX_OCI_CONFIG_MAX, &text, &len, err) < 0)
    return -1;
  return nsbox_oci_config_parse ("config.json", text, len, bundle, config, err);
}

int
nsbox_oci_saved_config (const struct nsbox_oci_runtime *rt, const char *id, struct nsbox_oci_config *config,
                        struct nsbox_error **err)
{
  _cleanup_opened_ struct opened o = { .root_fd = -1, .dir_fd = -1 };

  if (open_container (rt, id, false, &o, err) < 0)
    return -1;
  return saved_config_at (o.dir_fd, o.state.bundle, config, err);
}

int
nsbox_oci_load (const struct nsbox_oci_runtime *rt, const char *id, struct nsbox_oci_state *state,
                enum nsbox_oci_status *status, struct nsbox_error **err)
{
  _cleanup_opened_ struct opened o = { .root_fd = -1, .dir_fd = -1 };

  if (open_container (rt, id, false, &o, err) < 0)
    return -1;
  *status = o.status;
  *state = o.state;
  o.state = (struct nsbox_oci_state){ 0 };
  return 0;
}

/* poststart and poststop failures are warnings (the spec's rule), for the caller to show. */
static void
warn_hooks (const struct nsbox_oci_runtime *rt, const struct opened *o, enum nsbox_oci_hook_kind kind,
            const char *name, const char *status)
{
  struct nsbox_oci_config config = { 0 };
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *state = NULL;

  if (saved_config_at (o->dir_fd, o->state.bundle, &config, &err) == 0 && config.n_hooks[kind] > 0
      && (state = nsbox_oci_hook_state (o->state.id, status, o->state.pid, o->state.bundle,
                                        o->state.annotations_json))
             != NULL)
    nsbox_oci_hooks_run (config.hooks[kind], config.n_hooks[kind], name, state, &err);
  nsbox_oci_config_release (&config);
  if (err && rt->warn)
    rt->warn (rt->warn_data, err->message);
}

int
nsbox_oci_start (const struct nsbox_oci_runtime *rt, const char *id, struct nsbox_error **err)
{
  _cleanup_opened_ struct opened o = { .root_fd = -1, .dir_fd = -1 };
  _cleanup_close_ int gate = -1;

  if (open_container (rt, id, false, &o, err) < 0)
    return -1;
  if (o.status != NSBOX_OCI_CREATED)
    return nsbox_error_errno (err, EINVAL, "container `%s` is %s: only a created container starts", id,
                              nsbox_oci_status_name (o.status));
  /* ENXIO: nobody holds the gate, the process is gone. */
  gate = openat (o.dir_fd, NSBOX_OCI_FIFO, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (gate < 0 || write (gate, "s", 1) != 1)
    return nsbox_error_errno (err, errno, "start container `%s`", id);
  if (unlinkat (o.dir_fd, NSBOX_OCI_FIFO, 0) < 0)
    return nsbox_error_errno (err, errno, "start container `%s`", id);
  o.status = NSBOX_OCI_RUNNING;
  warn_hooks (rt, &o, NSBOX_OCI_HOOK_POSTSTART, "poststart", "running");
  return 0;
}

int
nsbox_oci_state (const struct nsbox_oci_runtime *rt, const char *id, char **json, struct nsbox_error **err)
{
  _cleanup_opened_ struct opened o = { .root_fd = -1, .dir_fd = -1 };
  _cleanup_free_ char *rootfs = NULL;
  struct nsbox_oci_config config = { 0 };

  if (open_container (rt, id, true, &o, err) < 0)
    return -1;
  if (!o.have_state)
    {
      o.state.id = strdup (id);
      o.state.bundle = strdup ("");
      o.state.created = strdup ("");
    }
  if (o.have_state && saved_config_at (o.dir_fd, o.state.bundle, &config, err) == 0)
    rootfs = strdup (config.root_path);
  nsbox_oci_config_release (&config);
  if (*err)
    {
      nsbox_error_free (*err);
      *err = NULL;
    }
  *json = nsbox_oci_state_json (&o.state, o.status, rootfs, true);
  return *json ? 0 : nsbox_error_oom (err);
}

static int
signal_process (const struct nsbox_oci_state *s, int sig, struct nsbox_error **err)
{
  _cleanup_close_ int pidfd = (int) syscall (SYS_pidfd_open, s->pid, 0);

  /* The pidfd names this process even if it exits now; the start time
   * checked after opening it proves it is the container's. */
  if (pidfd < 0 || !nsbox_oci_state_alive (s))
    return nsbox_error_errno (err, ESRCH, "container `%s` is not running", s->id);
  if (syscall (SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
    return nsbox_error_errno (err, errno, "signal %d to container `%s`", sig, s->id);
  return 0;
}

int
nsbox_oci_kill (const struct nsbox_oci_runtime *rt, const char *id, int sig, bool all, struct nsbox_error **err)
{
  _cleanup_opened_ struct opened o = { .root_fd = -1, .dir_fd = -1 };
  struct nsbox_cgroup *cg = NULL;
  int ret;

  if (open_container (rt, id, false, &o, err) < 0)
    return -1;
  if (!all)
    {
      if (o.status == NSBOX_OCI_STOPPED)
        return nsbox_error_errno (err, ESRCH, "container `%s` is not running", id);
      return signal_process (&o.state, sig, err);
    }
  if (nsbox_cgroup_open_paths (o.state.cgroup_paths, &cg, err) < 0)
    return -1;
  ret = nsbox_cgroup_kill (cg, sig, err);
  nsbox_cgroup_close (cg);
  return ret;
}

/* Every process of the container, the gate's waiter included, then the cgroup. */
static int
remove_container (const struct nsbox_oci_runtime *rt, struct opened *o, struct nsbox_error **err)
{
  struct nsbox_cgroup *cg = NULL;

  if (o->have_state)
    {
      if (nsbox_oci_state_alive (&o->state))
        {
          _cleanup_error_ struct nsbox_error *gone = NULL;
          signal_process (&o->state, SIGKILL, &gone);
        }
      if (nsbox_cgroup_open_paths (o->state.cgroup_paths, &cg, err) < 0)
        return -1;
      if (nsbox_cgroup_frozen (cg) == 1 && nsbox_cgroup_freeze (cg, false, err) < 0)
        {
          nsbox_cgroup_close (cg);
          return -1;
        }
      if (nsbox_cgroup_destroy (cg, err) < 0)
        return -1;
      nsbox_oci_cgroup_remove_parents (o->state.cgroup_parents);
      warn_hooks (rt, o, NSBOX_OCI_HOOK_POSTSTOP, "poststop", "stopped");
    }
  return nsbox_oci_dir_remove (o->root_fd, o->state.id ? o->state.id : "", err);
}

int
nsbox_oci_delete (const struct nsbox_oci_runtime *rt, const char *id, bool force, struct nsbox_error **err)
{
  _cleanup_opened_ struct opened o = { .root_fd = -1, .dir_fd = -1 };

  if (open_container (rt, id, true, &o, err) < 0)
    {
      /* As runc: an engine cleaning up after a failed create may ask for
       * what never existed. */
      if (!force || (*err)->errno_value != ENOENT)
        return -1;
      nsbox_error_free (*err);
      *err = NULL;
      return 0;
    }
  if (!o.have_state && (o.state.id = strdup (id)) == NULL)
    return nsbox_error_oom (err);
  if (!force && (o.status == NSBOX_OCI_RUNNING || o.status == NSBOX_OCI_PAUSED))
    return nsbox_error_errno (err, EBUSY, "container `%s` is %s: stop it first, or delete --force", id,
                              nsbox_oci_status_name (o.status));
  return remove_container (rt, &o, err);
}

int
nsbox_oci_pause (const struct nsbox_oci_runtime *rt, const char *id, bool pause, struct nsbox_error **err)
{
  _cleanup_opened_ struct opened o = { .root_fd = -1, .dir_fd = -1 };
  struct nsbox_cgroup *cg = NULL;
  int ret;

  if (open_container (rt, id, false, &o, err) < 0)
    return -1;
  if (o.status != (pause ? NSBOX_OCI_RUNNING : NSBOX_OCI_PAUSED))
    return nsbox_error_errno (err, EINVAL, "container `%s` is %s, not %s", id, nsbox_oci_status_name (o.status),
                              pause ? "running" : "paused");
  if (nsbox_cgroup_open_paths (o.state.cgroup_paths, &cg, err) < 0)
    return -1;
  ret = nsbox_cgroup_freeze (cg, pause, err);
  nsbox_cgroup_close (cg);
  return ret;
}

int
nsbox_oci_pids (const struct nsbox_oci_runtime *rt, const char *id, pid_t **pids, size_t *n, struct nsbox_error **err)
{
  _cleanup_opened_ struct opened o = { .root_fd = -1, .dir_fd = -1 };
  struct nsbox_cgroup *cg = NULL;
  int ret;

  if (open_container (rt, id, false, &o, err) < 0 || nsbox_cgroup_open_paths (o.state.cgroup_paths, &cg, err) < 0)
    return -1;
  ret = nsbox_cgroup_list_pids (cg, pids, n, err);
  nsbox_cgroup_close (cg);
  return ret;
}

int
nsbox_oci_update (const struct nsbox_oci_runtime *rt, const char *id, const struct nsbox_oci_resources *r,
                  struct nsbox_error **err)
{
  _cleanup_opened_ struct opened o = { .root_fd = -1, .dir_fd = -1 };
  struct nsbox_cgroup *cg = NULL;
  struct nsbox_cgroup_limits limits = { 0 };
  uint64_t period = r->cpu_period ? r->cpu_period : 100000;
  int ret;

  if (open_container (rt, id, false, &o, err) < 0 || nsbox_cgroup_open_paths (o.state.cgroup_paths, &cg, err) < 0)
    return -1;
  limits.memory_bytes = r->memory_limit > 0 ? (uint64_t) r->memory_limit : 0;
  limits.pids = r->pids_limit > 0 ? (uint64_t) r->pids_limit : 0;
  limits.cpu_millis = r->cpu_quota > 0 ? ((uint64_t) r->cpu_quota * 1000 + period - 1) / period : 0;
  ret = nsbox_cgroup_update_limits (cg, &limits, err);
  if (ret == 0)
    ret = nsbox_oci_cgroup_apply (cg, r, err);
  nsbox_cgroup_close (cg);
  return ret;
}

int
nsbox_oci_stats (const struct nsbox_oci_runtime *rt, const char *id, char **json, struct nsbox_error **err)
{
  _cleanup_opened_ struct opened o = { .root_fd = -1, .dir_fd = -1 };
  struct nsbox_cgroup *cg = NULL;
  struct nsbox_cgroup_stats s;
  _cleanup_free_ pid_t *pids = NULL;
  size_t n = 0;
  int ret;

  if (open_container (rt, id, false, &o, err) < 0 || nsbox_cgroup_open_paths (o.state.cgroup_paths, &cg, err) < 0)
    return -1;
  ret = nsbox_cgroup_read_stats (cg, &s, err);
  if (ret == 0)
    ret = nsbox_cgroup_list_pids (cg, &pids, &n, err);
  nsbox_cgroup_close (cg);
  if (ret < 0)
    return -1;
  if (asprintf (json,
                "{\"type\":\"stats\",\"id\":\"%s\",\"data\":{\"cpu\":{\"usage\":{\"total\":%.0f,\"user\":%.0f,"
                "\"kernel\":%.0f}},\"memory\":{\"usage\":{\"max\":%lld}},\"pids\":{\"current\":%zu,\"peak\":%lld}}}",
                id, (s.cpu_user_s + s.cpu_system_s) * 1e9, s.cpu_user_s * 1e9, s.cpu_system_s * 1e9,
                (long long) s.memory_peak_bytes, n, (long long) s.pids_peak)
      < 0)
    return nsbox_error_oom (err);
  return 0;
}

int
nsbox_oci_list (const struct nsbox_oci_runtime *rt, char ***states, struct nsbox_error **err)
{
  _cleanup_closedir_ DIR *d = opendir (root_of (rt));
  _cleanup_strv_ char **out = calloc (1, sizeof (char *));
  struct dirent *e;

  if (out == NULL)
    return nsbox_error_oom (err);
  if (d == NULL && errno != ENOENT)
    return nsbox_error_errno (err, errno, "open the runtime root `%s`", root_of (rt));
  while (d && (e = readdir (d)) != NULL)
    {
      _cleanup_free_ char *json = NULL;
      _cleanup_error_ struct nsbox_error *skip = NULL;

      if (e->d_name[0] == '.' || e->d_type != DT_DIR)
        continue;
      /* A container deleted while we list is no error. */
      if (nsbox_oci_state (rt, e->d_name, &json, &skip) < 0)
        continue;
      if (nsbox_strv_append (&out, json, err) < 0)
        return -1;
    }
  *states = steal_pointer (&out);
  return 0;
}
