/* spec.h - what nsbox-runtime's commands build besides the container:
 * the starting config.json (`spec`), `features`, the process of `exec`
 * from flags, `update`'s resources from flags. */
#ifndef NSBOX_OCI_SPEC_H
#define NSBOX_OCI_SPEC_H

#include <stdbool.h>

#include "base/error.h"
#include "oci/config.h"

/* Write <bundle>/config.json (fails if one exists). */
int nsbox_oci_spec_write (const char *bundle, struct nsbox_error **err);
/* The features document of runtime-spec's features.md. */
int nsbox_oci_features_json (char **json, struct nsbox_error **err);

/* "CAP_KILL" or "kill" -> its number. */
int nsbox_oci_cap_from_name (const char *name, struct nsbox_error **err);
/* Append or replace K in a NULL-terminated environment (NULL = empty). */
int nsbox_oci_env_set (char ***env, const char *assignment, struct nsbox_error **err);
/* "UID[:GID]". */
int nsbox_oci_parse_user (const char *text, uid_t *uid, gid_t *gid, struct nsbox_error **err);
/* A process JSON file (exec --process). */
int nsbox_oci_process_load (const char *path, struct nsbox_oci_process *p, struct nsbox_error **err);
/* The container's process with other args (exec ID CMD...). */
int nsbox_oci_process_for_exec (const struct nsbox_oci_process *base, char *const *args, struct nsbox_oci_process *p,
                                struct nsbox_error **err);
/* exec's flags over p: terminal, env, cwd, user (uid -1 = unchanged), caps added, no_new_privileges. */
int nsbox_oci_process_apply (struct nsbox_oci_process *p, const struct nsbox_oci_process *flags,
                             struct nsbox_error **err);

void nsbox_oci_resources_init (struct nsbox_oci_resources *r);
/* One of update's flags ('m' memory, 'p' pids-limit, 'q' cpu-quota, 'P'
 * cpu-period, 's' cpu-share, 'c' cpuset-cpus, 'M' cpuset-mems, 'S' swap,
 * 'R' reservation, 'r' a resources JSON file); -1 without err for an unknown flag. */
int nsbox_oci_resources_flag (struct nsbox_oci_resources *r, int flag, const char *value, struct nsbox_error **err);
void nsbox_oci_resources_release (struct nsbox_oci_resources *r);

#endif
