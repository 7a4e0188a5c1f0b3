/* warmcache.h - a toolchain's cache from the image, writable by one sandbox.
 *
 * A compiler's cache warmed when the image was built (Go's build cache for
 * the policy's flags: a program importing net/http compiles in 1.7 s with
 * it, 24 s without) saves every compile from rebuilding it, but the compiler
 * insists on writing where its cache is.  So the image's directory is the
 * lower layer of an overlay mounted in the sandbox's /tmp, whose upper and
 * work directories are in /tmp too: the writes count against /tmp's size,
 * are this sandbox's alone and go with it, and the image (so every later
 * sandbox) keeps the cache as built. */
#ifndef NSBOX_WARMCACHE_H
#define NSBOX_WARMCACHE_H

#include <stdbool.h>

#include "base/error.h"

/* After /tmp is mounted: the overlay of `from` (a directory of the root)
 * at `at` (below /tmp/).  An image without `from` runs cold: `at` is left
 * for the tool to make.  So does a rootless sandbox (own_userns): the
 * image's files belong to ids its user namespace does not map, which an
 * overlay cannot copy up. */
int nsbox_mount_warm_cache (int root_fd, const char *from, const char *at, bool own_userns, struct nsbox_error **err);

#endif
