/* state.h - what the OCI runtime keeps of a container between invocations.
 *
 * <root>/<id>/ is the container's directory, made by `create` (mode 0700)
 * and removed by `delete`:
 *   state.json   the pid (with its start time, against pid reuse), bundle,
 *                creation time, annotations, the cgroup paths made and the
 *                parents made for them; written once the process waits
 *   config.json  the bundle's config as `create` read it (hooks at delete,
 *                the process of `exec`), so a bundle changed later changes nothing
 *   exec.fifo    the start gate: the container's process holds it open and
 *                blocks reading it until `start` writes a byte and removes it
 * Every command holds flock(2) on the directory while it acts. */
#ifndef NSBOX_OCI_STATE_H
#define NSBOX_OCI_STATE_H

#include <stdbool.h>
#include <sys/types.h>

#include "base/error.h"

#define NSBOX_OCI_DEFAULT_ROOT "/run/nsbox-runtime"
#define NSBOX_OCI_STATE_FILE "state.json"
#define NSBOX_OCI_CONFIG_FILE "config.json"
#define NSBOX_OCI_FIFO "exec.fifo"

enum nsbox_oci_status
{
  NSBOX_OCI_CREATING, /* the directory exists, state.json not yet */
  NSBOX_OCI_CREATED,  /* the process waits at the start gate */
  NSBOX_OCI_RUNNING,
  NSBOX_OCI_PAUSED,
  NSBOX_OCI_STOPPED,
};

struct nsbox_oci_state
{
  char *id;
  pid_t pid; /* 0 while creating */
  unsigned long long pid_start;
  char *bundle;
  char *created;          /* RFC 3339, UTC, nanoseconds */
  char *annotations_json; /* "{}" when none */
  char **cgroup_paths;    /* the container's cgroup directories */
  char **cgroup_parents;  /* parents nsbox made for them, removed at delete when empty */
  uid_t owner;
  bool systemd_cgroup;    /* made with --systemd-cgroup (reported only) */
};

/* Ids: what runc accepts, so no id is ever a path. */
int nsbox_oci_check_id (const char *id, struct nsbox_error **err);

/* Open (and create with `create`) the runtime root; an O_DIRECTORY fd. */
int nsbox_oci_root_open (const char *root, bool create, struct nsbox_error **err);

/* The container's directory, locked (LOCK_EX) for the caller's lifetime of the fd. */
int nsbox_oci_dir_create (int root_fd, const char *id, struct nsbox_error **err);
int nsbox_oci_dir_open (int root_fd, const char *id, struct nsbox_error **err);

int nsbox_oci_state_write (int dir_fd, const struct nsbox_oci_state *state, struct nsbox_error **err);
/* ENOENT when state.json is not written yet (creating). */
int nsbox_oci_state_read (int dir_fd, struct nsbox_oci_state *state, struct nsbox_error **err);
void nsbox_oci_state_release (struct nsbox_oci_state *state);

/* Whether the recorded process still exists (same pid, same start time). */
bool nsbox_oci_state_alive (const struct nsbox_oci_state *state);

/* The status as the spec defines it, from the process, the gate and the freezer. */
enum nsbox_oci_status nsbox_oci_state_status (int dir_fd, const struct nsbox_oci_state *state);
const char *nsbox_oci_status_name (enum nsbox_oci_status status);

/* The state as `runc state` prints it (the spec's fields, then runc's
 * rootfs, created and owner), compact JSON, malloc'ed. */
char *nsbox_oci_state_json (const struct nsbox_oci_state *state, enum nsbox_oci_status status, const char *rootfs,
                            bool pretty);

/* The state a hook reads on its standard input (the spec's fields), malloc'ed. */
char *nsbox_oci_hook_state (const char *id, const char *status, pid_t pid, const char *bundle,
                            const char *annotations_json);

/* Remove the container's directory (its files, then itself). */
int nsbox_oci_dir_remove (int root_fd, const char *id, struct nsbox_error **err);

#endif
