/* run.h - nsbox_spec_run() and its parts: what one `nsbox exec` does with a
 * spec, for the CLI and for nsbox_run_json() alike. */
#ifndef NSBOX_RUN_RUN_H
#define NSBOX_RUN_RUN_H

#include "base/error.h"
#include "image/resolve.h"
#include "lang/nsconf.h"
#include "lang/report.h"
#include "run/spec.h"
#include "sandbox/result.h"

struct nsbox_run
{
  /* A plain run fills result.core only; a language run all of it (lang). */
  struct nsbox_lang_result result;
  bool lang;
  int exit_status;
  struct nsbox_error *error;        /* why the sandbox did not run (also in the report) */
  struct nsbox_error *record_error; /* writing the report file or the results log failed */
  char *report;                     /* the JSON report, made on first use */
  char **notes;                     /* for a person, when the output passed through */
};

/* Resolve `reference` in store and fill config beneath the spec's keys:
 * lower_dirs (topmost first), argv (Entrypoint + command, or Cmd), workdir,
 * uid/gid and the environment, each unless a key set it.  *image holds a
 * shared lock on the store (so prune keeps the layers) until
 * nsbox_image_free() after the sandbox has ended.  (image.c) */
int nsbox_run_apply_image (struct nsbox_sandbox_config *config, const struct nsbox_spec *spec, const char *reference,
                           char *const *command, const char *store, struct nsbox_image **image,
                           struct nsbox_error **err);

/* A language run (lang.c): the policy, the code, the root, then checks,
 * compile and run into run->result.  Returns <0 with *err when it could not
 * start (nothing ran); otherwise 0, with run->error when nsbox failed on the
 * way.  *image stays locked until the caller frees it. */
int nsbox_run_lang (const struct nsbox_spec *spec, struct nsbox_sandbox_config *config, const struct nsbox_conf *conf,
                    struct nsbox_run *run, struct nsbox_image **image, struct nsbox_error **err);

/* Code beyond this is refused outright; below it the policy's max_code_size
 * check decides (a violation, so strict blocks it). */
#define NSBOX_RUN_CODE_LIMIT (16u << 20)

/* `--code -`: the code from stdin, at most NSBOX_RUN_CODE_LIMIT bytes; a
 * pipe that stays open and silent ends in ETIMEDOUT after timeout_ms (0:
 * never).  Also the setuid helper's, which hashes what it reads. */
int nsbox_run_read_stdin_code (uint64_t timeout_ms, char **text, size_t *length, struct nsbox_error **err);

/* The lines a person is told about a language run that was blocked or whose
 * compile step failed (NULL-terminated, or NULL when there is nothing). */
int nsbox_run_lang_notes (const struct nsbox_lang_result *result, char ***notes, struct nsbox_error **err);

#endif
