#define _GNU_SOURCE
#include "image/name.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"

#define REF_MAX_LENGTH 200

int
nsbox_image_ref_normalize (const char *reference, char **out, struct nsbox_error **err)
{
  const char *last_slash, *tag;
  char *result;

  if (reference == NULL || *reference == '\0')
    return nsbox_error_msg (err, "empty image reference");
  if (strlen (reference) > REF_MAX_LENGTH)
    return nsbox_error_msg (err, "image reference longer than %d bytes", REF_MAX_LENGTH);
  for (const char *p = reference; *p; p++)
    if ((unsigned char) *p <= ' ' || *p == 0x7f)
      return nsbox_error_msg (err, "image reference `%s` contains whitespace or control characters", reference);
  if (reference[0] == '/' || reference[strlen (reference) - 1] == '/' || reference[strlen (reference) - 1] == ':')
    return nsbox_error_msg (err, "malformed image reference `%s`", reference);
  /* A ":" after the last "/" is a tag; one before it belongs to a registry host:port. */
  last_slash = strrchr (reference, '/');
  tag = strchr (last_slash ? last_slash : reference, ':');
  if (tag != NULL || strchr (reference, '@') != NULL)
    result = strdup (reference);
  else if (asprintf (&result, "%s:latest", reference) < 0)
    result = NULL;
  if (result == NULL)
    return nsbox_error_oom (err);
  *out = result;
  return 0;
}

int
nsbox_store_ref_file_name (const char *normalized, char **out, struct nsbox_error **err)
{
  static const char hexdigits[] = "0123456789ABCDEF";
  char *name = malloc (strlen (normalized) * 3 + 1);
  size_t n = 0;

  if (name == NULL)
    return nsbox_error_oom (err);
  for (const unsigned char *p = (const unsigned char *) normalized; *p; p++)
    {
      bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.'
                   || *p == '_' || *p == '-';
      /* A leading "." could spell "." or ".."; escape it. */
      if (plain && !(n == 0 && *p == '.'))
        name[n++] = (char) *p;
      else
        {
          name[n++] = '%';
          name[n++] = hexdigits[*p >> 4];
          name[n++] = hexdigits[*p & 0xf];
        }
    }
  name[n] = '\0';
  if (n > NAME_MAX)
    {
      free (name);
      return nsbox_error_msg (err, "image name `%s` is too long", normalized);
    }
  *out = name;
  return 0;
}
