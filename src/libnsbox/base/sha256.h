/* sha256.h - SHA-256 (FIPS 180-4), small and dependency-free.
 *
 * Used to key the seccomp cache: linking libcrypto only for this would add
 * its relocation and constructor cost to every `nsbox exec` start. */
#ifndef NSBOX_SHA256_H
#define NSBOX_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define NSBOX_SHA256_DIGEST_SIZE 32
#define NSBOX_SHA256_HEX_SIZE (2 * NSBOX_SHA256_DIGEST_SIZE + 1)

struct nsbox_sha256
{
  uint32_t state[8];
  uint64_t length; /* bytes hashed so far */
  uint8_t block[64];
  size_t fill;     /* bytes waiting in block */
};

void nsbox_sha256_init (struct nsbox_sha256 *ctx);

/* Feed len bytes; may be called any number of times. */
void nsbox_sha256_update (struct nsbox_sha256 *ctx, const void *data, size_t len);

/* Finish and write the 32-byte digest; ctx must be re-initialised to reuse. */
void nsbox_sha256_final (struct nsbox_sha256 *ctx, uint8_t digest[NSBOX_SHA256_DIGEST_SIZE]);

/* One-shot digest of a buffer. */
void nsbox_sha256 (const void *data, size_t len, uint8_t digest[NSBOX_SHA256_DIGEST_SIZE]);

/* Lower-case hex of a digest, NUL-terminated. */
void nsbox_sha256_hex (const uint8_t digest[NSBOX_SHA256_DIGEST_SIZE], char hex[NSBOX_SHA256_HEX_SIZE]);

#endif
