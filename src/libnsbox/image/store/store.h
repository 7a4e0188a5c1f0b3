/* store.h - the image store: content-addressed blobs, unpacked layers, image refs.
 *
 * Layout under the store directory (default /var/lib/nsbox, mode 0700):
 *   lock                      flock: shared by every user of the store, exclusive for prune / tmp cleanup
 *   blobs/sha256/<hex>        verified blobs (manifests, configs, compressed layers), read-only files
 *   layers/<hex>/             the unpacked layer of blob <hex>, immutable once renamed into place
 *   refs/<escaped name:tag>   one small JSON per image: manifest digest, layer list, run config
 *   locks/<kind>-<hex>        flock per layer so concurrent imports unpack it once; removed by its
 *                             holder when done (one that stays was left by a killed process)
 *   tmp/                      partial blobs and layers; never visible elsewhere, removed on the next
 *                             open that finds the store otherwise unused
 *   trash/<name>/             what prune took out of the store, deleted after the lock is shared
 *                             again (trash.h)
 *
 * Everything is written to tmp/ and renamed into place, so a crash or SIGKILL at any
 * point leaves either the complete object or nothing.
 *
 * The blob, layer and unpack functions need libcrypto/libarchive: they live in the image
 * library.  `nsbox exec` uses resolve.h instead. */
#ifndef NSBOX_IMAGE_STORE_H
#define NSBOX_IMAGE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image/digest.h"
#include "base/error.h"
#include "image/image-config.h"
#include "image/store/manifest.h"
#include "image/name.h"

#define NSBOX_STORE_DEFAULT_DIR "/var/lib/nsbox"
#define NSBOX_IMAGE_MAX_LAYERS 500

struct nsbox_store;

/* Open (creating the layout if needed) and take a shared lock for the store's lifetime.
 * If nobody else holds the store, stale tmp/ entries from killed imports are removed first. */
int nsbox_store_open (const char *dir, struct nsbox_store **out, struct nsbox_error **err);
/* The same, but never cleans tmp/ (fsck looks at what is there before it changes anything). */
int nsbox_store_open_untouched (const char *dir, struct nsbox_store **out, struct nsbox_error **err);
void nsbox_store_close (struct nsbox_store *store);

const char *nsbox_store_dir (const struct nsbox_store *store);

/* ---- progress ----
 * Long store work reports what it does, for a progress display: bytes written to a blob
 * (imports and pulls), each layer unpacked at commit.  The library never prints. */
enum nsbox_store_event_kind
{
  NSBOX_STORE_BLOB_BYTES, /* done of total (-1: unknown) bytes written to the blob so far */
  NSBOX_STORE_BLOB_DONE,  /* verified; done is its size */
  NSBOX_STORE_LAYER_UNPACK, /* layer index of count is being unpacked */
  NSBOX_STORE_LAYER_DONE,
};

struct nsbox_store_event
{
  enum nsbox_store_event_kind kind;
  const char *hex; /* the blob's sha256, NULL while unknown (no expected digest) */
  int64_t done, total;
  size_t index, count; /* layers: 1-based index of count */
};

typedef void (*nsbox_store_progress_fn) (void *data, const struct nsbox_store_event *event);

/* Report to fn (NULL: nothing) from now on. */
void nsbox_store_set_progress (struct nsbox_store *store, nsbox_store_progress_fn fn, void *data);

/* ---- blobs ---- */

/* 1 if blobs/sha256/<hex> exists, 0 if not, <0 on error. */
int nsbox_store_has_blob (struct nsbox_store *store, const struct nsbox_digest *digest, struct nsbox_error **err);

/* Streaming writer: bytes go to tmp/, the hash and size are checked at commit, then the
 * file is fsynced and renamed to blobs/sha256/<hex>.  expected may be NULL (the digest is
 * then whatever the content hashes to, e.g. docker-archive layer.tar files) and
 * expected_size may be -1 (unknown).  Writing more than expected_size fails at once. */
struct nsbox_blob_writer;

int nsbox_store_blob_begin (struct nsbox_store *store, const struct nsbox_digest *expected, int64_t expected_size,
                            struct nsbox_blob_writer **out, struct nsbox_error **err);
int nsbox_blob_writer_write (struct nsbox_blob_writer *writer, const void *data, size_t length,
                             struct nsbox_error **err);
/* Verify and publish; frees the writer in every case.  *digest_out (may be NULL) gets the digest. */
int nsbox_blob_writer_commit (struct nsbox_blob_writer *writer, struct nsbox_digest *digest_out,
                              struct nsbox_error **err);
/* Discard the partial blob; frees the writer. */
void nsbox_blob_writer_abort (struct nsbox_blob_writer *writer);

/* Convenience: a whole buffer as one blob (imports use the transaction versions below). */
int nsbox_store_put_blob_buffer (struct nsbox_store *store, const void *data, size_t length,
                                 const struct nsbox_digest *expected, struct nsbox_digest *digest_out,
                                 struct nsbox_error **err);

/* Read a whole blob from fd (at most max_size bytes), NUL-terminated. */
int nsbox_blob_read_fd (int fd, const struct nsbox_digest *digest, size_t max_size, char **data_out,
                        size_t *length_out, struct nsbox_error **err);

/* Open a stored blob read-only (O_CLOEXEC); returns the fd. */
int nsbox_store_open_blob (struct nsbox_store *store, const struct nsbox_digest *digest, struct nsbox_error **err);
/* Read a whole blob of at most max_size bytes into a NUL-terminated malloc'd buffer. */
int nsbox_store_read_blob (struct nsbox_store *store, const struct nsbox_digest *digest, size_t max_size,
                           char **data_out, size_t *length_out, struct nsbox_error **err);

/* ---- import transactions: all or nothing ----
 *
 * An import (or pull) writes every blob through a transaction: blobs are verified as they
 * arrive but stay in tmp/ until nsbox_store_txn_commit() has unpacked every layer.  Only then
 * are blobs, layers and the ref renamed into place, so a digest mismatch, a hostile layer,
 * an error or a SIGKILL at any point leaves the store as it was. */
struct nsbox_store_txn;

int nsbox_store_txn_begin (struct nsbox_store *store, struct nsbox_store_txn **out, struct nsbox_error **err);

/* 1 if the blob is stored or already staged in this transaction (no need to fetch it). */
int nsbox_store_txn_has_blob (struct nsbox_store_txn *txn, const struct nsbox_digest *digest,
                              struct nsbox_error **err);

/* Like nsbox_store_blob_begin, but commit stages the verified blob in the transaction. */
int nsbox_store_txn_blob_begin (struct nsbox_store_txn *txn, const struct nsbox_digest *expected,
                                int64_t expected_size, struct nsbox_blob_writer **out, struct nsbox_error **err);
int nsbox_store_txn_put_blob_fd (struct nsbox_store_txn *txn, int fd, const struct nsbox_digest *expected,
                                 int64_t expected_size, struct nsbox_digest *digest_out, struct nsbox_error **err);
int nsbox_store_txn_put_blob_buffer (struct nsbox_store_txn *txn, const void *data, size_t length,
                                     const struct nsbox_digest *expected, struct nsbox_digest *digest_out,
                                     struct nsbox_error **err);

/* Size of a staged or stored blob, or <0. */
int64_t nsbox_store_txn_blob_size (struct nsbox_store_txn *txn, const struct nsbox_digest *digest,
                                   struct nsbox_error **err);

/* Read a staged or stored blob (manifests, configs). */
int nsbox_store_txn_read_blob (struct nsbox_store_txn *txn, const struct nsbox_digest *digest, size_t max_size,
                               char **data_out, size_t *length_out, struct nsbox_error **err);

/* Check that manifest (an IMAGE manifest) and its config and layers are all available, that
 * the config is for linux/<host arch>, unpack the missing layers, publish everything and
 * point `name` at it.  Frees the transaction in every case. */
int nsbox_store_txn_commit (struct nsbox_store_txn *txn, const char *name, const struct nsbox_digest *manifest,
                            struct nsbox_error **err);
/* Drop everything staged; frees the transaction. */
void nsbox_store_txn_abort (struct nsbox_store_txn *txn);

/* ---- layers ---- */

/* 1 if layers/<hex> exists. */
int nsbox_store_has_layer (struct nsbox_store *store, const struct nsbox_digest *blob, struct nsbox_error **err);

/* Unpack stored blob `blob` (a tar, gzip or zstd tar) into layers/<hex> exactly once, however
 * many processes ask at the same time.  Hostile entries (paths escaping the layer, links
 * out of it ...) refuse the whole layer and leave nothing behind. */
int nsbox_store_unpack_layer (struct nsbox_store *store, const struct nsbox_digest *blob, struct nsbox_error **err);

/* ---- images (refs) ---- */

/* Record `name` (normalized) -> the image manifest `manifest` (an IMAGE manifest already stored,
 * with its config and all its layer blobs: checked here, as by a transaction's commit, which
 * also unpacks layers not unpacked yet).  The parsed run config is stored with the ref.
 * Replaces an existing ref of that name atomically. */
int nsbox_store_tag_image (struct nsbox_store *store, const char *name, const struct nsbox_digest *manifest,
                           struct nsbox_error **err);

struct nsbox_image_info
{
  char *name;                     /* "busybox:latest" */
  struct nsbox_digest manifest;
  struct nsbox_digest config;
  size_t n_layers;
  int64_t size;                   /* sum of the layer blob sizes from the manifest */
  int64_t created;                /* unix time of the import */
};

/* All refs, sorted by name. */
int nsbox_store_list_images (struct nsbox_store *store, struct nsbox_image_info **out, size_t *n_out,
                             struct nsbox_error **err);
void nsbox_image_info_free (struct nsbox_image_info *images, size_t n);

/* The stored ref document of an image (name, manifest, config_digest, layers, size, created,
 * config) as pretty-printed JSON text (malloc'd). */
int nsbox_store_inspect_image (struct nsbox_store *store, const char *name, char **json_out,
                               struct nsbox_error **err);

/* Remove a ref (blobs and layers stay until prune).  Error if it does not exist. */
int nsbox_store_remove_image (struct nsbox_store *store, const char *name, struct nsbox_error **err);

struct nsbox_prune_stats
{
  size_t blobs_removed;
  size_t layers_removed;
  uint64_t bytes_freed; /* blob bytes */
};

/* Take the store lock exclusively (waits for running sandboxes and imports), move every blob
 * and layer no ref reaches, and all of tmp/ and locks/, into the trash; then share the lock
 * again (sandboxes start) and delete the trash. */
int nsbox_store_prune (struct nsbox_store *store, struct nsbox_prune_stats *stats, struct nsbox_error **err);

#endif
