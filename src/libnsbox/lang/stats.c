#define _GNU_SOURCE
#include "lang/stats.h"
#include "base/cleanup.h"
#include "base/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINE (64 * 1024)

static const char *const outcome_names[] = { "success", "failure", "timeout", "oom", "blocked", "compile_error" };

const char *
nsbox_outcome_name (enum nsbox_outcome o)
{
  return o < NSBOX_OUTCOME_COUNT ? outcome_names[o] : "failure";
}

static enum nsbox_outcome
outcome_of (const char *status, bool exited, long long exit_code)
{
  if (strcmp (status, "exited") == 0)
    return exited && exit_code == 0 ? NSBOX_OUTCOME_SUCCESS : NSBOX_OUTCOME_FAILURE;
  if (strcmp (status, "timeout") == 0)
    return NSBOX_OUTCOME_TIMEOUT;
  if (strcmp (status, "oom") == 0)
    return NSBOX_OUTCOME_OOM;
  if (strcmp (status, "blocked") == 0)
    return NSBOX_OUTCOME_BLOCKED;
  /* Code the checks could not parse would not have compiled either. */
  if (strcmp (status, "compile-error") == 0 || strcmp (status, "syntax-error") == 0)
    return NSBOX_OUTCOME_COMPILE_ERROR;
  return NSBOX_OUTCOME_FAILURE;
}

static void
format_time (char *buf, size_t size, double t)
{
  time_t secs = (time_t) floor (t);
  int ms = (int) ((t - (double) secs) * 1000);
  struct tm tm;

  size_t n;

  gmtime_r (&secs, &tm);
  n = strftime (buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf (buf + n, size - n, ".%03uZ", (unsigned) (ms < 0 ? 0 : ms > 999 ? 999 : ms) % 1000u);
}

static int
parse_time (const char *text, double *t)
{
  struct tm tm = { 0 };
  const char *rest = strptime (text, "%Y-%m-%dT%H:%M:%S", &tm);
  double frac = 0;

  if (rest == NULL)
    return -1;
  if (*rest == '.')
    {
      char *end;
      frac = strtod (rest, &end);
      rest = end;
    }
  if (strcmp (rest, "Z") != 0)
    return -1;
  *t = (double) timegm (&tm) + frac;
  return 0;
}

static json_t *
rules_json (const struct nsbox_lang_result *lr)
{
  json_t *rules = json_array ();

  for (size_t i = 0; rules && i < lr->n_violations; i++)
    json_array_append_new (rules, json_string (lr->violations[i].rule));
  return rules;
}

/* A count limit: UINT64_MAX and 0 both mean none. */
static json_t *
limit_json (uint64_t value)
{
  return value != UINT64_MAX && value ? json_integer ((json_int_t) value) : json_null ();
}

static json_t *
limits_json (const struct nsbox_lang_result *lr)
{
  return json_pack ("{s:o, s:o, s:o}", "memory_bytes", limit_json (lr->limit_memory_bytes), "timeout_s",
                    lr->limit_timeout_ms ? json_real ((double) lr->limit_timeout_ms / 1000) : json_null (), "pids",
                    limit_json (lr->limit_pids));
}

static double
micro (double seconds)
{
  return round (seconds * 1e6) / 1e6;
}

/* Who asked for what, on which root. */
static json_t *
record_json (const struct nsbox_stats_run *run, const char *when)
{
  const struct nsbox_lang_result *lr = run->result;

  return json_pack ("{s:s, s:s?, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:o, s:s?, s:o}", "timestamp", when, "id",
                    run->id, "uid", (json_int_t) run->uid, "image", run->image, "image_digest", run->image_digest,
                    "rootfs", run->rootfs, "language", lr->language, "profile", lr->profile, "checks",
                    lr->language ? lr->checks_mode : NULL, "rules", rules_json (lr), "code_sha256",
                    lr->code_sha256[0] ? lr->code_sha256 : NULL, "limits", limits_json (lr));
}

char *
nsbox_stats_line (const struct nsbox_stats_run *run, double now)
{
  const struct nsbox_lang_result *lr = run->result;
  const struct nsbox_result *r = &lr->core;
  char when[40];
  json_t *o, *outcome;
  char *line = NULL, *text;

  format_time (when, sizeof when, now);
  o = record_json (run, when);
  outcome = json_pack ("{s:s, s:o, s:f, s:o, s:f, s:o, s:I, s:i}", "status", nsbox_status_name (r->status),
                       "exit_code", r->exited ? json_integer (r->exit_code) : json_null (), "wall_time_s",
                       micro (r->wall_time_s), "compile_time_s",
                       lr->compile.ran ? json_real (micro (lr->compile.wall_time_s)) : json_null (), "total_time_s",
                       micro (lr->language ? lr->total_time_s : r->wall_time_s), "memory_peak_bytes",
                       r->memory_peak_bytes >= 0 ? json_integer (r->memory_peak_bytes) : json_null (), "violations",
                       (json_int_t) lr->n_violations, "risk_score", lr->risk_score);
  if (o == NULL || outcome == NULL || json_object_update (o, outcome) < 0)
    {
      json_decref (o);
      json_decref (outcome);
      return NULL;
    }
  json_decref (outcome);
  text = json_dumps (o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (9));
  json_decref (o);
  if (text && asprintf (&line, "%s\n", text) < 0)
    line = NULL;
  free (text);
  return line;
}

/* The log's directory, made on first use (the default log's /var/log/nsbox
 * is nsbox's to make). */
static int
open_log (const char *path, struct nsbox_error **err)
{
  const int flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  _cleanup_free_ char *dir = NULL;
  char *slash;
  int fd = open (path, flags, 0640);

  if (fd >= 0 || errno != ENOENT)
    return fd >= 0 ? fd : nsbox_error_errno (err, errno, "open the results log `%s`", path);
  if ((dir = strdup (path)) == NULL)
    return nsbox_error_oom (err);
  if ((slash = strrchr (dir, '/')) != NULL && slash != dir)
    {
      *slash = '\0';
      if (nsbox_make_dirs (dir, 0750, err) < 0)
        return nsbox_error_prefix (err, "the results log's directory");
    }
  if ((fd = open (path, flags, 0640)) < 0)
    return nsbox_error_errno (err, errno, "open the results log `%s`", path);
  return fd;
}

int
nsbox_stats_append (const char *path, const struct nsbox_stats_run *run, struct nsbox_error **err)
{
  struct timespec ts;
  _cleanup_free_ char *line = NULL;
  _cleanup_close_ int fd = -1;
  size_t len;
  ssize_t n;

  clock_gettime (CLOCK_REALTIME, &ts);
  line = nsbox_stats_line (run, (double) ts.tv_sec + (double) ts.tv_nsec / 1e9);
  if (line == NULL)
    return nsbox_error_oom (err);
  len = strlen (line);
  if ((fd = open_log (path, err)) < 0)
    return -1;
  /* One write: with O_APPEND the kernel places it atomically at the end, so
   * lines of concurrent runs never interleave. */
  n = write (fd, line, len);
  if (n < 0)
    return nsbox_error_errno (err, errno, "write the results log `%s`", path);
  if ((size_t) n != len)
    return nsbox_error_errno (err, ENOSPC, "short write to the results log `%s`", path);
  return 0;
}

static int
group_add_status (struct nsbox_stats_group *g, const char *status)
{
  char **names;
  uint64_t *counts;

  for (size_t i = 0; i < g->n_statuses; i++)
    if (strcmp (g->statuses[i], status) == 0)
      {
        g->status_counts[i]++;
        return 0;
      }
  names = realloc (g->statuses, (g->n_statuses + 1) * sizeof *names);
  if (names == NULL)
    return -1;
  g->statuses = names;
  counts = realloc (g->status_counts, (g->n_statuses + 1) * sizeof *counts);
  if (counts == NULL)
    return -1;
  g->status_counts = counts;
  if ((names[g->n_statuses] = strdup (status)) == NULL)
    return -1;
  counts[g->n_statuses++] = 1;
  return 0;
}

static int
times_add (struct nsbox_stats_times *t, double v)
{
  double *grown = realloc (t->v, (t->n + 1) * sizeof *grown);

  if (grown == NULL)
    return -1;
  t->v = grown;
  grown[t->n++] = v;
  return 0;
}

/* One record's times: what the caller waited for, the run step's, and the
 * compile step's (< 0: none ran). */
struct record_times
{
  double total, run, compile;
};

static int
group_add (struct nsbox_stats_group *g, const char *status, enum nsbox_outcome outcome,
           const struct record_times *t, uint64_t violations)
{
  double *lat = realloc (g->latencies, (g->n_latencies + 1) * sizeof *lat);

  if (lat == NULL)
    return -1;
  g->latencies = lat;
  /* Blocked runs never started a sandbox: their latency is not a run's. */
  if (outcome != NSBOX_OUTCOME_BLOCKED)
    {
      lat[g->n_latencies++] = t->total;
      g->latency_sum += t->total;
      if (times_add (&g->run_times, t->run) < 0 || (t->compile >= 0 && times_add (&g->compile_times, t->compile) < 0))
        return -1;
    }
  g->runs++;
  g->outcomes[outcome]++;
  g->violations += violations;
  return group_add_status (g, status);
}

static struct nsbox_stats_group *
language_group (struct nsbox_stats *s, const char *language)
{
  struct nsbox_stats_group *grown;

  for (size_t i = 0; i < s->n_languages; i++)
    if (strcmp (s->languages[i].language, language) == 0)
      return &s->languages[i];
  grown = realloc (s->languages, (s->n_languages + 1) * sizeof *grown);
  if (grown == NULL)
    return NULL;
  s->languages = grown;
  memset (&grown[s->n_languages], 0, sizeof *grown);
  if ((grown[s->n_languages].language = strdup (language)) == NULL)
    return NULL;
  return &grown[s->n_languages++];
}

/* What the groups are: languages, or (an audit log) the callers. */
static const char *
group_key (const struct nsbox_stats *s)
{
  return s->audit ? "user" : "language";
}

/* A record of the setuid helper's audit log (nsbox-suid(8)): an exec
 * request, in the group of its caller's uid.  A refused request never
 * started a sandbox: it counts as blocked, with status "refused" or
 * "quota-exceeded".  ps and gc requests are not runs: 0, not counted. */
static int
add_audit_record (struct nsbox_stats *s, json_t *o, double since)
{
  const char *when = json_string_value (json_object_get (o, "time"));
  const char *command = json_string_value (json_object_get (o, "command"));
  const char *decision = json_string_value (json_object_get (o, "decision"));
  json_t *uid = json_object_get (json_object_get (o, "caller"), "uid");
  json_t *outcome = json_object_get (o, "outcome"), *wall = json_object_get (outcome, "wall_time_s");
  json_t *code = json_object_get (outcome, "exit_code");
  const bool refused = decision && strcmp (decision, "refused") == 0;
  const char *status = refused ? (json_object_get (o, "quota") ? "quota-exceeded" : "refused")
                               : json_string_value (json_object_get (outcome, "status"));
  struct nsbox_stats_group *g;
  char user[32];
  double t;

  if (when == NULL || decision == NULL || !json_is_integer (uid) || parse_time (when, &t) < 0)
    return -1;
  s->audit = true;
  if (command == NULL || strcmp (command, "exec") != 0 || t < since)
    return 0;
  if (status == NULL || (!refused && !json_is_number (wall)))
    return -1;
  snprintf (user, sizeof user, "uid %" JSON_INTEGER_FORMAT, json_integer_value (uid));
  if ((g = language_group (s, user)) == NULL)
    return -2;
  {
    const enum nsbox_outcome outcome_class
        = refused ? NSBOX_OUTCOME_BLOCKED
                  : outcome_of (status, json_is_integer (code), json_is_integer (code) ? json_integer_value (code) : -1);
    const double w = refused ? 0 : json_number_value (wall);
    const struct record_times times = { w, w, -1 };

    if (group_add (&s->total, status, outcome_class, &times, 0) < 0
        || group_add (g, status, outcome_class, &times, 0) < 0)
      return -2;
  }
  return 0;
}

int
nsbox_stats_add_line (struct nsbox_stats *s, const char *line, size_t length, double since)
{
  json_t *o = json_loadb (line, length, 0, NULL);
  const char *when, *language, *status;
  json_t *exit_code = NULL, *compile_time = NULL, *total_time = NULL, *lang = NULL;
  json_int_t violations = 0;
  struct record_times times;
  double wall, t;
  struct nsbox_stats_group *g;
  enum nsbox_outcome outcome;
  int r = -1;

  if (o == NULL)
    return -1;
  if (json_object_get (o, "decision"))
    {
      r = add_audit_record (s, o, since);
      json_decref (o);
      return r;
    }
  if (json_unpack (o, "{s:s, s?o, s:s, s?o, s:F, s?I, s?o, s?o}", "timestamp", &when, "language", &lang,
                   "status", &status, "exit_code", &exit_code, "wall_time_s", &wall, "violations", &violations,
                   "compile_time_s", &compile_time, "total_time_s", &total_time)
          == 0
      && parse_time (when, &t) == 0 && wall >= 0 && isfinite (wall))
    {
      r = 0;
      language = json_string_value (lang);
      times.run = wall;
      times.compile = json_is_number (compile_time) ? json_number_value (compile_time) : -1;
      times.total = json_is_number (total_time) ? json_number_value (total_time) : wall;
      if (t >= since)
        {
          outcome = outcome_of (status, json_is_integer (exit_code),
                                json_is_integer (exit_code) ? json_integer_value (exit_code) : -1);
          /* A run that was not a language's: nsbox exec IMAGE|--rootfs. */
          g = language_group (s, language ? language : "exec");
          if (g == NULL || group_add (&s->total, status, outcome, &times, (uint64_t) violations) < 0
              || group_add (g, status, outcome, &times, (uint64_t) violations) < 0)
            r = -2;
        }
    }
  json_decref (o);
  return r;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static int
compare_group (const void *a, const void *b)
{
  return strcmp (((const struct nsbox_stats_group *) a)->language, ((const struct nsbox_stats_group *) b)->language);
}

static void
sort_group (struct nsbox_stats_group *g)
{
  if (g->n_latencies)
    qsort (g->latencies, g->n_latencies, sizeof (double), compare_double);
  if (g->run_times.n)
    qsort (g->run_times.v, g->run_times.n, sizeof (double), compare_double);
  if (g->compile_times.n)
    qsort (g->compile_times.v, g->compile_times.n, sizeof (double), compare_double);
}

void
nsbox_stats_finish (struct nsbox_stats *s)
{
  sort_group (&s->total);
  for (size_t i = 0; i < s->n_languages; i++)
    sort_group (&s->languages[i]);
  if (s->n_languages > 1)
    qsort (s->languages, s->n_languages, sizeof *s->languages, compare_group);
}

double
nsbox_stats_times_percentile (const struct nsbox_stats_times *t, double p)
{
  size_t rank;

  if (t->n == 0)
    return -1;
  rank = (size_t) ceil (p / 100.0 * (double) t->n);
  if (rank < 1)
    rank = 1;
  if (rank > t->n)
    rank = t->n;
  return t->v[rank - 1];
}

double
nsbox_stats_percentile (const struct nsbox_stats_group *g, double p)
{
  const struct nsbox_stats_times all = { g->latencies, g->n_latencies };

  return nsbox_stats_times_percentile (&all, p);
}

int
nsbox_stats_load (const char *path, double since, struct nsbox_stats *s, struct nsbox_error **err)
{
  _cleanup_fclose_ FILE *f = NULL;
  _cleanup_free_ char *line = NULL;
  size_t cap = 0;
  ssize_t n;

  memset (s, 0, sizeof *s);
  s->since = since;
  f = fopen (path, "re");
  if (f == NULL)
    return nsbox_error_errno (err, errno, "open the results log `%s`", path);
  while ((n = getline (&line, &cap, f)) > 0)
    {
      int r;

      if (n == 1 && line[0] == '\n')
        continue;
      r = n > MAX_LINE ? -1 : nsbox_stats_add_line (s, line, (size_t) n, since);
      if (r == -2)
        return nsbox_error_oom (err);
      if (r < 0)
        s->skipped_lines++;
    }
  if (ferror (f))
    return nsbox_error_errno (err, errno, "read the results log `%s`", path);
  nsbox_stats_finish (s);
  return 0;
}

static void
group_release (struct nsbox_stats_group *g)
{
  free (g->language);
  for (size_t i = 0; i < g->n_statuses; i++)
    free (g->statuses[i]);
  free (g->statuses);
  free (g->status_counts);
  free (g->latencies);
  free (g->run_times.v);
  free (g->compile_times.v);
}

void
nsbox_stats_release (struct nsbox_stats *s)
{
  group_release (&s->total);
  for (size_t i = 0; i < s->n_languages; i++)
    group_release (&s->languages[i]);
  free (s->languages);
  memset (s, 0, sizeof *s);
}

static double
rate (const struct nsbox_stats_group *g, enum nsbox_outcome o)
{
  return g->runs ? (double) g->outcomes[o] / (double) g->runs : 0;
}

static const double quantiles[] = { 50, 90, 99 };

static void
text_time (FILE *f, double v)
{
  if (v < 0)
    fprintf (f, " %8s", "-");
  else
    fprintf (f, " %8.3f", v);
}

static void
text_group (FILE *f, const struct nsbox_stats_group *g)
{
  fprintf (f, "%-14s %8llu", g->language ? g->language : "total", (unsigned long long) g->runs);
  for (int o = 0; o < NSBOX_OUTCOME_COUNT; o++)
    fprintf (f, " %6llu (%5.1f%%)", (unsigned long long) g->outcomes[o], 100 * rate (g, o));
  for (size_t q = 0; q < 3; q++)
    text_time (f, nsbox_stats_percentile (g, quantiles[q]));
  text_time (f, nsbox_stats_times_percentile (&g->run_times, 50));
  text_time (f, nsbox_stats_times_percentile (&g->compile_times, 50));
  fputc ('\n', f);
}

/* What `print` writes, as a malloc'ed string; NULL when memory ran out. */
static char *
format_with (const struct nsbox_stats *s, void (*print) (FILE *f, const struct nsbox_stats *s))
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&text, &len);

  if (f == NULL)
    return NULL;
  print (f, s);
  if (fclose (f) != 0)
    {
      free (text);
      return NULL;
    }
  return text;
}

static void
write_text (FILE *f, const struct nsbox_stats *s)
{
  fprintf (f, "%-14s %8s", group_key (s), "runs");
  for (int o = 0; o < NSBOX_OUTCOME_COUNT; o++)
    fprintf (f, " %15s", outcome_names[o]);
  fprintf (f, " %8s %8s %8s %8s %8s\n", "p50 s", "p90 s", "p99 s", "run p50", "cmp p50");
  for (size_t i = 0; i < s->n_languages; i++)
    text_group (f, &s->languages[i]);
  text_group (f, &s->total);
  if (s->skipped_lines)
    fprintf (f, "(%llu malformed lines skipped)\n", (unsigned long long) s->skipped_lines);
}

char *
nsbox_stats_format_text (const struct nsbox_stats *s)
{
  return format_with (s, write_text);
}

/* {"p50": s, "p90": s, "p99": s}, null for an empty set. */
static json_t *
json_times (const struct nsbox_stats_times *t)
{
  json_t *o = json_object ();

  for (size_t q = 0; q < 3; q++)
    {
      char key[32];
      double v = nsbox_stats_times_percentile (t, quantiles[q]);

      snprintf (key, sizeof key, "p%g", quantiles[q]);
      json_object_set_new (o, key, v < 0 ? json_null () : json_real (v));
    }
  return o;
}

static json_t *
json_group (const struct nsbox_stats_group *g)
{
  json_t *o = json_object (), *counts = json_object (), *rates = json_object (), *statuses = json_object ();
  const struct nsbox_stats_times all = { g->latencies, g->n_latencies };

  for (int k = 0; k < NSBOX_OUTCOME_COUNT; k++)
    {
      json_object_set_new (counts, outcome_names[k], json_integer ((json_int_t) g->outcomes[k]));
      json_object_set_new (rates, outcome_names[k], json_real (rate (g, k)));
    }
  for (size_t i = 0; i < g->n_statuses; i++)
    json_object_set_new (statuses, g->statuses[i], json_integer ((json_int_t) g->status_counts[i]));
  json_object_set_new (o, "runs", json_integer ((json_int_t) g->runs));
  json_object_set_new (o, "counts", counts);
  json_object_set_new (o, "rates", rates);
  json_object_set_new (o, "statuses", statuses);
  json_object_set_new (o, "latency_s", json_times (&all));
  json_object_set_new (o, "run_latency_s", json_times (&g->run_times));
  json_object_set_new (o, "compile_latency_s", json_times (&g->compile_times));
  json_object_set_new (o, "violations", json_integer ((json_int_t) g->violations));
  return o;
}

char *
nsbox_stats_format_json (const struct nsbox_stats *s)
{
  json_t *doc = json_group (&s->total), *langs = json_object ();
  char *text, *line = NULL;

  for (size_t i = 0; i < s->n_languages; i++)
    json_object_set_new (langs, s->languages[i].language, json_group (&s->languages[i]));
  json_object_set_new (doc, s->audit ? "by_user" : "by_language", langs);
  json_object_set_new (doc, "skipped_lines", json_integer ((json_int_t) s->skipped_lines));
  text = json_dumps (doc, JSON_PRESERVE_ORDER | JSON_INDENT (2));
  json_decref (doc);
  if (text && asprintf (&line, "%s\n", text) < 0)
    line = NULL;
  free (text);
  return line;
}

/* A label value in the text exposition format: \, " and newline escaped. */
static void
label (FILE *f, const char *value)
{
  for (const char *c = value; *c; c++)
    {
      if (*c == '\\' || *c == '"')
        fputc ('\\', f), fputc (*c, f);
      else if (*c == '\n')
        fputs ("\\n", f);
      else
        fputc (*c, f);
    }
}

static void
prom_metric (FILE *f, const char *name, const char *type, const char *help)
{
  fprintf (f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
write_prometheus (FILE *f, const struct nsbox_stats *s)
{
  prom_metric (f, "nsbox_runs_total", "counter", "Language runs in the results log by language and status.");
  for (size_t i = 0; i < s->n_languages; i++)
    for (size_t j = 0; j < s->languages[i].n_statuses; j++)
      {
        fprintf (f, "nsbox_runs_total{%s=\"", group_key (s));
        label (f, s->languages[i].language);
        fputs ("\",status=\"", f);
        label (f, s->languages[i].statuses[j]);
        fprintf (f, "\"} %llu\n", (unsigned long long) s->languages[i].status_counts[j]);
      }
  prom_metric (f, "nsbox_run_outcomes_total", "counter",
               "Language runs by language and outcome (success, failure, timeout, oom, blocked, compile_error).");
  for (size_t i = 0; i < s->n_languages; i++)
    for (int o = 0; o < NSBOX_OUTCOME_COUNT; o++)
      {
        fprintf (f, "nsbox_run_outcomes_total{%s=\"", group_key (s));
        label (f, s->languages[i].language);
        fprintf (f, "\",outcome=\"%s\"} %llu\n", outcome_names[o], (unsigned long long) s->languages[i].outcomes[o]);
      }
  prom_metric (f, "nsbox_run_duration_seconds", "summary",
               "What a caller waited for: checks, compile and run (blocked runs excluded).");
  for (size_t i = 0; i < s->n_languages; i++)
    {
      const struct nsbox_stats_group *g = &s->languages[i];

      for (size_t q = 0; q < 3 && g->n_latencies; q++)
        {
          fprintf (f, "nsbox_run_duration_seconds{%s=\"", group_key (s));
          label (f, g->language);
          fprintf (f, "\",quantile=\"%g\"} %.6f\n", quantiles[q] / 100, nsbox_stats_percentile (g, quantiles[q]));
        }
      fprintf (f, "nsbox_run_duration_seconds_sum{%s=\"", group_key (s));
      label (f, g->language);
      fprintf (f, "\"} %.6f\n", g->latency_sum);
      fprintf (f, "nsbox_run_duration_seconds_count{%s=\"", group_key (s));
      label (f, g->language);
      fprintf (f, "\"} %zu\n", g->n_latencies);
    }
  prom_metric (f, "nsbox_check_violations_total", "counter", "Pre-execution check violations by language.");
  for (size_t i = 0; i < s->n_languages; i++)
    {
      fprintf (f, "nsbox_check_violations_total{%s=\"", group_key (s));
      label (f, s->languages[i].language);
      fprintf (f, "\"} %llu\n", (unsigned long long) s->languages[i].violations);
    }
  prom_metric (f, "nsbox_results_log_skipped_lines", "gauge", "Malformed lines in the results log.");
  fprintf (f, "nsbox_results_log_skipped_lines %llu\n", (unsigned long long) s->skipped_lines);
}

char *
nsbox_stats_format_prometheus (const struct nsbox_stats *s)
{
  return format_with (s, write_prometheus);
}

int
nsbox_parse_duration (const char *text, double *seconds, struct nsbox_error **err)
{
  char *end = NULL;
  double v;

  errno = 0;
  v = strtod (text, &end);
  if (errno || end == text || !isfinite (v) || v < 0)
    return nsbox_error_msg (err, "duration `%s` is not a number followed by s, m, h or d", text);
  if (*end == '\0' || strcmp (end, "s") == 0)
    ;
  else if (strcmp (end, "m") == 0)
    v *= 60;
  else if (strcmp (end, "h") == 0)
    v *= 3600;
  else if (strcmp (end, "d") == 0)
    v *= 86400;
  else
    return nsbox_error_msg (err, "duration `%s` is not a number followed by s, m, h or d", text);
  *seconds = v;
  return 0;
}
