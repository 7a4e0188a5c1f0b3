#define _GNU_SOURCE
#include "image/registry/reference.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"

/* Docker's limit on the repository part including the registry. */
#define NAME_MAX_LENGTH 255
#define TAG_MAX_LENGTH 128

static bool
is_lower_alnum (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* One path component: [a-z0-9]+ joined by '.', '_', "__" or runs of '-'. */
static bool
component_is_valid (const char *s, size_t n)
{
  size_t i = 0;

  if (n == 0 || !is_lower_alnum (s[0]) || !is_lower_alnum (s[n - 1]))
    return false;
  while (i < n)
    {
      if (is_lower_alnum (s[i]))
        {
          i++;
          continue;
        }
      if (s[i] == '.' || (s[i] == '_' && s[i + 1] != '_'))
        i++;
      else if (s[i] == '_' && s[i + 1] == '_')
        i += 2;
      else if (s[i] == '-')
        while (s[i] == '-')
          i++;
      else
        return false;
      if (i >= n || !is_lower_alnum (s[i]))
        return false;
    }
  return true;
}

static bool
repository_is_valid (const char *repo)
{
  const char *p = repo;

  for (;;)
    {
      const char *slash = strchr (p, '/');
      size_t n = slash ? (size_t)(slash - p) : strlen (p);

      if (!component_is_valid (p, n))
        return false;
      if (slash == NULL)
        return true;
      p = slash + 1;
    }
}

static bool
host_label_char (char c)
{
  return isalnum ((unsigned char)c) || c == '-' || c == '.';
}

/* host[:port] where host is a DNS name, an IPv4 address or a bracketed IPv6 address. */
static bool
registry_is_valid (const char *s, size_t n)
{
  size_t i = 0;

  if (n == 0)
    return false;
  if (s[0] == '[')
    {
      for (i = 1; i < n && s[i] != ']'; i++)
        if (!isxdigit ((unsigned char)s[i]) && s[i] != ':' && s[i] != '.')
          return false;
      if (i >= n || i == 1)
        return false;
      i++;
    }
  else
    {
      for (; i < n && s[i] != ':'; i++)
        if (!host_label_char (s[i]))
          return false;
      if (i == 0 || s[0] == '-' || s[0] == '.' || s[i - 1] == '-' || s[i - 1] == '.')
        return false;
    }
  if (i == n)
    return true;
  if (s[i] != ':' || i + 1 == n || n - i - 1 > 5)
    return false;
  for (i++; i < n; i++)
    if (!isdigit ((unsigned char)s[i]))
      return false;
  return true;
}

static bool
tag_is_valid (const char *tag)
{
  size_t n = strlen (tag);

  if (n == 0 || n > TAG_MAX_LENGTH)
    return false;
  if (!isalnum ((unsigned char)tag[0]) && tag[0] != '_')
    return false;
  for (size_t i = 1; i < n; i++)
    if (!isalnum ((unsigned char)tag[i]) && tag[i] != '_' && tag[i] != '.' && tag[i] != '-')
      return false;
  return true;
}

static bool
digest_is_valid (const char *digest)
{
  const char *hex;
  size_t want;

  if (strncmp (digest, "sha256:", 7) == 0)
    hex = digest + 7, want = 64;
  else if (strncmp (digest, "sha512:", 7) == 0)
    hex = digest + 7, want = 128;
  else
    return false;
  if (strlen (hex) != want)
    return false;
  for (const char *p = hex; *p; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
      return false;
  return true;
}

/* Whether the first path component names a registry rather than a namespace. */
static bool
component_is_registry (const char *s, size_t n)
{
  if (n == 9 && memcmp (s, "localhost", 9) == 0)
    return true;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '.' || s[i] == ':' || (s[i] >= 'A' && s[i] <= 'Z'))
      return true;
  return false;
}

void
nsbox_reference_release (struct nsbox_reference *ref)
{
  free (ref->registry);
  free (ref->api_host);
  free (ref->repository);
  free (ref->tag);
  free (ref->digest);
  memset (ref, 0, sizeof *ref);
}

bool
nsbox_reference_is_docker_hub (const struct nsbox_reference *ref)
{
  return ref->registry && strcmp (ref->registry, NSBOX_REFERENCE_DEFAULT_REGISTRY) == 0;
}

/* Split off "@digest" and ":tag" (a ':' after the last '/'); `s` is modified. */
static int
split_tag_and_digest (char *s, char **tag, char **digest, struct nsbox_error **err)
{
  char *at = strchr (s, '@');
  char *slash, *colon;

  if (at)
    {
      *at = '\0';
      *digest = at + 1;
      if (!digest_is_valid (*digest))
        return nsbox_error_errno (err, EINVAL, "invalid digest `%s` (expected sha256:<64 hex digits>)", *digest);
    }
  slash = strrchr (s, '/');
  colon = strrchr (slash ? slash : s, ':');
  if (colon)
    {
      *colon = '\0';
      *tag = colon + 1;
      if (!tag_is_valid (*tag))
        return nsbox_error_errno (err, EINVAL, "invalid tag `%s`", *tag);
    }
  return 0;
}

static int
fill_reference (struct nsbox_reference *ref, const char *registry, const char *repository, const char *tag,
                const char *digest, struct nsbox_error **err)
{
  const char *api_host = registry;

  if (strcmp (registry, "index.docker.io") == 0 || strcmp (registry, "registry-1.docker.io") == 0)
    registry = NSBOX_REFERENCE_DEFAULT_REGISTRY;
  if (strcmp (registry, NSBOX_REFERENCE_DEFAULT_REGISTRY) == 0)
    api_host = NSBOX_REFERENCE_DOCKER_HUB_API;
  if (tag == NULL && digest == NULL)
    tag = NSBOX_REFERENCE_DEFAULT_TAG;

  ref->registry = strdup (registry);
  ref->api_host = strdup (api_host);
  if (strcmp (registry, NSBOX_REFERENCE_DEFAULT_REGISTRY) == 0 && strchr (repository, '/') == NULL)
    {
      if (asprintf (&ref->repository, "library/%s", repository) < 0)
        ref->repository = NULL;
    }
  else
    ref->repository = strdup (repository);
  ref->tag = tag ? strdup (tag) : NULL;
  ref->digest = digest ? strdup (digest) : NULL;
  if (!ref->registry || !ref->api_host || !ref->repository || (tag && !ref->tag) || (digest && !ref->digest))
    {
      nsbox_reference_release (ref);
      return nsbox_error_oom (err);
    }
  return 0;
}

int
nsbox_reference_parse (const char *text, struct nsbox_reference *ref, struct nsbox_error **err)
{
  _cleanup_free_ char *copy = NULL;
  _cleanup_free_ char *registry = NULL;
  char *tag = NULL, *digest = NULL, *name, *slash;
  size_t name_length;

  memset (ref, 0, sizeof *ref);
  copy = strdup (text);
  if (copy == NULL)
    return nsbox_error_oom (err);
  if (split_tag_and_digest (copy, &tag, &digest, err) < 0)
    return nsbox_error_prefix (err, "image reference `%s`", text);

  name = copy;
  slash = strchr (name, '/');
  if (slash && component_is_registry (name, slash - name))
    {
      if (!registry_is_valid (name, slash - name))
        return nsbox_error_errno (err, EINVAL, "image reference `%s`: invalid registry `%.*s`", text,
                                  (int)(slash - name), name);
      registry = strndup (name, slash - name);
      if (registry == NULL)
        return nsbox_error_oom (err);
      name = slash + 1;
    }
  name_length = strlen (name) + (registry ? strlen (registry) + 1 : 0);
  if (*name == '\0')
    return nsbox_error_errno (err, EINVAL, "image reference `%s`: missing repository name", text);
  if (name_length > NAME_MAX_LENGTH)
    return nsbox_error_errno (err, EINVAL, "image reference `%s`: name longer than %d characters", text,
                              NAME_MAX_LENGTH);
  if (!repository_is_valid (name))
    return nsbox_error_errno (err, EINVAL,
                              "image reference `%s`: invalid repository `%s` (lower-case letters, digits and "
                              "separators `.`, `_`, `-`, `/`)",
                              text, name);
  return fill_reference (ref, registry ? registry : NSBOX_REFERENCE_DEFAULT_REGISTRY, name, tag, digest, err);
}

char *
nsbox_reference_name (const struct nsbox_reference *ref)
{
  char *s;

  if (asprintf (&s, "%s/%s", ref->registry, ref->repository) < 0)
    return NULL;
  return s;
}

char *
nsbox_reference_format (const struct nsbox_reference *ref)
{
  char *s;

  if (asprintf (&s, "%s/%s%s%s%s%s", ref->registry, ref->repository, ref->tag ? ":" : "", ref->tag ? ref->tag : "",
                ref->digest ? "@" : "", ref->digest ? ref->digest : "")
      < 0)
    return NULL;
  return s;
}
