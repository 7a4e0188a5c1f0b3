/* fsck.c - `nsbox image fsck [--repair]`: verify the store, print what is wrong, fix it. */
#define _GNU_SOURCE
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "image/store/fsck.h"
#include "image/store/store.h"
#include "fsck.h"

#define EXIT_SOUND 0
#define EXIT_REPAIRED 1
#define EXIT_PROBLEMS 2
#define EXIT_FAILED 125

static void
mib (uint64_t bytes, char *out, size_t size)
{
  snprintf (out, size, "%.1f MiB", (double) bytes / (1024.0 * 1024.0));
}

static void
print_report (const struct nsbox_fsck_report *r)
{
  char hashed[32], unref[32];

  for (size_t i = 0; i < r->n_problems; i++)
    {
      const struct nsbox_fsck_problem *p = &r->problems[i];

      printf ("%s %s: %s", nsbox_fsck_kind_name (p->kind), p->object, p->message);
      if (p->image)
        printf (" (image %s)", p->image);
      if (p->repair)
        printf (" [%s]", p->repair);
      putchar ('\n');
    }
  mib (r->bytes_hashed, hashed, sizeof hashed);
  printf ("checked %zu blobs (%s hashed), %zu layers, %zu images: %zu problems, %zu repaired\n", r->blobs, hashed,
          r->layers, r->images, r->n_problems, r->n_repaired);
  if (r->unreferenced_blobs || r->unreferenced_layers)
    {
      mib (r->unreferenced_bytes, unref, sizeof unref);
      printf ("%zu blobs (%s) and %zu layers no image references: `nsbox image prune` removes them\n",
              r->unreferenced_blobs, unref, r->unreferenced_layers);
    }
  if (!r->leftovers_checked)
    printf ("the store is in use: tmp/, locks/ and trash/ were not checked (run again when it is idle, "
            "or with --repair, which waits)\n");
}

int
nsbox_image_cmd_fsck (int argc, char **argv, const char *store_dir)
{
  static const struct option options[] = { { "repair", no_argument, NULL, 'r' }, { NULL, 0, NULL, 0 } };
  struct nsbox_error *err = NULL;
  struct nsbox_store *store = NULL;
  struct nsbox_fsck_report *report = NULL;
  bool repair = false;
  int c, status;

  optind = 1;
  while ((c = getopt_long (argc, argv, "", options, NULL)) != -1)
    {
      if (c != 'r')
        return 2;
      repair = true;
    }
  if (optind != argc)
    {
      fprintf (stderr, "nsbox: usage: nsbox image fsck [--repair]\n");
      return 2;
    }
  /* Untouched: the store's own clean-up of tmp/ on open would hide what fsck should report. */
  if (nsbox_store_open_untouched (store_dir, &store, &err) < 0 || nsbox_store_fsck (store, repair, &report, &err) < 0)
    {
      _cleanup_free_ char *text = nsbox_error_format (err);
      fprintf (stderr, "nsbox: image fsck: %s\n", text ? text : "out of memory");
      nsbox_error_free (err);
      nsbox_store_close (store);
      return EXIT_FAILED;
    }
  nsbox_store_close (store);
  print_report (report);
  status = report->n_problems == 0                   ? EXIT_SOUND
           : report->n_repaired == report->n_problems ? EXIT_REPAIRED
                                                      : EXIT_PROBLEMS;
  nsbox_fsck_report_free (report);
  return status;
}
