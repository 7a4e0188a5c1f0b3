/* result.h - what happened to one sandbox, as the kernel told us. */
#ifndef NSBOX_RESULT_H
#define NSBOX_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "lang/violation.h"

enum nsbox_status
{
  NSBOX_STATUS_EXITED,
  NSBOX_STATUS_SIGNALED,
  NSBOX_STATUS_TIMEOUT,
  NSBOX_STATUS_OOM,
  NSBOX_STATUS_CPU_TIME_LIMIT,
  NSBOX_STATUS_ERROR,
  NSBOX_STATUS_COMPILE_ERROR, /* a language run's compile step failed; its output is in err */
  NSBOX_STATUS_BLOCKED,       /* a pre-execution check stopped a language run; no sandbox started */
  NSBOX_STATUS_INTERRUPTED,   /* nsbox itself got a signal (interrupted_by) and ended the run */
};

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
};

struct nsbox_output
{
  char *data; /* at most the configured limit */
  size_t length;
  bool truncated; /* more was written and discarded */
};

struct nsbox_result
{
  enum nsbox_status status;
  bool exited;    /* exit_code is valid */
  int exit_code;
  int signal;     /* 0 = none */
  bool timed_out;
  bool oom_killed;
  double wall_time_s;
  bool have_cpu_time;
  double cpu_user_s;
  double cpu_system_s;
  int64_t memory_peak_bytes; /* -1 = not known */
  int64_t pids_peak;         /* -1 = not known */
  struct nsbox_output out;
  struct nsbox_output err;
  struct nsbox_error *error; /* status == ERROR */
  char **warnings;           /* NULL-terminated, e.g. an rlimit lowered to what the kernel allows */
  int interrupted_by;        /* nsbox itself got this signal and tore the sandbox down */

  /* Language runs only (language != NULL); other reports do not carry these keys. */
  char *language;
  char *profile;                      /* "standard" or "strict" */
  struct nsbox_violation *violations; /* what the pre-execution checks found */
  size_t n_violations;
  int risk_score; /* 0-100, see nsbox_checks_risk_score() */
  struct nsbox_step_result compile;
  uint64_t limit_memory_bytes; /* the run step's limits as applied (UINT64_MAX = none) */
  uint64_t limit_timeout_ms;   /* 0 = none */
  uint64_t limit_pids;         /* UINT64_MAX = none */
};

void nsbox_result_init (struct nsbox_result *result);
void nsbox_result_release (struct nsbox_result *result);

/* "exited", "timeout", ... */
const char *nsbox_status_name (enum nsbox_status status);

/* The exit status nsbox itself should end with: the workload's code, 128+N,
 * 124 on timeout, 125 for an nsbox error, 126/127 for exec failures, 122
 * when checks blocked a language run, 123 when its compile step failed, and
 * 128+N when nsbox itself was stopped by signal N. */
int nsbox_result_exit_status (const struct nsbox_result *result);

/* The one-line JSON report, newline-terminated, malloc'ed. */
char *nsbox_result_to_json (const struct nsbox_result *result);

/* The same report written to fd as it is made, in small pieces: the
 * captured output it escapes (up to six bytes for one) is never held twice.
 * 0, or -1 with errno. */
int nsbox_result_write_json (const struct nsbox_result *result, int fd);

#endif
