/* ids.h - the host ids of sandboxes that run one after another on shared
 * files.  Each sandbox takes a block of host ids of its own (isolate/userns.h);
 * a language run's compile step writes the artifact that its run step reads,
 * so both steps must run as the same host uid. */
#ifndef NSBOX_IDS_H
#define NSBOX_IDS_H

#include <sys/types.h>

#include "base/error.h"
#include "sandbox/config.h"

/* For runs that share files (a language run's compile and run steps): one
 * block of host ids for all of them, held in the name of holder_id (not a
 * sandbox id), set in config and given back by nsbox_sandbox_release_ids.
 * Nothing to do with --userns=host. */
int nsbox_sandbox_reserve_ids (struct nsbox_sandbox_config *config, const char *holder_id, struct nsbox_error **err);
void nsbox_sandbox_release_ids (struct nsbox_sandbox_config *config);

/* The workload's uid and gid as the host sees them (a reserved block, or
 * the ids as they are when no block is reserved). */
uid_t nsbox_sandbox_host_uid (const struct nsbox_sandbox_config *config);
gid_t nsbox_sandbox_host_gid (const struct nsbox_sandbox_config *config);

#endif
