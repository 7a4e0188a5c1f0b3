#define _GNU_SOURCE
#include "image/digest.h"

#include <stdio.h>
#include <string.h>

bool
nsbox_digest_hex_valid (const char *text)
{
  size_t i;

  for (i = 0; i < NSBOX_DIGEST_HEX_LEN; i++)
    if (!((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f')))
      return false;
  return text[i] == '\0';
}

int
nsbox_digest_parse (const char *text, struct nsbox_digest *out, struct nsbox_error **err)
{
  if (text == NULL || strncmp (text, "sha256:", 7) != 0)
    return nsbox_error_msg (err, "unsupported digest `%.80s` (only sha256 is accepted)", text ? text : "");
  if (!nsbox_digest_hex_valid (text + 7))
    return nsbox_error_msg (err, "malformed digest `%.80s`", text);
  memcpy (out->hex, text + 7, NSBOX_DIGEST_HEX_LEN + 1);
  return 0;
}

char *
nsbox_digest_format (const struct nsbox_digest *digest, char out[NSBOX_DIGEST_STRING_SIZE])
{
  memcpy (out, "sha256:", 7);
  memcpy (out + 7, digest->hex, NSBOX_DIGEST_HEX_LEN + 1);
  return out;
}

bool
nsbox_digest_equal (const struct nsbox_digest *a, const struct nsbox_digest *b)
{
  return memcmp (a->hex, b->hex, NSBOX_DIGEST_HEX_LEN) == 0;
}
