/* import-source.h - files of an image source: a layout directory or a tar archive (internal).
 *
 * Small files (JSON documents) are read whole; blobs are streamed into a store transaction.
 * Archive sources are read in one pass that caches small files, then one pass per batch of
 * blobs, so a multi-gigabyte `docker save` file is never copied to disk first. */
#ifndef NSBOX_IMAGE_IMPORT_SOURCE_H
#define NSBOX_IMAGE_IMPORT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image/digest.h"
#include "base/error.h"
#include "image/store/store.h"

struct nsbox_import_source;

struct nsbox_blob_request
{
  const char *path;                   /* inside the source */
  const struct nsbox_digest *expected; /* NULL = whatever it hashes to */
  int64_t size;                       /* -1 = unknown */
  struct nsbox_digest digest;         /* out */
  bool done;
};

int nsbox_import_source_open_dir (const char *dir, struct nsbox_import_source **out, struct nsbox_error **err);
int nsbox_import_source_open_archive (const char *file, struct nsbox_import_source **out, struct nsbox_error **err);
void nsbox_import_source_free (struct nsbox_import_source *source);

/* 1 if the source has a regular file at path. */
bool nsbox_import_source_has (struct nsbox_import_source *source, const char *path);

/* Read a small file (at most max bytes) into a NUL-terminated buffer. */
int nsbox_import_source_read (struct nsbox_import_source *source, const char *path, size_t max, char **data,
                              size_t *length, struct nsbox_error **err);

/* Stage every requested blob into txn, verifying expected digests and sizes. */
int nsbox_import_source_stage (struct nsbox_import_source *source, struct nsbox_store_txn *txn,
                               struct nsbox_blob_request *requests, size_t n, struct nsbox_error **err);

#endif
