/* json.h - nsbox's one set of jansson helpers.
 *
 * Two kinds of reader.  The strict ones (nsbox_json_ctx) read nsbox's own
 * files (policies, nsbox.conf): every error names the file and the full key
 * ("python.json: key `run.memory`: ..."), and unknown keys are errors, so a
 * typo never silently drops a limit.  The lenient getters read documents
 * whose extra keys are none of our business (image configs, manifests, the
 * store's refs).  The report nsbox writes is not built here: see
 * json-writer.h. */
#ifndef NSBOX_JSON_H
#define NSBOX_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/* A json_t reference dropped at the end of the scope. */
#define _cleanup_json_ __attribute__ ((cleanup (json_decrefp)))

/* Parse a document (duplicate keys are an error); errors read
 * "ORIGIN:LINE:COLUMN: invalid JSON: ...". */
int nsbox_json_parse (const char *origin, const char *text, size_t length, json_t **out, struct nsbox_error **err);

/* The document in the small regular file open on fd (nsbox_read_fd's rules):
 * jansson's own json_loadfd() reads it one byte per system call. */
int nsbox_json_load_fd (int fd, const char *origin, size_t max, json_t **out, struct nsbox_error **err);

/* Lenient: the string member `key`, or NULL when it is absent, null or not a string. */
const char *nsbox_json_get_string (const json_t *object, const char *key);

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

#endif
