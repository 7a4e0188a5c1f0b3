/* inputs.c - what --stdin-each names: files, and directories of them. */
#define _GNU_SOURCE
#include "lang/inputs.h"
#include "base/strv.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int
by_name (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* A directory's files (not its dot files, nor what is not a regular file),
 * in the order of their names, as DIR/NAME. */
static int
list_inputs (const char *dir, char ***files, struct nsbox_error **err)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  size_t first = nsbox_strv_length (*files);
  int rc = 0;

  if (d == NULL)
    return nsbox_error_errno (err, errno, "--stdin-each `%s`", dir);
  while (rc == 0 && (e = readdir (d)) != NULL)
    {
      struct stat st;

      if (e->d_name[0] == '.' || fstatat (dirfd (d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0
          || !S_ISREG (st.st_mode))
        continue;
      rc = nsbox_strv_appendf (files, err, "%s/%s", dir, e->d_name);
    }
  closedir (d);
  if (rc == 0 && nsbox_strv_length (*files) == first)
    return nsbox_error_msg (err, "--stdin-each `%s`: no file in it", dir);
  if (rc == 0)
    qsort (*files + first, nsbox_strv_length (*files) - first, sizeof **files, by_name);
  return rc;
}

int
nsbox_lang_inputs_expand (char *const *given, char ***files, struct nsbox_error **err)
{
  for (char *const *p = given; p && *p; p++)
    {
      struct stat st;

      /* Checked before the compile step; each run opens its file again. */
      if (stat (*p, &st) < 0)
        return nsbox_error_errno (err, errno, "--stdin-each `%s`", *p);
      if (S_ISDIR (st.st_mode))
        {
          if (list_inputs (*p, files, err) < 0)
            return -1;
        }
      else if (!S_ISREG (st.st_mode))
        return nsbox_error_msg (err, "--stdin-each `%s`: not a regular file or a directory", *p);
      else if (nsbox_strv_append (files, *p, err) < 0)
        return -1;
    }
  return 0;
}
