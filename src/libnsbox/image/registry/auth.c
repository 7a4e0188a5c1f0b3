#define _GNU_SOURCE
#include "image/registry/auth.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/cleanup.h"
#include "base/json.h"

static bool
is_token_char (char c)
{
  return c > ' ' && c < 127 && !strchr ("()<>@,;:\\\"/[]?={}", c);
}

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* A token or a quoted-string with backslash escapes; *out is malloc'ed. */
static const char *
read_value (const char *p, char **out)
{
  size_t n = 0;
  char *s;

  if (*p != '"')
    {
      const char *start = p;

      while (is_token_char (*p) || *p == '/' || *p == ':')
        p++;
      *out = strndup (start, p - start);
      return *out ? p : NULL;
    }
  s = malloc (strlen (p) + 1);
  if (s == NULL)
    return NULL;
  for (p++; *p && *p != '"'; p++)
    {
      if (*p == '\\' && p[1])
        p++;
      s[n++] = *p;
    }
  s[n] = '\0';
  *out = s;
  return *p == '"' ? p + 1 : p;
}

void
nsbox_auth_challenge_release (struct nsbox_auth_challenge *challenge)
{
  free (challenge->realm);
  free (challenge->service);
  free (challenge->scope);
  memset (challenge, 0, sizeof *challenge);
}

static enum nsbox_auth_scheme
scheme_from_name (const char *s, size_t n)
{
  if (n == 6 && strncasecmp (s, "bearer", 6) == 0)
    return NSBOX_AUTH_BEARER;
  if (n == 5 && strncasecmp (s, "basic", 5) == 0)
    return NSBOX_AUTH_BASIC;
  return NSBOX_AUTH_NONE;
}

static void
store_param (struct nsbox_auth_challenge *c, const char *name, size_t n, char **value)
{
  char **slot = NULL;

  if (n == 5 && strncasecmp (name, "realm", 5) == 0)
    slot = &c->realm;
  else if (n == 7 && strncasecmp (name, "service", 7) == 0)
    slot = &c->service;
  else if (n == 5 && strncasecmp (name, "scope", 5) == 0)
    slot = &c->scope;
  if (slot && *slot == NULL)
    *slot = steal_pointer (value);
}

int
nsbox_auth_parse_challenge (const char *header, struct nsbox_auth_challenge *challenge, struct nsbox_error **err)
{
  enum nsbox_auth_scheme current = NSBOX_AUTH_NONE;
  bool chosen = false;
  const char *p = header;

  memset (challenge, 0, sizeof *challenge);
  for (;;)
    {
      const char *name;
      size_t n;

      while (*p == ' ' || *p == '\t' || *p == ',')
        p++;
      if (*p == '\0')
        break;
      name = p;
      while (is_token_char (*p))
        p++;
      n = p - name;
      if (n == 0)
        break;
      p = skip_space (p);
      if (*p == '=' && p[1] != '=' && p[1] != '\0' && p[1] != ',')
        {
          _cleanup_free_ char *value = NULL;

          p = read_value (skip_space (p + 1), &value);
          if (p == NULL)
            return nsbox_error_oom (err);
          if (chosen && current != NSBOX_AUTH_NONE)
            store_param (challenge, name, n, &value);
          continue;
        }
      /* A new challenge (token68 forms such as "Negotiate abc==" are skipped as values). */
      if (chosen && current != NSBOX_AUTH_NONE)
        break;
      current = scheme_from_name (name, n);
      if (current != NSBOX_AUTH_NONE)
        {
          chosen = true;
          challenge->scheme = current;
        }
      else
        while (*p && *p != ',' && *p != ' ')
          p++;
    }
  if (challenge->scheme == NSBOX_AUTH_NONE)
    return nsbox_error_errno (err, ENOTSUP, "unsupported authentication challenge `%s`", header);
  if (challenge->scheme == NSBOX_AUTH_BEARER && challenge->realm == NULL)
    {
      nsbox_auth_challenge_release (challenge);
      return nsbox_error_errno (err, EPROTO, "bearer challenge without a realm: `%s`", header);
    }
  return 0;
}

void
nsbox_credentials_release (struct nsbox_credentials *creds)
{
  if (creds->password)
    explicit_bzero (creds->password, strlen (creds->password));
  free (creds->username);
  free (creds->password);
  creds->username = creds->password = NULL;
}

int
nsbox_auth_parse_user_password (const char *text, struct nsbox_credentials *creds, struct nsbox_error **err)
{
  const char *colon = strchr (text, ':');

  memset (creds, 0, sizeof *creds);
  if (colon == NULL || colon == text)
    return nsbox_error_errno (err, EINVAL, "credentials must be USER:PASSWORD");
  creds->username = strndup (text, colon - text);
  creds->password = strdup (colon + 1);
  if (creds->username == NULL || creds->password == NULL)
    {
      nsbox_credentials_release (creds);
      return nsbox_error_oom (err);
    }
  return 0;
}

static int
base64_value (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

int
nsbox_auth_base64_decode (const char *text, char **out, size_t *out_length, struct nsbox_error **err)
{
  size_t len = strlen (text), n = 0;
  unsigned bits = 0, nbits = 0;
  _cleanup_free_ char *buf = malloc (len * 3 / 4 + 4);

  if (buf == NULL)
    return nsbox_error_oom (err);
  while (len > 0 && text[len - 1] == '=')
    len--;
  for (size_t i = 0; i < len; i++)
    {
      int v = base64_value (text[i]);

      if (v < 0)
        return nsbox_error_errno (err, EINVAL, "invalid base64");
      bits = (bits << 6) | (unsigned)v;
      nbits += 6;
      if (nbits >= 8)
        {
          nbits -= 8;
          buf[n++] = (char)((bits >> nbits) & 0xff);
        }
    }
  if (nbits >= 6)
    return nsbox_error_errno (err, EINVAL, "invalid base64 length");
  buf[n] = '\0';
  *out = steal_pointer (&buf);
  if (out_length)
    *out_length = n;
  return 0;
}

/* "https://index.docker.io/v1/" -> "docker.io"; "quay.io/team/" -> "quay.io/team".
 * A key with a scheme is a host only (Docker's convention). */
static char *
normalise_key (const char *key)
{
  bool had_scheme = false;
  char *s, *slash;
  size_t n;

  if (strncmp (key, "https://", 8) == 0)
    key += 8, had_scheme = true;
  else if (strncmp (key, "http://", 7) == 0)
    key += 7, had_scheme = true;
  s = strdup (key);
  if (s == NULL)
    return NULL;
  slash = strchr (s, '/');
  if (slash && had_scheme)
    *slash = '\0';
  n = strlen (s);
  while (n > 0 && s[n - 1] == '/')
    s[--n] = '\0';
  slash = strchr (s, '/');
  n = slash ? (size_t)(slash - s) : strlen (s);
  if ((n == 15 && strncmp (s, "index.docker.io", n) == 0) || (n == 20 && strncmp (s, "registry-1.docker.io", n) == 0))
    {
      char *hub;

      if (asprintf (&hub, "docker.io%s", s + n) < 0)
        hub = NULL;
      free (s);
      return hub;
    }
  return s;
}

/* Length of the key's match against "registry/repository", 0 when it does not match. */
static size_t
key_match_length (const char *key, const char *full)
{
  size_t n = strlen (key);

  if (strncmp (full, key, n) == 0 && (full[n] == '\0' || full[n] == '/'))
    return n;
  return 0;
}

static int
credentials_from_entry (json_t *entry, const char *file, struct nsbox_credentials *creds, struct nsbox_error **err)
{
  const char *auth = json_string_value (json_object_get (entry, "auth"));
  const char *user = json_string_value (json_object_get (entry, "username"));
  const char *password = json_string_value (json_object_get (entry, "password"));

  if (auth && *auth)
    {
      _cleanup_free_ char *decoded = NULL;
      size_t n;
      int ret;

      if (nsbox_auth_base64_decode (auth, &decoded, &n, err) < 0)
        return nsbox_error_prefix (err, "`%s`: field `auth`", file);
      if (strlen (decoded) != n)
        return nsbox_error_errno (err, EINVAL, "`%s`: field `auth`: NUL byte in credentials", file);
      ret = nsbox_auth_parse_user_password (decoded, creds, err);
      explicit_bzero (decoded, n);
      if (ret < 0)
        return nsbox_error_prefix (err, "`%s`: field `auth`", file);
      return 1;
    }
  if (user && password)
    {
      creds->username = strdup (user);
      creds->password = strdup (password);
      if (!creds->username || !creds->password)
        {
          nsbox_credentials_release (creds);
          return nsbox_error_oom (err);
        }
      return 1;
    }
  return 0;
}

static int
lookup_in_file (const char *file, const char *full, struct nsbox_credentials *creds, struct nsbox_error **err)
{
  _cleanup_json_ json_t *root = NULL;
  json_error_t jerr;
  json_t *auths, *best = NULL, *entry;
  const char *key;
  size_t best_length = 0;

  root = json_load_file (file, 0, &jerr);
  if (root == NULL)
    {
      if (json_error_code (&jerr) == json_error_cannot_open_file && access (file, F_OK) < 0 && errno == ENOENT)
        return 0;
      return nsbox_error_errno (err, EINVAL, "parse `%s`: %s (line %d)", file, jerr.text, jerr.line);
    }
  auths = json_object_get (root, "auths");
  if (!json_is_object (auths))
    return 0;
  json_object_foreach (auths, key, entry)
  {
    _cleanup_free_ char *norm = normalise_key (key);
    size_t n;

    if (norm == NULL)
      return nsbox_error_oom (err);
    n = key_match_length (norm, full);
    if (n > best_length && json_is_object (entry))
      {
        best = entry;
        best_length = n;
      }
  }
  if (best == NULL)
    return 0;
  return credentials_from_entry (best, file, creds, err);
}

int
nsbox_auth_lookup_credentials (const char *const *files, const char *registry, const char *repository,
                               struct nsbox_credentials *creds, struct nsbox_error **err)
{
  _cleanup_free_ char *full = NULL;

  memset (creds, 0, sizeof *creds);
  if (asprintf (&full, "%s/%s", registry, repository) < 0)
    return nsbox_error_oom (err);
  for (; files && *files; files++)
    {
      int ret = lookup_in_file (*files, full, creds, err);

      if (ret != 0)
        return ret;
    }
  return 0;
}

int
nsbox_auth_parse_token_response (const char *body, size_t length, char **token, struct nsbox_error **err)
{
  _cleanup_json_ json_t *root = NULL;
  json_error_t jerr;
  const char *t;

  root = json_loadb (body, length, 0, &jerr);
  if (root == NULL)
    return nsbox_error_errno (err, EPROTO, "token server answer is not JSON: %s", jerr.text);
  t = json_string_value (json_object_get (root, "token"));
  if (t == NULL || *t == '\0')
    t = json_string_value (json_object_get (root, "access_token"));
  if (t == NULL || *t == '\0')
    return nsbox_error_errno (err, EPROTO, "token server answer has no `token`");
  /* The token goes into an HTTP header verbatim. */
  for (const char *p = t; *p; p++)
    if (*p < 0x21 || *p > 0x7e)
      return nsbox_error_errno (err, EPROTO, "token server answer has a malformed token");
  *token = strdup (t);
  if (*token == NULL)
    return nsbox_error_oom (err);
  return 0;
}
