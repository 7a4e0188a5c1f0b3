/* state.h - the runtime state directory of a running sandbox.
 *
 * <state_root>/<id>/ exists exactly while the sandbox runs: state.json for
 * `nsbox ps` and `nsbox gc`.  The child mounts its new root on the directory
 * itself, in its own mount namespace (the host never sees that mount), and
 * makes upper/ in it only when the root needs a setup layer: each directory
 * made and removed costs ~0.1 ms on a /run that is not a tmpfs. */
#ifndef NSBOX_STATE_H
#define NSBOX_STATE_H

#include <stdint.h>
#include <sys/types.h>

#include "error.h"

struct nsbox_state
{
  char *id;
  pid_t pid;                   /* the sandbox's first process, as the host sees it */
  unsigned long long pid_start; /* its start time (clock ticks since boot), against PID reuse */
  pid_t nsbox_pid;
  unsigned long long nsbox_start;
  double created; /* unix time */
  char *root;     /* the root directory or image */
  char **command;
  uint64_t memory_bytes, cpu_millis, pids; /* UINT64_MAX = unlimited */
  char **cgroup_paths;
};

/* Create <state_root>/<id>/; fails if it exists. */
int nsbox_state_create (const char *state_root, const char *id, struct nsbox_error **err);

/* Write state.json atomically. */
int nsbox_state_write (const char *state_root, const struct nsbox_state *state, struct nsbox_error **err);

/* Read <state_root>/<id>/state.json. */
int nsbox_state_read (const char *state_root, const char *id, struct nsbox_state *state, struct nsbox_error **err);

/* Remove the state directory and everything nsbox put in it. */
int nsbox_state_remove (const char *state_root, const char *id, struct nsbox_error **err);

/* The ids of every state directory (NULL-terminated, caller frees). */
int nsbox_state_list (const char *state_root, char ***ids, struct nsbox_error **err);

void nsbox_state_release (struct nsbox_state *state);

/* Start time of a process from /proc/<pid>/stat, 0 if it is gone. */
unsigned long long nsbox_proc_start_time (pid_t pid);

/* Language runs mount their artifact tmpfs on
 * <state_root>/.artifacts/<pid>-<start>-XXXXXX, named after the nsbox that
 * made it (its pid and start time), so that `nsbox gc` can unmount and remove
 * one whose nsbox died before it could.  `.artifacts` is no sandbox id. */
#define NSBOX_STATE_ARTIFACTS ".artifacts"

/* Make a fresh, empty 0700 artifact directory for this process. */
int nsbox_state_artifact_create (const char *state_root, char **path, struct nsbox_error **err);

/* For an entry of <state_root>/.artifacts: 1 when the nsbox that made it
 * still runs, 0 when it is gone, -1 when the name is not one nsbox makes. */
int nsbox_state_artifact_owner_runs (const char *name);

/* Path of the directory the child builds the root on, and the setup layer. */
int nsbox_state_path (const char *state_root, const char *id, const char *leaf, char **out, struct nsbox_error **err);

#endif
