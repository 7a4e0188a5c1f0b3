/* libFuzzer target: what a registry and its token server send (image/registry/auth.c):
 * WWW-Authenticate challenges, token responses; and --creds USER:PASSWORD and base64.
 * The first byte chooses. */
#include <stdint.h>

#include "fuzz.h"
#include "image/registry/auth.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct nsbox_auth_challenge challenge = { 0 };
  struct nsbox_credentials creds = { 0 };
  struct nsbox_error *err = NULL;
  char *text, *out = NULL;
  size_t length;
  int ret;

  if (size < 1)
    return 0;
  text = fuzz_string (data + 1, size - 1);
  switch (data[0] % 4)
    {
    case 0:
      ret = nsbox_auth_parse_challenge (text, &challenge, &err);
      /* A Bearer challenge always has a realm to ask for the token. */
      if (ret == 0 && challenge.scheme == NSBOX_AUTH_BEARER && challenge.realm == NULL)
        __builtin_trap ();
      nsbox_auth_challenge_release (&challenge);
      fuzz_check_error (ret, &err);
      break;
    case 1:
      ret = nsbox_auth_parse_token_response ((const char *) data + 1, size - 1, &out, &err);
      /* The token goes into an HTTP header: printable ASCII only. */
      for (const char *p = ret == 0 ? out : ""; *p; p++)
        if (*p < 0x21 || *p > 0x7e)
          __builtin_trap ();
      free (out);
      fuzz_check_error (ret, &err);
      break;
    case 2:
      ret = nsbox_auth_parse_user_password (text, &creds, &err);
      nsbox_credentials_release (&creds);
      fuzz_check_error (ret, &err);
      break;
    default:
      ret = nsbox_auth_base64_decode (text, &out, &length, &err);
      if (ret == 0 && (out == NULL || length > size))
        __builtin_trap ();
      free (out);
      fuzz_check_error (ret, &err);
      break;
    }
  free (text);
  return 0;
}
