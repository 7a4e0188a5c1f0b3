/* process.h - the setuid helper's own process: made safe before anything
 * else, and the caller it acts for. */
#ifndef NSBOX_SUID_PROCESS_H
#define NSBOX_SUID_PROCESS_H

#include <stdbool.h>
#include <sys/types.h>

#include "base/error.h"

#define NSBOX_SUID_GROUPS_MAX 256

/* Who ran the helper: its real ids, as the kernel gave them at exec. */
struct nsbox_suid_caller
{
  uid_t uid;
  gid_t gid;
  gid_t groups[NSBOX_SUID_GROUPS_MAX];
  int n_groups;
  pid_t pid; /* the helper's own (the caller's nsbox is its parent) */
  pid_t ppid;
};

/* First of all, before the caller's input is looked at: not dumpable, no
 * core, fds 0-2 open and every other closed, default signal dispositions
 * and an empty mask (then the stop signals blocked for the run), no
 * environment, umask 022, cwd /, every soft rlimit raised to its hard
 * limit.  Cannot fail in a way that leaves work half done: it is the first
 * thing the helper does. */
void nsbox_suid_sanitize (void);

/* The hard rlimits the caller left must allow a whole run (files written,
 * fds, CPU time); refused with which one, not silently lived with. */
int nsbox_suid_check_rlimits (struct nsbox_error **err);

/* The caller's ids; refused unless the helper runs setuid root and the
 * caller is root or a member of the group that owns the helper's file. */
int nsbox_suid_identify (struct nsbox_suid_caller *caller, struct nsbox_error **err);

/* Real, effective and saved ids all root, no supplementary groups: the
 * caller can no longer signal, trace or stop the helper. */
int nsbox_suid_become_root (struct nsbox_error **err);

bool nsbox_suid_caller_in_group (const struct nsbox_suid_caller *caller, gid_t gid);

#endif
