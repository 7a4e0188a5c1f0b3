/* layer.h - safe extraction of one OCI layer tar (plain, gzip or zstd) with libarchive.
 *
 * Every entry is created relative to the layer's directory fd: parents are walked one
 * component at a time with O_NOFOLLOW (a symlink parent is refused, never followed),
 * final components are created with O_EXCL / *at calls that do not follow symlinks,
 * hard links must name an earlier entry of the same layer.  Absolute paths and ".."
 * refuse the layer.  OCI whiteouts become overlayfs whiteouts (0:0 character devices)
 * and opaque directories (trusted.overlay.opaque=y).  Device nodes are skipped; only
 * user.* and POSIX ACL xattrs are kept (no file capabilities, no trusted.overlay.*). */
#ifndef NSBOX_IMAGE_LAYER_H
#define NSBOX_IMAGE_LAYER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "base/fdio.h" /* nsbox_remove_tree_at */

struct nsbox_layer_options
{
  bool overlay_whiteouts; /* write whiteouts as 0:0 char devices / trusted xattrs (needs root) */
  bool keep_ownership;    /* chown entries to their tar uid/gid (needs root) */
};

/* Extract the archive read from archive_fd into the empty directory dest_dirfd. On failure
 * the directory may hold a partial tree: the caller discards it (the store extracts in tmp/). */
int nsbox_layer_extract (int archive_fd, int dest_dirfd, const struct nsbox_layer_options *options,
                         struct nsbox_error **err);

/* Same, from a buffer (the fuzz target). */
int nsbox_layer_extract_buffer (const void *data, size_t length, int dest_dirfd,
                                const struct nsbox_layer_options *options, struct nsbox_error **err);


#endif
