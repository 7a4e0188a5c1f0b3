#define _GNU_SOURCE
#include "base/json.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/size.h"
#include "base/strv.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
nsbox_json_parse (const char *origin, const char *text, size_t length, json_t **out, struct nsbox_error **err)
{
  json_error_t jerr;

  *out = json_loadb (text, length, JSON_REJECT_DUPLICATES, &jerr);
  if (*out == NULL)
    return nsbox_error_msg (err, "%s:%d:%d: invalid JSON: %s", origin, jerr.line, jerr.column, jerr.text);
  return 0;
}

int
nsbox_json_load_fd (int fd, const char *origin, size_t max, json_t **out, struct nsbox_error **err)
{
  _cleanup_free_ char *text = NULL;
  size_t length;

  if (nsbox_read_fd (fd, origin, max, &text, &length, err) < 0)
    return -1;
  return nsbox_json_parse (origin, text, length, out, err);
}

const char *
nsbox_json_get_string (const json_t *object, const char *key)
{
  const json_t *v = json_object_get (object, key);

  return json_is_string (v) ? json_string_value (v) : NULL;
}

int
nsbox_json_push (struct nsbox_json_ctx *ctx, const char *name)
{
  size_t len = strlen (ctx->prefix);

  if (ctx->depth >= 4 || len + strlen (name) + 2 > sizeof ctx->prefix)
    return -1;
  ctx->depth_len[ctx->depth++] = len;
  snprintf (ctx->prefix + len, sizeof ctx->prefix - len, "%s%s", len ? "." : "", name);
  return 0;
}

void
nsbox_json_pop (struct nsbox_json_ctx *ctx)
{
  if (ctx->depth > 0)
    ctx->prefix[ctx->depth_len[--ctx->depth]] = '\0';
}

int
nsbox_json_bad (struct nsbox_json_ctx *ctx, const char *key, struct nsbox_error **err, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  nsbox_error_vmsg (err, fmt, ap);
  va_end (ap);
  return nsbox_error_prefix (err, "%s: key `%s%s%s`", ctx->origin, ctx->prefix, ctx->prefix[0] ? "." : "", key);
}

int
nsbox_json_object (struct nsbox_json_ctx *ctx, json_t *value, const char *name, const char *const *allowed,
                   struct nsbox_error **err)
{
  const char *key;
  json_t *v;

  if (!json_is_object (value))
    {
      if (name == NULL)
        return nsbox_error_msg (err, "%s: the document must be a JSON object", ctx->origin);
      return nsbox_json_bad (ctx, name, err, "must be an object");
    }
  json_object_foreach (value, key, v)
  {
    bool known = false;

    for (const char *const *a = allowed; *a && !known; a++)
      known = strcmp (*a, key) == 0;
    if (!known)
      {
        if (name == NULL)
          return nsbox_json_bad (ctx, key, err, "unknown key");
        return nsbox_error_msg (err, "%s: key `%s%s%s.%s`: unknown key", ctx->origin, ctx->prefix,
                                ctx->prefix[0] ? "." : "", name, key);
      }
  }
  return 0;
}

int
nsbox_json_string (struct nsbox_json_ctx *ctx, json_t *value, const char *key, char **out, struct nsbox_error **err)
{
  char *copy;

  if (!json_is_string (value) || json_string_length (value) == 0
      || strlen (json_string_value (value)) != json_string_length (value))
    return nsbox_json_bad (ctx, key, err, "must be a non-empty string");
  if ((copy = strdup (json_string_value (value))) == NULL)
    return nsbox_error_oom (err);
  free (*out);
  *out = copy;
  return 0;
}

int
nsbox_json_strv (struct nsbox_json_ctx *ctx, json_t *value, const char *key, char ***out, struct nsbox_error **err)
{
  _cleanup_strv_ char **v = calloc (1, sizeof (char *));
  size_t i;
  json_t *item;

  if (v == NULL)
    return nsbox_error_oom (err);
  if (!json_is_array (value))
    return nsbox_json_bad (ctx, key, err, "must be an array of strings");
  json_array_foreach (value, i, item)
  {
    if (!json_is_string (item) || strlen (json_string_value (item)) != json_string_length (item))
      return nsbox_json_bad (ctx, key, err, "item %zu must be a string", i);
    if (nsbox_strv_append (&v, json_string_value (item), err) < 0)
      return -1;
  }
  nsbox_strv_freep (out);
  *out = steal_pointer (&v);
  return 0;
}

int
nsbox_json_bool (struct nsbox_json_ctx *ctx, json_t *value, const char *key, bool *out, struct nsbox_error **err)
{
  if (!json_is_boolean (value))
    return nsbox_json_bad (ctx, key, err, "must be true or false");
  *out = json_is_true (value);
  return 0;
}

int
nsbox_json_uint (struct nsbox_json_ctx *ctx, json_t *value, const char *key, uint64_t min, uint64_t max,
                 uint64_t *out, struct nsbox_error **err)
{
  json_int_t n;

  if (!json_is_integer (value))
    return nsbox_json_bad (ctx, key, err, "must be an integer");
  n = json_integer_value (value);
  if (n < 0 || (uint64_t) n < min || (uint64_t) n > max)
    return nsbox_json_bad (ctx, key, err, "%lld is out of range (%llu to %llu)", (long long) n,
                           (unsigned long long) min, (unsigned long long) max);
  *out = (uint64_t) n;
  return 0;
}

int
nsbox_json_size (struct nsbox_json_ctx *ctx, json_t *value, const char *key, uint64_t *out, struct nsbox_error **err)
{
  _cleanup_error_ struct nsbox_error *inner = NULL;
  uint64_t bytes;

  if (json_is_integer (value))
    return nsbox_json_uint (ctx, value, key, 1, INT64_MAX, out, err);
  if (!json_is_string (value))
    return nsbox_json_bad (ctx, key, err, "must be a size (\"512m\", \"1g\" or bytes)");
  if (nsbox_parse_size (json_string_value (value), &bytes, &inner) < 0 || bytes == 0)
    return nsbox_json_bad (ctx, key, err, "`%s` is not a size (\"512m\", \"1g\" or bytes)", json_string_value (value));
  *out = bytes;
  return 0;
}

int
nsbox_json_seconds (struct nsbox_json_ctx *ctx, json_t *value, const char *key, uint64_t *millis,
                    struct nsbox_error **err)
{
  double s;

  if (json_is_string (value))
    {
      _cleanup_error_ struct nsbox_error *inner = NULL;
      uint64_t ms;

      if (nsbox_parse_seconds (json_string_value (value), &ms, &inner) < 0 || ms == 0)
        return nsbox_json_bad (ctx, key, err, "`%s` is not a number of seconds > 0", json_string_value (value));
      *millis = ms;
      return 0;
    }
  if (!json_is_number (value))
    return nsbox_json_bad (ctx, key, err, "must be a number of seconds");
  s = json_number_value (value);
  if (!isfinite (s) || s <= 0 || s > 31536000)
    return nsbox_json_bad (ctx, key, err, "%g is not a number of seconds in (0, 31536000]", s);
  *millis = (uint64_t) llround (s * 1000);
  if (*millis == 0)
    *millis = 1;
  return 0;
}
