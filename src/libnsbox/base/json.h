/* jsonutil.h - strict readers for nsbox's JSON files (policies, nsbox.conf).
 *
 * Every error names the file and the full key ("python.json: key `run.memory`:
 * ..."); unknown keys are errors, so a typo never silently drops a limit. */
#ifndef NSBOX_JSONUTIL_H
#define NSBOX_JSONUTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct nsbox_json_ctx
{
  const char *origin; /* the file, for messages */
  char prefix[128];   /* "compile" while inside that object */
  size_t depth_len[4];
  int depth;
};

/* Enter / leave a nested object: its name prefixes the keys in messages. */
int nsbox_json_push (struct nsbox_json_ctx *ctx, const char *name);
void nsbox_json_pop (struct nsbox_json_ctx *ctx);

/* "ORIGIN: key `PREFIX.KEY`: message"; returns -1. */
int nsbox_json_bad (struct nsbox_json_ctx *ctx, const char *key, struct nsbox_error **err, const char *fmt, ...)
    __attribute__ ((format (printf, 4, 5)));

/* `value` must be an object whose keys are all in `allowed` (NULL-terminated);
 * `name` is the object's key (NULL for the document). */
int nsbox_json_object (struct nsbox_json_ctx *ctx, json_t *value, const char *name, const char *const *allowed,
                       struct nsbox_error **err);

int nsbox_json_string (struct nsbox_json_ctx *ctx, json_t *value, const char *key, char **out,
                       struct nsbox_error **err);
int nsbox_json_strv (struct nsbox_json_ctx *ctx, json_t *value, const char *key, char ***out,
                     struct nsbox_error **err);
int nsbox_json_bool (struct nsbox_json_ctx *ctx, json_t *value, const char *key, bool *out, struct nsbox_error **err);
/* An integer in [min, max]. */
int nsbox_json_uint (struct nsbox_json_ctx *ctx, json_t *value, const char *key, uint64_t min, uint64_t max,
                     uint64_t *out, struct nsbox_error **err);
/* Bytes: an integer, or a string "512m" / "1g" (> 0). */
int nsbox_json_size (struct nsbox_json_ctx *ctx, json_t *value, const char *key, uint64_t *out,
                     struct nsbox_error **err);
/* Seconds (> 0, a number or a string "1.5") into milliseconds. */
int nsbox_json_seconds (struct nsbox_json_ctx *ctx, json_t *value, const char *key, uint64_t *millis,
                        struct nsbox_error **err);

/* Read a regular file of at most `max` bytes, NUL-terminated. */
int nsbox_read_small_file (const char *path, size_t max, char **text, size_t *length, struct nsbox_error **err);

#endif
