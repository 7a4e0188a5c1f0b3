/* state.h - the runtime state of running sandboxes, below the state root.
 *
 * <state_root>/<id>.json exists exactly while the sandbox runs, for `nsbox
 * ps` and `nsbox gc`: claimed before anything else with the pid and start
 * time of the nsbox that made it and the paths its cgroups will have, filled
 * in once the sandbox's first process exists, removed last.  Every
 * child mounts its new root on the one directory <state_root>/.root, and a
 * setup layer on <state_root>/.upper, each in its own mount namespace (the
 * host never sees those mounts), so no directory is made or removed per
 * sandbox: an rmdir costs ~0.12 ms on an ext4 /run mounted with discard. */
#ifndef NSBOX_STATE_H
#define NSBOX_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/error.h"
#include "base/proc.h"
#include "nsbox.h"

#define NSBOX_STATE_SUFFIX ".json"
#define NSBOX_STATE_ROOT_MOUNT ".root"
#define NSBOX_STATE_UPPER_MOUNT ".upper"

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
  char *userns;     /* "per-sandbox" or "host"; NULL while starting */
  int64_t host_uid; /* the workload's uid as the host sees it; -1 while starting */
  int64_t owner_uid; /* who asked for the sandbox (the setuid helper's caller, else nsbox's uid) */
};

/* Claim <state_root>/<id>.json; fails if it exists.  It says from the start
 * which nsbox made it (nsbox_pid, nsbox_start, created) and where the
 * sandbox's cgroups will be (cgroup_paths, may be NULL); the first process
 * and the rest follow with nsbox_state_write. */
int nsbox_state_create (const char *state_root, const char *id, uid_t owner_uid, char *const *cgroup_paths,
                        struct nsbox_error **err);

/* The shared mount points of every child (made when missing, never removed):
 * where it mounts its root, and where a setup layer goes.  After
 * nsbox_state_create, which makes the state root. */
int nsbox_state_mount_points (const char *state_root, char **root, char **upper, struct nsbox_error **err);

/* Write <id>.json atomically (through <id>.json.tmp). */
int nsbox_state_write (const char *state_root, const struct nsbox_state *state, struct nsbox_error **err);

/* Read <state_root>/<id>.json. */
int nsbox_state_read (const char *state_root, const char *id, struct nsbox_state *state, struct nsbox_error **err);

/* Remove <id>.json (and a <id>.json.tmp left by a killed nsbox). */
int nsbox_state_remove (const char *state_root, const char *id, struct nsbox_error **err);

/* The ids of every state file (NULL-terminated, caller frees). */
int nsbox_state_list (const char *state_root, char ***ids, struct nsbox_error **err);

void nsbox_state_release (struct nsbox_state *state);


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

/* Whether the nsbox that wrote a state file still runs: the same process,
 * pid and start time both match. */
bool nsbox_state_owner_runs (const struct nsbox_state *state);

/* <state_root>/<id><suffix> (suffix may be NULL). */
int nsbox_state_path (const char *state_root, const char *id, const char *suffix, char **out, struct nsbox_error **err);


#endif
