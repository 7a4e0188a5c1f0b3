/* quota.h - per-user quotas of the setuid helper: sandboxes at once,
 * sandboxes started per minute and CPU seconds per hour, from the first
 * matching rule of nsbox.conf's helper.quotas.
 *
 * State lives in <state_root>/.quota/<uid>/, root's: slot-N files held with
 * flock(2) while a sandbox runs (the kernel frees a slot when its helper
 * dies, however it dies), and two logs, of start times and of CPU seconds
 * used, each rewritten whole through rename(2) under the user's lock file,
 * so that a killed helper leaves either the old or the new one. */
#ifndef NSBOX_SUID_QUOTA_H
#define NSBOX_SUID_QUOTA_H

#include "base/error.h"
#include "lang/nsconf.h"
#include "process.h"

struct nsbox_suid_quota
{
  struct nsbox_quota_rule limits; /* the rule that applied (names not kept) */
  const char *rule;               /* "user NAME", "group NAME" or "default" */
  int dir_fd;
  int slot_fd; /* held while the sandbox runs */
  const char *exceeded; /* "concurrent", "per_minute", "cpu_seconds_per_hour", or NULL */
};

/* Find the caller's rule and take a slot and a start.  Returns 0 when
 * granted, 1 when a quota is exceeded (q->exceeded, and *err says which and
 * how), -1 on error. */
int nsbox_suid_quota_take (struct nsbox_suid_quota *q, const char *state_root, const struct nsbox_conf *conf,
                           const struct nsbox_suid_caller *caller, struct nsbox_error **err);

/* Add a finished sandbox's CPU seconds to the hour's account. */
int nsbox_suid_quota_charge (struct nsbox_suid_quota *q, double cpu_seconds, struct nsbox_error **err);

/* Give the slot back. */
void nsbox_suid_quota_release (struct nsbox_suid_quota *q);

#endif
