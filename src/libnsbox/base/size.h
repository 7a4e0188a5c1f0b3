/* size.h - the quantities nsbox's flags and files carry: byte sizes and seconds. */
#ifndef NSBOX_SIZE_H
#define NSBOX_SIZE_H

#include <stdint.h>

#include "base/error.h"

/* Parse "64m", "1g", "4096" into bytes. */
int nsbox_parse_size (const char *text, uint64_t *bytes, struct nsbox_error **err);

/* Room for any nsbox_format_size() text: 20 digits and the NUL. */
#define NSBOX_SIZE_STRING_MAX 24

/* "1g", "512m", "64k" or plain bytes ("1000", "0"): exact, in the largest
 * unit that divides, so nsbox_parse_size() reads it back.  Returns buf.
 * "No limit" is the caller's to spell. */
const char *nsbox_format_size (uint64_t bytes, char buf[NSBOX_SIZE_STRING_MAX]);

/* Parse "1.5" seconds into milliseconds (>= 0, finite). */
int nsbox_parse_seconds (const char *text, uint64_t *millis, struct nsbox_error **err);

#endif
