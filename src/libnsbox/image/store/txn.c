#define _GNU_SOURCE
#include "image/store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fdio.h"
#include "image/store/layer.h"
#include "image/store/internal.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

struct staged
{
  struct nsbox_digest digest;
  char tmp_name[64]; /* empty once published or removed */
  int lock_fd;       /* layers: held from extraction to publication */
};

struct nsbox_store_txn
{
  struct nsbox_store *store;
  struct staged *blobs;
  size_t n_blobs;
  struct staged *layers;
  size_t n_layers;
};

int
nsbox_store_txn_begin (struct nsbox_store *store, struct nsbox_store_txn **out, struct nsbox_error **err)
{
  struct nsbox_store_txn *txn = calloc (1, sizeof *txn);

  if (txn == NULL)
    return nsbox_error_oom (err);
  txn->store = store;
  *out = txn;
  return 0;
}

static void
drop_staged (struct nsbox_store *s, struct staged *items, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      if (items[i].tmp_name[0])
        {
          struct nsbox_error *ignored = NULL;
          nsbox_remove_tree_at (s->tmp_fd, items[i].tmp_name, &ignored);
          nsbox_error_free (ignored);
        }
      nsbox_store_unlock_object (s, "layer", &items[i].digest, items[i].lock_fd);
    }
  free (items);
}

void
nsbox_store_txn_abort (struct nsbox_store_txn *txn)
{
  if (txn == NULL)
    return;
  drop_staged (txn->store, txn->blobs, txn->n_blobs);
  drop_staged (txn->store, txn->layers, txn->n_layers);
  free (txn);
}

static struct staged *
find_staged (struct staged *items, size_t n, const struct nsbox_digest *digest)
{
  for (size_t i = 0; i < n; i++)
    if (nsbox_digest_equal (&items[i].digest, digest))
      return &items[i];
  return NULL;
}

static struct staged *
append_staged (struct staged **items, size_t *n, const struct nsbox_digest *digest, struct nsbox_error **err)
{
  struct staged *grown = realloc (*items, (*n + 1) * sizeof **items);

  if (grown == NULL)
    {
      nsbox_error_oom (err);
      return NULL;
    }
  *items = grown;
  memset (&grown[*n], 0, sizeof grown[*n]);
  grown[*n].digest = *digest;
  grown[*n].lock_fd = -1;
  return &grown[(*n)++];
}

/* The writers' `stage` hook (internal.h): take over a verified tmp file. */
static int
stage_blob (void *owner, const struct nsbox_digest *digest, const char *tmp_name, struct nsbox_error **err)
{
  struct nsbox_store_txn *txn = owner;
  struct staged *item;

  /* The same blob twice (two tags of one layer): keep the first copy. */
  if (find_staged (txn->blobs, txn->n_blobs, digest) != NULL)
    {
      unlinkat (txn->store->tmp_fd, tmp_name, 0);
      return 0;
    }
  item = append_staged (&txn->blobs, &txn->n_blobs, digest, err);
  if (item == NULL)
    return -1;
  snprintf (item->tmp_name, sizeof item->tmp_name, "%s", tmp_name);
  return 0;
}

int
nsbox_store_txn_has_blob (struct nsbox_store_txn *txn, const struct nsbox_digest *digest, struct nsbox_error **err)
{
  if (find_staged (txn->blobs, txn->n_blobs, digest) != NULL)
    return 1;
  return nsbox_store_has_blob (txn->store, digest, err);
}

int
nsbox_store_txn_blob_begin (struct nsbox_store_txn *txn, const struct nsbox_digest *expected, int64_t expected_size,
                            struct nsbox_blob_writer **out, struct nsbox_error **err)
{
  if (nsbox_store_blob_begin (txn->store, expected, expected_size, out, err) < 0)
    return -1;
  (*out)->stage = stage_blob;
  (*out)->stage_owner = txn;
  return 0;
}

static int
write_chunk (void *writer, const void *chunk, size_t length, struct nsbox_error **err)
{
  return nsbox_blob_writer_write (writer, chunk, length, err);
}

int
nsbox_store_txn_put_blob_fd (struct nsbox_store_txn *txn, int fd, const struct nsbox_digest *expected,
                             int64_t expected_size, struct nsbox_digest *digest_out, struct nsbox_error **err)
{
  struct nsbox_blob_writer *w = NULL;
  int r;

  if (expected && (r = nsbox_store_txn_has_blob (txn, expected, err)) != 0)
    {
      if (r > 0 && digest_out)
        *digest_out = *expected;
      return r < 0 ? r : 0;
    }
  if (nsbox_store_txn_blob_begin (txn, expected, expected_size, &w, err) < 0)
    return -1;
  if (nsbox_read_chunks (fd, "blob", write_chunk, w, err) < 0)
    {
      nsbox_blob_writer_abort (w);
      return -1;
    }
  return nsbox_blob_writer_commit (w, digest_out, err);
}

int
nsbox_store_txn_put_blob_buffer (struct nsbox_store_txn *txn, const void *data, size_t length,
                                 const struct nsbox_digest *expected, struct nsbox_digest *digest_out,
                                 struct nsbox_error **err)
{
  struct nsbox_blob_writer *w = NULL;
  int r;

  if (expected && (r = nsbox_store_txn_has_blob (txn, expected, err)) != 0)
    {
      if (r > 0 && digest_out)
        *digest_out = *expected;
      return r < 0 ? r : 0;
    }
  if (nsbox_store_txn_blob_begin (txn, expected, (int64_t) length, &w, err) < 0)
    return -1;
  if (nsbox_blob_writer_write (w, data, length, err) < 0)
    {
      nsbox_blob_writer_abort (w);
      return -1;
    }
  return nsbox_blob_writer_commit (w, digest_out, err);
}

static int
txn_open_blob (struct nsbox_store_txn *txn, const struct nsbox_digest *digest, struct nsbox_error **err)
{
  struct staged *item = find_staged (txn->blobs, txn->n_blobs, digest);
  int fd;

  if (item == NULL)
    return nsbox_store_open_blob (txn->store, digest, err);
  fd = openat (txn->store->tmp_fd, item->tmp_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open staged blob sha256:%s", digest->hex);
  return fd;
}

int64_t
nsbox_store_txn_blob_size (struct nsbox_store_txn *txn, const struct nsbox_digest *digest, struct nsbox_error **err)
{
  _cleanup_close_ int fd = txn_open_blob (txn, digest, err);
  struct stat st;

  if (fd < 0)
    return -1;
  if (fstat (fd, &st) < 0)
    return nsbox_error_errno (err, errno, "stat blob sha256:%s", digest->hex);
  return st.st_size;
}

int
nsbox_store_txn_read_blob (struct nsbox_store_txn *txn, const struct nsbox_digest *digest, size_t max_size,
                           char **data_out, size_t *length_out, struct nsbox_error **err)
{
  _cleanup_close_ int fd = txn_open_blob (txn, digest, err);

  if (fd < 0)
    return -1;
  return nsbox_blob_read_fd (fd, digest, max_size, data_out, length_out, err);
}

static int
load_image (struct nsbox_store_txn *txn, const struct nsbox_digest *manifest, struct nsbox_manifest **m,
            struct nsbox_image_config **c, struct nsbox_error **err)
{
  _cleanup_free_ char *mdata = NULL;
  _cleanup_free_ char *cdata = NULL;
  size_t mlen, clen;

  if (nsbox_store_txn_read_blob (txn, manifest, NSBOX_MANIFEST_MAX_SIZE, &mdata, &mlen, err) < 0
      || nsbox_manifest_parse (mdata, mlen, m, err) < 0)
    return -1;
  if ((*m)->kind != NSBOX_MANIFEST_IMAGE)
    return nsbox_error_msg (err, "sha256:%s is an index, not an image manifest", manifest->hex);
  if (nsbox_store_txn_read_blob (txn, &(*m)->config.digest, NSBOX_MANIFEST_MAX_SIZE, &cdata, &clen, err) < 0
      || nsbox_image_config_parse (cdata, clen, c, err) < 0)
    return -1;
  /* overlayfs stacks at most 500 layers; more is no image anyone can run. */
  if ((*m)->n_layers > NSBOX_IMAGE_MAX_LAYERS)
    return nsbox_error_msg (err, "the image has %zu layers, more than %d", (*m)->n_layers, NSBOX_IMAGE_MAX_LAYERS);
  if ((*c)->os && strcmp ((*c)->os, "linux") != 0)
    return nsbox_error_msg (err, "the image is for `%s`, not linux", (*c)->os);
  if ((*c)->architecture && strcmp ((*c)->architecture, nsbox_host_architecture ()) != 0)
    return nsbox_error_msg (err, "the image is for architecture `%s`, this host is `%s`", (*c)->architecture,
                            nsbox_host_architecture ());
  for (size_t i = 0; i < (*m)->n_layers; i++)
    {
      int r = nsbox_store_txn_has_blob (txn, &(*m)->layers[i].digest, err);
      if (r < 0)
        return r;
      if (r == 0)
        return nsbox_error_msg (err, "layer blob sha256:%s was not fetched", (*m)->layers[i].digest.hex);
    }
  return 0;
}

static int
compare_staged (const void *a, const void *b)
{
  return strcmp (((const struct staged *) a)->digest.hex, ((const struct staged *) b)->digest.hex);
}

/* Lock every missing layer (in digest order, so two imports sharing layers cannot deadlock)
 * and extract those still missing once we hold the lock. */
static int
unpack_missing_layers (struct nsbox_store_txn *txn, const struct nsbox_manifest *m, struct nsbox_error **err)
{
  for (size_t i = 0; i < m->n_layers; i++)
    if (find_staged (txn->layers, txn->n_layers, &m->layers[i].digest) == NULL
        && append_staged (&txn->layers, &txn->n_layers, &m->layers[i].digest, err) == NULL)
      return -1;
  qsort (txn->layers, txn->n_layers, sizeof *txn->layers, compare_staged);
  for (size_t i = 0; i < txn->n_layers; i++)
    {
      struct nsbox_store_event event = { .hex = txn->layers[i].digest.hex, .index = i + 1, .count = txn->n_layers };
      struct staged *l = &txn->layers[i];
      _cleanup_close_ int blob_fd = -1;
      int r;

      if ((r = nsbox_store_has_layer (txn->store, &l->digest, err)) != 0)
        {
          if (r < 0)
            return r;
          continue;
        }
      if ((l->lock_fd = nsbox_store_lock_object (txn->store, "layer", &l->digest, err)) < 0)
        return -1;
      if ((r = nsbox_store_has_layer (txn->store, &l->digest, err)) != 0)
        {
          if (r < 0)
            return r;
          continue;
        }
      event.kind = NSBOX_STORE_LAYER_UNPACK;
      nsbox_store_report (txn->store, &event);
      if ((blob_fd = txn_open_blob (txn, &l->digest, err)) < 0
          || nsbox_store_extract_to_tmp (txn->store, blob_fd, l->tmp_name, sizeof l->tmp_name, err) < 0)
        return nsbox_error_prefix (err, "layer sha256:%.12s", l->digest.hex);
      event.kind = NSBOX_STORE_LAYER_DONE;
      nsbox_store_report (txn->store, &event);
    }
  return 0;
}

static int
publish (struct nsbox_store_txn *txn, struct nsbox_error **err)
{
  struct nsbox_store *s = txn->store;

  /* Blobs first: a published layer or ref never points at a missing blob. */
  for (size_t i = 0; i < txn->n_blobs; i++)
    {
      if (renameat (s->tmp_fd, txn->blobs[i].tmp_name, s->blobs_fd, txn->blobs[i].digest.hex) < 0)
        return nsbox_error_errno (err, errno, "store blob sha256:%s", txn->blobs[i].digest.hex);
      txn->blobs[i].tmp_name[0] = '\0';
    }
  for (size_t i = 0; i < txn->n_layers; i++)
    {
      struct staged *l = &txn->layers[i];
      if (l->tmp_name[0] == '\0')
        continue;
      /* EEXIST cannot happen under the layer lock; if it does, the published copy wins and
       * ours is removed with the transaction. */
      if (renameat2 (s->tmp_fd, l->tmp_name, s->layers_fd, l->digest.hex, RENAME_NOREPLACE) == 0)
        l->tmp_name[0] = '\0';
      else if (errno != EEXIST)
        return nsbox_error_errno (err, errno, "publish layer sha256:%s", l->digest.hex);
    }
  return 0;
}

int
nsbox_store_txn_commit (struct nsbox_store_txn *txn, const char *name, const struct nsbox_digest *manifest,
                        struct nsbox_error **err)
{
  struct nsbox_manifest *m = NULL;
  struct nsbox_image_config *c = NULL;
  int ret;

  ret = load_image (txn, manifest, &m, &c, err);
  if (ret >= 0)
    ret = unpack_missing_layers (txn, m, err);
  if (ret >= 0)
    ret = publish (txn, err);
  if (ret >= 0)
    ret = nsbox_store_write_image_ref (txn->store, name, manifest, m, c, err);
  nsbox_manifest_free (m);
  nsbox_image_config_free (c);
  nsbox_store_txn_abort (txn);
  return ret < 0 ? -1 : 0;
}

/* An image whose blobs are all stored already is a transaction with nothing
 * staged: its commit checks the image, unpacks what is missing and writes
 * the ref, as an import's does. */
int
nsbox_store_tag_image (struct nsbox_store *store, const char *name, const struct nsbox_digest *manifest,
                       struct nsbox_error **err)
{
  struct nsbox_store_txn *txn = NULL;

  if (nsbox_store_txn_begin (store, &txn, err) < 0)
    return -1;
  return nsbox_store_txn_commit (txn, name, manifest, err);
}
