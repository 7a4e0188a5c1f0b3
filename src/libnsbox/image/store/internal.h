/* store-internal.h - the store's private state, shared by store.c and store-txn.c. */
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
  struct nsbox_store_txn *txn; /* commit stages here instead of publishing */
};

/* A fresh, unguessable name in tmp/ starting with prefix. */
int nsbox_store_tmp_name (const char *prefix, char *out, size_t size, struct nsbox_error **err);

/* An exclusive flock on locks/<kind>-<hex>; returns the fd. */
int nsbox_store_lock_object (struct nsbox_store *store, const char *kind, const struct nsbox_digest *digest,
                             struct nsbox_error **err);

/* Verify and fsync a finished writer; *digest_out gets its digest.  Does not free it. */
int nsbox_blob_writer_finish (struct nsbox_blob_writer *writer, struct nsbox_digest *digest_out,
                              struct nsbox_error **err);

/* Staging hook of store-txn.c: take over the writer's verified tmp file. */
int nsbox_store_txn_stage (struct nsbox_store_txn *txn, const struct nsbox_digest *digest, const char *tmp_name,
                           struct nsbox_error **err);

/* Extract blob_fd into a new tmp/layer-* directory; its name goes to name_out. */
int nsbox_store_extract_to_tmp (struct nsbox_store *store, int blob_fd, char *name_out, size_t size,
                                struct nsbox_error **err);

/* Write refs/<name> for a manifest whose config is parsed. */
int nsbox_store_write_image_ref (struct nsbox_store *store, const char *name, const struct nsbox_digest *manifest_digest,
                                 const struct nsbox_manifest *manifest, const struct nsbox_image_config *config,
                                 struct nsbox_error **err);

#endif
