/* verify.h - the integrity check every `nsbox exec IMAGE` makes before it uses an image.
 *
 * Cheap enough for every start (a few small reads and two SHA-256 of documents of a few KB):
 * the manifest blob the ref names exists and hashes to its digest; the config blob too, and
 * it is the one the manifest names; the ref's layers are the manifest's, in order, and every
 * layer blob exists with the size the manifest gives.  A layer blob's bytes are not hashed
 * here (layers can be GBs; the unpacked layer directory is what runs): `nsbox image fsck`
 * hashes every blob.  A failure says the image is damaged and what to do. */
#ifndef NSBOX_IMAGE_VERIFY_H
#define NSBOX_IMAGE_VERIFY_H

#include <jansson.h>

#include "base/error.h"

/* store_fd: the store directory; image: the normalized name (for messages); ref: its refs/ document. */
int nsbox_image_verify (int store_fd, const char *image, const json_t *ref, struct nsbox_error **err);

#endif
