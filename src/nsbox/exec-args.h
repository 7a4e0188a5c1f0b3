/* exec-args.h - `nsbox exec`'s command line onto a spec (nsbox.h). */
#ifndef NSBOX_EXEC_ARGS_H
#define NSBOX_EXEC_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "nsbox.h"

/* Fill spec from argv (argv[0] is "exec"), lowest first: the environment
 * (NSBOX_SECCOMP_PROFILE_DIR, NSBOX_SECCOMP_CACHE_DIR, NSBOX_CONFIG,
 * NSBOX_STORE), the --config file, the global options and the flags, the
 * positional arguments.  *help when --help was given (nothing else is read
 * then).  Returns -1 with a malloc'ed *message. */
int nsbox_exec_args_parse (const struct nsbox_global_options *global, int argc, char **argv, struct nsbox_spec *spec,
                           bool *help, char **message);

void nsbox_exec_usage (FILE *out);

#endif
