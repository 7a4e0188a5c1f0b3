/* manifest.h - OCI / Docker schema 2 manifests, indexes (manifest lists) and image configs.
 *
 * Parsing needs only jansson.  Inputs are hostile: every field is type-checked,
 * digests must be sha256, sizes non-negative, and unknown fields are ignored. */
#ifndef NSBOX_IMAGE_MANIFEST_H
#define NSBOX_IMAGE_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "image/digest.h"
#include "base/error.h"

#define NSBOX_MEDIA_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define NSBOX_MEDIA_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define NSBOX_MEDIA_OCI_CONFIG "application/vnd.oci.image.config.v1+json"
#define NSBOX_MEDIA_OCI_LAYER "application/vnd.oci.image.layer.v1.tar"
#define NSBOX_MEDIA_OCI_LAYER_GZIP "application/vnd.oci.image.layer.v1.tar+gzip"
#define NSBOX_MEDIA_OCI_LAYER_ZSTD "application/vnd.oci.image.layer.v1.tar+zstd"
#define NSBOX_MEDIA_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define NSBOX_MEDIA_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"
#define NSBOX_MEDIA_DOCKER_CONFIG "application/vnd.docker.container.image.v1+json"
#define NSBOX_MEDIA_DOCKER_LAYER "application/vnd.docker.image.rootfs.diff.tar.gzip"

/* Manifests and configs larger than this are refused (registries use 4 MiB). */
#define NSBOX_MANIFEST_MAX_SIZE (4 * 1024 * 1024)

struct nsbox_descriptor
{
  char *media_type;        /* may be NULL when the document omits it */
  struct nsbox_digest digest;
  int64_t size;
  char *os, *architecture, *variant; /* platform, index entries only; may be NULL */
  char *ref_name;          /* annotation org.opencontainers.image.ref.name, or NULL */
  char *image_name;        /* annotation io.containerd.image.name, or NULL */
};

enum nsbox_manifest_kind
{
  NSBOX_MANIFEST_IMAGE, /* config + layers */
  NSBOX_MANIFEST_INDEX, /* list of manifests (OCI index, Docker manifest list) */
};

struct nsbox_manifest
{
  enum nsbox_manifest_kind kind;
  char *media_type; /* as declared, or inferred from the shape */
  struct nsbox_descriptor config;         /* IMAGE */
  struct nsbox_descriptor *layers;        /* IMAGE, bottom layer first (as in the document) */
  size_t n_layers;
  struct nsbox_descriptor *manifests;     /* INDEX */
  size_t n_manifests;
};

/* Parse a manifest or index (the kind is decided by the mediaType or, absent that, by the shape). */
int nsbox_manifest_parse (const char *data, size_t length, struct nsbox_manifest **out, struct nsbox_error **err);
void nsbox_manifest_free (struct nsbox_manifest *manifest);

/* The entry of an index for os/architecture (variant may be NULL = any; amd64 ignores variants).
 * Returns a pointer into index; error if no entry matches. */
int nsbox_manifest_select_platform (const struct nsbox_manifest *index, const char *os, const char *architecture,
                                    const char *variant, const struct nsbox_descriptor **out,
                                    struct nsbox_error **err);

/* The host's architecture in OCI (GOARCH) spelling: "amd64", "arm64", ... and its variant or NULL. */
const char *nsbox_host_architecture (void);
const char *nsbox_host_variant (void);

/* true for a layer media type we can unpack (tar, tar+gzip, tar+zstd, Docker's, and NULL). */
int nsbox_layer_media_type_supported (const char *media_type);

#endif
