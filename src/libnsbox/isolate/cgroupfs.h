/* cgroupfs.h - the sandbox's own cgroups, read-only at /sys/fs/cgroup inside.
 *
 * Runtimes size themselves from what they find there (a JVM its heap and
 * its processor count, .NET and Go their thread pools): with nothing there
 * they size for the host and are killed by the OOM killer instead of raising
 * their own out-of-memory error.  The sandbox sees only the hierarchies
 * nsbox made a cgroup in, each rooted at that cgroup (its cgroup namespace
 * begins there), laid out as the host has them: one cgroup2 file system on
 * a pure v2 host, else a tmpfs with one directory per v1 hierarchy (and
 * `unified` for the cgroup2 one of a hybrid host). */
#ifndef NSBOX_CGROUPFS_H
#define NSBOX_CGROUPFS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

#define NSBOX_CGROUPFS_MAX 16

struct nsbox_cgroupfs
{
  bool v2_only; /* the host has no v1 hierarchy at all */
  size_t n;
  struct
  {
    int version;
    char controllers[128]; /* v1: "cpu,cpuacct" as the host mounts it; v2: "" */
  } h[NSBOX_CGROUPFS_MAX];
};

/* From the text of /proc/self/cgroup, read while the process is in the
 * sandbox's cgroups: the hierarchies whose cgroup is named `name`. */
int nsbox_cgroupfs_parse (const char *text, const char *name, struct nsbox_cgroupfs *view,
                          struct nsbox_error **err);

/* The same from this process's /proc/self/cgroup, before it unshares its
 * cgroup namespace (after, every path reads "/"). */
int nsbox_cgroupfs_find (const char *name, struct nsbox_cgroupfs *view, struct nsbox_error **err);

/* In the new cgroup namespace, on the sandbox's /sys: mount the view,
 * read-only, nosuid, nodev, noexec. */
int nsbox_cgroupfs_mount (int root_fd, const struct nsbox_cgroupfs *view, struct nsbox_error **err);

#endif
