/* mounts.h - a container's file system as its config.json describes it.
 *
 * Unlike nsbox's own sandboxes (isolate/mounts.h, which build one hardened
 * layout), an OCI container gets exactly the mounts its engine lists, in
 * order.  Every destination is resolved inside the new root (isolate/paths.h),
 * so a symlink in an image can never send a mount outside it. */
#ifndef NSBOX_OCI_MOUNTS_H
#define NSBOX_OCI_MOUNTS_H

#include <stdbool.h>

#include "base/error.h"
#include "isolate/cgroupfs.h"
#include "oci/config.h"

/* Make the mount tree private (rootfsPropagation is applied at the end) and
 * bind root.path onto itself, so it is a mount point; returns an O_PATH fd of it. */
int nsbox_oci_mount_root (const struct nsbox_oci_config *config, struct nsbox_error **err);

/* The mounts list, in order.  cgroups: the view of the container's own
 * cgroups, for a `cgroup` or `cgroup2` mount. */
int nsbox_oci_mount_all (int root_fd, const struct nsbox_oci_config *config, const struct nsbox_cgroupfs *cgroups,
                         struct nsbox_error **err);

/* linux.devices and the devices every container has (null, zero, full,
 * random, urandom, tty; ptmx, fd, stdin, stdout, stderr as links).  In a
 * user namespace the host's nodes are bound instead (mknod is refused there). */
int nsbox_oci_make_devices (int root_fd, const struct nsbox_oci_config *config, bool in_userns,
                            struct nsbox_error **err);

/* Enter the root: pivot_root, or with no_pivot (a root on a ramfs) move it
 * over / and chroot. */
int nsbox_oci_enter_root (int root_fd, bool no_pivot, struct nsbox_error **err);

/* After entering: maskedPaths, readonlyPaths, root.readonly, rootfsPropagation. */
int nsbox_oci_mount_finish (const struct nsbox_oci_config *config, struct nsbox_error **err);

#endif
