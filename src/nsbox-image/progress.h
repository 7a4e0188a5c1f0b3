/* progress.h - progress of long image work on a terminal, one line per item.
 *
 * Only on a terminal: rows are redrawn in place (at most ten times a second),
 * a finished row stays as the last word on its item.  Off a terminal, or with
 * --quiet, nothing is drawn at all. */
#ifndef NSBOX_IMAGE_CLI_PROGRESS_H
#define NSBOX_IMAGE_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define PROGRESS_ROWS 24

struct progress
{
  FILE *out;
  bool on;
  int drawn; /* rows on screen below the finished ones */
  struct timespec last;
  struct
  {
    char key[80];
    char text[200];
    bool done;
    struct timespec started;
  } rows[PROGRESS_ROWS];
  int n;
};

/* On when out is a terminal and not quiet. */
void progress_init (struct progress *p, FILE *out, bool quiet);

/* Set the text of the row `key` (added at the bottom if new); done: final. */
void progress_row (struct progress *p, const char *key, bool done, const char *fmt, ...)
    __attribute__ ((format (printf, 4, 5)));

/* Seconds since the row `key` first appeared (0 if unknown). */
double progress_elapsed (const struct progress *p, const char *key);

/* Redraw now if something changed and the last redraw is 100 ms old (force: now). */
void progress_draw (struct progress *p, bool force);

/* "12.3 MiB" */
void progress_size (int64_t bytes, char *out, size_t size);

/* A row for a blob being copied: "Copying blob sha256:0123456789ab  1.2 MiB / 3.4 MiB  5.6 MiB/s",
 * and when done "... done: 3.4 MiB in 0.6 s". */
void progress_blob (struct progress *p, const char *hex, int64_t done, int64_t total, bool finished);

struct nsbox_store_event;
/* nsbox_store_set_progress() callbacks (data: struct progress): every event, or the layers only. */
void progress_on_store (void *data, const struct nsbox_store_event *event);
void progress_on_store_layers (void *data, const struct nsbox_store_event *event);

#endif
