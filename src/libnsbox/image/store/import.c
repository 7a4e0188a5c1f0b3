#define _GNU_SOURCE
#include "image/store/import.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/cleanup.h"
#include "image/store/source.h"
#include "base/json.h"
#include "image/store/manifest.h"

/* Nested indexes deeper than this are refused (a loop of indexes would never end). */
#define INDEX_MAX_DEPTH 4

enum source_kind
{
  SOURCE_OCI,
  SOURCE_OCI_ARCHIVE,
  SOURCE_DOCKER_ARCHIVE,
};

struct import
{
  struct nsbox_store_txn *txn;
  struct nsbox_import_source *source;
  enum source_kind kind;
  char *path;   /* the directory or file */
  char *tag;    /* the :TAG (or :REF) after it, or NULL */
  char *name;   /* the name the image gets */
  struct nsbox_digest manifest;
};

static void
manifest_freep (struct nsbox_manifest **m)
{
  nsbox_manifest_free (*m);
}
#define _cleanup_manifest_ __attribute__ ((cleanup (manifest_freep)))

static void
image_config_freep (struct nsbox_image_config **c)
{
  nsbox_image_config_free (*c);
}
#define _cleanup_image_config_ __attribute__ ((cleanup (image_config_freep)))

/* "PATH" or "PATH:TAG": the path is the longest prefix that exists, so paths may hold ":". */
static int
split_source (const char *spec, struct import *im, struct nsbox_error **err)
{
  struct stat st;
  const char *colon;

  if (stat (spec, &st) == 0)
    {
      im->path = strdup (spec);
      return im->path ? 0 : nsbox_error_oom (err);
    }
  for (colon = strrchr (spec, ':'); colon; colon = colon == spec ? NULL : memrchr (spec, ':', colon - spec))
    {
      _cleanup_free_ char *prefix = strndup (spec, colon - spec);
      if (prefix == NULL)
        return nsbox_error_oom (err);
      if (stat (prefix, &st) == 0 && colon[1] != '\0')
        {
          im->path = steal_pointer (&prefix);
          im->tag = strdup (colon + 1);
          return im->tag ? 0 : nsbox_error_oom (err);
        }
    }
  return nsbox_error_errno (err, ENOENT, "image source `%s`", spec);
}

static int
parse_source (const char *source, struct import *im, struct nsbox_error **err)
{
  static const struct
  {
    const char *prefix;
    enum source_kind kind;
  } kinds[] = {
    { "oci:", SOURCE_OCI },
    { "oci-archive:", SOURCE_OCI_ARCHIVE },
    { "docker-archive:", SOURCE_DOCKER_ARCHIVE },
  };

  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (strncmp (source, kinds[i].prefix, strlen (kinds[i].prefix)) == 0)
      {
        im->kind = kinds[i].kind;
        return split_source (source + strlen (kinds[i].prefix), im, err);
      }
  return nsbox_error_msg (err, "unknown image source `%s` (expected oci:DIR[:TAG], oci-archive:FILE[:TAG] or "
                               "docker-archive:FILE)", source);
}

static int
read_json_doc (struct import *im, const char *path, char **data, size_t *length, struct nsbox_error **err)
{
  return nsbox_import_source_read (im->source, path, NSBOX_MANIFEST_MAX_SIZE, data, length, err);
}

static int
blob_path (const struct nsbox_digest *d, char out[128])
{
  return snprintf (out, 128, "blobs/sha256/%s", d->hex);
}

/* Stage one descriptor's blob from the layout. */
static int
stage_descriptor (struct import *im, const struct nsbox_descriptor *d, struct nsbox_error **err)
{
  char path[128];
  struct nsbox_blob_request req = { .path = path, .expected = &d->digest, .size = d->size };

  blob_path (&d->digest, path);
  return nsbox_import_source_stage (im->source, im->txn, &req, 1, err);
}

static bool
tag_matches (const struct nsbox_descriptor *d, const char *tag)
{
  const char *image_tag;

  if (d->ref_name && strcmp (d->ref_name, tag) == 0)
    return true;
  if (d->image_name == NULL)
    return false;
  if (strcmp (d->image_name, tag) == 0)
    return true;
  /* "docker.io/library/busybox:1.36" answers to "busybox:1.36" and to "1.36". */
  if (strlen (d->image_name) > strlen (tag) && strcmp (d->image_name + strlen (d->image_name) - strlen (tag), tag) == 0
      && d->image_name[strlen (d->image_name) - strlen (tag) - 1] == '/')
    return true;
  image_tag = strrchr (d->image_name, ':');
  return image_tag && strcmp (image_tag + 1, tag) == 0;
}

/* The entry of the layout's index.json to import. */
static int
choose_top (struct import *im, const struct nsbox_manifest *index, const struct nsbox_descriptor **out,
            struct nsbox_error **err)
{
  if (im->tag)
    {
      for (size_t i = 0; i < index->n_manifests; i++)
        if (tag_matches (&index->manifests[i], im->tag))
          {
            *out = &index->manifests[i];
            return 0;
          }
      return nsbox_error_msg (err, "no image tagged `%s` in `%s`", im->tag, im->path);
    }
  if (index->n_manifests == 1)
    {
      *out = &index->manifests[0];
      return 0;
    }
  if (index->n_manifests == 0)
    return nsbox_error_msg (err, "`%s` holds no image", im->path);
  /* Several entries: a multi-platform layout lists one per platform. */
  if (nsbox_manifest_select_platform (index, "linux", nsbox_host_architecture (), nsbox_host_variant (), out, NULL) == 0)
    return 0;
  return nsbox_error_msg (err, "`%s` holds %zu images: name one with :TAG", im->path, index->n_manifests);
}

/* name[:tag] for an image that the source does not name: the file's base name. */
static int
default_name (struct import *im, const char *tag, struct nsbox_error **err)
{
  _cleanup_free_ char *copy = strdup (im->path);
  char *base, *dot;

  if (copy == NULL)
    return nsbox_error_oom (err);
  while (strlen (copy) > 1 && copy[strlen (copy) - 1] == '/')
    copy[strlen (copy) - 1] = '\0';
  base = basename (copy);
  if ((dot = strstr (base, ".tar")) != NULL && dot != base)
    *dot = '\0';
  if (asprintf (&im->name, "%s:%s", base, tag ? tag : "latest") < 0)
    return nsbox_error_oom (err);
  return 0;
}

static int
name_from_descriptor (struct import *im, const struct nsbox_descriptor *d, struct nsbox_error **err)
{
  if (im->name)
    return 0;
  if (d->image_name)
    im->name = strdup (d->image_name);
  else if (d->ref_name && (strchr (d->ref_name, ':') || strchr (d->ref_name, '/')))
    im->name = strdup (d->ref_name);
  else
    return default_name (im, d->ref_name ? d->ref_name : im->tag, err);
  return im->name ? 0 : nsbox_error_oom (err);
}

/* Follow index -> (index ->) image manifest, selecting linux/<host arch>; stage each document. */
static int
resolve_manifest (struct import *im, const struct nsbox_descriptor *top, struct nsbox_manifest **out,
                  struct nsbox_error **err)
{
  struct nsbox_descriptor current = *top;

  for (int depth = 0; depth < INDEX_MAX_DEPTH; depth++)
    {
      _cleanup_free_ char *data = NULL;
      struct nsbox_manifest *m = NULL;
      const struct nsbox_descriptor *chosen;
      size_t length;

      if (current.size > NSBOX_MANIFEST_MAX_SIZE)
        return nsbox_error_msg (err, "manifest sha256:%s is larger than %d bytes", current.digest.hex,
                                NSBOX_MANIFEST_MAX_SIZE);
      if (stage_descriptor (im, &current, err) < 0
          || nsbox_store_txn_read_blob (im->txn, &current.digest, NSBOX_MANIFEST_MAX_SIZE, &data, &length, err) < 0
          || nsbox_manifest_parse (data, length, &m, err) < 0)
        return -1;
      if (m->kind == NSBOX_MANIFEST_IMAGE)
        {
          im->manifest = current.digest;
          *out = m;
          return 0;
        }
      if (nsbox_manifest_select_platform (m, "linux", nsbox_host_architecture (), nsbox_host_variant (), &chosen, err) < 0)
        {
          nsbox_manifest_free (m);
          return -1;
        }
      current.digest = chosen->digest;
      current.size = chosen->size;
      nsbox_manifest_free (m);
    }
  return nsbox_error_msg (err, "image indexes nested deeper than %d", INDEX_MAX_DEPTH);
}

static int
stage_config_and_layers (struct import *im, const struct nsbox_manifest *m, struct nsbox_error **err)
{
  _cleanup_free_ struct nsbox_blob_request *reqs = calloc (m->n_layers + 1, sizeof *reqs);
  _cleanup_free_ char *paths = calloc (m->n_layers + 1, 128);

  if (reqs == NULL || paths == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; i <= m->n_layers; i++)
    {
      const struct nsbox_descriptor *d = i == 0 ? &m->config : &m->layers[i - 1];
      blob_path (&d->digest, paths + 128 * i);
      reqs[i] = (struct nsbox_blob_request){ .path = paths + 128 * i, .expected = &d->digest, .size = d->size };
    }
  return nsbox_import_source_stage (im->source, im->txn, reqs, m->n_layers + 1, err);
}

static int
import_layout (struct import *im, struct nsbox_error **err)
{
  _cleanup_free_ char *data = NULL;
  _cleanup_manifest_ struct nsbox_manifest *index = NULL;
  _cleanup_manifest_ struct nsbox_manifest *m = NULL;
  const struct nsbox_descriptor *top;
  size_t length;

  if (read_json_doc (im, "index.json", &data, &length, err) < 0 || nsbox_manifest_parse (data, length, &index, err) < 0)
    return nsbox_error_prefix (err, "index.json");
  if (index->kind != NSBOX_MANIFEST_INDEX)
    return nsbox_error_msg (err, "index.json is not an image index");
  if (choose_top (im, index, &top, err) < 0 || name_from_descriptor (im, top, err) < 0
      || resolve_manifest (im, top, &m, err) < 0 || stage_config_and_layers (im, m, err) < 0)
    return -1;
  return 0;
}

/* ---- docker save, classic layout: manifest.json + <id>.json + <id>/layer.tar ---- */

static const json_t *
choose_docker_entry (struct import *im, const json_t *entries, struct nsbox_error **err)
{
  size_t i, j;
  const json_t *entry, *tag;

  if (!json_is_array (entries) || json_array_size (entries) == 0)
    {
      nsbox_error_msg (err, "manifest.json lists no image");
      return NULL;
    }
  if (im->tag == NULL)
    {
      if (json_array_size (entries) == 1)
        return json_array_get (entries, 0);
      nsbox_error_msg (err, "`%s` holds %zu images: name one with :REPO:TAG", im->path, json_array_size (entries));
      return NULL;
    }
  json_array_foreach (entries, i, entry)
    json_array_foreach (json_object_get (entry, "RepoTags"), j, tag)
      if (json_is_string (tag) && strcmp (json_string_value (tag), im->tag) == 0)
        return entry;
  nsbox_error_msg (err, "no image `%s` in `%s`", im->tag, im->path);
  return NULL;
}

/* The hex a docker-archive file name promises: "<hex>.json" or "blobs/sha256/<hex>". */
static bool
hex_in_name (const char *path, char out[NSBOX_DIGEST_HEX_LEN + 1])
{
  const char *base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;

  if (strlen (base) < NSBOX_DIGEST_HEX_LEN)
    return false;
  memcpy (out, base, NSBOX_DIGEST_HEX_LEN);
  out[NSBOX_DIGEST_HEX_LEN] = '\0';
  if (!nsbox_digest_hex_valid (out))
    return false;
  return base[NSBOX_DIGEST_HEX_LEN] == '\0' || strcmp (base + NSBOX_DIGEST_HEX_LEN, ".json") == 0;
}

static int
stage_docker_config (struct import *im, const char *config_path, struct nsbox_digest *digest,
                     struct nsbox_image_config **config, struct nsbox_error **err)
{
  _cleanup_free_ char *data = NULL;
  char promised[NSBOX_DIGEST_HEX_LEN + 1];
  size_t length;

  if (read_json_doc (im, config_path, &data, &length, err) < 0
      || nsbox_store_txn_put_blob_buffer (im->txn, data, length, NULL, digest, err) < 0)
    return -1;
  if (hex_in_name (config_path, promised) && strcmp (promised, digest->hex) != 0)
    return nsbox_error_msg (err, "image config `%s`: digest mismatch: content hashes to sha256:%s", config_path,
                            digest->hex);
  if (nsbox_image_config_parse (data, length, config, err) < 0)
    return -1;
  return 0;
}

/* An OCI manifest for the classic layout's config and (uncompressed) layers. */
static int
synthesize_manifest (struct import *im, const struct nsbox_digest *config, const struct nsbox_digest *layers,
                     size_t n, struct nsbox_error **err)
{
  _cleanup_json_ json_t *doc = NULL;
  _cleanup_free_ char *text = NULL;
  json_t *array = json_array ();
  char d[NSBOX_DIGEST_STRING_SIZE];
  int64_t size;

  for (size_t i = 0; array && i < n; i++)
    {
      if ((size = nsbox_store_txn_blob_size (im->txn, &layers[i], err)) < 0)
        {
          json_decref (array);
          return -1;
        }
      json_array_append_new (array, json_pack ("{s:s, s:s, s:I}", "mediaType", NSBOX_MEDIA_OCI_LAYER, "digest",
                                               nsbox_digest_format (&layers[i], d), "size", (json_int_t) size));
    }
  if ((size = nsbox_store_txn_blob_size (im->txn, config, err)) < 0)
    {
      json_decref (array);
      return -1;
    }
  doc = json_pack ("{s:i, s:s, s:{s:s, s:s, s:I}, s:o}", "schemaVersion", 2, "mediaType", NSBOX_MEDIA_OCI_MANIFEST,
                   "config", "mediaType", NSBOX_MEDIA_OCI_CONFIG, "digest", nsbox_digest_format (config, d), "size",
                   (json_int_t) size, "layers", array);
  if (doc == NULL || (text = json_dumps (doc, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
    return nsbox_error_oom (err);
  return nsbox_store_txn_put_blob_buffer (im->txn, text, strlen (text), NULL, &im->manifest, err);
}

static int
import_docker_classic (struct import *im, const json_t *entry, struct nsbox_error **err)
{
  _cleanup_image_config_ struct nsbox_image_config *config = NULL;
  _cleanup_free_ struct nsbox_blob_request *reqs = NULL;
  _cleanup_free_ struct nsbox_digest *digests = NULL;
  const json_t *layers = json_object_get (entry, "Layers");
  const char *config_path = nsbox_json_get_string (entry, "Config");
  struct nsbox_digest config_digest;
  size_t n = json_array_size (layers);

  if (config_path == NULL || !json_is_array (layers))
    return nsbox_error_msg (err, "manifest.json: entry without Config or Layers");
  if (stage_docker_config (im, config_path, &config_digest, &config, err) < 0)
    return -1;
  /* The config's diff_ids are the digests of the uncompressed layer tars: they verify them. */
  if (config->n_diff_ids != n)
    return nsbox_error_msg (err, "manifest.json lists %zu layers, the image config %zu", n, config->n_diff_ids);
  reqs = calloc (n + 1, sizeof *reqs);
  digests = calloc (n + 1, sizeof *digests);
  if (reqs == NULL || digests == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; i < n; i++)
    {
      const char *p = json_string_value (json_array_get (layers, i));
      if (p == NULL)
        return nsbox_error_msg (err, "manifest.json: Layers[%zu] is not a string", i);
      reqs[i] = (struct nsbox_blob_request){ .path = p, .expected = &config->diff_ids[i], .size = -1 };
    }
  if (nsbox_import_source_stage (im->source, im->txn, reqs, n, err) < 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    digests[i] = reqs[i].digest;
  return synthesize_manifest (im, &config_digest, digests, n, err);
}

static int
import_docker_archive (struct import *im, struct nsbox_error **err)
{
  _cleanup_free_ char *data = NULL;
  _cleanup_json_ json_t *entries = NULL;
  const json_t *entry = NULL;
  json_error_t jerr;
  size_t length;

  if (nsbox_import_source_has (im->source, "manifest.json"))
    {
      if (read_json_doc (im, "manifest.json", &data, &length, err) < 0)
        return -1;
      entries = json_loadb (data, length, JSON_REJECT_DUPLICATES, &jerr);
      if (entries == NULL)
        return nsbox_error_msg (err, "manifest.json: invalid JSON: %s", jerr.text);
      if ((entry = choose_docker_entry (im, entries, err)) == NULL)
        return -1;
      if (im->name == NULL && json_is_string (json_array_get (json_object_get (entry, "RepoTags"), 0))
          && (im->name = strdup (json_string_value (json_array_get (json_object_get (entry, "RepoTags"), 0)))) == NULL)
        return nsbox_error_oom (err);
    }
  /* Docker 25+ writes an OCI layout next to manifest.json: prefer it, it carries the real manifest. */
  if (nsbox_import_source_has (im->source, "index.json"))
    {
      if (im->tag && im->name == NULL && (im->name = strdup (im->tag)) == NULL)
        return nsbox_error_oom (err);
      return import_layout (im, err);
    }
  if (entry == NULL)
    return nsbox_error_msg (err, "`%s` is not a docker archive (no manifest.json)", im->path);
  if (im->name == NULL && default_name (im, NULL, err) < 0)
    return -1;
  return import_docker_classic (im, entry, err);
}

static void
import_release (struct import *im)
{
  nsbox_store_txn_abort (im->txn);
  nsbox_import_source_free (im->source);
  free (im->path);
  free (im->tag);
  free (im->name);
}

int
nsbox_image_import (struct nsbox_store *store, const char *source, const char *name, char **name_out,
                    struct nsbox_error **err)
{
  struct import im = { 0 };
  _cleanup_free_ char *normalized = NULL;
  int ret;

  ret = parse_source (source, &im, err);
  if (ret >= 0 && name && (im.name = strdup (name)) == NULL)
    ret = nsbox_error_oom (err);
  if (ret >= 0)
    ret = im.kind == SOURCE_OCI ? nsbox_import_source_open_dir (im.path, &im.source, err)
                                : nsbox_import_source_open_archive (im.path, &im.source, err);
  if (ret >= 0)
    ret = nsbox_store_txn_begin (store, &im.txn, err);
  if (ret >= 0)
    ret = im.kind == SOURCE_DOCKER_ARCHIVE ? import_docker_archive (&im, err) : import_layout (&im, err);
  if (ret >= 0)
    ret = nsbox_image_ref_normalize (im.name, &normalized, err);
  if (ret >= 0)
    {
      ret = nsbox_store_txn_commit (im.txn, normalized, &im.manifest, err);
      im.txn = NULL;
    }
  import_release (&im);
  if (ret < 0)
    return nsbox_error_prefix (err, "import `%s`", source);
  *name_out = steal_pointer (&normalized);
  return 0;
}
