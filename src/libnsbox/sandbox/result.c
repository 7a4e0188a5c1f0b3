#define _GNU_SOURCE
#include "sandbox/result.h"
#include "base/cleanup.h"
#include "sandbox/io.h"

#include <errno.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
nsbox_result_init (struct nsbox_result *result)
{
  memset (result, 0, sizeof *result);
  result->exit_code = -1;
  result->memory_peak_bytes = -1;
  result->pids_peak = -1;
  result->compile.exit_code = -1;
  result->compile.memory_peak_bytes = -1;
}

void
nsbox_result_release (struct nsbox_result *result)
{
  free (result->out.data);
  free (result->err.data);
  nsbox_error_free (result->error);
  free (result->language);
  free (result->profile);
  nsbox_violations_free (result->violations, result->n_violations);
  for (char **w = result->warnings; w && *w; w++)
    free (*w);
  free (result->warnings);
  nsbox_result_init (result);
}

const char *
nsbox_status_name (enum nsbox_status status)
{
  switch (status)
    {
    case NSBOX_STATUS_EXITED:
      return "exited";
    case NSBOX_STATUS_SIGNALED:
      return "signaled";
    case NSBOX_STATUS_TIMEOUT:
      return "timeout";
    case NSBOX_STATUS_OOM:
      return "oom";
    case NSBOX_STATUS_CPU_TIME_LIMIT:
      return "cpu-time-limit";
    case NSBOX_STATUS_ERROR:
      return "error";
    case NSBOX_STATUS_COMPILE_ERROR:
      return "compile-error";
    case NSBOX_STATUS_BLOCKED:
      return "blocked";
    case NSBOX_STATUS_INTERRUPTED:
      return "interrupted";
    }
  return "error";
}

int
nsbox_result_exit_status (const struct nsbox_result *result)
{
  if (result->interrupted_by > 0)
    return 128 + result->interrupted_by;
  if (result->status == NSBOX_STATUS_TIMEOUT)
    return 124;
  if (result->status == NSBOX_STATUS_BLOCKED)
    return 122;
  if (result->status == NSBOX_STATUS_COMPILE_ERROR)
    return 123;
  if (result->status == NSBOX_STATUS_ERROR)
    return result->exited ? result->exit_code : 125;
  if (result->signal > 0)
    return 128 + result->signal;
  if (result->exited)
    return result->exit_code;
  return 125;
}

/* A growable string for the report; with a sink, a window onto it that is
 * written out whenever it fills. */
struct buf
{
  char *data;
  size_t len, cap;
  bool failed;
  int sink;      /* -1: keep everything */
  unsigned keys; /* written so far: a comma before every other */
};

/* A report holds the captured output escaped, up to six bytes for one:
 * streamed, it never needs more than this much memory. */
#define BUF_FLUSH (64 << 10)

static void
buf_flush (struct buf *b)
{
  if (b->sink < 0 || b->failed || b->len == 0)
    return;
  if (nsbox_write_all (b->sink, b->data, b->len) < 0)
    b->failed = true;
  b->len = 0;
}

static void
buf_add (struct buf *b, const char *s, size_t n)
{
  if (b->failed)
    return;
  if (b->sink >= 0 && b->len + n + 1 > BUF_FLUSH)
    buf_flush (b);
  if (b->len + n + 1 > b->cap)
    {
      size_t cap = b->cap ? b->cap : 256;
      char *grown;

      while (cap < b->len + n + 1)
        cap *= 2;
      grown = realloc (b->data, cap);
      if (grown == NULL)
        {
          b->failed = true;
          return;
        }
      b->data = grown;
      b->cap = cap;
    }
  memcpy (b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void
buf_printf (struct buf *b, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static void
buf_printf (struct buf *b, const char *fmt, ...)
{
  char tmp[128];
  va_list ap;
  int n;

  va_start (ap, fmt);
  n = vsnprintf (tmp, sizeof tmp, fmt, ap);
  va_end (ap);
  if (n > 0)
    buf_add (b, tmp, (size_t) n < sizeof tmp ? (size_t) n : sizeof tmp - 1);
}

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t
utf8_sequence_length (const unsigned char *s, size_t avail)
{
  size_t need;
  unsigned cp;

  if (s[0] < 0x80)
    return 1;
  if (s[0] >= 0xc2 && s[0] <= 0xdf)
    need = 2, cp = s[0] & 0x1f;
  else if (s[0] >= 0xe0 && s[0] <= 0xef)
    need = 3, cp = s[0] & 0x0f;
  else if (s[0] >= 0xf0 && s[0] <= 0xf4)
    need = 4, cp = s[0] & 0x07;
  else
    return 0;
  if (avail < need)
    return 0;
  for (size_t i = 1; i < need; i++)
    {
      if ((s[i] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i] & 0x3f);
    }
  if ((need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (need == 4 && (cp < 0x10000 || cp > 0x10ffff)))
    return 0;
  return need;
}

/* JSON string.  Bytes that are not valid UTF-8 become "\udcXX" (the
 * surrogateescape convention), so no byte of the output is lost: Python's
 * json.loads(...).encode("utf-8", "surrogateescape") gives the bytes back. */
static void
buf_json_string (struct buf *b, const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *) s;
  size_t i = 0;

  buf_add (b, "\"", 1);
  while (i < n)
    {
      size_t len = utf8_sequence_length (p + i, n - i);

      if (len == 0)
        {
          buf_printf (b, "\\udc%02x", p[i]);
          i++;
          continue;
        }
      if (len > 1)
        buf_add (b, s + i, len);
      else if (p[i] == '"' || p[i] == '\\')
        buf_printf (b, "\\%c", p[i]);
      else if (p[i] == '\n')
        buf_add (b, "\\n", 2);
      else if (p[i] == '\t')
        buf_add (b, "\\t", 2);
      else if (p[i] == '\r')
        buf_add (b, "\\r", 2);
      else if (p[i] < 0x20 || p[i] == 0x7f)
        buf_printf (b, "\\u%04x", p[i]);
      else
        buf_add (b, s + i, 1);
      i += len;
    }
  buf_add (b, "\"", 1);
}

static void
buf_json_cstr (struct buf *b, const char *s)
{
  buf_json_string (b, s, strlen (s));
}

static void
buf_key (struct buf *b, const char *key)
{
  if (b->keys++ > 0)
    buf_add (b, ", ", 2);
  buf_json_cstr (b, key);
  buf_add (b, ": ", 2);
}

static void
add_output (struct buf *b, const char *name, const struct nsbox_output *o)
{
  char truncated_key[32];

  buf_key (b, name);
  buf_json_string (b, o->data ? o->data : "", o->length);
  snprintf (truncated_key, sizeof truncated_key, "%s_truncated", name);
  buf_key (b, truncated_key);
  buf_add (b, o->truncated ? "true" : "false", o->truncated ? 4 : 5);
}

static void
add_error (struct buf *b, const struct nsbox_error *e)
{
  buf_key (b, "error");
  if (e == NULL)
    {
      buf_add (b, "null", 4);
      return;
    }
  buf_add (b, "{\"stage\": ", 10);
  if (e->stage)
    buf_json_cstr (b, e->stage);
  else
    buf_add (b, "null", 4);
  buf_printf (b, ", \"errno\": %d, \"message\": ", e->errno_value);
  _cleanup_free_ char *msg = nsbox_error_format (e);
  buf_json_cstr (b, msg ? msg : "");
  buf_add (b, "}", 1);
}

static void
add_int_or_null (struct buf *b, const char *key, bool valid, long long value)
{
  buf_key (b, key);
  if (valid)
    buf_printf (b, "%lld", value);
  else
    buf_add (b, "null", 4);
}

static void
add_language (struct buf *b, const struct nsbox_result *r)
{
  const struct nsbox_step_result *c = &r->compile;

  buf_key (b, "language");
  buf_json_cstr (b, r->language);
  buf_key (b, "profile");
  buf_json_cstr (b, r->profile ? r->profile : "standard");
  buf_key (b, "violations");
  buf_add (b, "[", 1);
  for (size_t i = 0; i < r->n_violations; i++)
    {
      const struct nsbox_violation *v = &r->violations[i];

      buf_add (b, i ? ", {\"rule\": " : "{\"rule\": ", i ? 11 : 9);
      buf_json_cstr (b, v->rule);
      buf_add (b, ", \"severity\": ", 14);
      buf_json_cstr (b, nsbox_severity_name (v->severity));
      buf_printf (b, ", \"line\": %u, \"message\": ", v->line);
      buf_json_cstr (b, v->message);
      buf_add (b, "}", 1);
    }
  buf_add (b, "]", 1);
  buf_key (b, "risk_score");
  buf_printf (b, "%d", r->risk_score);
  buf_key (b, "limits");
  buf_add (b, "{\"memory_bytes\": ", 17);
  if (r->limit_memory_bytes != UINT64_MAX && r->limit_memory_bytes)
    buf_printf (b, "%llu", (unsigned long long) r->limit_memory_bytes);
  else
    buf_add (b, "null", 4);
  buf_add (b, ", \"timeout_s\": ", 15);
  if (r->limit_timeout_ms)
    buf_printf (b, "%.3f", (double) r->limit_timeout_ms / 1000);
  else
    buf_add (b, "null", 4);
  buf_add (b, ", \"pids\": ", 10);
  if (r->limit_pids != UINT64_MAX && r->limit_pids)
    buf_printf (b, "%llu", (unsigned long long) r->limit_pids);
  else
    buf_add (b, "null", 4);
  buf_add (b, "}", 1);
  buf_key (b, "compile");
  if (!c->ran)
    {
      buf_add (b, "null", 4);
      return;
    }
  buf_add (b, "{\"status\": ", 11);
  buf_json_cstr (b, nsbox_status_name (c->status));
  buf_add (b, ", \"exit_code\": ", 15);
  if (c->exited)
    buf_printf (b, "%d", c->exit_code);
  else
    buf_add (b, "null", 4);
  buf_printf (b, ", \"wall_time_s\": %.6f, \"memory_peak_bytes\": ", c->wall_time_s);
  if (c->memory_peak_bytes >= 0)
    buf_printf (b, "%lld", (long long) c->memory_peak_bytes);
  else
    buf_add (b, "null", 4);
  buf_add (b, "}", 1);
}

static void
add_signal_name (struct buf *b, const char *key, int sig)
{
  buf_key (b, key);
  if (sig > 0 && sigabbrev_np (sig))
    {
      char name[32];
      snprintf (name, sizeof name, "SIG%s", sigabbrev_np (sig));
      buf_json_cstr (b, name);
    }
  else
    buf_add (b, "null", 4);
}

static void
build_report (struct buf *b, const struct nsbox_result *r);

char *
nsbox_result_to_json (const struct nsbox_result *r)
{
  struct buf b = { .sink = -1 };

  build_report (&b, r);
  if (b.failed)
    {
      free (b.data);
      return NULL;
    }
  return b.data;
}

int
nsbox_result_write_json (const struct nsbox_result *r, int fd)
{
  struct buf b = { .sink = fd };
  int saved;

  build_report (&b, r);
  buf_flush (&b);
  saved = errno;
  free (b.data);
  errno = saved;
  return b.failed ? -1 : 0;
}

static void
build_report (struct buf *b_, const struct nsbox_result *r)
{
  struct buf b = *b_;

  buf_add (&b, "{", 1);
  buf_key (&b, "status");
  buf_json_cstr (&b, nsbox_status_name (r->status));
  add_int_or_null (&b, "exit_code", r->exited, r->exit_code);
  buf_key (&b, "signal");
  if (r->signal > 0 && sigabbrev_np (r->signal))
    {
      char name[32];
      snprintf (name, sizeof name, "SIG%s", sigabbrev_np (r->signal));
      buf_json_cstr (&b, name);
    }
  else
    buf_add (&b, "null", 4);
  add_signal_name (&b, "interrupted_by", r->interrupted_by);
  buf_key (&b, "timed_out");
  buf_add (&b, r->timed_out ? "true" : "false", r->timed_out ? 4 : 5);
  buf_key (&b, "oom_killed");
  buf_add (&b, r->oom_killed ? "true" : "false", r->oom_killed ? 4 : 5);
  buf_key (&b, "wall_time_s");
  buf_printf (&b, "%.6f", r->wall_time_s);
  buf_key (&b, "cpu_time_s");
  if (r->have_cpu_time)
    buf_printf (&b, "{\"user\": %.6f, \"system\": %.6f}", r->cpu_user_s, r->cpu_system_s);
  else
    buf_add (&b, "null", 4);
  add_int_or_null (&b, "memory_peak_bytes", r->memory_peak_bytes >= 0, r->memory_peak_bytes);
  add_int_or_null (&b, "pids_peak", r->pids_peak >= 0, r->pids_peak);
  add_output (&b, "stdout", &r->out);
  add_output (&b, "stderr", &r->err);
  add_error (&b, r->error);
  if (r->language)
    add_language (&b, r);
  buf_add (&b, "}\n", 2);
  *b_ = b;
}
