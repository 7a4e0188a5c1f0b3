/* progress.c - see progress.h. */
#define _GNU_SOURCE
#include "progress.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "image/store/store.h"

void
progress_init (struct progress *p, FILE *out, bool quiet)
{
  memset (p, 0, sizeof *p);
  p->out = out;
  p->on = !quiet && isatty (fileno (out));
}

static double
seconds_between (const struct timespec *a, const struct timespec *b)
{
  return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Finished rows at the top never change again: print them for good. */
static void
retire_finished (struct progress *p)
{
  int k = 0;

  while (k < p->n && p->rows[k].done)
    k++;
  if (k == 0)
    return;
  memmove (p->rows, p->rows + k, (size_t)(p->n - k) * sizeof p->rows[0]);
  p->n -= k;
  p->drawn = p->drawn > k ? p->drawn - k : 0;
}

void
progress_draw (struct progress *p, bool force)
{
  struct timespec now;

  if (!p->on)
    return;
  clock_gettime (CLOCK_MONOTONIC, &now);
  if (!force && seconds_between (&p->last, &now) < 0.1)
    return;
  p->last = now;
  if (p->drawn > 0)
    fprintf (p->out, "\033[%dA", p->drawn);
  for (int i = 0; i < p->n; i++)
    fprintf (p->out, "\r\033[K%s\n", p->rows[i].text);
  p->drawn = p->n;
  fflush (p->out);
  retire_finished (p);
}

void
progress_row (struct progress *p, const char *key, bool done, const char *fmt, ...)
{
  va_list ap;
  int i;

  if (!p->on)
    return;
  for (i = 0; i < p->n; i++)
    if (strcmp (p->rows[i].key, key) == 0)
      break;
  if (i == p->n)
    {
      /* Full of unfinished rows: draw them and start a new screenful. */
      if (p->n == PROGRESS_ROWS)
        {
          progress_draw (p, true);
          p->n = 0;
          p->drawn = 0;
        }
      i = p->n++;
      snprintf (p->rows[i].key, sizeof p->rows[i].key, "%s", key);
      clock_gettime (CLOCK_MONOTONIC, &p->rows[i].started);
    }
  va_start (ap, fmt);
  vsnprintf (p->rows[i].text, sizeof p->rows[i].text, fmt, ap);
  va_end (ap);
  p->rows[i].done = done;
  progress_draw (p, done);
}

double
progress_elapsed (const struct progress *p, const char *key)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  for (int i = 0; i < p->n; i++)
    if (strcmp (p->rows[i].key, key) == 0)
      return seconds_between (&p->rows[i].started, &now);
  return 0;
}

void
progress_size (int64_t bytes, char *out, size_t size)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
  double v = (double)bytes;
  int u = 0;

  while (v >= 1024 && u < 4)
    {
      v /= 1024;
      u++;
    }
  snprintf (out, size, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

static bool
has_row (const struct progress *p, const char *key)
{
  for (int i = 0; i < p->n; i++)
    if (strcmp (p->rows[i].key, key) == 0)
      return true;
  return false;
}

void
progress_blob (struct progress *p, const char *hex, int64_t done, int64_t total, bool finished)
{
  char key[80], name[32], size[32], of[32] = "", rate[40] = "";
  double seconds;

  if (!p->on)
    return;
  /* A blob whose digest is only known at the end (a docker-archive layer.tar). */
  snprintf (key, sizeof key, "blob:%s", hex ? hex : "?");
  if (hex && finished && !has_row (p, key) && has_row (p, "blob:?"))
    snprintf (key, sizeof key, "blob:?");
  snprintf (name, sizeof name, hex ? "sha256:%.12s" : "%s", hex ? hex : "(digest pending)");
  seconds = progress_elapsed (p, key);
  progress_size (done, size, sizeof size);
  if (finished)
    {
      progress_row (p, key, true, "Copying blob %s  done: %s in %.1f s", name, size, seconds);
      return;
    }
  if (total >= 0)
    {
      of[0] = '/';
      of[1] = ' ';
      progress_size (total, of + 2, sizeof of - 2);
    }
  if (seconds > 0.2)
    {
      progress_size ((int64_t)((double)done / seconds), rate, sizeof rate - 2);
      strcat (rate, "/s");
    }
  progress_row (p, key, false, "Copying blob %s  %s %s  %s", name, size, of, rate);
}

void
progress_on_store_layers (void *data, const struct nsbox_store_event *ev)
{
  struct progress *p = data;
  char key[80];

  if (ev->kind != NSBOX_STORE_LAYER_UNPACK && ev->kind != NSBOX_STORE_LAYER_DONE)
    return;
  snprintf (key, sizeof key, "layer:%s", ev->hex);
  if (ev->kind == NSBOX_STORE_LAYER_UNPACK)
    progress_row (p, key, false, "Unpacking layer %zu/%zu sha256:%.12s", ev->index, ev->count, ev->hex);
  else
    progress_row (p, key, true, "Unpacking layer %zu/%zu sha256:%.12s  done in %.1f s", ev->index, ev->count, ev->hex,
                  progress_elapsed (p, key));
}

void
progress_on_store (void *data, const struct nsbox_store_event *ev)
{
  struct progress *p = data;

  if (ev->kind == NSBOX_STORE_BLOB_BYTES || ev->kind == NSBOX_STORE_BLOB_DONE)
    progress_blob (p, ev->hex, ev->done, ev->total, ev->kind == NSBOX_STORE_BLOB_DONE);
  else
    progress_on_store_layers (data, ev);
}
