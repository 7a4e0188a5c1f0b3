/* init.h - the container's first process, from clone to exec.
 *
 * As the sandbox child (sandbox/child.c), an ordered list of steps, each
 * reporting its stage to the runtime over the sync socket when it fails.
 * Unlike it, the process outlives the runtime: after the step `created` the
 * runtime records the state and exits, and the process waits at the start
 * gate (exec.fifo) until `start`; then it execs the container's process
 * itself, which stays the container's pid 1 as under runc.  `exec` uses the
 * same steps without the mounts, in namespaces it joins. */
#ifndef NSBOX_OCI_INIT_H
#define NSBOX_OCI_INIT_H

#include <stdbool.h>
#include <sys/types.h>

#include "oci/config.h"
#include "seccomp/seccomp.h"

/* Records over the sync socket, beside sandbox/syncmsg.h's error record. */
enum nsbox_oci_sync_type
{
  NSBOX_OCI_SYNC_GO = 101,         /* runtime -> init: ids mapped, in the cgroup; wait_status = host pid */
  NSBOX_OCI_SYNC_PRESTART = 102,   /* init -> runtime: mounts made, run prestart and createRuntime hooks */
  NSBOX_OCI_SYNC_HOOKS_DONE = 103, /* runtime -> init: they ran */
  NSBOX_OCI_SYNC_CREATED = 104,    /* init -> runtime: waiting at the gate (exec: about to exec) */
  NSBOX_OCI_SYNC_TERMINAL = 105,   /* init -> runtime: the pty master, as SCM_RIGHTS */
};

#define NSBOX_OCI_MAX_JOIN 8

struct nsbox_oci_init
{
  const struct nsbox_oci_config *config;
  const struct nsbox_oci_process *process; /* config->process, or exec's */
  const char *id;
  int sync_fd;
  int fifo_fd;             /* the start gate, open read-write; -1 for exec */
  int join_fds[NSBOX_OCI_MAX_JOIN]; /* namespaces to enter, in this order (user first, mount last) */
  int join_flags[NSBOX_OCI_MAX_JOIN];
  size_t n_join;
  bool new_userns;         /* the clone made a user namespace: become its root once mapped */
  bool new_cgroupns;       /* unshare one once in the container's cgroup */
  bool setup_mounts;       /* build the root (create with a new mount namespace) */
  const char *cgroup_name; /* the last component of the container's cgroup (its view at /sys/fs/cgroup) */
  int preserve_fds;
  bool no_pivot;
  bool no_new_keyring;
  const struct nsbox_seccomp_program *seccomp; /* NULL = none */
};

void nsbox_oci_init_main (struct nsbox_oci_init *init) __attribute__ ((noreturn));

#endif
