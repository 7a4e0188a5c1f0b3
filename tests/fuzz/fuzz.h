/* fuzz.h - small helpers shared by the libFuzzer targets. */
#ifndef NSBOX_FUZZ_H
#define NSBOX_FUZZ_H

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

/* The input as a NUL-terminated string (inputs with a NUL end there, as a C string would). */
static inline char *
fuzz_string (const uint8_t *data, size_t size)
{
  char *s = malloc (size + 1);

  if (s == NULL)
    abort ();
  memcpy (s, data, size);
  s[size] = '\0';
  return s;
}

/* A library call either succeeds or fails with a message: never -1 with no error. */
static inline void
fuzz_check_error (int ret, struct nsbox_error **err)
{
  if (ret < 0 && (*err == NULL || (*err)->message == NULL))
    __builtin_trap ();
  nsbox_error_free (*err);
  *err = NULL;
}

/* How many entries a directory holds: a target that extracts into one
 * directory of a private parent checks that the parent holds only it. */
static inline size_t
fuzz_count_entries (int dirfd)
{
  int fd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
  struct dirent *de;
  size_t n = 0;

  if (d == NULL)
    abort ();
  while ((de = readdir (d)) != NULL)
    if (strcmp (de->d_name, ".") && strcmp (de->d_name, ".."))
      n++;
  closedir (d);
  return n;
}

#endif
