#define _GNU_SOURCE
#include "cli.h"
#include "base/stamp.h"

#include "base/cleanup.h"
#include "base/error.h"

#include <build-config.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct nsbox_command commands[] = {
  { "exec", nsbox_cmd_exec, "run a command in a new sandbox" },
  { "langs", nsbox_cmd_langs, "list the language policies" },
  { "stats", nsbox_cmd_stats, "summarise the results log" },
  { "images", nsbox_cmd_image, "list the images in the store" },
  { "image", nsbox_cmd_image, "import, inspect, remove and prune images" },
  { "pull", nsbox_cmd_image, "fetch an image from a registry" },
  { "ps", nsbox_cmd_ps, "list the sandboxes that run" },
  { "gc", nsbox_cmd_gc, "remove what sandboxes of a dead nsbox left behind" },
  { "version", nsbox_cmd_version, "the version, the commit and the features of this nsbox" },
  { NULL, NULL, NULL },
};

void
nsbox_cli_error (const char *fmt, ...)
{
  va_list ap;

  fputs ("nsbox: ", stderr);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
}

void
nsbox_cli_print_error (const struct nsbox_error *err)
{
  _cleanup_free_ char *msg = nsbox_error_format (err);

  nsbox_cli_error ("%s", msg ? msg : "unknown error");
}

int
nsbox_cli_write_report (const char *path, const char *json)
{
  _cleanup_close_ int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  size_t len = strlen (json);

  if (fd < 0 || write (fd, json, len) != (ssize_t) len)
    {
      nsbox_cli_error ("write the report `%s`: %s", path, strerror (errno));
      return -1;
    }
  return 0;
}

static void
usage (FILE *out)
{
  fprintf (out, "Usage: nsbox [--root DIR] [--store DIR] COMMAND [OPTIONS] ...\n\nCommands:\n");
  for (const struct nsbox_command *c = commands; c->name; c++)
    fprintf (out, "  %-10s %s\n", c->name, c->summary);
  fprintf (out, "\nSee nsbox(1) and nsbox-COMMAND(1).\n");
}

int
main (int argc, char **argv)
{
  static const struct option options[] = {
    { "root", required_argument, NULL, 'r' },
    { "store", required_argument, NULL, 's' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
  };
  struct nsbox_global_options global = { .state_root = NULL, .store = getenv ("NSBOX_STORE") };
  int opt;

  nsbox_stamps_init ();
  while ((opt = getopt_long (argc, argv, "+h", options, NULL)) != -1)
    switch (opt)
      {
      case 'r':
        global.state_root = optarg;
        break;
      case 's':
        global.store = optarg;
        break;
      case 'h':
        usage (stdout);
        return 0;
      case 'V':
        return nsbox_cmd_version (&global, 1, argv);
      default:
        usage (stderr);
        return 125;
      }
  if (optind >= argc)
    {
      usage (stderr);
      return 125;
    }
  for (const struct nsbox_command *c = commands; c->name; c++)
    if (strcmp (argv[optind], c->name) == 0)
      {
        argv += optind;
        argc -= optind;
        optind = 0;
        return c->run (&global, argc, argv);
      }
  nsbox_cli_error ("unknown command `%s` (see nsbox --help)", argv[optind]);
  return 125;
}
