#define _GNU_SOURCE
#include "base/strv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t
nsbox_strv_length (char *const *v)
{
  size_t n = 0;

  while (v && v[n])
    n++;
  return n;
}

int
nsbox_strv_append (char ***v, const char *s, struct nsbox_error **err)
{
  size_t n = nsbox_strv_length (*v);
  char **grown = realloc (*v, (n + 2) * sizeof (char *));

  if (grown == NULL)
    return nsbox_error_oom (err);
  *v = grown;
  grown[n] = strdup (s);
  if (grown[n] == NULL)
    return nsbox_error_oom (err);
  grown[n + 1] = NULL;
  return 0;
}

int
nsbox_strv_appendf (char ***v, struct nsbox_error **err, const char *fmt, ...)
{
  char *s = NULL;
  va_list ap;
  int n, ret;

  va_start (ap, fmt);
  n = vasprintf (&s, fmt, ap);
  va_end (ap);
  if (n < 0)
    return nsbox_error_oom (err);
  ret = nsbox_strv_append (v, s, err);
  free (s);
  return ret;
}
