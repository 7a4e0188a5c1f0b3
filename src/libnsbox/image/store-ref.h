/* store-ref.h - how refs are named on disk; shared by store.c and resolve.c (internal). */
#ifndef NSBOX_IMAGE_STORE_REF_H
#define NSBOX_IMAGE_STORE_REF_H

#include "error.h"

/* File name under refs/ for a normalized reference: bytes outside [A-Za-z0-9._-] become %XX,
 * so "/" and ":" never reach the file system as separators. */
int nsbox_store_ref_file_name (const char *normalized, char **out, struct nsbox_error **err);

#endif
