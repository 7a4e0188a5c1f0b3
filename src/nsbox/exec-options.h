/* exec-options.h - `nsbox exec` flags mapped onto the sandbox config. */
#ifndef NSBOX_EXEC_OPTIONS_H
#define NSBOX_EXEC_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "error.h"

/* What the CLI does with the result, beside the sandbox itself. */
struct nsbox_exec_options
{
  struct nsbox_sandbox_config config;
  bool json;               /* capture output, print one JSON report on stdout */
  const char *report_path; /* write the JSON report here as well */
  bool help;
};

/* Parse argv (argv[0] is "exec") into opts; the config starts from its defaults. */
int nsbox_exec_parse (int argc, char **argv, struct nsbox_exec_options *opts, struct nsbox_error **err);

void nsbox_exec_options_release (struct nsbox_exec_options *opts);

void nsbox_exec_usage (FILE *out);

#endif
