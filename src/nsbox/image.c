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

#ifndef NSBOX_LIBEXECDIR
#define NSBOX_LIBEXECDIR "/usr/local/libexec/nsbox"
#endif

/* The installed helper, else (running from a build tree) the one next to this binary's directory. */
static char *
helper_path (void)
{
  char self[PATH_MAX], *slash, *path = NULL;
  ssize_t n;

  if (access (NSBOX_LIBEXECDIR "/nsbox-image", X_OK) == 0)
    return strdup (NSBOX_LIBEXECDIR "/nsbox-image");
  n = readlink ("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return NULL;
  self[n] = '\0';
  slash = strrchr (self, '/');
  if (slash == NULL)
    return NULL;
  *slash = '\0';
  if (asprintf (&path, "%s/../nsbox-image/nsbox-image", self) < 0)
    return NULL;
  if (access (path, X_OK) != 0)
    {
      free (path);
      return NULL;
    }
  return path;
}

int
nsbox_cmd_image (const struct nsbox_global_options *global, int argc, char **argv)
{
  _cleanup_free_ char *helper = helper_path ();
  _cleanup_free_ char **args = calloc (argc + 4, sizeof *args);
  int n = 0;

  if (helper == NULL)
    {
      nsbox_cli_error ("the image helper `%s/nsbox-image` is not installed", NSBOX_LIBEXECDIR);
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
