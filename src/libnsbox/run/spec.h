/* spec.h - one run of `nsbox exec`, as its flags or its JSON config say it.
 *
 * Every flag and every key of the config is one row of the table in spec.c
 * and reaches this struct through that row's setter: nsbox_spec_set() for a
 * flag, nsbox_spec_load_json() for a key of the config (nsbox.h), so the two
 * cannot drift apart.  nsbox_spec_run() (run.c) completes a copy of the
 * config (image, environment, language policy, nsbox.conf ceilings) and runs
 * it; the spec itself is never changed by a run. */
#ifndef NSBOX_RUN_SPEC_H
#define NSBOX_RUN_SPEC_H

#include <stdbool.h>

#include "base/error.h"
#include "nsbox.h"
#include "sandbox/config.h"

/* The workload's PATH unless the image or a key says otherwise. */
#define NSBOX_DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* The keys of the table, in its order (spec.c). */
#define NSBOX_SPEC_MAX_KEYS 64

struct nsbox_spec
{
  struct nsbox_sandbox_config config; /* what the keys say of the sandbox itself */
  bool json;                          /* capture the output into the report (--json) */
  char *report_path;                  /* write the JSON report here as well */

  /* The root: an image from the store, or a directory (config.lower_dirs). */
  char *image;
  char *store;     /* the image store; NULL = nsbox.conf's, else /var/lib/nsbox */
  bool rootfs_set; /* --rootfs given: it replaces the image (or a language's) */
  char **command;  /* COMMAND [ARG...]; with an image, after its Entrypoint (else its Cmd) */
  char *entrypoint;    /* replaces the image's Entrypoint and Cmd ("" = none) */
  bool entrypoint_set;
  char **user_env; /* -e K=V, over the defaults and the image's Env */
  bool user_set;   /* -u given: the image's User does not apply */
  bool workdir_set;

  /* Language runs: the policy supplies the image and the command. */
  char *lang;
  char *code_path;  /* "-" = stdin */
  char *stdin_path; /* the program's stdin */
  char **stdin_each;         /* compile once, run once per file (a directory: its files) */
  uint64_t total_timeout_ms; /* all those runs together; 0 = no bound */
  /* What the setuid helper's caller opened (regular files, checked there);
   * not keys: a description names paths only.  Not the spec's to close;
   * a run reads or duplicates them.  -1 = none. */
  int code_fd;
  int stdin_fd;
  /* One per stdin_each name (which then names, not opens, each input);
   * NULL = open the names (a directory: its files). */
  const int *stdin_each_fds;
  char *profile;    /* standard|strict; NULL = nsbox.conf's default */
  char *checks;     /* off|report|block; NULL = the profile's */
  char *log_path;   /* results log; NULL = nsbox.conf's */
  char **args;      /* the program's arguments */

  char *conf_path;       /* nsbox.conf; NULL = the default path, which may be missing */
  char *lang_policy_dir; /* the shipped language policies; NULL = $(pkgdatadir)/lang */
  bool stdin_read;       /* the description itself came from stdin (nsbox_spec_load_file "-") */
  unsigned limits_given; /* NSBOX_LIMIT_* bits of the limits set (lang/nsconf.h) */
  bool given[NSBOX_SPEC_MAX_KEYS]; /* which keys hold a value (nsbox_spec_is_set) */
};

/* The rules between keys that no single key can check (--lang needs --code,
 * an image or --rootfs, a command with --rootfs ...). */
int nsbox_spec_check (const struct nsbox_spec *spec, struct nsbox_error **err);

/* The workload's environment from nothing: PATH and HOME, TERM with a tty,
 * then image_env (may be NULL), then the spec's -e. */
int nsbox_spec_build_environment (const struct nsbox_spec *spec, struct nsbox_sandbox_config *config,
                                  char *const *image_env, struct nsbox_error **err);

#endif
