/* runtime.h - the OCI runtime's operations (runc's command line, minus the parsing).
 *
 * Each call is one invocation of nsbox-runtime: it finds the container by
 * id under the runtime root, locks its directory, acts, and returns.  Only
 * `create` (and `run`, `exec` in the foreground) starts processes; the
 * container's process outlives the call that made it. */
#ifndef NSBOX_OCI_RUNTIME_H
#define NSBOX_OCI_RUNTIME_H

#include <stdbool.h>
#include <sys/types.h>

#include "base/error.h"
#include "oci/config.h"
#include "oci/state.h"

/* What the runtime says without failing (a poststart or poststop hook's
 * failure, which the spec makes a warning): the library never prints. */
typedef void nsbox_oci_warn_fn (void *data, const char *message);

struct nsbox_oci_runtime
{
  nsbox_oci_warn_fn *warn; /* NULL = warnings are dropped */
  void *warn_data;
  const char *root;      /* state root; NULL = NSBOX_OCI_DEFAULT_ROOT */
  bool systemd_cgroup;   /* cgroupsPath is "slice:prefix:name" */
  const char *seccomp_cache_dir; /* compiled filters (seccomp/seccomp.h); NULL = none: compile each time */
};

struct nsbox_oci_create_options
{
  const char *bundle;         /* NULL = the current directory */
  const char *pid_file;       /* NULL = none */
  const char *console_socket; /* with process.terminal */
  int preserve_fds;
  bool no_pivot;
  bool no_new_keyring;
};

struct nsbox_oci_exec_options
{
  const char *pid_file;
  const char *console_socket;
  int preserve_fds;
  bool detach;
};

int nsbox_oci_create (const struct nsbox_oci_runtime *rt, const char *id, const struct nsbox_oci_create_options *o,
                      pid_t *pid, struct nsbox_error **err);
int nsbox_oci_start (const struct nsbox_oci_runtime *rt, const char *id, struct nsbox_error **err);
/* The state JSON (`runc state`), malloc'ed. */
int nsbox_oci_state (const struct nsbox_oci_runtime *rt, const char *id, char **json, struct nsbox_error **err);
int nsbox_oci_kill (const struct nsbox_oci_runtime *rt, const char *id, int sig, bool all, struct nsbox_error **err);
int nsbox_oci_delete (const struct nsbox_oci_runtime *rt, const char *id, bool force, struct nsbox_error **err);
int nsbox_oci_pause (const struct nsbox_oci_runtime *rt, const char *id, bool pause, struct nsbox_error **err);
/* Host pids of the container's processes. */
int nsbox_oci_pids (const struct nsbox_oci_runtime *rt, const char *id, pid_t **pids, size_t *n,
                    struct nsbox_error **err);
/* Every container's state JSON, NULL-terminated. */
int nsbox_oci_list (const struct nsbox_oci_runtime *rt, char ***states, struct nsbox_error **err);
/* linux.resources: memory, cpu, pids and unified (what is set is changed). */
int nsbox_oci_update (const struct nsbox_oci_runtime *rt, const char *id, const struct nsbox_oci_resources *r,
                      struct nsbox_error **err);
/* Resource usage as `runc events --stats` prints it, malloc'ed JSON. */
int nsbox_oci_stats (const struct nsbox_oci_runtime *rt, const char *id, char **json, struct nsbox_error **err);
/* A process in a running container.  Without detach, waits and puts its wait status in *status. */
int nsbox_oci_exec (const struct nsbox_oci_runtime *rt, const char *id, const struct nsbox_oci_process *process,
                    const struct nsbox_oci_exec_options *o, pid_t *pid, int *status, struct nsbox_error **err);
/* The recorded state and the status now. */
int nsbox_oci_load (const struct nsbox_oci_runtime *rt, const char *id, struct nsbox_oci_state *state,
                    enum nsbox_oci_status *status, struct nsbox_error **err);
/* The config.json `create` recorded for the container (exec builds its process from it). */
int nsbox_oci_saved_config (const struct nsbox_oci_runtime *rt, const char *id, struct nsbox_oci_config *config,
                            struct nsbox_error **err);

#endif
