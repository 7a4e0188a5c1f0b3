#define _GNU_SOURCE
#include "isolate/caps.h"

#include <errno.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int
drop_bounding_set (struct nsbox_error **err)
{
  /* cap_max_bits() is what this kernel knows, not what libcap was built with. */
  for (cap_value_t cap = 0; cap < (cap_value_t) cap_max_bits (); cap++)
    if (cap_drop_bound (cap) < 0 && errno != EINVAL)
      return nsbox_error_errno (err, errno, "drop capability %d from the bounding set", cap);
  return 0;
}

static int
clear_capability_sets (struct nsbox_error **err)
{
  cap_t empty = cap_init ();
  int ret = 0;

  if (empty == NULL)
    return nsbox_error_oom (err);
  if (cap_set_proc (empty) < 0)
    ret = nsbox_error_errno (err, errno, "clear capabilities");
  cap_free (empty);
  return ret;
}

int
nsbox_caps_drop_and_switch_user (uid_t uid, gid_t gid, bool clear_groups, struct nsbox_error **err)
{
  if (drop_bounding_set (err) < 0)
    return -1;
  /* One prctl: libcap's cap_reset_ambient() first asks about every
   * capability in turn, ~40 syscalls on the start-up path. */
  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
    return nsbox_error_errno (err, errno, "clear ambient capabilities");
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return nsbox_error_errno (err, errno, "set no_new_privs");
  /* Raw system calls, not libc's wrappers: the sandbox child is a clone of
   * one thread of nsbox, which may have had a second one (netns.h), and
   * libc would wait forever for that thread to change its ids too.  The
   * kernel changes the ids of the calling thread, the child's only one. */
  if (clear_groups && syscall (SYS_setgroups, 0, NULL) < 0)
    return nsbox_error_errno (err, errno, "clear supplementary groups");
  if (syscall (SYS_setresgid, gid, gid, gid) < 0)
    return nsbox_error_errno (err, errno, "setgid %u", (unsigned) gid);
  if (syscall (SYS_setresuid, uid, uid, uid) < 0)
    return nsbox_error_errno (err, errno, "setuid %u", (unsigned) uid);
  /* Switching to a non-zero uid already clears permitted and effective; uid 0
   * keeps them, and inheritable survives either way. */
  return clear_capability_sets (err);
}
