/* result.h - what happened to one sandbox, as the kernel told us. */
#ifndef NSBOX_RESULT_H
#define NSBOX_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct nsbox_json_writer; /* base/json-writer.h */

enum nsbox_status
{
  NSBOX_STATUS_EXITED,
  NSBOX_STATUS_SIGNALED,
  NSBOX_STATUS_TIMEOUT,
  NSBOX_STATUS_OOM,
  NSBOX_STATUS_CPU_TIME_LIMIT,
  NSBOX_STATUS_ERROR,
  /* The two outcomes of a language run (lang/report.h) that no sandbox
   * produces: nsbox_sandbox_run() never sets them.  They are still listed
   * here because the status names, the report's first key and nsbox's exit
   * status (122, 123 below) are one vocabulary: moving them out would give
   * the core report writer an override hook for its first key and spread
   * the exit-status table over two layers, where a new core status could
   * silently collide with the product's. */
  NSBOX_STATUS_COMPILE_ERROR, /* a language run's compile step failed; its output is in err */
  NSBOX_STATUS_BLOCKED,       /* a pre-execution check stopped a language run; no sandbox started */
  NSBOX_STATUS_INTERRUPTED,   /* nsbox itself got a signal (interrupted_by) and ended the run */
  NSBOX_STATUS_SYNTAX_ERROR,  /* the pre-execution checks' parser found a syntax error; no sandbox started */
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
  /* Whose ids the workload had (isolate/userns.h); userns NULL = no
   * sandbox was set up. */
  const char *userns;         /* "per-sandbox", "host" or "rootless" */
  int64_t host_uid, host_gid; /* the workload's ids as the host sees them */
  bool idmapped_layers;       /* the image's owners show unchanged inside */
  const char *limits;         /* "cgroup", or "rlimits-only" (--no-cgroup) */
  bool subordinate_ids;       /* rootless: 0-65535 mapped, the caller's subuid range for the rest */
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

/* The report's members, in their order, into an open object: for reports
 * that extend it with members of their own (lang/report.h). */
void nsbox_result_write_json (struct nsbox_json_writer *writer, const struct nsbox_result *result);

/* The whole report written to fd as it is made (nsbox_json_writer_stream_to):
 * the captured output is never held twice.  0, or -1 with errno. */
int nsbox_result_print_json (const struct nsbox_result *result, int fd);

#endif
