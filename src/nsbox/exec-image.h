/* exec-image.h - apply an image from the store to `nsbox exec`'s options. */
#ifndef NSBOX_EXEC_IMAGE_H
#define NSBOX_EXEC_IMAGE_H

#include "base/error.h"
#include "exec-options.h"
#include "image/resolve.h"

/* Resolve opts->image in store (NULL = /var/lib/nsbox) and fill the config: lower_dirs
 * (topmost first), argv (Entrypoint + COMMAND or Cmd), workdir, uid/gid and environment,
 * each unless a flag set it.  *image_out holds a shared lock on the store (so prune keeps
 * the layers) until nsbox_image_free() after the sandbox has ended. */
int nsbox_exec_apply_image (struct nsbox_exec_options *opts, const char *store, struct nsbox_image **image_out,
                            struct nsbox_error **err);

#endif
