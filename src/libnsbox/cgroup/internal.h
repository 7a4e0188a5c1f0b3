/* cgroup-internal.h - what cgroup.c shares with its two back ends and the unit tests.
 *
 * A sandbox has one directory per hierarchy it uses: on a pure v2 host one,
 * on a hybrid host one per v1 hierarchy plus one in the cgroup2 mount (which
 * holds no controllers there but gives cgroup.kill, cgroup.events and
 * cpu.stat for the whole tree). */
#ifndef NSBOX_CGROUP_INTERNAL_H
#define NSBOX_CGROUP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup/cgroup.h"
#include "base/error.h"

enum nsbox_cgroup_controller
{
  NSBOX_CG_MEMORY = 1u << 0,
  NSBOX_CG_CPU = 1u << 1,
  NSBOX_CG_CPUACCT = 1u << 2, /* v1 only; v2 accounts CPU in every cgroup's cpu.stat */
  NSBOX_CG_PIDS = 1u << 3,
  NSBOX_CG_FREEZER = 1u << 4, /* v1 only; v2 has cgroup.freeze in the core */
  NSBOX_CG_CPUSET = 1u << 5,  /* v1 only: never limited, made so the sandbox sees its CPUs */
  NSBOX_CG_DEVICES = 1u << 6, /* v1 only (v2 filters devices with BPF): an OCI container's device rules */
  NSBOX_CG_LAST = NSBOX_CG_DEVICES,
};

#define NSBOX_CG_MAX_DIRS 8

/* One cgroup file system mount, from /proc/self/mountinfo. */
struct nsbox_cgroup_mount
{
  int version;          /* 1 or 2 */
  unsigned controllers; /* v1: from the super options; v2: filled later from cgroup.controllers */
  char *mountpoint;     /* where it is mounted */
  char *root;           /* the cgroup path mounted there ("/" unless a bind or a cgroup namespace) */
  char *own;            /* our own cgroup in this hierarchy, from /proc/self/cgroup; NULL = not listed */
};

struct nsbox_cgroup_mounts
{
  struct nsbox_cgroup_mount *v;
  size_t n;
};

/* A directory nsbox created for the sandbox in one hierarchy. */
struct nsbox_cgroup_dir
{
  int version;
  unsigned controllers; /* the controllers this directory is used for */
  char *path;           /* absolute, under the mount point */
  int fd;               /* O_DIRECTORY */
  int procs_fd;         /* cgroup.procs, O_WRONLY, for nsbox_cgroup_add_process */
};

struct nsbox_cgroup
{
  struct nsbox_cgroup_dir dirs[NSBOX_CG_MAX_DIRS];
  size_t n_dirs;
  int v2;                /* index into dirs of the cgroup2 directory, -1 = none */
  int memory_current_fd; /* v2 without memory.peak: sampled by nsbox_cgroup_sample */
  int64_t sampled_peak;  /* -1 = no sample yet */
};

/* Detection (cgroup-detect.c; the parsers are pure, unit-tested from fixtures). */
unsigned nsbox_cgroup_parse_controllers (const char *list);
const char *nsbox_cgroup_controller_name (unsigned bit);
int nsbox_cgroup_parse_mountinfo (const char *text, struct nsbox_cgroup_mounts *mounts, struct nsbox_error **err);
int nsbox_cgroup_parse_self (const char *text, struct nsbox_cgroup_mounts *mounts, struct nsbox_error **err);
void nsbox_cgroup_mounts_release (struct nsbox_cgroup_mounts *mounts);
/* The directory under which to create: the mount point joined with `parent`
 * (relative to the hierarchy's root) or with our own cgroup mapped through the
 * mount's root.  Rejects "..", "." and empty components. */
int nsbox_cgroup_parent_dir (const struct nsbox_cgroup_mount *mount, const char *parent, char **dir,
                             struct nsbox_error **err);
int nsbox_cgroup_check_name (const char *name, struct nsbox_error **err);
/* Only components, no "." or "..": a joined path cannot leave the mount. */
bool nsbox_cgroup_path_is_clean (const char *path);
/* Parse /proc/self/mountinfo and /proc/self/cgroup of this process. */
int nsbox_cgroup_load_mounts (struct nsbox_cgroup_mounts *mounts, struct nsbox_error **err);

/* CPU bandwidth, the same on v1 (cpu.cfs_*) and v2 (cpu.max): the quota per
 * period for a limit in millicpus, or an error below the kernel's minimum. */
#define NSBOX_CG_CPU_PERIOD_US 100000
int nsbox_cgroup_cpu_quota_us (uint64_t millis, uint64_t *quota, struct nsbox_error **err);

/* File helpers (cgroup-files.c). */
/* A decimal number ending the text or a line; -1 otherwise. */
int64_t nsbox_cgroup_parse_number (const char *s);
int nsbox_cgroup_write_at (int dirfd, const char *dir, const char *file, const char *value, struct nsbox_error **err);
/* Returns the length read, or -errno; NUL-terminates. */
ssize_t nsbox_cgroup_read_at (int dirfd, const char *file, char *buf, size_t size);
/* A file holding one number; -1 when absent or "max". */
int64_t nsbox_cgroup_read_number_at (int dirfd, const char *file);
/* The value of "key N" in a flat keyed file; -1 when absent. */
int64_t nsbox_cgroup_read_key_at (int dirfd, const char *file, const char *key);
bool nsbox_cgroup_has_file (int dirfd, const char *file);
/* The controllers a directory of this version serves, read from its files. */
unsigned nsbox_cgroup_controllers_of (int dirfd, int version);
/* Send sig to every pid in cgroup.procs; returns the number found or -errno. */
int nsbox_cgroup_signal_procs (int dirfd, int sig);
/* Number of processes in cgroup.procs, or -errno. */
int nsbox_cgroup_count_procs (int dirfd);
/* Sleep for ms milliseconds (nanosleep, restarted on EINTR). */
void nsbox_cgroup_sleep_ms (long ms);

/* Back ends.  Each version writes the limits its own way; which of them a
 * directory gets (its controllers, a limit that is set) cgroup.c decides
 * once for both.  memory and cpu also take NSBOX_UNLIMITED (v1 still sets
 * the OOM killer); pids only a number. */
struct nsbox_cgroup_limit_writers
{
  int (*memory) (const struct nsbox_cgroup_dir *dir, uint64_t bytes, struct nsbox_error **err);
  int (*cpu) (const struct nsbox_cgroup_dir *dir, uint64_t millis, struct nsbox_error **err);
  int (*pids) (const struct nsbox_cgroup_dir *dir, uint64_t pids, struct nsbox_error **err);
};
extern const struct nsbox_cgroup_limit_writers nsbox_cgroup_v1_writers;
extern const struct nsbox_cgroup_limit_writers nsbox_cgroup_v2_writers;

void nsbox_cgroup_v1_read_stats (const struct nsbox_cgroup_dir *dir, struct nsbox_cgroup_stats *stats);
/* A new cpuset cgroup has no CPU and no memory node, and takes no process
 * until given some: it gets its parent's. */
int nsbox_cgroup_v1_copy_cpuset (int parent_fd, const struct nsbox_cgroup_dir *dir, struct nsbox_error **err);
/* One round of freeze, signal every process, thaw (freezer) or plain signal; returns processes found. */
int nsbox_cgroup_v1_kill_round (const struct nsbox_cgroup_dir *dir, int sig);

int nsbox_cgroup_v2_enable (int parent_fd, const char *parent, unsigned controllers, bool may_enable,
                            struct nsbox_error **err);
void nsbox_cgroup_v2_read_stats (const struct nsbox_cgroup_dir *dir, struct nsbox_cgroup_stats *stats);
/* cgroup.kill where the kernel has it (returns 1), else one freeze/signal/thaw round (returns processes found). */
int nsbox_cgroup_v2_kill_round (const struct nsbox_cgroup_dir *dir, int sig);

#endif
