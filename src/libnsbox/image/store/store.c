#define _GNU_SOURCE
#include "image/store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/json.h"
#include "base/strv.h"
#include "image/store/layer.h"
#include "image/name.h"
#include "image/store/internal.h"
#include "image/store/trash.h"

const char *
nsbox_store_dir (const struct nsbox_store *store)
{
  return store->dir;
}

/* A fresh, unguessable name in tmp/ (the prefix says what it is, for whoever looks). */
int
nsbox_store_tmp_name (const char *prefix, char *out, size_t size, struct nsbox_error **err)
{
  uint64_t r[2];

  if (getrandom (r, sizeof r, 0) != sizeof r)
    return nsbox_error_errno (err, errno, "getrandom");
  snprintf (out, size, "%s-%016" PRIx64 "%016" PRIx64, prefix, r[0], r[1]);
  return 0;
}

static int
open_subdir (int parent, const char *name, struct nsbox_error **err)
{
  int fd;

  if (mkdirat (parent, name, 0700) < 0 && errno != EEXIST)
    return nsbox_error_errno (err, errno, "create store directory `%s`", name);
  fd = openat (parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open store directory `%s`", name);
  return fd;
}

/* A stream of the entries of one of the store's directories (dirfd stays
 * open and ours); `what` names it in messages. */
static DIR *
read_entries (int dirfd, const char *what, struct nsbox_error **err)
{
  int fd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *dir = fd < 0 ? NULL : fdopendir (fd);

  if (dir == NULL)
    {
      int e = errno;

      if (fd >= 0)
        close (fd);
      nsbox_error_errno (err, e, "read store directory `%s`", what);
    }
  return dir;
}

/* readdir() without "." and "..". */
static struct dirent *
next_entry (DIR *dir)
{
  struct dirent *de;

  while ((de = readdir (dir)) != NULL && (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0))
    ;
  return de;
}

/* Remove everything in a store directory (tmp/ or locks/). */
static int
clear_dir (int dirfd, const char *what, struct nsbox_error **err)
{
  _cleanup_closedir_ DIR *dir = read_entries (dirfd, what, err);
  struct dirent *de;

  if (dir == NULL)
    return -1;
  while ((de = next_entry (dir)) != NULL)
    if (nsbox_remove_tree_at (dirfd, de->d_name, err) < 0)
      return nsbox_error_prefix (err, "clean store `%s`", what);
  return 0;
}

static int
store_lock_initial (struct nsbox_store *s, bool clean_tmp, struct nsbox_error **err)
{
  s->lock_fd = openat (s->dirfd, "lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (s->lock_fd < 0)
    return nsbox_error_errno (err, errno, "open store lock in `%s`", s->dir);
  /* Alone with the store: whatever tmp/ holds was left by a killed import. */
  if (clean_tmp && flock (s->lock_fd, LOCK_EX | LOCK_NB) == 0)
    {
      if (clear_dir (s->tmp_fd, "tmp", err) < 0)
        return -1;
    }
  else if (clean_tmp && errno != EWOULDBLOCK)
    return nsbox_error_errno (err, errno, "lock store `%s`", s->dir);
  if (flock (s->lock_fd, LOCK_SH) < 0)
    return nsbox_error_errno (err, errno, "lock store `%s`", s->dir);
  return 0;
}

static int
store_open (const char *dir, bool clean_tmp, struct nsbox_store **out, struct nsbox_error **err)
{
  struct nsbox_store *s;
  int blobs_root = -1;

  if (dir == NULL || dir[0] != '/')
    return nsbox_error_msg (err, "the store directory must be an absolute path");
  /* 0700: layers keep set-uid files and image owners; no host user may reach them. */
  if (nsbox_make_dirs (dir, 0700, err) < 0)
    return -1;
  s = calloc (1, sizeof *s);
  if (s == NULL)
    return nsbox_error_oom (err);
  s->dirfd = s->lock_fd = s->blobs_fd = s->layers_fd = s->refs_fd = s->locks_fd = s->tmp_fd = -1;
  if ((s->dir = strdup (dir)) == NULL)
    {
      nsbox_store_close (s);
      return nsbox_error_oom (err);
    }
  s->dirfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (s->dirfd < 0)
    {
      nsbox_error_errno (err, errno, "open store `%s`", dir);
      nsbox_store_close (s);
      return -1;
    }
  if ((blobs_root = open_subdir (s->dirfd, "blobs", err)) < 0 || (s->blobs_fd = open_subdir (blobs_root, "sha256", err)) < 0
      || (s->layers_fd = open_subdir (s->dirfd, "layers", err)) < 0
      || (s->refs_fd = open_subdir (s->dirfd, "refs", err)) < 0
      || (s->locks_fd = open_subdir (s->dirfd, "locks", err)) < 0
      || (s->tmp_fd = open_subdir (s->dirfd, "tmp", err)) < 0 || store_lock_initial (s, clean_tmp, err) < 0)
    {
      if (blobs_root >= 0)
        close (blobs_root);
      nsbox_store_close (s);
      return nsbox_error_prefix (err, "store `%s`", dir);
    }
  close (blobs_root);
  *out = s;
  return 0;
}

int
nsbox_store_open (const char *dir, struct nsbox_store **out, struct nsbox_error **err)
{
  return store_open (dir, true, out, err);
}

int
nsbox_store_open_untouched (const char *dir, struct nsbox_store **out, struct nsbox_error **err)
{
  return store_open (dir, false, out, err);
}

void
nsbox_store_close (struct nsbox_store *s)
{
  if (s == NULL)
    return;
  for (int *fd = &s->dirfd; fd <= &s->tmp_fd; fd++)
    if (*fd >= 0)
      close (*fd);
  free (s->dir);
  free (s);
}

/* true if locks/<name> is still the file open as fd (its holder unlinks it before releasing). */
static bool
lock_file_current (struct nsbox_store *s, const char *name, int fd)
{
  struct stat mine, there;

  return fstat (fd, &mine) == 0 && fstatat (s->locks_fd, name, &there, AT_SYMLINK_NOFOLLOW) == 0
         && mine.st_dev == there.st_dev && mine.st_ino == there.st_ino;
}

/* An exclusive flock on locks/<kind>-<hex>; returns the fd.  The holder unlinks the file
 * when it is done (nsbox_store_unlock_object), so lock files do not pile up; whoever waited
 * on the unlinked file holds a lock on nothing and tries again on a fresh one. */
int
nsbox_store_lock_object (struct nsbox_store *s, const char *kind, const struct nsbox_digest *digest, struct nsbox_error **err)
{
  char name[NSBOX_DIGEST_HEX_LEN + 16];

  snprintf (name, sizeof name, "%s-%s", kind, digest->hex);
  for (;;)
    {
      int fd = openat (s->locks_fd, name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

      if (fd < 0)
        return nsbox_error_errno (err, errno, "open lock `%s`", name);
      if (flock (fd, LOCK_EX) < 0)
        {
          close (fd);
          return nsbox_error_errno (err, errno, "lock `%s`", name);
        }
      if (lock_file_current (s, name, fd))
        return fd;
      close (fd);
    }
}

void
nsbox_store_unlock_object (struct nsbox_store *s, const char *kind, const struct nsbox_digest *digest, int fd)
{
  char name[NSBOX_DIGEST_HEX_LEN + 16];

  if (fd < 0)
    return;
  snprintf (name, sizeof name, "%s-%s", kind, digest->hex);
  /* Still ours (prune may have moved it away while the store was ours alone: then it is not). */
  if (lock_file_current (s, name, fd))
    unlinkat (s->locks_fd, name, 0);
  close (fd);
}

static int
exists_at (int dirfd, const char *name, struct nsbox_error **err)
{
  struct stat st;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
    return 1;
  if (errno == ENOENT)
    return 0;
  return nsbox_error_errno (err, errno, "stat `%s`", name);
}

int
nsbox_store_has_blob (struct nsbox_store *s, const struct nsbox_digest *digest, struct nsbox_error **err)
{
  return exists_at (s->blobs_fd, digest->hex, err);
}

int
nsbox_store_has_layer (struct nsbox_store *s, const struct nsbox_digest *blob, struct nsbox_error **err)
{
  return exists_at (s->layers_fd, blob->hex, err);
}

int
nsbox_store_blob_begin (struct nsbox_store *s, const struct nsbox_digest *expected, int64_t expected_size,
                        struct nsbox_blob_writer **out, struct nsbox_error **err)
{
  struct nsbox_blob_writer *w = calloc (1, sizeof *w);

  if (w == NULL)
    return nsbox_error_oom (err);
  w->store = s;
  w->fd = -1;
  w->expected_size = expected_size;
  if (expected)
    {
      w->has_expected = true;
      w->expected = *expected;
    }
  if (nsbox_digester_new (&w->hasher, err) < 0 || nsbox_store_tmp_name ("blob", w->tmp_name, sizeof w->tmp_name, err) < 0)
    {
      nsbox_blob_writer_abort (w);
      return -1;
    }
  w->fd = openat (s->tmp_fd, w->tmp_name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (w->fd < 0)
    {
      nsbox_error_errno (err, errno, "create temporary blob in `%s/tmp`", s->dir);
      w->tmp_name[0] = '\0';
      nsbox_blob_writer_abort (w);
      return -1;
    }
  *out = w;
  return 0;
}

int
nsbox_blob_writer_write (struct nsbox_blob_writer *w, const void *data, size_t length, struct nsbox_error **err)
{
  int ret;

  if (w->expected_size >= 0 && (int64_t) length > w->expected_size - w->written)
    return nsbox_error_msg (err, "blob sha256:%s is larger than its declared size %" PRId64,
                            w->has_expected ? w->expected.hex : "?", w->expected_size);
  if (nsbox_digester_update (w->hasher, data, length, err) < 0)
    return -1;
  if ((ret = nsbox_write_all (w->fd, data, length)) < 0)
    return nsbox_error_errno (err, -ret, "write blob");
  w->written += length;
  nsbox_store_report (w->store, &(struct nsbox_store_event){ .kind = NSBOX_STORE_BLOB_BYTES,
                                                             .hex = w->has_expected ? w->expected.hex : NULL,
                                                             .done = w->written,
                                                             .total = w->expected_size });
  return 0;
}

void
nsbox_store_set_progress (struct nsbox_store *store, nsbox_store_progress_fn fn, void *data)
{
  store->progress = fn;
  store->progress_data = data;
}

void
nsbox_blob_writer_abort (struct nsbox_blob_writer *w)
{
  if (w == NULL)
    return;
  if (w->fd >= 0)
    close (w->fd);
  if (w->tmp_name[0])
    unlinkat (w->store->tmp_fd, w->tmp_name, 0);
  nsbox_digester_free (w->hasher);
  free (w);
}

static int
writer_verify (struct nsbox_blob_writer *w, struct nsbox_digest *digest, struct nsbox_error **err)
{
  char want[NSBOX_DIGEST_STRING_SIZE], got[NSBOX_DIGEST_STRING_SIZE];

  if (nsbox_digester_final (w->hasher, digest, err) < 0)
    return -1;
  if (w->expected_size >= 0 && w->written != w->expected_size)
    return nsbox_error_msg (err, "blob %s: size mismatch: expected %" PRId64 " bytes, got %" PRId64,
                            w->has_expected ? nsbox_digest_format (&w->expected, want) : nsbox_digest_format (digest, got),
                            w->expected_size, w->written);
  if (w->has_expected && !nsbox_digest_equal (&w->expected, digest))
    return nsbox_error_msg (err, "blob digest mismatch: expected %s, content hashes to %s",
                            nsbox_digest_format (&w->expected, want), nsbox_digest_format (digest, got));
  return 0;
}

/* Verify and fsync a finished writer; *digest gets its digest.  Does not free it. */
static int
writer_finish (struct nsbox_blob_writer *w, struct nsbox_digest *digest, struct nsbox_error **err)
{
  if (writer_verify (w, digest, err) < 0)
    return -1;
  /* Durable before visible: a crash after the rename must not leave a blob of zeros. */
  if (fchmod (w->fd, 0444) < 0 || fsync (w->fd) < 0)
    return nsbox_error_errno (err, errno, "sync blob");
  return 0;
}

int
nsbox_blob_writer_commit (struct nsbox_blob_writer *w, struct nsbox_digest *digest_out, struct nsbox_error **err)
{
  struct nsbox_digest digest;
  int ret = writer_finish (w, &digest, err);

  if (ret >= 0 && w->stage)
    ret = w->stage (w->stage_owner, &digest, w->tmp_name, err);
  /* Renaming over an identical blob from a concurrent import is harmless: same bytes. */
  else if (ret >= 0 && renameat (w->store->tmp_fd, w->tmp_name, w->store->blobs_fd, digest.hex) < 0)
    ret = nsbox_error_errno (err, errno, "store blob sha256:%s", digest.hex);
  if (ret >= 0)
    {
      w->tmp_name[0] = '\0';
      if (digest_out)
        *digest_out = digest;
      nsbox_store_report (w->store, &(struct nsbox_store_event){ .kind = NSBOX_STORE_BLOB_DONE, .hex = digest.hex,
                                                                 .done = w->written, .total = w->written });
    }
  nsbox_blob_writer_abort (w);
  return ret;
}

int
nsbox_store_put_blob_buffer (struct nsbox_store *s, const void *data, size_t length, const struct nsbox_digest *expected,
                             struct nsbox_digest *digest_out, struct nsbox_error **err)
{
  struct nsbox_blob_writer *w = NULL;

  if (nsbox_store_blob_begin (s, expected, (int64_t) length, &w, err) < 0)
    return -1;
  if (nsbox_blob_writer_write (w, data, length, err) < 0)
    {
      nsbox_blob_writer_abort (w);
      return -1;
    }
  return nsbox_blob_writer_commit (w, digest_out, err);
}

int
nsbox_store_open_blob (struct nsbox_store *s, const struct nsbox_digest *digest, struct nsbox_error **err)
{
  int fd = openat (s->blobs_fd, digest->hex, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0)
    return nsbox_error_errno (err, errno, "open blob sha256:%s", digest->hex);
  return fd;
}

int
nsbox_blob_read_fd (int fd, const struct nsbox_digest *digest, size_t max_size, char **data_out, size_t *length_out,
                    struct nsbox_error **err)
{
  _cleanup_free_ char *data = NULL;
  struct stat st;
  int ret;

  if (fstat (fd, &st) < 0)
    return nsbox_error_errno (err, errno, "stat blob sha256:%s", digest->hex);
  if ((uint64_t) st.st_size > max_size)
    return nsbox_error_msg (err, "blob sha256:%s is larger than %zu bytes", digest->hex, max_size);
  data = malloc (st.st_size + 1);
  if (data == NULL)
    return nsbox_error_oom (err);
  if ((ret = nsbox_read_all (fd, data, st.st_size)) < 0)
    return nsbox_error_errno (err, -ret, "read blob sha256:%s", digest->hex);
  data[st.st_size] = '\0';
  *data_out = steal_pointer (&data);
  *length_out = st.st_size;
  return 0;
}

int
nsbox_store_read_blob (struct nsbox_store *s, const struct nsbox_digest *digest, size_t max_size, char **data_out,
                       size_t *length_out, struct nsbox_error **err)
{
  _cleanup_close_ int fd = nsbox_store_open_blob (s, digest, err);

  if (fd < 0)
    return -1;
  return nsbox_blob_read_fd (fd, digest, max_size, data_out, length_out, err);
}

int
nsbox_store_extract_to_tmp (struct nsbox_store *s, int blob_fd, char *name, size_t size, struct nsbox_error **err)
{
  struct nsbox_layer_options opts = { .overlay_whiteouts = true };
  _cleanup_close_ int dir_fd = -1;
  int ret;

  /* Ownership needs CAP_CHOWN; a private store of an unprivileged user keeps its own uid. */
  opts.keep_ownership = geteuid () == 0;
  if (nsbox_store_tmp_name ("layer", name, size, err) < 0)
    return -1;
  if (mkdirat (s->tmp_fd, name, 0755) < 0)
    return nsbox_error_errno (err, errno, "create temporary layer directory");
  dir_fd = openat (s->tmp_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  ret = dir_fd < 0 ? nsbox_error_errno (err, errno, "open temporary layer directory") : 0;
  if (ret >= 0 && fchmod (dir_fd, 0755) < 0)
    ret = nsbox_error_errno (err, errno, "chmod temporary layer directory");
  if (ret >= 0)
    ret = nsbox_layer_extract (blob_fd, dir_fd, &opts, err);
  /* One syncfs instead of an fsync per file: the layer is durable before it is renamed. */
  if (ret >= 0 && syncfs (dir_fd) < 0)
    ret = nsbox_error_errno (err, errno, "sync layer");
  if (ret < 0)
    {
      struct nsbox_error *cleanup_err = NULL;
      nsbox_remove_tree_at (s->tmp_fd, name, &cleanup_err);
      nsbox_error_free (cleanup_err);
      name[0] = '\0';
      return -1;
    }
  return 0;
}

/* Extract into tmp/layer-*, then rename to layers/<hex>: a layer directory is complete or absent. */
static int
unpack_into_tmp_and_publish (struct nsbox_store *s, const struct nsbox_digest *blob, struct nsbox_error **err)
{
  _cleanup_close_ int blob_fd = -1;
  char name[64];

  if ((blob_fd = nsbox_store_open_blob (s, blob, err)) < 0)
    return -1;
  if (nsbox_store_extract_to_tmp (s, blob_fd, name, sizeof name, err) < 0)
    return nsbox_error_prefix (err, "unpack layer sha256:%.12s", blob->hex);
  if (renameat (s->tmp_fd, name, s->layers_fd, blob->hex) < 0)
    {
      int saved = errno;
      struct nsbox_error *cleanup_err = NULL;
      nsbox_remove_tree_at (s->tmp_fd, name, &cleanup_err);
      nsbox_error_free (cleanup_err);
      return nsbox_error_errno (err, saved, "publish layer sha256:%.12s", blob->hex);
    }
  return 0;
}

int
nsbox_store_unpack_layer (struct nsbox_store *s, const struct nsbox_digest *blob, struct nsbox_error **err)
{
  int lock, r;

  if ((r = nsbox_store_has_layer (s, blob, err)) != 0)
    return r < 0 ? r : 0;
  lock = nsbox_store_lock_object (s, "layer", blob, err);
  if (lock < 0)
    return -1;
  /* Whoever held the lock before us may have unpacked it. */
  if ((r = nsbox_store_has_layer (s, blob, err)) == 0)
    r = unpack_into_tmp_and_publish (s, blob, err);
  nsbox_store_unlock_object (s, "layer", blob, lock);
  return r < 0 ? r : 0;
}

static json_t *
layers_json (const struct nsbox_manifest *m, int64_t *size)
{
  json_t *a = json_array ();

  *size = 0;
  for (size_t i = 0; a && i < m->n_layers; i++)
    {
      *size += m->layers[i].size;
      if (json_array_append_new (a, json_string (m->layers[i].digest.hex)) < 0)
        {
          json_decref (a);
          return NULL;
        }
    }
  return a;
}

static int
write_ref (struct nsbox_store *s, const char *file_name, json_t *doc, struct nsbox_error **err)
{
  _cleanup_free_ char *text = json_dumps (doc, JSON_COMPACT);
  _cleanup_close_ int fd = -1;
  char name[64];
  size_t len;

  if (text == NULL)
    return nsbox_error_oom (err);
  len = strlen (text);
  if (nsbox_store_tmp_name ("ref", name, sizeof name, err) < 0)
    return -1;
  fd = openat (s->tmp_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "create ref");
  if (write (fd, text, len) != (ssize_t) len || fsync (fd) < 0 || renameat (s->tmp_fd, name, s->refs_fd, file_name) < 0)
    {
      int saved = errno;
      unlinkat (s->tmp_fd, name, 0);
      return nsbox_error_errno (err, saved ? saved : EIO, "write ref `%s`", file_name);
    }
  return 0;
}

int
nsbox_store_write_image_ref (struct nsbox_store *s, const char *name, const struct nsbox_digest *manifest,
                             const struct nsbox_manifest *m, const struct nsbox_image_config *c,
                             struct nsbox_error **err)
{
  _cleanup_free_ char *normalized = NULL;
  _cleanup_free_ char *file_name = NULL;
  _cleanup_json_ json_t *doc = NULL;
  void *config_json = NULL;
  char mdig[NSBOX_DIGEST_STRING_SIZE], cdig[NSBOX_DIGEST_STRING_SIZE];
  json_t *layers;
  int64_t size = 0;

  if (nsbox_image_ref_normalize (name, &normalized, err) < 0 || nsbox_store_ref_file_name (normalized, &file_name, err) < 0
      || nsbox_image_config_to_json (c, &config_json, err) < 0)
    return -1;
  layers = layers_json (m, &size);
  doc = json_pack ("{s:s, s:s, s:s, s:o, s:I, s:I, s:o}", "name", normalized, "manifest",
                   nsbox_digest_format (manifest, mdig), "config_digest", nsbox_digest_format (&m->config.digest, cdig),
                   "layers", layers, "size", (json_int_t) size, "created", (json_int_t) time (NULL), "config",
                   (json_t *) config_json);
  if (doc == NULL)
    return nsbox_error_oom (err);
  if (write_ref (s, file_name, doc, err) < 0)
    return nsbox_error_prefix (err, "tag image `%s`", normalized);
  return 0;
}

/* Parse one refs/ file. */
static int
read_ref (struct nsbox_store *s, const char *file_name, json_t **out, struct nsbox_error **err)
{
  _cleanup_close_ int fd = openat (s->refs_fd, file_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0)
    return nsbox_error_errno (err, errno, "open ref `%s`", file_name);
  if (nsbox_json_load_fd (fd, file_name, NSBOX_STORE_REF_MAX_SIZE, out, err) < 0)
    return nsbox_error_prefix (err, "ref `%s` is corrupt", file_name);
  if (!json_is_object (*out))
    return nsbox_error_msg (err, "ref `%s` is corrupt: not an object", file_name);
  return 0;
}

static int
image_info_from_ref (const json_t *ref, struct nsbox_image_info *info, struct nsbox_error **err)
{
  const char *name = nsbox_json_get_string (ref, "name");

  if (name == NULL || nsbox_digest_parse (nsbox_json_get_string (ref, "manifest"), &info->manifest, err) < 0
      || nsbox_digest_parse (nsbox_json_get_string (ref, "config_digest"), &info->config, err) < 0)
    return nsbox_error_msg (err, "ref is corrupt");
  info->name = strdup (name);
  if (info->name == NULL)
    return nsbox_error_oom (err);
  info->n_layers = json_array_size (json_object_get (ref, "layers"));
  info->size = json_integer_value (json_object_get (ref, "size"));
  info->created = json_integer_value (json_object_get (ref, "created"));
  return 0;
}

/* Names of the regular files in refs/. */
static int
list_ref_files (struct nsbox_store *s, char ***out, size_t *n_out, struct nsbox_error **err)
{
  _cleanup_closedir_ DIR *dir = read_entries (s->refs_fd, "refs", err);
  _cleanup_strv_ char **names = calloc (1, sizeof *names);
  struct dirent *de;

  if (dir == NULL)
    return -1;
  if (names == NULL)
    return nsbox_error_oom (err);
  while ((de = next_entry (dir)) != NULL)
    if (de->d_name[0] != '.' && nsbox_strv_append (&names, de->d_name, err) < 0)
      return -1;
  *n_out = nsbox_strv_length (names);
  *out = steal_pointer (&names);
  return 0;
}

static int
compare_info (const void *a, const void *b)
{
  return strcmp (((const struct nsbox_image_info *) a)->name, ((const struct nsbox_image_info *) b)->name);
}

void
nsbox_image_info_free (struct nsbox_image_info *images, size_t n)
{
  for (size_t i = 0; images && i < n; i++)
    free (images[i].name);
  free (images);
}

int
nsbox_store_list_images (struct nsbox_store *s, struct nsbox_image_info **out, size_t *n_out, struct nsbox_error **err)
{
  _cleanup_strv_ char **files = NULL;
  struct nsbox_image_info *infos;
  size_t n = 0, count = 0;

  if (list_ref_files (s, &files, &n, err) < 0)
    return -1;
  infos = calloc (n + 1, sizeof *infos);
  if (infos == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; i < n; i++)
    {
      _cleanup_json_ json_t *ref = NULL;
      if (read_ref (s, files[i], &ref, err) < 0 || image_info_from_ref (ref, &infos[count], err) < 0)
        {
          nsbox_image_info_free (infos, count + 1);
          return nsbox_error_prefix (err, "ref `%s`", files[i]);
        }
      count++;
    }
  qsort (infos, count, sizeof *infos, compare_info);
  *out = infos;
  *n_out = count;
  return 0;
}

int
nsbox_store_inspect_image (struct nsbox_store *s, const char *name, char **json_out, struct nsbox_error **err)
{
  _cleanup_free_ char *normalized = NULL;
  _cleanup_free_ char *file_name = NULL;
  _cleanup_json_ json_t *ref = NULL;

  if (nsbox_image_ref_normalize (name, &normalized, err) < 0 || nsbox_store_ref_file_name (normalized, &file_name, err) < 0)
    return -1;
  if (exists_at (s->refs_fd, file_name, err) == 0)
    return nsbox_error_msg (err, "no image `%s` in the store", normalized);
  if (read_ref (s, file_name, &ref, err) < 0)
    return -1;
  *json_out = json_dumps (ref, JSON_INDENT (2) | JSON_SORT_KEYS);
  return *json_out ? 0 : nsbox_error_oom (err);
}

int
nsbox_store_remove_image (struct nsbox_store *s, const char *name, struct nsbox_error **err)
{
  _cleanup_free_ char *normalized = NULL;
  _cleanup_free_ char *file_name = NULL;

  if (nsbox_image_ref_normalize (name, &normalized, err) < 0 || nsbox_store_ref_file_name (normalized, &file_name, err) < 0)
    return -1;
  if (unlinkat (s->refs_fd, file_name, 0) < 0)
    {
      if (errno == ENOENT)
        return nsbox_error_msg (err, "no image `%s` in the store", normalized);
      return nsbox_error_errno (err, errno, "remove image `%s`", normalized);
    }
  return 0;
}

/* A set of digest hexes, kept sorted for bsearch. */
struct hex_set
{
  char (*hex)[NSBOX_DIGEST_HEX_LEN + 1];
  size_t n, cap;
};

static int
hex_set_add (struct hex_set *set, const char *hex, struct nsbox_error **err)
{
  if (!nsbox_digest_hex_valid (hex))
    return 0;
  if (set->n == set->cap)
    {
      size_t cap = set->cap ? set->cap * 2 : 64;
      void *grown = realloc (set->hex, cap * sizeof *set->hex);
      if (grown == NULL)
        return nsbox_error_oom (err);
      set->hex = grown;
      set->cap = cap;
    }
  memcpy (set->hex[set->n++], hex, NSBOX_DIGEST_HEX_LEN + 1);
  return 0;
}

static int
compare_hex (const void *a, const void *b)
{
  return memcmp (a, b, NSBOX_DIGEST_HEX_LEN);
}

static bool
hex_set_has (const struct hex_set *set, const char *name)
{
  return nsbox_digest_hex_valid (name) && set->n > 0
         && bsearch (name, set->hex, set->n, sizeof *set->hex, compare_hex) != NULL;
}

static int
collect_referenced (struct nsbox_store *s, struct hex_set *blobs, struct hex_set *layers, struct nsbox_error **err)
{
  _cleanup_strv_ char **files = NULL;
  size_t n = 0;

  if (list_ref_files (s, &files, &n, err) < 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    {
      _cleanup_json_ json_t *ref = NULL;
      const json_t *layer;
      const char *d;
      size_t j;

      /* A corrupt ref stops the prune: guessing what it pointed at could delete a live image. */
      if (read_ref (s, files[i], &ref, err) < 0)
        return nsbox_error_prefix (err, "prune");
      for (const char *const *key = (const char *const[]){ "manifest", "config_digest", NULL }; *key; key++)
        if ((d = nsbox_json_get_string (ref, *key)) != NULL && strncmp (d, "sha256:", 7) == 0
            && hex_set_add (blobs, d + 7, err) < 0)
          return -1;
      json_array_foreach (json_object_get (ref, "layers"), j, layer)
        if (json_is_string (layer)
            && (hex_set_add (blobs, json_string_value (layer), err) < 0
                || hex_set_add (layers, json_string_value (layer), err) < 0))
          return -1;
    }
  qsort (blobs->hex, blobs->n, sizeof *blobs->hex, compare_hex);
  qsort (layers->hex, layers->n, sizeof *layers->hex, compare_hex);
  return 0;
}

/* Move the entries of dirfd that are not in keep to the trash; count them (and their sizes, for files). */
static int
sweep (int dirfd, const char *what, const struct hex_set *keep, size_t *removed, uint64_t *bytes,
       struct nsbox_store_trash *trash, struct nsbox_error **err)
{
  _cleanup_closedir_ DIR *dir = read_entries (dirfd, what, err);
  struct dirent *de;

  if (dir == NULL)
    return -1;
  while ((de = next_entry (dir)) != NULL)
    {
      struct stat st;
      if (hex_set_has (keep, de->d_name))
        continue;
      if (bytes && fstatat (dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG (st.st_mode))
        *bytes += st.st_size;
      if (nsbox_store_trash_move (trash, dirfd, de->d_name, err) < 0)
        return nsbox_error_prefix (err, "prune `%s`", what);
      (*removed)++;
    }
  return 0;
}

int
nsbox_store_prune (struct nsbox_store *s, struct nsbox_prune_stats *stats, struct nsbox_error **err)
{
  struct hex_set blobs = { 0 }, layers = { 0 };
  struct nsbox_store_trash trash;
  size_t ignored = 0;
  int ret;

  memset (stats, 0, sizeof *stats);
  /* Exclusive: no sandbox is using a layer and no import is between blob and ref.  Every
   * sandbox start waits while we hold it, so under it garbage is only renamed away. */
  if (flock (s->lock_fd, LOCK_EX) < 0)
    return nsbox_error_errno (err, errno, "lock store `%s` for prune", s->dir);
  ret = nsbox_store_trash_begin (s, &trash, err);
  if (ret >= 0)
    ret = collect_referenced (s, &blobs, &layers, err);
  if (ret >= 0)
    ret = sweep (s->layers_fd, "layers", &layers, &stats->layers_removed, NULL, &trash, err);
  if (ret >= 0)
    ret = sweep (s->blobs_fd, "blobs", &blobs, &stats->blobs_removed, &stats->bytes_freed, &trash, err);
  if (ret >= 0)
    ret = sweep (s->tmp_fd, "tmp", &(struct hex_set){ 0 }, &ignored, NULL, &trash, err);
  if (ret >= 0)
    ret = sweep (s->locks_fd, "locks", &(struct hex_set){ 0 }, &ignored, NULL, &trash, err);
  if (ret >= 0)
    ret = nsbox_store_trash_adopt_abandoned (&trash, err);
  free (blobs.hex);
  free (layers.hex);
  if (flock (s->lock_fd, LOCK_SH) < 0 && ret >= 0)
    ret = nsbox_error_errno (err, errno, "relock store `%s`", s->dir);
  /* What was renamed away is gone from the store whatever happens next; deleting it takes
   * the time, and sandboxes start meanwhile. */
  if (ret < 0)
    {
      nsbox_store_trash_release (&trash);
      return ret;
    }
  return nsbox_store_trash_empty (&trash, err);
}
