/* child.h - the sandbox side of clone: everything between clone and exec.
 *
 * The child runs in its new namespaces as root, builds the sandbox step by
 * step (child.c keeps the ordered list), drops every privilege and execs the
 * workload, directly or through the init (init.c).  A failing step reports
 * {stage, errno, message} to the parent over sync_fd and exits. */
#ifndef NSBOX_CHILD_H
#define NSBOX_CHILD_H

#include <sched.h>
#include <stdbool.h>

#include "sandbox/config.h"

struct nsbox_seccomp_program;
struct nsbox_rlimits_plan;

struct nsbox_child
{
  const struct nsbox_sandbox_config *config;
  int sync_fd;   /* setup reports; close-on-exec, so EOF means the workload exec'ed */
  int status_fd; /* the init reports the workload's wait status here */
  int stdin_fd, stdout_fd, stderr_fd; /* -1: keep what nsbox has */
  const char *staging;    /* where the new root is mounted */
  const char *upper_base; /* where the setup layer goes when mount points are missing */
  const struct nsbox_rlimits_plan *rlimits;
  const cpu_set_t *affinity; /* NULL = keep nsbox's */
  const struct nsbox_seccomp_program *seccomp;
  char *args_start, *args_end; /* nsbox's command line in memory (init.h), NULL = look it up */
  int userns_fd;               /* the sandbox's user namespace (isolate/userns.h), -1 = the host's */
  bool groups_settable; /* rootless with a full range of ids: setgroups is allowed */
  const int *bind_trees; /* per config mount: nsbox_mount_clone_source()'s tree, or -1 */
  const char *cgroup_name; /* the sandbox's cgroups' name, NULL = none made */
  uid_t host_uid; /* the workload's ids as the host sees them (rootless: as the child sees them) */
  gid_t host_gid;
};

/* Cloned into its own user and network namespaces by a user who is not
 * root (config->userns): it waits for the id maps, and brings its own `lo` up. */
static inline bool
nsbox_child_rootless (const struct nsbox_child *child)
{
  return child->config->userns == NSBOX_USERNS_ROOTLESS;
}

/* Never returns. */
__attribute__ ((noreturn)) void nsbox_child_main (struct nsbox_child *child);

#endif
