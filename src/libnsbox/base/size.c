#define _GNU_SOURCE
#include "base/size.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int
nsbox_parse_size (const char *text, uint64_t *bytes, struct nsbox_error **err)
{
  char *end = NULL;
  unsigned long long value;
  unsigned shift = 0;

  if (text == NULL || !isdigit ((unsigned char) *text))
    return nsbox_error_msg (err, "invalid size `%s`: expected a number with an optional k, m or g suffix",
                            text ? text : "");
  errno = 0;
  value = strtoull (text, &end, 10);
  if (errno != 0)
    return nsbox_error_errno (err, errno, "invalid size `%s`", text);
  switch (tolower ((unsigned char) *end))
    {
    case '\0':
      break;
    case 'k':
      shift = 10;
      end++;
      break;
    case 'm':
      shift = 20;
      end++;
      break;
    case 'g':
      shift = 30;
      end++;
      break;
    default:
      return nsbox_error_msg (err, "invalid size `%s`: unknown suffix", text);
    }
  if (*end == 'b' || *end == 'B')
    end++;
  if (*end != '\0')
    return nsbox_error_msg (err, "invalid size `%s`: trailing characters", text);
  if (shift && value > (UINT64_MAX >> shift))
    return nsbox_error_msg (err, "invalid size `%s`: too large", text);
  *bytes = (uint64_t) value << shift;
  return 0;
}

int
nsbox_parse_seconds (const char *text, uint64_t *millis, struct nsbox_error **err)
{
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    return nsbox_error_msg (err, "invalid duration ``: expected seconds");
  errno = 0;
  value = strtod (text, &end);
  if (errno != 0 || *end != '\0' || !isfinite (value) || value < 0 || value > 1e9)
    return nsbox_error_msg (err, "invalid duration `%s`: expected non-negative seconds (e.g. 2.5)", text);
  *millis = (uint64_t) llround (value * 1000.0);
  return 0;
}

const char *
nsbox_format_size (uint64_t bytes, char buf[NSBOX_SIZE_STRING_MAX])
{
  static const struct
  {
    unsigned shift;
    char suffix;
  } units[] = { { 30, 'g' }, { 20, 'm' }, { 10, 'k' } };

  for (size_t i = 0; bytes && i < sizeof units / sizeof units[0]; i++)
    if (bytes % (UINT64_C (1) << units[i].shift) == 0)
      {
        snprintf (buf, NSBOX_SIZE_STRING_MAX, "%" PRIu64 "%c", bytes >> units[i].shift, units[i].suffix);
        return buf;
      }
  snprintf (buf, NSBOX_SIZE_STRING_MAX, "%" PRIu64, bytes);
  return buf;
}
