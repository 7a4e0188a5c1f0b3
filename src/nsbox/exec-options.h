/* exec-options.h - `nsbox exec` flags mapped onto the sandbox config. */
#ifndef NSBOX_EXEC_OPTIONS_H
#define NSBOX_EXEC_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "sandbox/config.h"
#include "base/error.h"

/* What the CLI does with the result, beside the sandbox itself. */
struct nsbox_exec_options
{
  struct nsbox_sandbox_config config;
  bool json;               /* capture output, print one JSON report on stdout */
  const char *report_path; /* write the JSON report here as well */
  bool help;

  /* Image mode: without --rootfs the first positional argument names an image; its config
   * is applied by nsbox_exec_apply_image() underneath the flags recorded here. */
  char *image;       /* the reference, or NULL with --rootfs */
  char **command;    /* COMMAND [ARG...] as given (may be empty with an image) */
  char **user_env;   /* -e K=V, applied over the image's Env */
  bool user_set;     /* -u given */
  bool workdir_set;  /* -w given */

  /* Language runs: --lang selects a policy; what follows the options are the program's arguments. */
  const char *lang;
  const char *code_path;   /* --code FILE, "-" = stdin */
  const char *stdin_path;  /* --stdin FILE */
  const char *profile;     /* --profile standard|strict (NULL = nsbox.conf's default) */
  const char *checks;      /* --checks off|report|block (NULL = the profile's) */
  const char *config_path; /* --config FILE */
  const char *log_path;    /* --log FILE */
  bool rootfs_set;         /* --rootfs given: it replaces the policy's image */
  unsigned limits_given;   /* NSBOX_LIMIT_* bits of the limit flags given (nsconf.h) */
  char **args;             /* what follows the options */
};

/* Parse argv (argv[0] is "exec") into opts; the config starts from its defaults.  With
 * --rootfs the config is complete afterwards; with an image, call nsbox_exec_apply_image(). */
int nsbox_exec_parse (int argc, char **argv, struct nsbox_exec_options *opts, struct nsbox_error **err);

void nsbox_exec_options_release (struct nsbox_exec_options *opts);

/* The workload's environment from nothing: defaults, then image_env (may be NULL), then -e. */
int nsbox_exec_build_environment (struct nsbox_exec_options *opts, char *const *image_env, struct nsbox_error **err);

void nsbox_exec_usage (FILE *out);

#endif
