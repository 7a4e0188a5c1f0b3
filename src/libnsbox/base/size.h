/* size.h - the quantities nsbox's flags and files carry: byte sizes and seconds. */
#ifndef NSBOX_SIZE_H
#define NSBOX_SIZE_H

#include "nsbox.h"

#include <stdint.h>

#include "base/error.h"

/* Parse "64m", "1g", "4096" into bytes. */
int nsbox_parse_size (const char *text, uint64_t *bytes, struct nsbox_error **err);

/* nsbox_format_size() and NSBOX_SIZE_STRING_MAX are public (nsbox.h). */

/* Parse "1.5" seconds into milliseconds (>= 0, finite). */
int nsbox_parse_seconds (const char *text, uint64_t *millis, struct nsbox_error **err);

#endif
