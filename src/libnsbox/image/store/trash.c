#define _GNU_SOURCE
#include "image/store/trash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "image/store/layer.h"

int
nsbox_store_trash_begin (struct nsbox_store *s, struct nsbox_store_trash *t, struct nsbox_error **err)
{
  memset (t, 0, sizeof *t);
  t->trash_fd = t->dir_fd = -1;
  if (mkdirat (s->dirfd, "trash", 0700) < 0 && errno != EEXIST)
    return nsbox_error_errno (err, errno, "create `%s/trash`", s->dir);
  t->trash_fd = openat (s->dirfd, "trash", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (t->trash_fd < 0)
    return nsbox_error_errno (err, errno, "open `%s/trash`", s->dir);
  if (nsbox_store_tmp_name ("prune", t->name, sizeof t->name, err) < 0)
    return -1;
  if (mkdirat (t->trash_fd, t->name, 0700) < 0)
    return nsbox_error_errno (err, errno, "create trash directory");
  t->dir_fd = openat (t->trash_fd, t->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  /* Fresh and unguessable: nobody else can hold its lock. */
  if (t->dir_fd < 0 || flock (t->dir_fd, LOCK_EX | LOCK_NB) < 0)
    return nsbox_error_errno (err, errno, "lock trash directory");
  return 0;
}

int
nsbox_store_trash_move (struct nsbox_store_trash *t, int dirfd, const char *name, struct nsbox_error **err)
{
  char slot[32];

  /* A layer and its blob share a name: the trash numbers its entries instead. */
  snprintf (slot, sizeof slot, "%zu", t->n);
  if (renameat (dirfd, name, t->dir_fd, slot) < 0)
    {
      if (errno == ENOENT)
        return 0;
      return nsbox_error_errno (err, errno, "move `%s` to the trash", name);
    }
  t->n++;
  return 0;
}

int
nsbox_store_trash_adopt_abandoned (struct nsbox_store_trash *t, struct nsbox_error **err)
{
  _cleanup_closedir_ DIR *dir = NULL;
  struct dirent *de;
  int fd = openat (t->trash_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      if (fd >= 0)
        close (fd);
      return nsbox_error_errno (err, errno, "read trash");
    }
  while ((de = readdir (dir)) != NULL)
    {
      _cleanup_close_ int other = -1;

      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0 || strcmp (de->d_name, t->name) == 0)
        continue;
      other = openat (t->trash_fd, de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      /* Held: its owner is still deleting, after our exclusive lock let it go. */
      if (other >= 0 && flock (other, LOCK_EX | LOCK_NB) < 0)
        continue;
      if (nsbox_store_trash_move (t, t->trash_fd, de->d_name, err) < 0)
        return -1;
    }
  return 0;
}

void
nsbox_store_trash_release (struct nsbox_store_trash *t)
{
  if (t->dir_fd >= 0)
    close (t->dir_fd);
  if (t->trash_fd >= 0)
    close (t->trash_fd);
  t->dir_fd = t->trash_fd = -1;
}

int
nsbox_store_trash_empty (struct nsbox_store_trash *t, struct nsbox_error **err)
{
  int ret = 0;

  if (t->trash_fd >= 0 && t->name[0])
    ret = nsbox_remove_tree_at (t->trash_fd, t->name, err);
  nsbox_store_trash_release (t);
  return ret < 0 ? nsbox_error_prefix (err, "empty the store's trash") : 0;
}
