/* clock.h - milliseconds on the monotonic clock, for deadlines and durations. */
#ifndef NSBOX_CLOCK_H
#define NSBOX_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t
nsbox_monotonic_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
}

#endif
