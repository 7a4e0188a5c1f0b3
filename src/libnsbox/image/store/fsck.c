#define _GNU_SOURCE
#include "image/store/fsck.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fdio.h"
#include "image/name.h"
#include "image/store/internal.h"
#include "image/store/manifest.h"
#include "image/store/trash.h"

#define REF_MAX_SIZE (1024 * 1024)

enum verdict
{
  UNCHECKED,
  SOUND,
  BAD_DIGEST,
  NOT_REGULAR,
};

struct blob
{
  char hex[NSBOX_DIGEST_HEX_LEN + 1];
  struct stat st;
  enum verdict verdict;
  struct nsbox_digest got; /* what it hashes to, once checked */
  int64_t declared;        /* a size a manifest gives it that differs from st_size, or -1 */
  char *user;              /* an image that needs it, for messages */
  bool referenced;
};

struct layer
{
  char hex[NSBOX_DIGEST_HEX_LEN + 1];
  bool referenced;
};

/* An image that --repair removes: its ref file as we read it. */
struct broken
{
  char *file;
  struct stat st;
  bool removed;
};

struct fsck
{
  struct nsbox_store *s;
  bool final; /* the pass under the exclusive lock of --repair: nothing will be unpacked after it */
  struct blob *blobs;
  size_t n_blobs;
  struct layer *layers;
  size_t n_layers;
  struct broken *broken;
  size_t n_broken;
  struct nsbox_fsck_report *report;
};

static const char *const kind_names[] = {
  [NSBOX_FSCK_BLOB_DIGEST] = "blob-digest",     [NSBOX_FSCK_BLOB_SIZE] = "blob-size",
  [NSBOX_FSCK_BLOB_TYPE] = "blob-type",         [NSBOX_FSCK_LAYER_MISSING] = "layer-missing",
  [NSBOX_FSCK_LAYER_TYPE] = "layer-type",       [NSBOX_FSCK_REF_CORRUPT] = "ref-corrupt",
  [NSBOX_FSCK_REF_DANGLING] = "ref-dangling",   [NSBOX_FSCK_MANIFEST_LINK] = "manifest-link",
  [NSBOX_FSCK_IMAGE_DAMAGED] = "image-damaged", [NSBOX_FSCK_PARTIAL] = "partial",
  [NSBOX_FSCK_STALE_LOCK] = "stale-lock",       [NSBOX_FSCK_TRASH] = "trash",
};

const char *
nsbox_fsck_kind_name (enum nsbox_fsck_kind kind)
{
  return (size_t) kind < sizeof kind_names / sizeof kind_names[0] ? kind_names[kind] : "?";
}

/* ------------------------------------------------------------ the report */

static void
problem_release (struct nsbox_fsck_problem *p)
{
  free (p->object);
  free (p->message);
  free (p->image);
  free (p->repair);
}

void
nsbox_fsck_report_free (struct nsbox_fsck_report *r)
{
  if (r == NULL)
    return;
  for (size_t i = 0; i < r->n_problems; i++)
    problem_release (&r->problems[i]);
  free (r->problems);
  free (r);
}

static int __attribute__ ((format (printf, 6, 7)))
add_problem (struct fsck *c, enum nsbox_fsck_kind kind, const char *object, const char *image,
             struct nsbox_error **err, const char *fmt, ...)
{
  struct nsbox_fsck_report *r = c->report;
  struct nsbox_fsck_problem *p;
  va_list ap;
  int n;

  p = realloc (r->problems, (r->n_problems + 1) * sizeof *p);
  if (p == NULL)
    return nsbox_error_oom (err);
  r->problems = p;
  p = &r->problems[r->n_problems];
  memset (p, 0, sizeof *p);
  p->kind = kind;
  va_start (ap, fmt);
  n = vasprintf (&p->message, fmt, ap);
  va_end (ap);
  if (n < 0 || (p->object = strdup (object)) == NULL || (image && (p->image = strdup (image)) == NULL))
    {
      if (n < 0)
        p->message = NULL;
      problem_release (p);
      return nsbox_error_oom (err);
    }
  r->n_problems++;
  return 0;
}

static int
set_repair (struct nsbox_fsck_report *r, struct nsbox_fsck_problem *p, const char *what, struct nsbox_error **err)
{
  if ((p->repair = strdup (what)) == NULL)
    return nsbox_error_oom (err);
  r->n_repaired++;
  return 0;
}

/* ------------------------------------------------------------ listing blobs and layers */

static int
compare_blob (const void *a, const void *b)
{
  return strcmp (((const struct blob *) a)->hex, ((const struct blob *) b)->hex);
}

static int
compare_layer (const void *a, const void *b)
{
  return strcmp (((const struct layer *) a)->hex, ((const struct layer *) b)->hex);
}

/* Call fn for every entry of dirfd but . and .. */
static int
each_entry (int dirfd, const char *what, int (*fn) (struct fsck *, int, const char *, struct nsbox_error **),
            struct fsck *c, struct nsbox_error **err)
{
  _cleanup_closedir_ DIR *dir = NULL;
  struct dirent *de;
  int fd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      if (fd >= 0)
        close (fd);
      return nsbox_error_errno (err, errno, "read the store's `%s`", what);
    }
  while ((errno = 0, de = readdir (dir)) != NULL)
    if (strcmp (de->d_name, ".") != 0 && strcmp (de->d_name, "..") != 0 && fn (c, dirfd, de->d_name, err) < 0)
      return -1;
  if (errno != 0)
    return nsbox_error_errno (err, errno, "read the store's `%s`", what);
  return 0;
}

static int
append_blob (struct fsck *c, const char *hex, const struct stat *st, struct nsbox_error **err)
{
  struct blob *grown = realloc (c->blobs, (c->n_blobs + 1) * sizeof *grown);

  if (grown == NULL)
    return nsbox_error_oom (err);
  c->blobs = grown;
  memset (&grown[c->n_blobs], 0, sizeof *grown);
  memcpy (grown[c->n_blobs].hex, hex, NSBOX_DIGEST_HEX_LEN + 1);
  grown[c->n_blobs].st = *st;
  grown[c->n_blobs].declared = -1;
  c->n_blobs++;
  return 0;
}

static int
list_blob (struct fsck *c, int dirfd, const char *name, struct nsbox_error **err)
{
  char object[300];
  struct stat st;

  snprintf (object, sizeof object, "blobs/sha256/%s", name);
  if (!nsbox_digest_hex_valid (name))
    return add_problem (c, NSBOX_FSCK_PARTIAL, object, NULL, err, "not a blob name: a partial or foreign entry");
  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return errno == ENOENT ? 0 : nsbox_error_errno (err, errno, "stat `%s`", object);
  return append_blob (c, name, &st, err);
}

static int
list_layer (struct fsck *c, int dirfd, const char *name, struct nsbox_error **err)
{
  char object[300];
  struct layer *grown;
  struct stat st;

  snprintf (object, sizeof object, "layers/%s", name);
  if (!nsbox_digest_hex_valid (name))
    return add_problem (c, NSBOX_FSCK_PARTIAL, object, NULL, err, "not a layer name: a partial or foreign entry");
  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return errno == ENOENT ? 0 : nsbox_error_errno (err, errno, "stat `%s`", object);
  if (!S_ISDIR (st.st_mode))
    return add_problem (c, NSBOX_FSCK_LAYER_TYPE, object, NULL, err, "not a directory");
  grown = realloc (c->layers, (c->n_layers + 1) * sizeof *grown);
  if (grown == NULL)
    return nsbox_error_oom (err);
  c->layers = grown;
  memset (&grown[c->n_layers], 0, sizeof *grown);
  memcpy (grown[c->n_layers].hex, name, NSBOX_DIGEST_HEX_LEN + 1);
  c->n_layers++;
  return 0;
}

/* The blob named hex, or NULL if it is not stored.  One that appeared since the listing (an
 * import published it) is added. */
static struct blob *
find_blob (struct fsck *c, const char *hex, struct nsbox_error **err, int *ret)
{
  struct blob key, *b;
  struct stat st;

  *ret = 0;
  memcpy (key.hex, hex, NSBOX_DIGEST_HEX_LEN + 1);
  b = c->n_blobs ? bsearch (&key, c->blobs, c->n_blobs, sizeof *b, compare_blob) : NULL;
  if (b != NULL)
    return b;
  if (fstatat (c->s->blobs_fd, hex, &st, AT_SYMLINK_NOFOLLOW) < 0)
    {
      if (errno != ENOENT)
        *ret = nsbox_error_errno (err, errno, "stat blob sha256:%s", hex);
      return NULL;
    }
  if ((*ret = append_blob (c, hex, &st, err)) < 0)
    return NULL;
  qsort (c->blobs, c->n_blobs, sizeof *c->blobs, compare_blob);
  return bsearch (&key, c->blobs, c->n_blobs, sizeof *b, compare_blob);
}

static struct layer *
find_layer (struct fsck *c, const char *hex)
{
  struct layer key;

  memcpy (key.hex, hex, NSBOX_DIGEST_HEX_LEN + 1);
  return c->n_layers ? bsearch (&key, c->layers, c->n_layers, sizeof key, compare_layer) : NULL;
}

/* ------------------------------------------------------------ hashing */

struct hashing
{
  struct nsbox_digester *digester;
  uint64_t *bytes;
};

static int
hash_chunk (void *data, const void *chunk, size_t length, struct nsbox_error **err)
{
  struct hashing *h = data;

  *h->bytes += length;
  return nsbox_digester_update (h->digester, chunk, length, err);
}

static int
hash_fd (int fd, struct nsbox_digest *out, uint64_t *bytes, struct nsbox_error **err)
{
  struct nsbox_digester *h = NULL;
  int ret;

  if (nsbox_digester_new (&h, err) < 0)
    return -1;
  ret = nsbox_read_chunks (fd, "blob", hash_chunk, &(struct hashing){ h, bytes }, err);
  if (ret >= 0)
    ret = nsbox_digester_final (h, out, err);
  nsbox_digester_free (h);
  return ret;
}

static int
verify_blob (struct fsck *c, struct blob *b, struct nsbox_error **err)
{
  _cleanup_close_ int fd = -1;

  if (b->verdict != UNCHECKED)
    return 0;
  if (!S_ISREG (b->st.st_mode))
    {
      b->verdict = NOT_REGULAR;
      return 0;
    }
  fd = openat (c->s->blobs_fd, b->hex, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open blob sha256:%s", b->hex);
  if (hash_fd (fd, &b->got, &c->report->bytes_hashed, err) < 0)
    return nsbox_error_prefix (err, "blob sha256:%s", b->hex);
  b->verdict = strcmp (b->got.hex, b->hex) == 0 ? SOUND : BAD_DIGEST;
  return 0;
}

/* A second pass (under the exclusive lock) keeps the verdicts of blobs that did not change. */
static void
reuse_verdicts (struct fsck *c, const struct blob *old, size_t n_old)
{
  for (size_t i = 0; i < c->n_blobs; i++)
    {
      const struct blob *o = bsearch (&c->blobs[i], old, n_old, sizeof *old, compare_blob);
      const struct stat *a = &c->blobs[i].st;

      if (o && o->verdict != UNCHECKED && o->st.st_dev == a->st_dev && o->st.st_ino == a->st_ino
          && o->st.st_size == a->st_size && o->st.st_mtim.tv_sec == a->st_mtim.tv_sec
          && o->st.st_mtim.tv_nsec == a->st_mtim.tv_nsec && o->st.st_ctim.tv_sec == a->st_ctim.tv_sec
          && o->st.st_ctim.tv_nsec == a->st_ctim.tv_nsec && o->st.st_mode == a->st_mode)
        {
          c->blobs[i].verdict = o->verdict;
          c->blobs[i].got = o->got;
        }
    }
}

/* ------------------------------------------------------------ refs */

struct ref_check
{
  struct fsck *c;
  const char *file;
  char object[300];
  char *image; /* the name the ref records, else the file name */
  bool broken;
};

/* The image-level problem of a ref (one per ref: the first thing found wrong). */
static int __attribute__ ((format (printf, 4, 5)))
ref_broken (struct ref_check *rc, enum nsbox_fsck_kind kind, struct nsbox_error **err, const char *fmt, ...)
{
  _cleanup_free_ char *message = NULL;
  va_list ap;
  int n;

  if (rc->broken)
    return 0;
  rc->broken = true;
  va_start (ap, fmt);
  n = vasprintf (&message, fmt, ap);
  va_end (ap);
  if (n < 0)
    return nsbox_error_oom (err);
  return add_problem (rc->c, kind, rc->object, rc->image, err, "%s", message);
}

static int
read_ref (struct ref_check *rc, json_t **out, struct stat *st, struct nsbox_error **err)
{
  _cleanup_close_ int fd = openat (rc->c->s->refs_fd, rc->file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  _cleanup_free_ char *text = NULL;
  json_error_t jerr;
  size_t len = 0;

  if (fd < 0)
    {
      int saved = errno;
      /* Its identity, so that --repair can tell it is still this entry. */
      fstatat (rc->c->s->refs_fd, rc->file, st, AT_SYMLINK_NOFOLLOW);
      return ref_broken (rc, NSBOX_FSCK_REF_CORRUPT, err, "cannot be read: %s", strerror (saved));
    }
  if (fstat (fd, st) < 0)
    return ref_broken (rc, NSBOX_FSCK_REF_CORRUPT, err, "cannot be read: %s", strerror (errno));
  if (!S_ISREG (st->st_mode) || st->st_size > REF_MAX_SIZE)
    return ref_broken (rc, NSBOX_FSCK_REF_CORRUPT, err, "not a regular file of at most 1 MiB");
  if ((text = malloc (st->st_size + 1)) == NULL)
    return nsbox_error_oom (err);
  while (len < (size_t) st->st_size)
    {
      ssize_t n = read (fd, text + len, st->st_size - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return ref_broken (rc, NSBOX_FSCK_REF_CORRUPT, err, "cannot be read");
      len += n;
    }
  *out = json_loadb (text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (*out == NULL || !json_is_object (*out))
    return ref_broken (rc, NSBOX_FSCK_REF_CORRUPT, err, "not a JSON object: %s", *out ? "" : jerr.text);
  return 0;
}

/* The ref records a name that normalizes to its own file name. */
static int
check_ref_name (struct ref_check *rc, const json_t *ref, struct nsbox_error **err)
{
  const char *name = json_string_value (json_object_get (ref, "name"));
  _cleanup_free_ char *normalized = NULL;
  _cleanup_free_ char *file = NULL;
  _cleanup_error_ struct nsbox_error *bad = NULL;

  if (name == NULL)
    return ref_broken (rc, NSBOX_FSCK_REF_CORRUPT, err, "records no image name");
  if (nsbox_image_ref_normalize (name, &normalized, &bad) < 0
      || nsbox_store_ref_file_name (normalized, &file, &bad) < 0)
    return ref_broken (rc, NSBOX_FSCK_REF_CORRUPT, err, "records an invalid image name");
  free (rc->image);
  if ((rc->image = strdup (normalized)) == NULL)
    return nsbox_error_oom (err);
  if (strcmp (file, rc->file) != 0)
    return ref_broken (rc, NSBOX_FSCK_REF_CORRUPT, err, "records image `%s`, which belongs in refs/%s", normalized,
                       file);
  return 0;
}

static const char *
digest_member (const json_t *ref, const char *key, struct nsbox_digest *out)
{
  _cleanup_error_ struct nsbox_error *bad = NULL;
  const char *s = json_string_value (json_object_get (ref, key));

  return s && nsbox_digest_parse (s, out, &bad) == 0 ? out->hex : NULL;
}

/* A blob the image needs, found and hashed; *usable false (and the ref broken) if it is not sound. */
static int
need_blob (struct ref_check *rc, const char *what, const struct nsbox_digest *d, int64_t declared, bool *usable,
           struct nsbox_error **err)
{
  struct blob *b;
  int ret;

  *usable = false;
  if ((b = find_blob (rc->c, d->hex, err, &ret)) == NULL)
    return ret < 0
               ? ret
               : ref_broken (rc, strcmp (what, "manifest") == 0 ? NSBOX_FSCK_REF_DANGLING : NSBOX_FSCK_MANIFEST_LINK,
                             err, "its %s blob sha256:%s is missing", what, d->hex);
  b->referenced = true;
  if (b->user == NULL && (b->user = strdup (rc->image)) == NULL)
    return nsbox_error_oom (err);
  if (verify_blob (rc->c, b, err) < 0)
    return -1;
  if (declared >= 0 && S_ISREG (b->st.st_mode) && b->st.st_size != declared)
    {
      if (b->verdict == SOUND)
        return ref_broken (rc, NSBOX_FSCK_MANIFEST_LINK, err,
                           "its manifest gives %s sha256:%.12s %lld bytes, it has %lld", what, d->hex,
                           (long long)declared, (long long)b->st.st_size);
      b->declared = declared;
    }
  if (b->verdict != SOUND)
    return ref_broken (rc, NSBOX_FSCK_IMAGE_DAMAGED, err, "needs %s blob sha256:%s, which is damaged", what, d->hex);
  *usable = true;
  return 0;
}

static int
load_manifest (struct ref_check *rc, const struct nsbox_digest *d, struct nsbox_manifest **m, struct nsbox_error **err)
{
  _cleanup_free_ char *data = NULL;
  _cleanup_error_ struct nsbox_error *bad = NULL;
  size_t len;

  if (nsbox_store_read_blob (rc->c->s, d, NSBOX_MANIFEST_MAX_SIZE, &data, &len, err) < 0)
    return -1;
  if (nsbox_manifest_parse (data, len, m, &bad) < 0)
    return ref_broken (rc, NSBOX_FSCK_MANIFEST_LINK, err, "its manifest does not parse: %s", bad->message);
  if ((*m)->kind != NSBOX_MANIFEST_IMAGE)
    return ref_broken (rc, NSBOX_FSCK_MANIFEST_LINK, err, "its manifest is an index, not an image manifest");
  return 0;
}

/* One layer: its blob sound, its directory unpacked (or unpackable). */
static int
check_layer (struct ref_check *rc, const struct nsbox_descriptor *desc, struct nsbox_error **err)
{
  struct layer *l = find_layer (rc->c, desc->digest.hex);
  bool usable;
  char object[300];

  if (need_blob (rc, "layer", &desc->digest, desc->size, &usable, err) < 0)
    return -1;
  if (l != NULL)
    {
      l->referenced = true;
      return 0;
    }
  snprintf (object, sizeof object, "layers/%s", desc->digest.hex);
  if (add_problem (rc->c, NSBOX_FSCK_LAYER_MISSING, object, rc->image, err, "not unpacked%s",
                   usable ? "" : ", and its blob cannot be unpacked again") < 0)
    return -1;
  /* --repair unpacks it before its last pass; what is still missing then breaks the image. */
  if (!usable || rc->c->final)
    return ref_broken (rc, NSBOX_FSCK_IMAGE_DAMAGED, err, "its layer sha256:%.12s is not unpacked", desc->digest.hex);
  return 0;
}

/* The ref and its manifest agree: config, and the layers in order. */
static int
check_links (struct ref_check *rc, const json_t *ref, const struct nsbox_manifest *m, struct nsbox_error **err)
{
  struct nsbox_digest config;
  const json_t *layers = json_object_get (ref, "layers");
  bool usable;

  if (digest_member (ref, "config_digest", &config) == NULL)
    return ref_broken (rc, NSBOX_FSCK_REF_CORRUPT, err, "records no valid config digest");
  if (!nsbox_digest_equal (&config, &m->config.digest))
    return ref_broken (rc, NSBOX_FSCK_MANIFEST_LINK, err, "records config sha256:%.12s, its manifest sha256:%.12s",
                       config.hex, m->config.digest.hex);
  if (need_blob (rc, "config", &m->config.digest, m->config.size, &usable, err) < 0)
    return -1;
  if (!json_is_array (layers) || json_array_size (layers) != m->n_layers)
    return ref_broken (rc, NSBOX_FSCK_MANIFEST_LINK, err, "records %zu layers, its manifest %zu",
                       json_array_size (layers), m->n_layers);
  for (size_t i = 0; i < m->n_layers; i++)
    {
      const char *hex = json_string_value (json_array_get (layers, i));

      if (hex == NULL || strcmp (hex, m->layers[i].digest.hex) != 0)
        return ref_broken (rc, NSBOX_FSCK_MANIFEST_LINK, err, "its layer %zu is not its manifest's", i + 1);
      if (check_layer (rc, &m->layers[i], err) < 0)
        return -1;
    }
  return 0;
}

/* Everything a ref reaches is marked referenced even when the ref is broken: prune, not fsck,
 * decides about objects nothing uses. */
static void
mark_ref_objects (struct fsck *c, const json_t *ref)
{
  const char *keys[] = { "manifest", "config_digest" };
  const json_t *layer;
  struct nsbox_digest d;
  size_t i;
  int ignored;

  for (i = 0; i < 2; i++)
    if (digest_member (ref, keys[i], &d))
      {
        struct blob *b = find_blob (c, d.hex, NULL, &ignored);
        if (b)
          b->referenced = true;
      }
  json_array_foreach (json_object_get (ref, "layers"), i, layer)
    {
      const char *hex = json_string_value (layer);
      if (hex && nsbox_digest_hex_valid (hex))
        {
          struct blob *b = find_blob (c, hex, NULL, &ignored);
          struct layer *l = find_layer (c, hex);
          if (b)
            b->referenced = true;
          if (l)
            l->referenced = true;
        }
    }
}

static int
remember_broken (struct fsck *c, const char *file, const struct stat *st, struct nsbox_error **err)
{
  struct broken *grown = realloc (c->broken, (c->n_broken + 1) * sizeof *grown);

  if (grown == NULL)
    return nsbox_error_oom (err);
  c->broken = grown;
  if ((grown[c->n_broken].file = strdup (file)) == NULL)
    return nsbox_error_oom (err);
  grown[c->n_broken].st = *st;
  grown[c->n_broken].removed = false;
  c->n_broken++;
  return 0;
}

static int
check_ref (struct fsck *c, int dirfd, const char *file, struct nsbox_error **err)
{
  struct ref_check rc = { .c = c, .file = file };
  json_auto_t *ref = NULL;
  struct nsbox_manifest *m = NULL;
  struct nsbox_digest manifest;
  struct stat st = { 0 };
  bool usable = false;
  int ret;

  (void) dirfd;
  c->report->images++;
  snprintf (rc.object, sizeof rc.object, "refs/%s", file);
  if ((rc.image = strdup (file)) == NULL)
    return nsbox_error_oom (err);
  ret = read_ref (&rc, &ref, &st, err);
  if (ret >= 0 && !rc.broken)
    {
      mark_ref_objects (c, ref);
      ret = check_ref_name (&rc, ref, err);
    }
  if (ret >= 0 && !rc.broken && digest_member (ref, "manifest", &manifest) == NULL)
    ret = ref_broken (&rc, NSBOX_FSCK_REF_CORRUPT, err, "records no valid manifest digest");
  if (ret >= 0 && !rc.broken)
    ret = need_blob (&rc, "manifest", &manifest, -1, &usable, err);
  if (ret >= 0 && usable)
    ret = load_manifest (&rc, &manifest, &m, err);
  if (ret >= 0 && m && !rc.broken)
    ret = check_links (&rc, ref, m, err);
  if (ret >= 0 && rc.broken)
    ret = remember_broken (c, file, &st, err);
  nsbox_manifest_free (m);
  free (rc.image);
  return ret;
}

/* ------------------------------------------------------------ one pass */

static int
blob_problems (struct fsck *c, struct nsbox_error **err)
{
  for (size_t i = 0; i < c->n_blobs; i++)
    {
      struct blob *b = &c->blobs[i];
      char object[300];

      if (verify_blob (c, b, err) < 0)
        return -1;
      if (!b->referenced)
        {
          c->report->unreferenced_blobs++;
          c->report->unreferenced_bytes += S_ISREG (b->st.st_mode) ? (uint64_t) b->st.st_size : 0;
        }
      snprintf (object, sizeof object, "blobs/sha256/%s", b->hex);
      if (b->verdict == NOT_REGULAR
          && add_problem (c, NSBOX_FSCK_BLOB_TYPE, object, b->user, err, "not a regular file") < 0)
        return -1;
      if (b->verdict == BAD_DIGEST && b->declared >= 0
          && add_problem (c, NSBOX_FSCK_BLOB_SIZE, object, b->user, err,
                          "%lld bytes where its manifest says %lld; the content hashes to sha256:%s",
                          (long long) b->st.st_size, (long long) b->declared, b->got.hex)
                 < 0)
        return -1;
      if (b->verdict == BAD_DIGEST && b->declared < 0
          && add_problem (c, NSBOX_FSCK_BLOB_DIGEST, object, b->user, err, "the content hashes to sha256:%s",
                          b->got.hex)
                 < 0)
        return -1;
    }
  for (size_t i = 0; i < c->n_layers; i++)
    if (!c->layers[i].referenced)
      c->report->unreferenced_layers++;
  return 0;
}

static void
pass_release (struct fsck *c)
{
  for (size_t i = 0; i < c->n_blobs; i++)
    free (c->blobs[i].user);
  free (c->blobs);
  free (c->layers);
  for (size_t i = 0; i < c->n_broken; i++)
    free (c->broken[i].file);
  free (c->broken);
  c->blobs = NULL;
  c->layers = NULL;
  c->broken = NULL;
  c->n_blobs = c->n_layers = c->n_broken = 0;
}

/* Check blobs, layers and refs into c->report (fresh lists; old_blobs' verdicts are reused). */
static int
run_pass (struct fsck *c, const struct blob *old_blobs, size_t n_old, struct nsbox_error **err)
{
  if (each_entry (c->s->blobs_fd, "blobs", list_blob, c, err) < 0
      || each_entry (c->s->layers_fd, "layers", list_layer, c, err) < 0)
    return -1;
  qsort (c->blobs, c->n_blobs, sizeof *c->blobs, compare_blob);
  qsort (c->layers, c->n_layers, sizeof *c->layers, compare_layer);
  if (old_blobs)
    reuse_verdicts (c, old_blobs, n_old);
  if (each_entry (c->s->refs_fd, "refs", check_ref, c, err) < 0 || blob_problems (c, err) < 0)
    return -1;
  c->report->blobs = c->n_blobs;
  c->report->layers = c->n_layers;
  return 0;
}

/* ------------------------------------------------------------ leftovers (store unused) */

static int
leftover_tmp (struct fsck *c, int dirfd, const char *name, struct nsbox_error **err)
{
  char object[300];

  (void) dirfd;
  snprintf (object, sizeof object, "tmp/%s", name);
  return add_problem (c, NSBOX_FSCK_PARTIAL, object, NULL, err, "left by an interrupted import");
}

/* A lock file or a trash entry is left over only when nobody holds it: a
 * live import or prune holds its own. */
static bool
held (int dirfd, const char *name)
{
  _cleanup_close_ int fd = openat (dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

  return fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) < 0;
}

static int
leftover_lock (struct fsck *c, int dirfd, const char *name, struct nsbox_error **err)
{
  char object[300];

  snprintf (object, sizeof object, "locks/%s", name);
  /* Held: an import is unpacking that layer right now. */
  if (held (dirfd, name))
    return 0;
  return add_problem (c, NSBOX_FSCK_STALE_LOCK, object, NULL, err,
                      "nobody holds it: left behind by a process that died (or by an older nsbox)");
}

static int
leftover_trash (struct fsck *c, int dirfd, const char *name, struct nsbox_error **err)
{
  char object[300];

  snprintf (object, sizeof object, "trash/%s", name);
  if (held (dirfd, name))
    return 0;
  return add_problem (c, NSBOX_FSCK_TRASH, object, NULL, err, "left by a prune that died while deleting");
}

/* With the store lock exclusive, nobody is importing or unpacking: what tmp/, locks/ and
 * trash/ hold was left by processes that died. */
static int
check_leftovers (struct fsck *c, struct nsbox_error **err)
{
  _cleanup_close_ int trash = openat (c->s->dirfd, "trash", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

  if (each_entry (c->s->tmp_fd, "tmp", leftover_tmp, c, err) < 0
      || each_entry (c->s->locks_fd, "locks", leftover_lock, c, err) < 0
      || (trash >= 0 && each_entry (trash, "trash", leftover_trash, c, err) < 0))
    return -1;
  c->report->leftovers_checked = true;
  return 0;
}

/* ------------------------------------------------------------ repair */

/* The ref is still the one we judged (an import may have replaced it meanwhile). */
static bool
ref_unchanged (struct fsck *c, const struct broken *b)
{
  struct stat st;

  return fstatat (c->s->refs_fd, b->file, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_ino == b->st.st_ino
         && st.st_dev == b->st.st_dev && st.st_mtim.tv_sec == b->st.st_mtim.tv_sec
         && st.st_mtim.tv_nsec == b->st.st_mtim.tv_nsec;
}

/* The directory an object lives in, and its name there. */
static int
object_location (struct fsck *c, const char *object, const char **name)
{
  const struct
  {
    const char *prefix;
    int fd;
  } dirs[] = {
    { "blobs/sha256/", c->s->blobs_fd }, { "layers/", c->s->layers_fd }, { "refs/", c->s->refs_fd },
    { "tmp/", c->s->tmp_fd },            { "locks/", c->s->locks_fd },
  };

  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
    if (strncmp (object, dirs[i].prefix, strlen (dirs[i].prefix)) == 0)
      {
        *name = object + strlen (dirs[i].prefix);
        return dirs[i].fd;
      }
  return -1;
}

/* The broken ref of an image, if --repair removed it. */
static bool
image_removed (struct fsck *c, const char *image)
{
  _cleanup_free_ char *file = NULL;
  _cleanup_error_ struct nsbox_error *bad = NULL;

  if (image == NULL || nsbox_store_ref_file_name (image, &file, &bad) < 0)
    return false;
  for (size_t i = 0; i < c->n_broken; i++)
    if (c->broken[i].removed && strcmp (c->broken[i].file, file) == 0)
      return true;
  return false;
}

static const char *
repair_one (struct fsck *c, struct nsbox_fsck_problem *p, struct nsbox_store_trash *trash, struct nsbox_error **err,
            int *ret)
{
  const char *name = "";
  int dirfd = object_location (c, p->object, &name);

  *ret = 0;
  if (dirfd < 0 && p->kind != NSBOX_FSCK_LAYER_MISSING)
    return NULL;
  switch (p->kind)
    {
    case NSBOX_FSCK_BLOB_DIGEST:
    case NSBOX_FSCK_BLOB_SIZE:
    case NSBOX_FSCK_BLOB_TYPE:
    case NSBOX_FSCK_LAYER_TYPE:
    case NSBOX_FSCK_PARTIAL:
    case NSBOX_FSCK_STALE_LOCK:
      *ret = nsbox_store_trash_move (trash, dirfd, name, err);
      return "removed";
    case NSBOX_FSCK_REF_CORRUPT:
    case NSBOX_FSCK_REF_DANGLING:
    case NSBOX_FSCK_MANIFEST_LINK:
    case NSBOX_FSCK_IMAGE_DAMAGED:
      for (size_t i = 0; i < c->n_broken; i++)
        if (strcmp (c->broken[i].file, name) == 0 && ref_unchanged (c, &c->broken[i]))
          {
            *ret = nsbox_store_trash_move (trash, dirfd, name, err);
            c->broken[i].removed = true;
            return "image removed: pull or import it again";
          }
      return NULL;
    case NSBOX_FSCK_LAYER_MISSING:
      /* Still missing in the last pass: it would not unpack, and its image goes. */
      return image_removed (c, p->image) ? "its image removed" : NULL;
    case NSBOX_FSCK_TRASH:
    default:
      return NULL; /* adopted as a whole below */
    }
}

static int
repair_all (struct fsck *c, struct nsbox_store_trash *trash, struct nsbox_error **err)
{
  struct nsbox_fsck_report *r = c->report;
  bool any_trash = false;

  /* Missing layers last: whether their image was removed is known by then. */
  for (int round = 0; round < 2; round++)
    for (size_t i = 0; i < r->n_problems; i++)
      {
        int ret;
        const char *done;

        if ((r->problems[i].kind == NSBOX_FSCK_LAYER_MISSING) != (round == 1))
          continue;
        done = repair_one (c, &r->problems[i], trash, err, &ret);
        if (ret < 0)
          return -1;
        if (done && set_repair (r, &r->problems[i], done, err) < 0)
          return -1;
        any_trash |= r->problems[i].kind == NSBOX_FSCK_TRASH;
      }
  if (!any_trash)
    return 0;
  if (nsbox_store_trash_adopt_abandoned (trash, err) < 0)
    return -1;
  for (size_t i = 0; i < r->n_problems; i++)
    if (r->problems[i].kind == NSBOX_FSCK_TRASH && set_repair (r, &r->problems[i], "removed", err) < 0)
      return -1;
  return 0;
}

/* Before the exclusive lock: unpack missing layers whose blob is sound (as an import would). */
static int
unpack_missing (struct fsck *c, struct nsbox_error **err)
{
  struct nsbox_fsck_report *r = c->report;

  for (size_t i = 0; i < r->n_problems; i++)
    {
      struct nsbox_fsck_problem *p = &r->problems[i];
      _cleanup_error_ struct nsbox_error *failed = NULL;
      struct nsbox_digest d;
      struct blob *b;
      int ret;

      if (p->kind != NSBOX_FSCK_LAYER_MISSING)
        continue;
      memcpy (d.hex, p->object + strlen ("layers/"), NSBOX_DIGEST_HEX_LEN + 1);
      if ((b = find_blob (c, d.hex, err, &ret)) == NULL || b->verdict != SOUND)
        {
          if (ret < 0)
            return -1;
          continue;
        }
      /* A layer that will not unpack stays missing; the last pass removes its image. */
      if (nsbox_store_unpack_layer (c->s, &d, &failed) == 0
          && set_repair (r, p, "unpacked again from its blob", err) < 0)
        return -1;
    }
  return 0;
}

/* Keep the problems that were repaired before the last pass (it will not see them again). */
static int
keep_repaired (struct nsbox_fsck_report *from, struct nsbox_fsck_report *to, struct nsbox_error **err)
{
  for (size_t i = 0; i < from->n_problems; i++)
    {
      struct nsbox_fsck_problem *p = &from->problems[i], *grown;

      if (p->repair == NULL)
        continue;
      grown = realloc (to->problems, (to->n_problems + 1) * sizeof *grown);
      if (grown == NULL)
        return nsbox_error_oom (err);
      to->problems = grown;
      to->problems[to->n_problems++] = *p;
      to->n_repaired++;
      memset (p, 0, sizeof *p);
    }
  return 0;
}

static struct nsbox_fsck_report *
report_new (struct nsbox_error **err)
{
  struct nsbox_fsck_report *r = calloc (1, sizeof *r);

  if (r == NULL)
    nsbox_error_oom (err);
  return r;
}

/* ------------------------------------------------------------ entry points */

static int
fsck_check (struct nsbox_store *s, struct nsbox_fsck_report *report, struct nsbox_error **err)
{
  struct fsck c = { .s = s, .report = report };
  int ret = 0;

  /* Judge the leftovers only at a moment nobody else uses the store; never wait for it. */
  if (flock (s->lock_fd, LOCK_EX | LOCK_NB) == 0)
    ret = check_leftovers (&c, err);
  /* Back to shared either way: a conversion that fails has dropped the lock we held. */
  if (flock (s->lock_fd, LOCK_SH) < 0 && ret >= 0)
    ret = nsbox_error_errno (err, errno, "relock store `%s`", s->dir);
  if (ret >= 0)
    ret = run_pass (&c, NULL, 0, err);
  pass_release (&c);
  return ret;
}

static int
fsck_repair (struct nsbox_store *s, struct nsbox_fsck_report **report, struct nsbox_error **err)
{
  struct fsck first = { .s = s, .report = *report };
  struct fsck last = { .s = s, .final = true };
  struct nsbox_store_trash trash = { .trash_fd = -1, .dir_fd = -1 };
  int ret;

  /* The hashing and the unpacking run under the shared lock, as imports do. */
  ret = run_pass (&first, NULL, 0, err);
  if (ret >= 0)
    ret = unpack_missing (&first, err);
  if (ret >= 0 && (last.report = report_new (err)) == NULL)
    ret = -1;
  /* The last pass decides under the exclusive lock; only changed blobs are hashed again. */
  if (ret >= 0 && flock (s->lock_fd, LOCK_EX) < 0)
    ret = nsbox_error_errno (err, errno, "lock store `%s` for repair", s->dir);
  if (ret >= 0)
    {
      ret = check_leftovers (&last, err);
      if (ret >= 0)
        ret = run_pass (&last, first.blobs, first.n_blobs, err);
      if (ret >= 0)
        ret = nsbox_store_trash_begin (s, &trash, err);
      if (ret >= 0)
        ret = repair_all (&last, &trash, err);
      if (flock (s->lock_fd, LOCK_SH) < 0 && ret >= 0)
        ret = nsbox_error_errno (err, errno, "relock store `%s`", s->dir);
    }
  if (ret >= 0)
    {
      last.report->bytes_hashed += first.report->bytes_hashed;
      ret = keep_repaired (first.report, last.report, err);
    }
  pass_release (&first);
  pass_release (&last);
  if (ret >= 0)
    ret = nsbox_store_trash_empty (&trash, err);
  else
    nsbox_store_trash_release (&trash);
  if (last.report)
    {
      nsbox_fsck_report_free (*report);
      *report = last.report;
    }
  return ret;
}

int
nsbox_store_fsck (struct nsbox_store *s, bool repair, struct nsbox_fsck_report **out, struct nsbox_error **err)
{
  struct nsbox_fsck_report *report = report_new (err);
  int ret;

  if (report == NULL)
    return -1;
  ret = repair ? fsck_repair (s, &report, err) : fsck_check (s, report, err);
  if (ret < 0)
    {
      nsbox_fsck_report_free (report);
      return -1;
    }
  *out = report;
  return 0;
}
