/* cli.h - nsbox-runtime's command line: runc's, so that engines can call it.
 *
 * A second binary name and not subcommands of nsbox: engines put their
 * global flags before the command (`--root R create ...`), and runc's
 * `exec`, `run` and `ps` mean something else than nsbox's own. */
#ifndef NSBOX_RUNTIME_CLI_H
#define NSBOX_RUNTIME_CLI_H

#include <stdbool.h>

#include "oci/runtime.h"

struct cli
{
  struct nsbox_oci_runtime rt;
  const char *log_path;
  bool log_json;
  bool debug;
};

typedef int command_fn (struct cli *cli, int argc, char **argv);

struct command
{
  const char *name;
  command_fn *run;
  const char *summary;
};

/* Report err (on stderr and in --log) and free it; returns 1, runc's failure status. */
int cli_fail (const struct cli *cli, struct nsbox_error *err);
/* The runtime's warnings (oci/runtime.h): on stderr and in --log. */
void cli_warn (void *cli, const char *message);
/* A usage error; returns 2... runc returns 1 for those too, and so do we. */
int cli_usage (const struct cli *cli, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

command_fn cmd_create, cmd_start, cmd_state, cmd_kill, cmd_delete, cmd_run, cmd_exec, cmd_ps, cmd_list, cmd_pause,
    cmd_resume, cmd_update, cmd_events, cmd_features, cmd_spec;

#endif
