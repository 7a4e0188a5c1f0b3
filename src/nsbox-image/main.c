/* nsbox-image - the image commands: everything that needs libarchive and libcrypto.
 *
 * `nsbox images`, `nsbox image ...` and `nsbox pull` exec this program (installed in
 * pkglibexecdir) so that `nsbox exec` never loads those libraries. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "nsbox.h"
#include "image/store/import.h"
#include "image/store/store.h"
#include "fsck.h"
#include "progress.h"
#include "pull.h"

#define EXIT_NSBOX_ERROR 125

static const char *store_dir;

static int
fail (struct nsbox_error *err)
{
  _cleanup_free_ char *text = nsbox_error_format (err);

  fprintf (stderr, "nsbox: %s\n", text ? text : "out of memory");
  nsbox_error_free (err);
  return EXIT_NSBOX_ERROR;
}

static int __attribute__ ((format (printf, 1, 2)))
usage_error (const char *fmt, ...)
{
  va_list ap;

  fprintf (stderr, "nsbox: ");
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fprintf (stderr, "\nTry `nsbox image --help`.\n");
  return 2;
}

static int
open_store (struct nsbox_store **store, struct nsbox_error **err)
{
  return nsbox_store_open (store_dir, store, err);
}

static int
cmd_images (int argc, char **argv)
{
  struct nsbox_error *err = NULL;
  struct nsbox_store *store = NULL;
  struct nsbox_image_info *images = NULL;
  bool quiet = argc > 1 && (strcmp (argv[1], "-q") == 0 || strcmp (argv[1], "--quiet") == 0);
  size_t n = 0;

  if (argc > (quiet ? 2 : 1))
    return usage_error ("images: unexpected argument `%s`", argv[quiet ? 2 : 1]);
  if (open_store (&store, &err) < 0 || nsbox_store_list_images (store, &images, &n, &err) < 0)
    {
      nsbox_store_close (store);
      return fail (err);
    }
  if (!quiet)
    printf ("%-40s %-19s %6s %10s  %s\n", "NAME", "MANIFEST", "LAYERS", "SIZE", "IMPORTED");
  for (size_t i = 0; i < n; i++)
    {
      char size[32], when[32];
      time_t t = images[i].created;
      struct tm tm;

      if (quiet)
        {
          printf ("%s\n", images[i].name);
          continue;
        }
      progress_size (images[i].size, size, sizeof size);
      strftime (when, sizeof when, "%Y-%m-%d %H:%M", gmtime_r (&t, &tm));
      printf ("%-40s sha256:%.12s %6zu %10s  %s\n", images[i].name, images[i].manifest.hex, images[i].n_layers, size, when);
    }
  nsbox_image_info_free (images, n);
  nsbox_store_close (store);
  return 0;
}

static int
cmd_import (int argc, char **argv)
{
  static const struct option options[] = {
    { "name", required_argument, NULL, 'n' },
    { "quiet", no_argument, NULL, 'q' },
    { NULL, 0, NULL, 0 },
  };
  struct nsbox_error *err = NULL;
  struct nsbox_store *store = NULL;
  _cleanup_free_ char *stored_as = NULL;
  struct progress progress;
  const char *name = NULL;
  bool quiet = false;
  int c, ret;

  optind = 1;
  while ((c = getopt_long (argc, argv, "n:q", options, NULL)) != -1)
    {
      if (c == 'q')
        quiet = true;
      else if (c == 'n')
        name = optarg;
      else
        return 2;
    }
  if (optind != argc - 1)
    return usage_error ("%s", "usage: nsbox image import SOURCE [--name NAME[:TAG]] [--quiet]");
  if (open_store (&store, &err) < 0)
    return fail (err);
  /* Blobs copied in and layers unpacked, on a terminal only. */
  progress_init (&progress, stderr, quiet);
  if (progress.on)
    nsbox_store_set_progress (store, progress_on_store, &progress);
  ret = nsbox_image_import (store, argv[optind], name, &stored_as, &err);
  progress_draw (&progress, true);
  nsbox_store_close (store);
  if (ret < 0)
    return fail (err);
  printf ("%s\n", stored_as);
  return 0;
}

static int
cmd_inspect (int argc, char **argv)
{
  struct nsbox_error *err = NULL;
  struct nsbox_store *store = NULL;

  if (argc < 2)
    return usage_error ("%s", "usage: nsbox image inspect NAME...");
  if (open_store (&store, &err) < 0)
    return fail (err);
  for (int i = 1; i < argc; i++)
    {
      _cleanup_free_ char *text = NULL;
      if (nsbox_store_inspect_image (store, argv[i], &text, &err) < 0)
        {
          nsbox_store_close (store);
          return fail (err);
        }
      printf ("%s\n", text);
    }
  nsbox_store_close (store);
  return 0;
}

static int
cmd_rm (int argc, char **argv)
{
  struct nsbox_error *err = NULL;
  struct nsbox_store *store = NULL;
  int status = 0;

  if (argc < 2)
    return usage_error ("%s", "usage: nsbox image rm NAME...");
  if (open_store (&store, &err) < 0)
    return fail (err);
  for (int i = 1; i < argc; i++)
    if (nsbox_store_remove_image (store, argv[i], &err) < 0)
      {
        status = fail (err);
        err = NULL;
      }
  nsbox_store_close (store);
  return status;
}

static int
cmd_prune (int argc, char **argv)
{
  struct nsbox_error *err = NULL;
  struct nsbox_store *store = NULL;
  struct nsbox_prune_stats stats;
  char freed[32];

  if (argc > 1)
    return usage_error ("prune: unexpected argument `%s`", argv[1]);
  if (open_store (&store, &err) < 0)
    return fail (err);
  if (nsbox_store_prune (store, &stats, &err) < 0)
    {
      nsbox_store_close (store);
      return fail (err);
    }
  nsbox_store_close (store);
  progress_size ((int64_t) stats.bytes_freed, freed, sizeof freed);
  printf ("removed %zu blobs (%s) and %zu layers\n", stats.blobs_removed, freed, stats.layers_removed);
  return 0;
}

static int
cmd_fsck (int argc, char **argv)
{
  return nsbox_image_cmd_fsck (argc, argv, store_dir);
}

static void
usage (FILE *out)
{
  fprintf (out, "Usage: nsbox [--store DIR] images [-q]\n"
                "       nsbox [--store DIR] image ls [-q]\n"
                "       nsbox [--store DIR] image import SOURCE [--name NAME[:TAG]] [--quiet]\n"
                "       nsbox [--store DIR] image inspect NAME...\n"
                "       nsbox [--store DIR] image rm NAME...\n"
                "       nsbox [--store DIR] image prune\n"
                "       nsbox [--store DIR] image fsck [--repair]\n"
                "       nsbox [--store DIR] pull [--tls-verify=false] [--cert-dir DIR] [--authfile FILE]\n"
                "                                [--creds USER:PASSWORD] [--quiet] REFERENCE\n"
                "SOURCE: oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:REPO:TAG]\n"
                "The store is --store, else $NSBOX_STORE, else " NSBOX_STORE_DEFAULT_DIR " (for root;\n"
                "$XDG_DATA_HOME/nsbox or ~/.local/share/nsbox for anyone else).\n");
}

static const struct
{
  const char *name;
  int (*run) (int argc, char **argv);
} image_commands[] = {
  { "ls", cmd_images }, { "list", cmd_images }, { "import", cmd_import },
  { "inspect", cmd_inspect }, { "rm", cmd_rm }, { "prune", cmd_prune }, { "fsck", cmd_fsck },
};

static int
dispatch_image (int argc, char **argv)
{
  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }
  for (size_t i = 0; i < sizeof image_commands / sizeof image_commands[0]; i++)
    if (strcmp (argv[1], image_commands[i].name) == 0)
      return image_commands[i].run (argc - 1, argv + 1);
  return usage_error ("unknown image command `%s`", argv[1]);
}

int
main (int argc, char **argv)
{
  int i = 1;

  store_dir = getenv ("NSBOX_STORE");
  for (; i < argc && strncmp (argv[i], "--store", 7) == 0; i++)
    {
      if (argv[i][7] == '=')
        store_dir = argv[i] + 8;
      else if (argv[i][7] == '\0' && i + 1 < argc)
        store_dir = argv[++i];
      else
        return usage_error ("%s", "--store needs a directory");
    }
  if ((store_dir == NULL || *store_dir == '\0') && geteuid () != 0)
    {
      static char *own;
      struct nsbox_error *err = NULL;

      if (nsbox_user_data_dir (&own, &err) < 0)
        {
          fprintf (stderr, "nsbox-image: %s\n", err->message);
          nsbox_error_free (err);
          return 2;
        }
      store_dir = own;
    }
  if (store_dir == NULL || *store_dir == '\0')
    store_dir = NSBOX_STORE_DEFAULT_DIR;
  /* Layers keep their own modes; nothing the store creates should be group/world writable. */
  umask (022);
  if (i >= argc || strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
    {
      usage (i >= argc ? stderr : stdout);
      return i >= argc ? 2 : 0;
    }
  if (strcmp (argv[i], "images") == 0)
    return cmd_images (argc - i, argv + i);
  if (strcmp (argv[i], "image") == 0)
    return dispatch_image (argc - i, argv + i);
  if (strcmp (argv[i], "pull") == 0)
    return nsbox_image_cmd_pull (argc - i, argv + i, store_dir);
  return usage_error ("unknown command `%s`", argv[i]);
}
