/* json-util.h - small jansson helpers shared by the image code (internal). */
#ifndef NSBOX_IMAGE_JSON_UTIL_H
#define NSBOX_IMAGE_JSON_UTIL_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"

static inline void
nsbox_image_json_decrefp (json_t **j)
{
  if (*j)
    json_decref (*j);
}
#ifndef _cleanup_json_
#define _cleanup_json_ __attribute__ ((cleanup (nsbox_image_json_decrefp)))
#endif

/* A string member or NULL (absent, null, or not a string). */
static inline const char *
nsbox_json_string (const json_t *object, const char *key)
{
  const json_t *v = json_object_get (object, key);
  return json_is_string (v) ? json_string_value (v) : NULL;
}

/* A whole small JSON file from fd, in one read: json_loadfd() reads a byte per syscall. */
static inline json_t *
nsbox_json_load_fd (int fd, size_t max, json_error_t *jerr)
{
  struct stat st;
  char *buf;
  json_t *j = NULL;
  size_t got = 0;
  ssize_t n;

  snprintf (jerr->text, sizeof jerr->text, "unreadable or larger than %zu bytes", max);
  if (fstat (fd, &st) < 0 || st.st_size < 0 || (size_t) st.st_size > max)
    return NULL;
  buf = malloc ((size_t) st.st_size + 1);
  if (buf == NULL)
    return NULL;
  while (got < (size_t) st.st_size && (n = read (fd, buf + got, (size_t) st.st_size - got)) > 0)
    got += (size_t) n;
  if (got == (size_t) st.st_size)
    j = json_loadb (buf, got, JSON_REJECT_DUPLICATES, jerr);
  free (buf);
  return j;
}

#endif
