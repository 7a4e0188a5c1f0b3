/* lang.h - run code by language: checks, a compile sandbox, a run sandbox.
 *
 * The two sandboxes share nothing but the artifact: a size-limited tmpfs that
 * nsbox mounts on a fresh 0700 host directory, bound read-write at /out in the
 * compile sandbox and read-only at /out in the run sandbox, unmounted and
 * removed afterwards.  The code itself is copied into each sandbox as a
 * read-only file (no host path is exposed). */
#ifndef NSBOX_LANG_H
#define NSBOX_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/checks.h"
#include "lang/compile-cache.h"
#include "sandbox/config.h"
#include "base/error.h"
#include "lang/nsconf.h"
#include "lang/policy.h"
#include "lang/report.h"

/* What the caller asked for beyond the policy.  Limits left at their "not
 * given" values come from the policy (halved memory and time for the run step
 * under strict) and are clamped to the ceilings; limits given here are the run
 * step's (the compile step keeps the policy's) and must be within the
 * ceilings or the run is refused. */
struct nsbox_lang_request
{
  const struct nsbox_lang_policy *policy;
  const struct nsbox_conf *conf; /* ceilings */
  bool strict;                   /* the strict profile */
  enum nsbox_check_mode checks;
  const char *code;
  size_t code_length;
  char **args;      /* appended to the run step's argv (may be NULL) */
  char **base_env;  /* PATH, HOME, ... before the policy's env */
  char **user_env;  /* --env, over the policy's env */
  const char *workdir; /* NULL = the policy's */
  /* Compile once, then one run sandbox per file, each with that file as its
   * stdin (the run step's limits per run); NULL = one run.  The runs stop
   * when total_timeout_ms (0 = none) has passed since the first began. */
  char *const *inputs;
  const int *input_fds; /* one open regular file per input, read instead of its name; NULL = open the names */
  uint64_t total_timeout_ms;
  /* Where a compile step's artifact is looked up and kept; NULL = none. */
  const struct nsbox_compile_cache *cache;

  /* The caller's limits for the run step: those in `given` (NSBOX_LIMIT_*
   * bits) replace the policy's; seccomp_profile NULL = the policy's. */
  unsigned given;
  uint64_t memory_bytes;
  uint64_t timeout_ms;
  uint64_t pids;
  uint64_t tmpfs_size;
  bool tmpfs_exec;
  const char *seccomp_profile;
};

/* Fill the request's "not given" values. */
void nsbox_lang_request_init (struct nsbox_lang_request *request);

/* Run the request.  `config` carries everything else about the sandboxes (root
 * layers, state root, output mode, stdin, user, id ...); its argv, env,
 * workdir, limits, files, mounts and seccomp fields are set per step here.
 * Returns 0 when the code was checked and run or refused (result->core.status
 * blocked, compile-error, or how the run ended); <0 with *err when nsbox
 * failed (result->core.status error). */
int nsbox_lang_run (struct nsbox_sandbox_config *config, const struct nsbox_lang_request *request,
                    struct nsbox_lang_result *result, struct nsbox_error **err);

/* Build the config of one step (compile = true for the compile step) without
 * running it; `out_dir` is the host artifact directory (NULL: no /out).  The
 * bind at /out is the library's: one already in config.mounts is taken for
 * an earlier step's and replaced, the caller's other mounts are kept. */
int nsbox_lang_configure_step (struct nsbox_sandbox_config *config, const struct nsbox_lang_request *request,
                               bool compile, const char *out_dir, struct nsbox_error **err);

#endif
