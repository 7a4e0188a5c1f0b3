#define _GNU_SOURCE
#include "cli.h"
#include "base/cleanup.h"
#include "nsbox.h"
#include "suid-client.h"

#include <build-config.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The mask nsbox was started with. */
static sigset_t mask_at_start;

/* Before main, before the libraries' own constructors: a signal in the few
 * milliseconds before a sandbox's event loop handles them must not kill
 * nsbox with its state half made.  exec keeps them blocked (the library takes
 * them from there); other commands get the mask they were started with back.
 * Only what the kernel and the C library do before this first constructor
 * remains: nsbox has made nothing yet then. */
__attribute__ ((constructor (101))) static void
block_stop_signals (void)
{
  sigprocmask (SIG_BLOCK, NULL, &mask_at_start);
  nsbox_block_stop_signals ();
}

/* A closed stdin, stdout or stderr would be the number of the next fd nsbox
 * opens (a pipe of the sandbox, say), which would then be relayed to itself:
 * /dev/null stands in for each closed one, as for a daemon. */
static void
open_standard_fds (void)
{
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl (fd, F_GETFD) < 0 && errno == EBADF)
      {
        int null = open ("/dev/null", O_RDWR);
        if (null >= 0 && null != fd)
          {
            dup2 (null, fd);
            close (null);
          }
      }
}

static const struct nsbox_command commands[] = {
  { "exec", nsbox_cmd_exec, "run a command in a new sandbox" },
  { "langs", nsbox_cmd_langs, "list the language policies" },
  { "check", nsbox_cmd_check, "run a language's pre-execution checks on code, with no sandbox" },
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

static void
usage (FILE *out)
{
  fprintf (out, "Usage: nsbox [--root DIR] [--store DIR] COMMAND [OPTIONS] ...\n\nCommands:\n");
  for (const struct nsbox_command *c = commands; c->name; c++)
    fprintf (out, "  %-10s %s\n", c->name, c->summary);
  fprintf (out, "\nSee nsbox(1) and nsbox-COMMAND(1).\n");
}

/* A user who is not root runs rootless, with a state root and a store of
 * their own (userdirs.h) unless --root, --store or $NSBOX_STORE name others. */
static int
user_defaults (struct nsbox_global_options *global)
{
  static char *state_root, *store;
  struct nsbox_error *err = NULL;

  if (geteuid () == 0)
    return 0;
  if (global->state_root == NULL && nsbox_user_runtime_dir (&state_root, &err) < 0)
    {
      nsbox_cli_print_error (err);
      nsbox_error_free (err);
      return -1;
    }
  if (global->state_root == NULL)
    global->state_root = state_root;
  /* Only where a store is used: a missing home must not stop `nsbox ps`. */
  if ((global->store == NULL || *global->store == '\0') && nsbox_user_data_dir (&store, NULL) == 0)
    global->store = store;
  return 0;
}

/* A user's `ps` and `gc` are the setuid helper's, where it is installed:
 * its sandboxes are in root's state root (exec goes through it too, later,
 * having read its flags). */
static bool
through_helper (const struct nsbox_global_options *global, const char *command)
{
  if (geteuid () == 0 || global->state_root_given || (strcmp (command, "ps") != 0 && strcmp (command, "gc") != 0))
    return false;
  return nsbox_cli_suid_helper () != NULL;
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

  open_standard_fds ();
  while ((opt = getopt_long (argc, argv, "+h", options, NULL)) != -1)
    switch (opt)
      {
      case 'r':
        global.state_root = optarg;
        global.state_root_given = true;
        break;
      case 's':
        global.store = optarg;
        global.store_given = true;
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
  if (through_helper (&global, argv[optind]))
    return nsbox_cli_suid_command (nsbox_cli_suid_helper (), argc - optind, argv + optind);
  /* `version` reads no state: a runtime directory it cannot use must not stop it. */
  if (strcmp (argv[optind], "version") != 0 && user_defaults (&global) < 0)
    return 125;
  for (const struct nsbox_command *c = commands; c->name; c++)
    if (strcmp (argv[optind], c->name) == 0)
      {
        argv += optind;
        argc -= optind;
        optind = 0;
        if (c->run != nsbox_cmd_exec)
          sigprocmask (SIG_SETMASK, &mask_at_start, NULL);
        return c->run (&global, argc, argv);
      }
  nsbox_cli_error ("unknown command `%s` (see nsbox --help)", argv[optind]);
  return 125;
}
