/* fsck.h - verify the image store and repair what can be repaired (`nsbox image fsck`).
 *
 * What is checked: every blob hashes to its name and has the size every manifest that lists
 * it declares; every ref parses, names a stored manifest, and agrees with it (config digest,
 * layers in order); every blob a manifest names is stored; every layer a ref uses is unpacked;
 * nothing foreign or partial sits in blobs/, layers/, tmp/ or trash/; no lock file is left by
 * a process that died.
 *
 * The hashing runs under the shared store lock, so sandboxes and imports go on meanwhile.
 * Entries in tmp/, lock files and trash can only be judged when nobody else uses the store:
 * fsck tries the exclusive lock without waiting (a plain check) or waits for it (--repair).
 *
 * Repair: a layer directory that is missing is unpacked again from its blob (when the blob is
 * sound); damaged blobs, partial and foreign entries, stale locks and abandoned trash are
 * removed; an image that still lacks something (a blob that was damaged or is missing, a ref
 * that disagrees with its manifest) is removed, to be pulled or imported again.  Removal goes
 * through the trash (trash.h): the exclusive lock is held only to re-check and rename.
 * Objects no image references are counted, not removed: that is `nsbox image prune`. */
#ifndef NSBOX_IMAGE_STORE_FSCK_H
#define NSBOX_IMAGE_STORE_FSCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "image/store/store.h"

enum nsbox_fsck_kind
{
  NSBOX_FSCK_BLOB_DIGEST,   /* a blob's content does not hash to its name */
  NSBOX_FSCK_BLOB_SIZE,     /* a blob's size is not what a manifest declares (and so neither is its digest) */
  NSBOX_FSCK_BLOB_TYPE,     /* blobs/sha256/<hex> is not a regular file */
  NSBOX_FSCK_LAYER_MISSING, /* an image's layer is not unpacked */
  NSBOX_FSCK_LAYER_TYPE,    /* layers/<hex> is not a directory */
  NSBOX_FSCK_REF_CORRUPT,   /* a ref that does not parse or lacks what a ref has */
  NSBOX_FSCK_REF_DANGLING,  /* a ref whose manifest blob is missing */
  NSBOX_FSCK_MANIFEST_LINK, /* a ref or manifest names a config or layer that is missing or differs */
  NSBOX_FSCK_IMAGE_DAMAGED, /* an image that needs a damaged blob */
  NSBOX_FSCK_PARTIAL,       /* an entry of an interrupted import, or a foreign name in the store */
  NSBOX_FSCK_STALE_LOCK,    /* a lock file nobody holds */
  NSBOX_FSCK_TRASH,         /* trash of a prune that died while deleting */
};

struct nsbox_fsck_problem
{
  enum nsbox_fsck_kind kind;
  char *object;  /* store-relative: "blobs/sha256/<hex>", "layers/<hex>", "refs/<file>", "tmp/<name>" ... */
  char *message; /* what is wrong */
  char *image;   /* the image it breaks (one of them), or NULL */
  char *repair;  /* what --repair did about it, or NULL if nothing (yet) */
};

struct nsbox_fsck_report
{
  struct nsbox_fsck_problem *problems;
  size_t n_problems;
  size_t n_repaired;
  size_t blobs, layers, images; /* what was checked */
  uint64_t bytes_hashed;
  size_t unreferenced_blobs, unreferenced_layers;
  uint64_t unreferenced_bytes;
  bool leftovers_checked; /* false: the store was in use, tmp/, locks/ and trash/ were not judged */
};

/* Check the store (store was opened with nsbox_store_open_untouched(), so that a plain check
 * changes nothing); with repair, fix what can be fixed.  The report is the caller's. */
int nsbox_store_fsck (struct nsbox_store *store, bool repair, struct nsbox_fsck_report **out,
                      struct nsbox_error **err);
void nsbox_fsck_report_free (struct nsbox_fsck_report *report);

/* "blob-digest", "layer-missing", ... as the CLI prints them. */
const char *nsbox_fsck_kind_name (enum nsbox_fsck_kind kind);

#endif
