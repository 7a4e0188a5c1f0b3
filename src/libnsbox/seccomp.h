/* seccomp.h - profiles compiled once to BPF, cached, loaded with seccomp(2). */
#ifndef NSBOX_SECCOMP_H
#define NSBOX_SECCOMP_H

#include <stddef.h>
#include <linux/filter.h>

#include "error.h"

struct nsbox_seccomp_program
{
  struct sock_filter *filter;
  size_t length; /* instructions */
};

/* Resolve a profile (a name in profile_dir, or a path), compile it or load it
 * from cache_dir, and return the BPF program. */
int nsbox_seccomp_prepare (const char *profile, const char *profile_dir, const char *cache_dir,
                           struct nsbox_seccomp_program *prog, struct nsbox_error **err);

/* Install the program in the calling thread (the last step before execve).
 * Async-signal-safe; returns -errno. */
int nsbox_seccomp_install (const struct nsbox_seccomp_program *prog);

void nsbox_seccomp_program_release (struct nsbox_seccomp_program *prog);

#endif
