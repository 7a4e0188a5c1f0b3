/* rlimits.h - the sandbox's resource limits (setrlimit), clamped where the
 * kernel would refuse them and applied in the child without allocating. */
#ifndef NSBOX_RLIMITS_H
#define NSBOX_RLIMITS_H

#include <stdbool.h>
#include <sys/resource.h>

#include "sandbox/config.h"
#include "base/error.h"

/* What the child sets, computed in the parent before clone. */
struct nsbox_rlimits_plan
{
  bool set[NSBOX_RLIMIT_COUNT];
  struct rlimit value[NSBOX_RLIMIT_COUNT];
};

/* "nofile", "fsize", "stack", "core", "cpu", "nproc", "data". */
const char *nsbox_rlimit_name (enum nsbox_rlimit_kind kind);

/* The RLIMIT_* resource of a kind. */
int nsbox_rlimit_resource (enum nsbox_rlimit_kind kind);

/* Parse "NAME=SOFT[:HARD]" (numbers, k/m/g for the byte limits, or
 * "unlimited"); HARD defaults to SOFT.  nofile, fsize, stack, core, nproc
 * and data: cpu has its own option. */
int nsbox_rlimit_parse (const char *text, enum nsbox_rlimit_kind *kind, struct nsbox_rlimit *limit,
                        struct nsbox_error **err);

/* Resolve the configured limits against ours: a hard limit above the current
 * one (without CAP_SYS_RESOURCE in the initial user namespace) or above
 * fs.nr_open (nofile) is lowered to what the kernel allows, a soft limit above
 * the hard one to the hard one.  Each lowering adds a message to *warnings
 * (NULL-terminated, malloc'ed; NULL when there are none) for the CLI to print. */
int nsbox_rlimits_prepare (const struct nsbox_rlimit limits[NSBOX_RLIMIT_COUNT], struct nsbox_rlimits_plan *plan,
                           char ***warnings, struct nsbox_error **err);

/* In the sandbox child: setrlimit for every planned limit.  Async-signal-safe,
 * no allocation.  Returns 0 or -errno with *failed set to the kind. */
int nsbox_rlimits_apply (const struct nsbox_rlimits_plan *plan, int *failed);

#endif
