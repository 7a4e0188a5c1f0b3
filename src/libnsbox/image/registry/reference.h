/* reference.h - image references: [REGISTRY/]REPOSITORY[:TAG][@DIGEST].
 *
 * The naming rules are Docker's, so that `busybox` means the same image here
 * as everywhere else: without a registry part the registry is docker.io, and a
 * one-component repository on docker.io lives under library/.  The first
 * component names a registry when it contains '.' or ':', is "localhost", or
 * has an upper-case letter (repository names are lower case). */
#ifndef NSBOX_IMAGE_REFERENCE_H
#define NSBOX_IMAGE_REFERENCE_H

#include <stdbool.h>

#include "base/error.h"

#define NSBOX_REFERENCE_DEFAULT_REGISTRY "docker.io"
#define NSBOX_REFERENCE_DOCKER_HUB_API "registry-1.docker.io"
#define NSBOX_REFERENCE_DEFAULT_TAG "latest"

struct nsbox_reference
{
  char *registry;   /* "docker.io", "quay.io", "localhost:5000", "[::1]:5000" */
  char *api_host;   /* host[:port] the Distribution API is served on: registry-1.docker.io for docker.io */
  char *repository; /* "library/busybox" */
  char *tag;        /* "latest" when neither tag nor digest was given; NULL for a digest-only reference */
  char *digest;     /* "sha256:<64 hex>" or NULL */
};

/* Parse and normalise `text`; on failure *ref is left empty. */
int nsbox_reference_parse (const char *text, struct nsbox_reference *ref, struct nsbox_error **err);

/* Free the strings of *ref and empty it. */
void nsbox_reference_release (struct nsbox_reference *ref);

/* True when the registry is Docker Hub (plain HTTP is never allowed there). */
bool nsbox_reference_is_docker_hub (const struct nsbox_reference *ref);

/* "docker.io/library/busybox:latest", "quay.io/a/b@sha256:..."; malloc'ed, NULL on ENOMEM. */
char *nsbox_reference_format (const struct nsbox_reference *ref);

/* "docker.io/library/busybox" (no tag, no digest); malloc'ed, NULL on ENOMEM. */
char *nsbox_reference_name (const struct nsbox_reference *ref);

#endif
