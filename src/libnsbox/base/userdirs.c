/* userdirs.c - where nsbox keeps a user's own state and images (nsbox.h).
 *
 * Root's are fixed (/run/nsbox, /var/lib/nsbox); a user who is not root runs
 * rootless and keeps both in directories of their own, as the XDG base
 * directory convention says. */
#define _GNU_SOURCE
#include "nsbox.h"
#include "base/cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *
absolute_env (const char *name)
{
  const char *value = secure_getenv (name);

  return value && value[0] == '/' ? value : NULL;
}

/* A directory of ours that nobody else may write to, not reached by a
 * symlink at its last component. */
static int
check_private (const char *dir, struct nsbox_error **err)
{
  struct stat st;

  if (lstat (dir, &st) < 0)
    return nsbox_error_errno (err, errno, "`%s`", dir);
  if (!S_ISDIR (st.st_mode))
    return nsbox_error_errno (err, ENOTDIR, "`%s`", dir);
  if (st.st_uid != geteuid () || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    return nsbox_error_errno (err, EPERM, "`%s` is not a directory of uid %u closed to others", dir,
                              (unsigned) geteuid ());
  return 0;
}

int
nsbox_user_runtime_dir (char **dir, struct nsbox_error **err)
{
  const char *runtime = absolute_env ("XDG_RUNTIME_DIR");
  _cleanup_free_ char *base = NULL;

  if (runtime)
    base = strdup (runtime);
  else if (asprintf (&base, "/tmp/nsbox-%u", (unsigned) geteuid ()) < 0)
    base = NULL;
  if (base == NULL)
    return nsbox_error_oom (err);
  if (runtime == NULL && mkdir (base, 0700) < 0 && errno != EEXIST)
    return nsbox_error_errno (err, errno, "runtime directory `%s`", base);
  if (check_private (base, err) < 0)
    return nsbox_error_prefix (err, "runtime directory");
  if (asprintf (dir, "%s/nsbox", base) < 0)
    return nsbox_error_oom (err);
  return 0;
}

int
nsbox_user_data_dir (char **dir, struct nsbox_error **err)
{
  const char *data = absolute_env ("XDG_DATA_HOME");
  const char *home = absolute_env ("HOME");
  int n;

  /* No getpwuid: nsbox is linked statically, where NSS is not to be had. */
  if (data)
    n = asprintf (dir, "%s/nsbox", data);
  else if (home)
    n = asprintf (dir, "%s/.local/share/nsbox", home);
  else
    return nsbox_error_msg (err, "uid %u has no home directory: set XDG_DATA_HOME or name a store with --store",
                            (unsigned) geteuid ());
  return n < 0 ? nsbox_error_oom (err) : 0;
}
