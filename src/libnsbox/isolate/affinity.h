/* affinity.h - the sandbox's CPU affinity, narrowed to the CPUs an explicit --cpus asks for, so
 * that nproc and the runtimes that count the CPUs they may run on (Go's GOMAXPROCS, libuv's
 * os.availableParallelism, Python's os.sched_getaffinity) see that many.  The cgroup's quota
 * stays the limit; the affinity only says which CPUs. */
#ifndef NSBOX_AFFINITY_H
#define NSBOX_AFFINITY_H

#include <sched.h>
#include <stdint.h>

#include "base/error.h"

/* Into *set, ceil(cpu_millis / 1000) of the CPUs nsbox itself may use: consecutive ones from a
 * place `seed` (the sandbox's id) picks, so that sandboxes started together spread over the
 * machine.  Returns 1 when *set is narrower than nsbox's own, 0 when the sandbox keeps them all,
 * <0 when nsbox's own cannot be read. */
int nsbox_affinity_plan (uint64_t cpu_millis, const char *seed, cpu_set_t *set, struct nsbox_error **err);

#endif
