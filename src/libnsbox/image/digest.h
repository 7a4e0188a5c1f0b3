/* digest.h - content digests: "sha256:<64 lower-case hex>" and streaming SHA-256.
 *
 * Parsing and formatting need only libc (the exec path uses them); the hashing
 * functions use OpenSSL libcrypto and live in the image library (libnsbox-image),
 * which `nsbox exec` never loads. */
#ifndef NSBOX_IMAGE_DIGEST_H
#define NSBOX_IMAGE_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

#define NSBOX_DIGEST_HEX_LEN 64
/* "sha256:" + 64 hex + NUL */
#define NSBOX_DIGEST_STRING_SIZE (7 + NSBOX_DIGEST_HEX_LEN + 1)

/* Only sha256 is accepted: every digest names exactly one file in the store. */
struct nsbox_digest
{
  char hex[NSBOX_DIGEST_HEX_LEN + 1]; /* lower-case, NUL-terminated */
};

/* Parse "sha256:<hex>"; anything else (other algorithms, upper case, wrong length) is an error. */
int nsbox_digest_parse (const char *text, struct nsbox_digest *out, struct nsbox_error **err);

/* true if text is exactly 64 lower-case hex digits (a bare digest hex, e.g. a file name). */
bool nsbox_digest_hex_valid (const char *text);

/* Write "sha256:<hex>" into out (NSBOX_DIGEST_STRING_SIZE bytes); returns out. */
char *nsbox_digest_format (const struct nsbox_digest *digest, char out[NSBOX_DIGEST_STRING_SIZE]);

bool nsbox_digest_equal (const struct nsbox_digest *a, const struct nsbox_digest *b);

/* ---- libnsbox-image only (libcrypto) ---- */

/* Streaming SHA-256 into a struct nsbox_digest (OpenSSL EVP: SHA-NI/AVX2 speed for large
 * layers; the small dependency-free sha256.h of libnsbox keys the seccomp cache). */
struct nsbox_digester;

int nsbox_digester_new (struct nsbox_digester **out, struct nsbox_error **err);
int nsbox_digester_update (struct nsbox_digester *hasher, const void *data, size_t length, struct nsbox_error **err);
/* Finish and write the digest; the hasher may not be updated afterwards. */
int nsbox_digester_final (struct nsbox_digester *hasher, struct nsbox_digest *out, struct nsbox_error **err);
void nsbox_digester_free (struct nsbox_digester *hasher);

/* Digest of a buffer in one call. */
int nsbox_sha256_buffer (const void *data, size_t length, struct nsbox_digest *out, struct nsbox_error **err);

#endif
