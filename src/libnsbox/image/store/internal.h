/* internal.h - the store's private state: store.c owns it, txn.c builds on it.
 *
 * The dependency goes one way, txn.c -> store.c: a blob writer learns where
 * its verified file goes through the `stage` hook, not by knowing txn.c. */
#ifndef NSBOX_IMAGE_STORE_INTERNAL_H
#define NSBOX_IMAGE_STORE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "image/store/store.h"

struct nsbox_store
{
  char *dir;
  int dirfd;
  int lock_fd; /* shared flock on <dir>/lock while open */
  int blobs_fd, layers_fd, refs_fd, locks_fd, tmp_fd;
  nsbox_store_progress_fn progress;
  void *progress_data;
};

static inline void
nsbox_store_report (const struct nsbox_store *s, const struct nsbox_store_event *event)
{
  if (s->progress)
    s->progress (s->progress_data, event);
}

struct nsbox_blob_writer
{
  struct nsbox_store *store;
  struct nsbox_digester *hasher;
  char tmp_name[64];
  int fd;
  bool has_expected;
  struct nsbox_digest expected;
  int64_t expected_size;
  int64_t written;
  /* Set by a transaction: commit hands it the verified tmp file (which it
   * then owns) instead of publishing it in blobs/. */
  int (*stage) (void *owner, const struct nsbox_digest *digest, const char *tmp_name, struct nsbox_error **err);
  void *stage_owner;
};

/* An exclusive flock on locks/<kind>-<hex>; returns the fd. */
int nsbox_store_lock_object (struct nsbox_store *store, const char *kind, const struct nsbox_digest *digest,
                             struct nsbox_error **err);
/* Remove the lock file and release the lock (fd < 0: nothing). */
void nsbox_store_unlock_object (struct nsbox_store *store, const char *kind, const struct nsbox_digest *digest,
                                int fd);

/* Extract blob_fd into a new tmp/layer-* directory; its name goes to name_out. */
int nsbox_store_extract_to_tmp (struct nsbox_store *store, int blob_fd, char *name_out, size_t size,
                                struct nsbox_error **err);

/* Write refs/<name> for a manifest whose config is parsed. */
int nsbox_store_write_image_ref (struct nsbox_store *store, const char *name, const struct nsbox_digest *manifest_digest,
                                 const struct nsbox_manifest *manifest, const struct nsbox_image_config *config,
                                 struct nsbox_error **err);

/* A fresh, unguessable name in tmp/ (or trash/) starting with prefix. */
int nsbox_store_tmp_name (const char *prefix, char *out, size_t size, struct nsbox_error **err);

#endif
