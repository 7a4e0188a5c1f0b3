/* image.c - `nsbox images`, `nsbox image ...`, `nsbox pull`: run the nsbox-image helper.
 *
 * The image commands need libarchive, libcrypto and libcurl; keeping them in a separate
 * program keeps those libraries out of `nsbox exec`, whose start-up time is the product. */
#define _GNU_SOURCE
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "datadirs.h"

int
nsbox_cmd_image (const struct nsbox_global_options *global, int argc, char **argv)
{
  const char *helper = nsbox_cli_dirs ()->image_helper;
  _cleanup_free_ char **args = calloc (argc + 4, sizeof *args);
  int n = 0;

  if (access (helper, X_OK) != 0)
    {
      nsbox_cli_error ("the image helper `%s` is not installed: %s", helper, strerror (errno));
      return 125;
    }
  if (args == NULL)
    {
      nsbox_cli_error ("out of memory");
      return 125;
    }
  args[n++] = "nsbox";
  if (global->store)
    {
      args[n++] = "--store";
      args[n++] = (char *) global->store;
    }
  for (int i = 0; i < argc; i++)
    args[n++] = argv[i];
  args[n] = NULL;
  execv (helper, args);
  nsbox_cli_error ("run `%s`: %s", helper, strerror (errno));
  return 125;
}
