#define _GNU_SOURCE
#include "isolate/affinity.h"

#include <errno.h>

static unsigned
seed_hash (const char *seed)
{
  unsigned h = 2166136261u;

  for (const unsigned char *p = (const unsigned char *) seed; p && *p; p++)
    h = (h ^ *p) * 16777619u;
  return h;
}

int
nsbox_affinity_plan (uint64_t cpu_millis, const char *seed, cpu_set_t *set, struct nsbox_error **err)
{
  cpu_set_t own;
  int allowed[CPU_SETSIZE];
  uint64_t wanted = (cpu_millis + 999) / 1000;
  unsigned n = 0, first;

  if (sched_getaffinity (0, sizeof own, &own) < 0)
    return nsbox_error_errno (err, errno, "read nsbox's CPU affinity");
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
    if (CPU_ISSET (cpu, &own))
      allowed[n++] = cpu;
  if (n == 0 || wanted >= n)
    return 0;
  first = seed_hash (seed) % n;
  CPU_ZERO (set);
  for (uint64_t i = 0; i < wanted; i++)
    CPU_SET (allowed[(first + i) % n], set);
  return 1;
}
