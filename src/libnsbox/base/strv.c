#define _GNU_SOURCE
#include "base/strv.h"

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
