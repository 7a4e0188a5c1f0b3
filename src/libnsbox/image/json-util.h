/* json-util.h - small jansson helpers shared by the image code (internal). */
#ifndef NSBOX_IMAGE_JSON_UTIL_H
#define NSBOX_IMAGE_JSON_UTIL_H

#include <jansson.h>

#include "cleanup.h"

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

#endif
