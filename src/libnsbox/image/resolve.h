/* resolve.h - what `nsbox exec IMAGE` needs from the store: jansson + libc only.
 *
 * Reads refs/<name> (written at import), checks the layer directories exist and holds a
 * shared lock on the store until nsbox_image_free(), so `nsbox image prune` cannot remove
 * layers from under a running sandbox. */
#ifndef NSBOX_IMAGE_RESOLVE_H
#define NSBOX_IMAGE_RESOLVE_H

#include <stddef.h>
#include <sys/types.h>

#include "image/digest.h"
#include "base/error.h"
#include "image/image-config.h"

struct nsbox_image
{
  char *name;                 /* normalized "name:tag" */
  struct nsbox_digest manifest;
  char **lower_dirs;          /* absolute layer directories, topmost first, NULL-terminated */
  size_t n_lower_dirs;
  struct nsbox_image_config *config;
  int lock_fd;                /* shared flock on <store>/lock */
};

/* Resolve a reference ("busybox", "busybox:1.36", "reg:5000/a/b:tag") in store_dir. */
int nsbox_image_resolve (const char *store_dir, const char *reference, struct nsbox_image **out,
                         struct nsbox_error **err);
void nsbox_image_free (struct nsbox_image *image);

/* The uid/gid to run as for the image's User (config->user) when --user is not given:
 * "", "root", "0", "0:0" and any group 0 map to 65534 (nsbox never runs image code as root);
 * numbers are used as they are; names are looked up in the image's /etc/passwd and
 * /etc/group, read from the topmost layer that has them, without following symlinks. */
int nsbox_image_user (const struct nsbox_image *image, uid_t *uid_out, gid_t *gid_out, struct nsbox_error **err);

#endif
