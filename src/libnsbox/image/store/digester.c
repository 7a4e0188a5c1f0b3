#define _GNU_SOURCE
#include "image/digest.h"

#include <errno.h>
#include <stdlib.h>

#include <openssl/evp.h>

struct nsbox_digester
{
  EVP_MD_CTX *ctx;
};

int
nsbox_digester_new (struct nsbox_digester **out, struct nsbox_error **err)
{
  struct nsbox_digester *h = calloc (1, sizeof *h);

  if (h == NULL)
    return nsbox_error_oom (err);
  h->ctx = EVP_MD_CTX_new ();
  if (h->ctx == NULL || EVP_DigestInit_ex (h->ctx, EVP_sha256 (), NULL) != 1)
    {
      nsbox_digester_free (h);
      return nsbox_error_msg (err, "initialise sha256 (libcrypto)");
    }
  *out = h;
  return 0;
}

int
nsbox_digester_update (struct nsbox_digester *hasher, const void *data, size_t length, struct nsbox_error **err)
{
  if (EVP_DigestUpdate (hasher->ctx, data, length) != 1)
    return nsbox_error_msg (err, "sha256 update (libcrypto)");
  return 0;
}

int
nsbox_digester_final (struct nsbox_digester *hasher, struct nsbox_digest *out, struct nsbox_error **err)
{
  static const char hexdigits[] = "0123456789abcdef";
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;

  if (EVP_DigestFinal_ex (hasher->ctx, md, &len) != 1 || len != NSBOX_DIGEST_HEX_LEN / 2)
    return nsbox_error_msg (err, "sha256 final (libcrypto)");
  for (unsigned int i = 0; i < len; i++)
    {
      out->hex[2 * i] = hexdigits[md[i] >> 4];
      out->hex[2 * i + 1] = hexdigits[md[i] & 0xf];
    }
  out->hex[NSBOX_DIGEST_HEX_LEN] = '\0';
  return 0;
}

void
nsbox_digester_free (struct nsbox_digester *hasher)
{
  if (hasher == NULL)
    return;
  EVP_MD_CTX_free (hasher->ctx);
  free (hasher);
}

int
nsbox_sha256_buffer (const void *data, size_t length, struct nsbox_digest *out, struct nsbox_error **err)
{
  struct nsbox_digester *h = NULL;
  int ret;

  if ((ret = nsbox_digester_new (&h, err)) < 0)
    return ret;
  ret = nsbox_digester_update (h, data, length, err);
  if (ret >= 0)
    ret = nsbox_digester_final (h, out, err);
  nsbox_digester_free (h);
  return ret;
}
