/* error.h - the error object every fallible library call fills.
 *
 * A failing function returns a negative value and sets *err to a new error
 * carrying errno and a lower-case message naming the object; callers add
 * context on the way up with nsbox_error_prefix().  Only the CLI prints. */
#ifndef NSBOX_ERROR_H
#define NSBOX_ERROR_H

#include <stdarg.h>

#include "nsbox.h" /* nsbox_error_format() and nsbox_error_free() are public */

struct nsbox_error
{
  int errno_value;   /* 0 when the failure is not a system call's */
  char *message;     /* "context: ...: message" (without strerror) */
  char *stage;       /* setup stage, when the failure happened in the sandbox child */
};

/* Create *err from errno_value and a printf message; returns -errno_value or -1. */
int nsbox_error_errno (struct nsbox_error **err, int errno_value, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

/* Create *err without an errno; returns -1. */
int nsbox_error_msg (struct nsbox_error **err, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
int nsbox_error_vmsg (struct nsbox_error **err, const char *fmt, va_list ap) __attribute__ ((format (printf, 2, 0)));

/* Out of memory: a static message, errno ENOMEM. */
int nsbox_error_oom (struct nsbox_error **err);

/* Prepend "context: " to an existing error's message; returns -1 (or the errno as negative). */
int nsbox_error_prefix (struct nsbox_error **err, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* Record the sandbox setup stage the error happened in. */
void nsbox_error_set_stage (struct nsbox_error *err, const char *stage);

#endif
