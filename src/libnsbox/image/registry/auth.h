/* auth.h - registry authentication: challenges, credential files, tokens.
 *
 * A registry answers 401 with `WWW-Authenticate: Bearer realm=...,service=...,
 * scope=...` (a token server issues a short-lived token for that scope) or
 * `Basic realm=...` (credentials go to the registry itself).  Credentials come
 * from Docker's config.json / containers' auth.json, which the CLI locates. */
#ifndef NSBOX_IMAGE_AUTH_H
#define NSBOX_IMAGE_AUTH_H

#include <stddef.h>

#include "base/error.h"

enum nsbox_auth_scheme
{
  NSBOX_AUTH_NONE,
  NSBOX_AUTH_BASIC,
  NSBOX_AUTH_BEARER,
};

struct nsbox_auth_challenge
{
  enum nsbox_auth_scheme scheme;
  char *realm;   /* Bearer: token server URL; Basic: informational */
  char *service; /* Bearer only, may be NULL */
  char *scope;   /* Bearer only, may be NULL */
};

struct nsbox_credentials
{
  char *username;
  char *password;
};

/* Parse a WWW-Authenticate value; the first Bearer or Basic challenge wins.
 * Unknown schemes only (Negotiate, Digest...) are an error. */
int nsbox_auth_parse_challenge (const char *header, struct nsbox_auth_challenge *challenge, struct nsbox_error **err);
void nsbox_auth_challenge_release (struct nsbox_auth_challenge *challenge);

/* Split "USER:PASSWORD" (the password may contain ':'). */
int nsbox_auth_parse_user_password (const char *text, struct nsbox_credentials *creds, struct nsbox_error **err);

/* Look `registry` (as in a reference: "docker.io", "localhost:5000") and
 * `repository` up in the JSON auth files, first file with a match wins.  Keys
 * may carry a scheme and path ("https://index.docker.io/v1/") or name a
 * repository prefix ("quay.io/team"), the longest matching prefix wins.  An
 * entry holds "auth": base64("user:password") or "username"/"password".
 * Missing files are skipped.  Returns 1 when found, 0 when not. */
int nsbox_auth_lookup_credentials (const char *const *files, const char *registry, const char *repository,
                                   struct nsbox_credentials *creds, struct nsbox_error **err);

void nsbox_credentials_release (struct nsbox_credentials *creds);

/* The token from a token server's JSON answer ("token" or "access_token"). */
int nsbox_auth_parse_token_response (const char *body, size_t length, char **token, struct nsbox_error **err);

/* Decode standard base64 (padding optional); malloc'ed, NUL-terminated. */
int nsbox_auth_base64_decode (const char *text, char **out, size_t *out_length, struct nsbox_error **err);

#endif
