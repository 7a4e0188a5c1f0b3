/* gc.c - `nsbox gc`: nsbox_gc(), printed. */
#define _GNU_SOURCE
#include "base/cleanup.h"
#include "cli.h"
#include "nsbox.h"

#include <getopt.h>
#include <stdio.h>

static void
print_one (void *data, enum nsbox_gc_kind kind, const char *name, const struct nsbox_error *failure)
{
  _cleanup_free_ char *msg = failure ? nsbox_error_format (failure) : NULL;

  (void) data;
  if (failure && kind == NSBOX_GC_ARTIFACT)
    nsbox_cli_error ("gc: %s", msg ? msg : "error");
  else if (failure)
    nsbox_cli_error ("gc: %s: %s", name, msg ? msg : "error");
  else if (kind == NSBOX_GC_USERNS)
    printf ("freed user namespace block %s\n", name);
  else
    printf ("removed %s%s\n", kind == NSBOX_GC_ARTIFACT ? "artifact " : "", name);
}

int
nsbox_cmd_gc (const struct nsbox_global_options *global, int argc, char **argv)
{
  static const struct option options[] = {
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  const char *state_root = global->state_root ? global->state_root : NSBOX_DEFAULT_STATE_ROOT;
  _cleanup_error_ struct nsbox_error *err = NULL;
  int opt, failed;

  opterr = 0;
  while ((opt = getopt_long (argc, argv, "+h", options, NULL)) != -1)
    switch (opt)
      {
      case 'h':
        puts ("Usage: nsbox gc\n\nRemove the processes, cgroups and state of sandboxes whose nsbox is gone.\n"
              "\nSee nsbox-gc(1).");
        return 0;
      default:
        nsbox_cli_error ("gc: unknown option `%s` (see nsbox gc --help)", argv[optind - 1]);
        return 125;
      }
  if (optind < argc)
    {
      nsbox_cli_error ("gc: unexpected argument `%s`", argv[optind]);
      return 125;
    }
  failed = nsbox_gc_owned (state_root, global->caller_only ? (int64_t) global->caller_uid : -1, print_one, NULL, &err);
  if (failed < 0)
    {
      print_one (NULL, NSBOX_GC_SANDBOX, state_root, err);
      return 125;
    }
  return failed ? 1 : 0;
}
