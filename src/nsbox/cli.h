/* cli.h - the nsbox command line: global options and one entry per command. */
#ifndef NSBOX_CLI_H
#define NSBOX_CLI_H

#include <stdbool.h>
#include <sys/types.h>

/* Options that come before the command: nsbox [GLOBAL] COMMAND ... */
struct nsbox_global_options
{
  const char *state_root; /* --root, or a user's default */
  const char *store;      /* --store / NSBOX_STORE */
  bool store_given;       /* by --store (over a config file's), not by NSBOX_STORE (beneath it) */
  bool state_root_given;  /* by --root */
  /* The setuid helper's `ps` and `gc`: only the caller's own sandboxes. */
  bool caller_only;
  uid_t caller_uid;
};

struct nsbox_command
{
  const char *name;
  int (*run) (const struct nsbox_global_options *global, int argc, char **argv);
  const char *summary;
};

int nsbox_cmd_exec (const struct nsbox_global_options *global, int argc, char **argv);
int nsbox_cmd_langs (const struct nsbox_global_options *global, int argc, char **argv);
/* check: a language policy's pre-execution checks on a file, no sandbox. */
int nsbox_cmd_check (const struct nsbox_global_options *global, int argc, char **argv);
int nsbox_cmd_stats (const struct nsbox_global_options *global, int argc, char **argv);

struct nsbox_conf;
struct nsbox_error;
/* nsbox.conf from --conf FILE, else $NSBOX_CONFIG, else the default path (which may be missing). */
int nsbox_cli_load_conf (const char *path, struct nsbox_conf *conf, struct nsbox_error **err);

int nsbox_cmd_ps (const struct nsbox_global_options *global, int argc, char **argv);
int nsbox_cmd_gc (const struct nsbox_global_options *global, int argc, char **argv);

/* version (and --version): the version, the git commit, what this host and build offer. */
int nsbox_cmd_version (const struct nsbox_global_options *global, int argc, char **argv);

/* images, image, pull: exec the nsbox-image helper with the same arguments. */
int nsbox_cmd_image (const struct nsbox_global_options *global, int argc, char **argv);

/* Print "nsbox: <error message>: <strerror>" on stderr. */
struct nsbox_error;
void nsbox_cli_print_error (const struct nsbox_error *err);

/* Print "nsbox: message" on stderr. */
void nsbox_cli_error (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

#endif
