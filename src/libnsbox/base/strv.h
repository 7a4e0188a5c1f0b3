/* strv.h - NULL-terminated vectors of strings (argv, env, lists in JSON files).
 * They free themselves with _cleanup_strv_ (cleanup.h). */
#ifndef NSBOX_STRV_H
#define NSBOX_STRV_H

#include <stddef.h>

#include "base/error.h"

/* Append a copy of s. */
int nsbox_strv_append (char ***v, const char *s, struct nsbox_error **err);
/* The same with a string made from fmt. */
int nsbox_strv_appendf (char ***v, struct nsbox_error **err, const char *fmt, ...) __attribute__ ((format (printf, 3, 4)));
size_t nsbox_strv_length (char *const *v);

#endif
