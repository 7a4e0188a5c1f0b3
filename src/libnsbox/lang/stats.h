/* stats.h - the results log: one JSON line per run, and summaries of it; the
 * same summaries of the setuid helper's audit log, by caller.
 *
 * A line: {"timestamp": "2026-01-02T03:04:05.678Z", "id": "a1b2...",
 * "uid": 1000, "image": "nsbox/python:latest", "image_digest": "sha256:...",
 * "rootfs": null, "language": "python", "profile": "standard",
 * "checks": "report", "rules": ["python-open"], "code_sha256": "...",
 * "limits": {"memory_bytes": 536870912, "timeout_s": 30, "pids": 16},
 * "status": "exited", "exit_code": 0, "wall_time_s": 0.041,
 * "compile_time_s": null, "total_time_s": 0.052,
 * "memory_peak_bytes": 9437184, "violations": 1, "risk_score": 0}:
 * wall_time_s is the run step's, compile_time_s the compile step's (null
 * without one), total_time_s what the caller waited for.  A run that is not
 * a language run has language, profile, checks and code_sha256 null and
 * rules empty.  Each line is written with one write(2) on a descriptor opened
 * O_APPEND for that line (so a rotated log is never written to after its
 * rename), and lines of concurrent runs never interleave. */
#ifndef NSBOX_STATS_H
#define NSBOX_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "lang/report.h"

/* One finished run, as the log records it. */
struct nsbox_stats_run
{
  const struct nsbox_lang_result *result; /* a plain run's has no language */
  const char *id;                         /* the sandbox's */
  long long uid;                          /* who asked for it */
  const char *image;                      /* "name:tag", NULL for a root directory */
  const char *image_digest;               /* its manifest's "sha256:..." */
  const char *rootfs;                     /* the root directory (--rootfs), NULL for an image */
};

/* The log line for one finished run (newline-terminated, malloc'ed); `now` in unix seconds. */
char *nsbox_stats_line (const struct nsbox_stats_run *run, double now);

/* Append the line for `run` to the log at `path` (created 0640, its
 * directory 0750 when missing). */
int nsbox_stats_append (const char *path, const struct nsbox_stats_run *run, struct nsbox_error **err);

/* Outcome classes the summary counts (a run is in exactly one). */
enum nsbox_outcome
{
  NSBOX_OUTCOME_SUCCESS,       /* exited with 0 */
  NSBOX_OUTCOME_FAILURE,       /* exited non-zero, killed by a signal, cpu-time-limit, nsbox error */
  NSBOX_OUTCOME_TIMEOUT,
  NSBOX_OUTCOME_OOM,
  NSBOX_OUTCOME_BLOCKED,
  NSBOX_OUTCOME_COMPILE_ERROR,
  NSBOX_OUTCOME_COUNT
};

/* A set of durations, sorted after nsbox_stats_finish. */
struct nsbox_stats_times
{
  double *v;
  size_t n;
};

struct nsbox_stats_group
{
  char *language; /* NULL for the totals */
  uint64_t runs;
  uint64_t outcomes[NSBOX_OUTCOME_COUNT];
  char **statuses;         /* distinct status names seen ... */
  uint64_t *status_counts; /* ... and how often */
  size_t n_statuses;
  /* What the caller waited for (checks, compile and run: total_time_s; the
   * run's wall time in lines written before it was logged), sorted after
   * nsbox_stats_load ... */
  double *latencies;
  size_t n_latencies;
  double latency_sum;
  /* ... and the run step's and the compile step's (where one ran) apart. */
  struct nsbox_stats_times run_times, compile_times;
  uint64_t violations;
};

struct nsbox_stats
{
  struct nsbox_stats_group total;
  struct nsbox_stats_group *languages; /* sorted by name */
  size_t n_languages;
  uint64_t skipped_lines; /* lines that were not a valid record */
  double since;           /* records before this unix time were left out (0 = none) */
  /* The log was the setuid helper's audit log: `languages` are then its
   * callers ("uid 1001"), and a refused request counts as blocked. */
  bool audit;
};

/* Read the log; records older than `since` (unix seconds, 0 = all) are left out.
 * A missing log is an error (ENOENT): a misspelt path must not read as "no runs". */
int nsbox_stats_load (const char *path, double since, struct nsbox_stats *stats, struct nsbox_error **err);

/* Fold one log line in (exposed for tests); returns -1 for a malformed line. */
int nsbox_stats_add_line (struct nsbox_stats *stats, const char *line, size_t length, double since);

/* Sort latencies and languages; call after the last add. */
void nsbox_stats_finish (struct nsbox_stats *stats);

/* Nearest-rank percentile (0 < p <= 100) of a group's latencies; -1 when empty. */
double nsbox_stats_percentile (const struct nsbox_stats_group *group, double p);

/* The same of a set of durations. */
double nsbox_stats_times_percentile (const struct nsbox_stats_times *times, double p);

const char *nsbox_outcome_name (enum nsbox_outcome outcome);

/* Summaries, malloc'ed: human text, one JSON document, Prometheus text format. */
char *nsbox_stats_format_text (const struct nsbox_stats *stats);
char *nsbox_stats_format_json (const struct nsbox_stats *stats);
char *nsbox_stats_format_prometheus (const struct nsbox_stats *stats);

/* "30s", "15m", "24h", "7d" (or plain seconds) into seconds. */
int nsbox_parse_duration (const char *text, double *seconds, struct nsbox_error **err);

void nsbox_stats_release (struct nsbox_stats *stats);

#endif
