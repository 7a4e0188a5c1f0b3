/* caps.h - becoming an unprivileged user with no way back. */
#ifndef NSBOX_CAPS_H
#define NSBOX_CAPS_H

#include <stdbool.h>
#include <sys/types.h>

#include "base/error.h"

/* Empty the bounding and ambient sets, set no_new_privs, clear supplementary
 * groups (unless !clear_groups: a user namespace an unprivileged user mapped
 * has setgroups denied, and keeps the caller's groups), switch to uid:gid,
 * then empty effective, permitted and inheritable.  After this no exec can
 * give any capability back. */
int nsbox_caps_drop_and_switch_user (uid_t uid, gid_t gid, bool clear_groups, struct nsbox_error **err);

#endif
