/* cli.h - the nsbox command line: global options and one entry per command. */
#ifndef NSBOX_CLI_H
#define NSBOX_CLI_H

#include <stdbool.h>

/* Options that come before the command: nsbox [GLOBAL] COMMAND ... */
struct nsbox_global_options
{
  const char *state_root; /* --root */
  const char *store;      /* --store / NSBOX_STORE */
};

struct nsbox_command
{
  const char *name;
  int (*run) (const struct nsbox_global_options *global, int argc, char **argv);
  const char *summary;
};

int nsbox_cmd_exec (const struct nsbox_global_options *global, int argc, char **argv);
int nsbox_cmd_ps (const struct nsbox_global_options *global, int argc, char **argv);
int nsbox_cmd_gc (const struct nsbox_global_options *global, int argc, char **argv);

struct nsbox_state;
/* Whether the nsbox that wrote a state file still runs (pid and start time). */
bool nsbox_cli_nsbox_alive (const struct nsbox_state *state);

/* images, image, pull: exec the nsbox-image helper with the same arguments. */
int nsbox_cmd_image (const struct nsbox_global_options *global, int argc, char **argv);

/* Print "nsbox: message" on stderr. */
void nsbox_cli_error (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

#endif
