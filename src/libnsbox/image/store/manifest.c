#define _GNU_SOURCE
#include "image/store/manifest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "base/cleanup.h"
#include "base/json.h"

static void
descriptor_release (struct nsbox_descriptor *d)
{
  free (d->media_type);
  free (d->os);
  free (d->architecture);
  free (d->variant);
  free (d->ref_name);
  free (d->image_name);
  memset (d, 0, sizeof *d);
}

void
nsbox_manifest_free (struct nsbox_manifest *m)
{
  if (m == NULL)
    return;
  free (m->media_type);
  descriptor_release (&m->config);
  for (size_t i = 0; i < m->n_layers; i++)
    descriptor_release (&m->layers[i]);
  free (m->layers);
  for (size_t i = 0; i < m->n_manifests; i++)
    descriptor_release (&m->manifests[i]);
  free (m->manifests);
  free (m);
}

static int
dup_optional (const json_t *object, const char *key, char **out, struct nsbox_error **err)
{
  const json_t *v = json_object_get (object, key);

  *out = NULL;
  if (v == NULL || json_is_null (v))
    return 0;
  if (!json_is_string (v) || strlen (json_string_value (v)) != json_string_length (v))
    return nsbox_error_msg (err, "`%s` is not a string", key);
  *out = strdup (json_string_value (v));
  return *out ? 0 : nsbox_error_oom (err);
}

static int
parse_descriptor (const json_t *j, struct nsbox_descriptor *d, struct nsbox_error **err)
{
  const json_t *size = json_object_get (j, "size");
  const json_t *platform = json_object_get (j, "platform");
  const json_t *annotations = json_object_get (j, "annotations");

  if (!json_is_object (j))
    return nsbox_error_msg (err, "descriptor is not an object");
  if (nsbox_digest_parse (nsbox_json_get_string (j, "digest"), &d->digest, err) < 0)
    return -1;
  if (!json_is_integer (size) || json_integer_value (size) < 0)
    return nsbox_error_msg (err, "descriptor `sha256:%.12s`: missing or negative size", d->digest.hex);
  d->size = json_integer_value (size);
  if (dup_optional (j, "mediaType", &d->media_type, err) < 0)
    return -1;
  if (platform != NULL && !json_is_null (platform))
    {
      if (!json_is_object (platform))
        return nsbox_error_msg (err, "descriptor platform is not an object");
      if (dup_optional (platform, "os", &d->os, err) < 0 || dup_optional (platform, "architecture", &d->architecture, err) < 0
          || dup_optional (platform, "variant", &d->variant, err) < 0)
        return -1;
    }
  if (json_is_object (annotations))
    {
      if (dup_optional (annotations, "org.opencontainers.image.ref.name", &d->ref_name, err) < 0
          || dup_optional (annotations, "io.containerd.image.name", &d->image_name, err) < 0)
        return -1;
    }
  return 0;
}

static int
parse_descriptor_array (const json_t *array, const char *what, struct nsbox_descriptor **out, size_t *n_out,
                        struct nsbox_error **err)
{
  size_t i;
  json_t *item;

  if (!json_is_array (array))
    return nsbox_error_msg (err, "`%s` is missing or not an array", what);
  /* Bounded by the 4 MiB document limit, but a descriptor is at least ~100 bytes anyway. */
  *out = calloc (json_array_size (array) + 1, sizeof **out);
  if (*out == NULL)
    return nsbox_error_oom (err);
  json_array_foreach (array, i, item)
    {
      if (parse_descriptor (item, &(*out)[i], err) < 0)
        {
          (*n_out)++; /* release the partially filled entry too */
          return nsbox_error_prefix (err, "%s[%zu]", what, i);
        }
      (*n_out)++;
    }
  return 0;
}

static bool
is_index_media_type (const char *t)
{
  return t && (strcmp (t, NSBOX_MEDIA_OCI_INDEX) == 0 || strcmp (t, NSBOX_MEDIA_DOCKER_LIST) == 0);
}

static bool
is_manifest_media_type (const char *t)
{
  return t && (strcmp (t, NSBOX_MEDIA_OCI_MANIFEST) == 0 || strcmp (t, NSBOX_MEDIA_DOCKER_MANIFEST) == 0);
}

static int
parse_root (const json_t *root, struct nsbox_manifest *m, struct nsbox_error **err)
{
  const json_t *version = json_object_get (root, "schemaVersion");
  bool index;

  if (!json_is_object (root))
    return nsbox_error_msg (err, "manifest is not a JSON object");
  if (!json_is_integer (version) || json_integer_value (version) != 2)
    return nsbox_error_msg (err, "unsupported manifest schemaVersion (only 2 is supported)");
  if (dup_optional (root, "mediaType", &m->media_type, err) < 0)
    return -1;
  if (m->media_type && !is_index_media_type (m->media_type) && !is_manifest_media_type (m->media_type))
    return nsbox_error_msg (err, "unsupported manifest media type `%.100s`", m->media_type);
  index = m->media_type ? is_index_media_type (m->media_type) : json_object_get (root, "manifests") != NULL;
  if (index)
    {
      m->kind = NSBOX_MANIFEST_INDEX;
      return parse_descriptor_array (json_object_get (root, "manifests"), "manifests", &m->manifests,
                                     &m->n_manifests, err);
    }
  m->kind = NSBOX_MANIFEST_IMAGE;
  if (parse_descriptor (json_object_get (root, "config"), &m->config, err) < 0)
    return nsbox_error_prefix (err, "config");
  if (parse_descriptor_array (json_object_get (root, "layers"), "layers", &m->layers, &m->n_layers, err) < 0)
    return -1;
  for (size_t i = 0; i < m->n_layers; i++)
    if (!nsbox_layer_media_type_supported (m->layers[i].media_type))
      return nsbox_error_msg (err, "layers[%zu]: unsupported layer media type `%.100s`", i, m->layers[i].media_type);
  return 0;
}

int
nsbox_manifest_parse (const char *data, size_t length, struct nsbox_manifest **out, struct nsbox_error **err)
{
  _cleanup_json_ json_t *root = NULL;
  struct nsbox_manifest *m;
  json_error_t jerr;

  if (length > NSBOX_MANIFEST_MAX_SIZE)
    return nsbox_error_msg (err, "manifest is larger than %d bytes", NSBOX_MANIFEST_MAX_SIZE);
  root = json_loadb (data, length, JSON_REJECT_DUPLICATES, &jerr);
  if (root == NULL)
    return nsbox_error_msg (err, "manifest: invalid JSON: %s (line %d)", jerr.text, jerr.line);
  m = calloc (1, sizeof *m);
  if (m == NULL)
    return nsbox_error_oom (err);
  if (parse_root (root, m, err) < 0)
    {
      nsbox_manifest_free (m);
      return nsbox_error_prefix (err, "manifest");
    }
  *out = m;
  return 0;
}

int
nsbox_layer_media_type_supported (const char *t)
{
  static const char *const known[] = {
    NSBOX_MEDIA_OCI_LAYER,
    NSBOX_MEDIA_OCI_LAYER_GZIP,
    NSBOX_MEDIA_OCI_LAYER_ZSTD,
    NSBOX_MEDIA_DOCKER_LAYER,
    /* Docker's non-distributable ("foreign") layers are ordinary gzip tars. */
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
    "application/vnd.oci.image.layer.nondistributable.v1.tar",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
  };

  if (t == NULL)
    return 1;
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp (t, known[i]) == 0)
      return 1;
  return 0;
}

const char *
nsbox_host_architecture (void)
{
#if defined(__x86_64__)
  return "amd64";
#elif defined(__aarch64__)
  return "arm64";
#elif defined(__i386__)
  return "386";
#elif defined(__arm__)
  return "arm";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return "ppc64le";
#elif defined(__s390x__)
  return "s390x";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#else
#error "unknown architecture: add its OCI (GOARCH) name"
#endif
}

const char *
nsbox_host_variant (void)
{
#if defined(__aarch64__)
  return "v8";
#elif defined(__arm__) && defined(__ARM_ARCH) && __ARM_ARCH >= 7
  return "v7";
#elif defined(__arm__)
  return "v6";
#else
  return NULL;
#endif
}

static bool
str_eq (const char *a, const char *b)
{
  return a && b && strcmp (a, b) == 0;
}

int
nsbox_manifest_select_platform (const struct nsbox_manifest *index, const char *os, const char *architecture,
                                const char *variant, const struct nsbox_descriptor **out, struct nsbox_error **err)
{
  const struct nsbox_descriptor *fallback = NULL;

  for (size_t i = 0; i < index->n_manifests; i++)
    {
      const struct nsbox_descriptor *d = &index->manifests[i];

      if (!str_eq (d->os, os) || !str_eq (d->architecture, architecture))
        continue;
      if (variant == NULL || d->variant == NULL || str_eq (d->variant, variant))
        {
          /* An exact variant match wins over an entry that does not name one. */
          if (variant && d->variant)
            {
              *out = d;
              return 0;
            }
          if (fallback == NULL)
            fallback = d;
        }
    }
  if (fallback == NULL)
    return nsbox_error_msg (err, "the image index has no manifest for %s/%s%s%s", os, architecture,
                            variant ? "/" : "", variant ? variant : "");
  *out = fallback;
  return 0;
}
