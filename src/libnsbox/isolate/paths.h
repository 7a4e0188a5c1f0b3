/* paths.h - resolving paths that come from an image or a user inside a root.
 *
 * Symlinks are followed as if the root were "/", so a link in an image can
 * never lead a mount or a file outside it (CVE-2021-30465). */
#ifndef NSBOX_PATHS_H
#define NSBOX_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

enum nsbox_path_create
{
  NSBOX_PATH_MUST_EXIST,
  NSBOX_PATH_CREATE_DIR,  /* create missing components as directories */
  NSBOX_PATH_CREATE_FILE, /* create missing parents as directories, the last as an empty file */
};

/* openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS) with O_PATH; creates what is
 * missing as asked.  Returns an O_PATH fd. */
int nsbox_path_open_in_root (int root_fd, const char *path, enum nsbox_path_create create,
                             struct nsbox_error **err);

/* Whether path exists inside the root (same resolution rules). */
bool nsbox_path_exists_in_root (int root_fd, const char *path);

/* "/proc/self/fd/N" for mount(2) targets. */
void nsbox_path_fd_name (int fd, char buf[static 32]);

/* Normalise an absolute in-sandbox path lexically: collapses "//" and "/./",
 * refuses "..". Writes at most size bytes. */
int nsbox_path_normalize (const char *path, char *out, size_t size, struct nsbox_error **err);

#endif
