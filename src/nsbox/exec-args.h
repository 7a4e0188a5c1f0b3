/* exec-args.h - `nsbox exec`'s command line onto a spec (nsbox.h). */
#ifndef NSBOX_EXEC_ARGS_H
#define NSBOX_EXEC_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "nsbox.h"

struct nsbox_exec_parsed
{
  bool help;          /* --help was given (nothing else is read then) */
  const char *config; /* --config FILE, or NULL */
  /* What the command line itself set, as (key, value) pairs in order, NULL-
   * terminated (nsbox_strv-style; free each and the array): the global
   * options given and the flags and positional arguments, not the
   * environment's or the config file's.  The setuid helper's request. */
  char **keys;
};

/* Fill spec from argv (argv[0] is "exec"), lowest first: the environment
 * (NSBOX_SECCOMP_PROFILE_DIR, NSBOX_SECCOMP_CACHE_DIR, NSBOX_CONFIG,
 * NSBOX_STORE), the --config file, the global options and the flags, the
 * positional arguments.  Returns -1 with a malloc'ed *message. */
int nsbox_exec_args_parse (const struct nsbox_global_options *global, int argc, char **argv, struct nsbox_spec *spec,
                           struct nsbox_exec_parsed *parsed, char **message);

void nsbox_exec_parsed_release (struct nsbox_exec_parsed *parsed);

void nsbox_exec_usage (FILE *out);

#endif
