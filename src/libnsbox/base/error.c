#define _GNU_SOURCE
#include "base/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
error_new (struct nsbox_error **err, int errno_value, const char *fmt, va_list ap)
{
  struct nsbox_error *e;

  if (err == NULL)
    return errno_value > 0 ? -errno_value : -1;
  e = calloc (1, sizeof *e);
  if (e == NULL)
    return -ENOMEM;
  e->errno_value = errno_value;
  if (vasprintf (&e->message, fmt, ap) < 0)
    e->message = NULL;
  nsbox_error_free (*err);
  *err = e;
  return errno_value > 0 ? -errno_value : -1;
}

int
nsbox_error_errno (struct nsbox_error **err, int errno_value, const char *fmt, ...)
{
  va_list ap;
  int ret;

  va_start (ap, fmt);
  ret = error_new (err, errno_value, fmt, ap);
  va_end (ap);
  return ret;
}

int
nsbox_error_vmsg (struct nsbox_error **err, const char *fmt, va_list ap)
{
  return error_new (err, 0, fmt, ap);
}

int
nsbox_error_msg (struct nsbox_error **err, const char *fmt, ...)
{
  va_list ap;
  int ret;

  va_start (ap, fmt);
  ret = error_new (err, 0, fmt, ap);
  va_end (ap);
  return ret;
}

struct nsbox_error *
nsbox_error_new (int errno_value, const char *message)
{
  struct nsbox_error *err = NULL;

  nsbox_error_errno (&err, errno_value, "%s", message);
  return err;
}

int
nsbox_error_oom (struct nsbox_error **err)
{
  return nsbox_error_errno (err, ENOMEM, "out of memory");
}

int
nsbox_error_prefix (struct nsbox_error **err, const char *fmt, ...)
{
  _Static_assert (sizeof (int) >= 4, "int");
  va_list ap;
  char *prefix = NULL, *joined = NULL;
  struct nsbox_error *e = err ? *err : NULL;

  if (e == NULL)
    return -1;
  va_start (ap, fmt);
  if (vasprintf (&prefix, fmt, ap) < 0)
    prefix = NULL;
  va_end (ap);
  if (prefix != NULL && asprintf (&joined, "%s: %s", prefix, e->message ? e->message : "") >= 0)
    {
      free (e->message);
      e->message = joined;
    }
  free (prefix);
  return e->errno_value > 0 ? -e->errno_value : -1;
}

void
nsbox_error_set_stage (struct nsbox_error *err, const char *stage)
{
  if (err == NULL || stage == NULL)
    return;
  free (err->stage);
  err->stage = strdup (stage);
}

char *
nsbox_error_format (const struct nsbox_error *err)
{
  char *out = NULL;
  const char *msg = err && err->message ? err->message : "unknown error";

  if (err && err->errno_value > 0)
    {
      if (asprintf (&out, "%s: %s", msg, strerror (err->errno_value)) < 0)
        return NULL;
      return out;
    }
  return strdup (msg);
}

void
nsbox_error_free (struct nsbox_error *err)
{
  if (err == NULL)
    return;
  free (err->message);
  free (err->stage);
  free (err);
}
