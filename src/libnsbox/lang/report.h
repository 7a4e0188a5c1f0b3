/* report.h - what happened to one language run: the sandbox's report plus the
 * language's own fields.
 *
 * The JSON report is the core report's members, in their order, followed by
 * "language", "profile", "checks" ({mode, findings, blocked}), "violations",
 * "risk_score", "limits", "compile", "total_time_s" and, for a run per
 * input, "runs". */
#ifndef NSBOX_LANG_REPORT_H
#define NSBOX_LANG_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/sha256.h"
#include "lang/violation.h"
#include "sandbox/result.h"

/* How a language run's compile step ended. */
struct nsbox_step_result
{
  bool ran;
  enum nsbox_status status;
  bool exited;
  int exit_code;
  int signal;
  double wall_time_s;
  int64_t memory_peak_bytes; /* -1 = not known */
  bool cached;               /* the artifact came from the compile cache: no sandbox ran */
};

/* One run of a compile-once, run-many language run. */
struct nsbox_lang_input
{
  char *name;     /* the file, as given */
  bool ran;       /* false: skipped, as the total limit ran out or nsbox was stopped */
  bool is_core;   /* its report was moved into the result's core (the verdict) */
  struct nsbox_result result;
};

struct nsbox_lang_result
{
  /* The run step's report; core.status may also be blocked (no sandbox ran)
   * or compile-error (the compiler's stdout then stderr are in core.err). */
  struct nsbox_result core;
  char *language;
  char *profile;                      /* "standard" or "strict" */
  const char *checks_mode;            /* "off", "report" or "block" as they ran */
  char code_sha256[NSBOX_SHA256_HEX_SIZE]; /* of the code the checks read and the steps got; "" = none */
  struct nsbox_violation *violations; /* what the pre-execution checks found */
  size_t n_violations;
  int risk_score; /* 0-100, see nsbox_checks_risk_score() */
  unsigned syntax_error_line; /* with status syntax-error: where the checks' parser stopped */
  char *syntax_error;
  struct nsbox_step_result compile;
  uint64_t limit_memory_bytes; /* the run step's limits as applied (UINT64_MAX = none) */
  uint64_t limit_timeout_ms;   /* 0 = none */
  uint64_t limit_pids;         /* UINT64_MAX = none */
  /* What the caller waited for: checks, compile step and run step, from the
   * policy's start to the run's end (core.wall_time_s is the run step's). */
  double total_time_s;
  /* With inputs: each one's run, in order; core is then that of the first
   * whose program did not exit 0, else the last one's. */
  struct nsbox_lang_input *inputs;
  size_t n_inputs;
  uint64_t limit_total_timeout_ms; /* 0 = none */
};

void nsbox_lang_result_init (struct nsbox_lang_result *result);
void nsbox_lang_result_release (struct nsbox_lang_result *result);

/* The one-line JSON report, newline-terminated, malloc'ed. */
char *nsbox_lang_result_to_json (const struct nsbox_lang_result *result);

/* The same report written to fd as it is made: 0, or -1 with errno. */
int nsbox_lang_result_print_json (const struct nsbox_lang_result *result, int fd);

#endif
