/* cgroup.h - one interface to cgroup v2 and v1, chosen per controller at run time.
 *
 * Hosts may be pure v2, pure v1, or hybrid (v1 controllers plus a cgroup2
 * mount holding few or none).  A sandbox's cgroup is created beneath the
 * cgroup nsbox runs in (or a configured parent), limited, entered by the
 * sandbox's first process before the workload runs, killed and removed. */
#ifndef NSBOX_CGROUP_H
#define NSBOX_CGROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/error.h"

struct nsbox_cgroup; /* opaque */

struct nsbox_cgroup_limits
{
  uint64_t memory_bytes; /* NSBOX_UNLIMITED = none */
  uint64_t cpu_millis;
  uint64_t pids;
  /* A directory in the cpu controller even without a quota: for weights
   * written afterwards (an OCI container's cpu.shares). */
  bool cpu_controller;
  /* A directory in the v1 devices controller, where there is one (an OCI
   * container's device rules; cgroup2 takes them as a BPF program). */
  bool devices_controller;
};

struct nsbox_cgroup_stats
{
  int64_t memory_peak_bytes; /* -1 unknown */
  bool memory_peak_sampled;  /* v2 kernel without memory.peak: sampled memory.current */
  int64_t oom_kills;         /* -1 unknown */
  bool have_cpu;
  double cpu_user_s;
  double cpu_system_s;
  int64_t pids_peak; /* -1 unknown */
};

/* Create the sandbox cgroup(s) named `name` beneath `parent` (NULL = our own
 * cgroup) and write the limits. */
int nsbox_cgroup_create (const char *parent, const char *name, const struct nsbox_cgroup_limits *limits,
                         struct nsbox_cgroup **out, struct nsbox_error **err);

/* nsbox_cgroup_create in two steps, so that the paths can be written down
 * before the first directory exists: an nsbox killed half way then leaves
 * them for `nsbox gc`, which may run in another cgroup and could not find
 * them by name.  The plan detects the hierarchies once. */
struct nsbox_cgroup_plan; /* opaque */

int nsbox_cgroup_plan (const char *parent, const char *name, const struct nsbox_cgroup_limits *limits,
                       struct nsbox_cgroup_plan **out, struct nsbox_error **err);

/* Every directory the plan may create (a superset of those it makes: which
 * are made depends on what is found), NULL-terminated, owned by the plan. */
char *const *nsbox_cgroup_plan_paths (const struct nsbox_cgroup_plan *plan);

/* Create and limit what the plan describes. */
int nsbox_cgroup_create_planned (struct nsbox_cgroup_plan *plan, struct nsbox_cgroup **out, struct nsbox_error **err);

void nsbox_cgroup_plan_free (struct nsbox_cgroup_plan *plan);

/* Move process `pid` (with its threads) into every directory of cg: done by
 * nsbox for the sandbox's first process, before it forks anything. */
int nsbox_cgroup_add_process (const struct nsbox_cgroup *cg, pid_t pid, struct nsbox_error **err);

/* Sample what needs sampling (memory.current where memory.peak is missing). */
void nsbox_cgroup_sample (struct nsbox_cgroup *cg);

/* Whether nsbox_cgroup_sample has work: the caller then samples every ~100 ms. */
bool nsbox_cgroup_needs_sampling (const struct nsbox_cgroup *cg);

/* Read the numbers for the report. */
int nsbox_cgroup_read_stats (struct nsbox_cgroup *cg, struct nsbox_cgroup_stats *stats, struct nsbox_error **err);

/* Kill every process in the cgroup (cgroup.kill, or freeze/kill/thaw on v1). */
int nsbox_cgroup_kill (struct nsbox_cgroup *cg, int signal, struct nsbox_error **err);

/* Remove the cgroup(s), retrying while they drain; frees cg. */
int nsbox_cgroup_destroy (struct nsbox_cgroup *cg, struct nsbox_error **err);

/* The paths created (for the state file, so `nsbox gc` can remove them). */
char **nsbox_cgroup_paths (const struct nsbox_cgroup *cg);

/* The existing directories named `name` beneath `parent` (NULL = our own
 * cgroup) in every hierarchy: for gc when a state file never got its paths. */
int nsbox_cgroup_find (const char *parent, const char *name, char ***paths, struct nsbox_error **err);

/* Remove cgroups by the recorded paths (gc): kill, drain, rmdir.  Refuses
 * paths that are not on a cgroup file system or not named nsbox-*. */
int nsbox_cgroup_remove_paths (char *const *paths, struct nsbox_error **err);

/* What this host offers, for `nsbox version`: each cgroup version mounted and
 * the controllers nsbox uses from it, e.g. "v1 (memory cpu cpuacct pids
 * freezer), v2 (no controllers)"; "none" without any cgroup mount. */
int nsbox_cgroup_describe_host (char **text, struct nsbox_error **err);

/* ---- A cgroup that outlives the nsbox that made it (the OCI runtime's
 * container, acted on by later invocations: control.c). */

/* The cgroup at the recorded paths (any name; paths that are gone are
 * skipped).  Free with nsbox_cgroup_close, or nsbox_cgroup_destroy to remove it. */
int nsbox_cgroup_open_paths (char *const *paths, struct nsbox_cgroup **out, struct nsbox_error **err);
void nsbox_cgroup_close (struct nsbox_cgroup *cg);

/* Make the missing directories of `parent` (relative to each hierarchy's
 * root) in every hierarchy nsbox may use; appends what it made to *made,
 * which the caller removes (deepest first) when it removes the cgroup. */
int nsbox_cgroup_make_parents (const char *parent, char ***made, struct nsbox_error **err);

/* Freeze or thaw every process (cgroup.freeze, else the v1 freezer), waiting until done. */
int nsbox_cgroup_freeze (struct nsbox_cgroup *cg, bool frozen, struct nsbox_error **err);
/* 1 when frozen, 0 when not (or no freezer). */
int nsbox_cgroup_frozen (const struct nsbox_cgroup *cg);

/* The pids in the cgroup's own cgroup.procs (host pids), malloc'ed. */
int nsbox_cgroup_list_pids (const struct nsbox_cgroup *cg, pid_t **pids, size_t *n, struct nsbox_error **err);

/* Write `value` to the cgroup file `file` ("cpu.weight", "memory.high", ...)
 * of whichever directory has it: cgroup2's first. */
int nsbox_cgroup_set_file (struct nsbox_cgroup *cg, const char *file, const char *value, struct nsbox_error **err);
/* Whether the cgroup2 directory has `file` (to pick v1 or v2 spellings). */
bool nsbox_cgroup_is_v2 (const struct nsbox_cgroup *cg, const char *file);

/* Whether a v1 directory of the cgroup has `file` ("devices.allow"). */
bool nsbox_cgroup_is_v1 (const struct nsbox_cgroup *cg, const char *file);

/* The cgroup2 directory (O_DIRECTORY), for BPF programs attached to it; -1 without one. */
int nsbox_cgroup_v2_fd (const struct nsbox_cgroup *cg);

/* Change limits (0 = leave one as it is). */
int nsbox_cgroup_update_limits (struct nsbox_cgroup *cg, const struct nsbox_cgroup_limits *limits,
                                struct nsbox_error **err);

#endif
