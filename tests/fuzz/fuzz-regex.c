/* libFuzzer target: the check patterns' cost bound (lang/regex-cost.c) against glibc itself.
 *
 * fuzz-policy found three ways past the bound, each only as a 2 GB out-of-memory after
 * minutes of JSON.  Here the input is the pattern: whatever the bound accepts is compiled
 * with the flags the checks use, and what regcomp() kept may not exceed what the bound
 * promises (nsbox-policy(5): about 8 MB and 30 ms; the limits leave room for ASan's own). */
#include <regex.h>
#include <sanitizer/allocator_interface.h>
#include <stdint.h>
#include <time.h>

#include "fuzz.h"
#include "lang/regex-cost.h"

#define MAX_KEPT_BYTES (32u << 20)
#define MAX_CPU_SECONDS 2.0

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *pattern = fuzz_string (data, size);
  size_t cost = nsbox_regex_cost (pattern);
  size_t before;
  double started;
  regex_t re;

  if (cost == 0 || cost > NSBOX_REGEX_MAX_COST)
    {
      free (pattern);
      return 0;
    }
  before = __sanitizer_get_current_allocated_bytes ();
  started = cpu_seconds ();
  if (regcomp (&re, pattern, REG_EXTENDED | REG_NOSUB | REG_NEWLINE) == 0)
    {
      if (__sanitizer_get_current_allocated_bytes () - before > MAX_KEPT_BYTES
          || cpu_seconds () - started > MAX_CPU_SECONDS)
        __builtin_trap ();
      regfree (&re);
    }
  free (pattern);
  return 0;
}
