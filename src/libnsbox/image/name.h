/* name.h - image names: how a user's reference is normalised, and the file a ref lives in.
 *
 * Needs only libc: `nsbox exec` resolves names with it, the store writes refs with it. */
#ifndef NSBOX_IMAGE_NAME_H
#define NSBOX_IMAGE_NAME_H

#include "base/error.h"

/* "busybox" -> "busybox:latest"; "host:5000/a/b" -> "host:5000/a/b:latest"; "x@sha256:..." kept.
 * Refuses empty names, control characters and whitespace. */
int nsbox_image_ref_normalize (const char *reference, char **out, struct nsbox_error **err);

/* File name under refs/ for a normalized reference: bytes outside [A-Za-z0-9._-] become %XX,
 * so "/" and ":" never reach the file system as separators. */
int nsbox_store_ref_file_name (const char *normalized, char **out, struct nsbox_error **err);

/* A ref file larger than this is corrupt (one is a few hundred bytes per layer). */
#define NSBOX_STORE_REF_MAX_SIZE (1024 * 1024)

#endif
