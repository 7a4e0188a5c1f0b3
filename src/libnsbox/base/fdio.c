/* fdio.c - whole reads and writes on a file descriptor, and removing a tree below one. */
#define _GNU_SOURCE
#include "base/fdio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"

int
nsbox_write_all (int fd, const void *buf, size_t len)
{
  for (size_t done = 0; done < len;)
    {
      ssize_t n = write (fd, (const char *) buf + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -errno;
      done += (size_t) n;
    }
  return 0;
}

int
nsbox_read_all (int fd, void *buf, size_t len)
{
  for (size_t done = 0; done < len;)
    {
      ssize_t n = read (fd, (char *) buf + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -errno;
      if (n == 0)
        return -EIO;
      done += (size_t) n;
    }
  return 0;
}

static int
too_large (const char *name, size_t max, struct nsbox_error **err)
{
  return nsbox_error_errno (err, EFBIG, "`%s` is larger than %zu bytes", name, max);
}

int
nsbox_read_fd (int fd, const char *name, size_t max, char **text, size_t *length, struct nsbox_error **err)
{
  _cleanup_free_ char *buf = NULL;
  size_t len = 0, cap;
  struct stat st;

  if (fstat (fd, &st) < 0)
    return nsbox_error_errno (err, errno, "stat `%s`", name);
  if (S_ISREG (st.st_mode) && (uint64_t) st.st_size > max)
    return too_large (name, max, err);
  /* Room for what a file says it holds and the NUL: one read and one read
   * of EOF on the usual path.  The NUL's byte also catches a file that is
   * longer than it said (/proc's and pipes say 0); the buffer then grows,
   * doubling, up to max + 1. */
  cap = (S_ISREG (st.st_mode) && st.st_size > 0 ? (size_t) st.st_size : 4095) + 1;
  if (cap > max + 1)
    cap = max + 1;
  if ((buf = malloc (cap)) == NULL)
    return nsbox_error_oom (err);
  for (;;)
    {
      ssize_t n;

      if (len == cap)
        {
          size_t bigger = cap > (max + 1) / 2 ? max + 1 : cap * 2;
          char *grown = realloc (buf, bigger);

          if (grown == NULL)
            return nsbox_error_oom (err);
          buf = grown;
          cap = bigger;
        }
      n = read (fd, buf + len, cap - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return nsbox_error_errno (err, errno, "read `%s`", name);
      if (n == 0)
        break;
      len += (size_t) n;
      if (len > max)
        return too_large (name, max, err);
    }
  buf[len] = '\0';
  *text = steal_pointer (&buf);
  *length = len;
  return 0;
}

int
nsbox_read_chunks (int fd, const char *name, nsbox_chunk_consumer *consume, void *data, struct nsbox_error **err)
{
  char buf[128 * 1024];

  for (;;)
    {
      ssize_t n = read (fd, buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return nsbox_error_errno (err, errno, "read %s", name);
      if (n == 0)
        return 0;
      if (consume (data, buf, (size_t) n, err) < 0)
        return -1;
    }
}

int
nsbox_open_regular (const char *path, struct nsbox_error **err)
{
  /* O_NONBLOCK: a FIFO nobody writes to would block open(2) itself. */
  _cleanup_close_ int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  struct stat st;

  if (fd < 0)
    return nsbox_error_errno (err, errno, "open `%s`", path);
  if (fstat (fd, &st) < 0)
    return nsbox_error_errno (err, errno, "stat `%s`", path);
  /* A device would have us read what never ends, or wait. */
  if (!S_ISREG (st.st_mode))
    return nsbox_error_msg (err, "`%s` is not a regular file", path);
  if (fcntl (fd, F_SETFL, 0) < 0)
    return nsbox_error_errno (err, errno, "open `%s`", path);
  return steal_fd (&fd);
}

int
nsbox_read_file (const char *path, size_t max, char **text, size_t *length, struct nsbox_error **err)
{
  _cleanup_close_ int fd = nsbox_open_regular (path, err);

  if (fd < 0)
    return -1;
  return nsbox_read_fd (fd, path, max, text, length, err);
}

int
nsbox_remove_tree_at (int parent, const char *name, struct nsbox_error **err)
{
  _cleanup_closedir_ DIR *dir = NULL;
  struct dirent *de;
  int fd;

  if (unlinkat (parent, name, 0) == 0 || errno == ENOENT)
    return 0;
  if (errno != EISDIR && errno != EPERM)
    return nsbox_error_errno (err, errno, "remove `%s`", name);
  fd = openat (parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open `%s` for removal", name);
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return nsbox_error_errno (err, errno, "read directory `%s`", name);
    }
  while ((errno = 0, de = readdir (dir)) != NULL)
    {
      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      if (nsbox_remove_tree_at (dirfd (dir), de->d_name, err) < 0)
        return -1;
    }
  if (errno != 0)
    return nsbox_error_errno (err, errno, "read directory `%s`", name);
  if (unlinkat (parent, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
    return nsbox_error_errno (err, errno, "remove directory `%s`", name);
  return 0;
}

int
nsbox_make_dirs (const char *dir, mode_t mode, struct nsbox_error **err)
{
  _cleanup_free_ char *path = strdup (dir);

  if (path == NULL)
    return nsbox_error_oom (err);
  for (char *p = path + 1; *p; p++)
    if (*p == '/')
      {
        *p = '\0';
        if (mkdir (path, 0755) < 0 && errno != EEXIST)
          return nsbox_error_errno (err, errno, "create `%s`", path);
        *p = '/';
      }
  if (mkdir (dir, mode) < 0 && errno != EEXIST)
    return nsbox_error_errno (err, errno, "create `%s`", dir);
  return 0;
}
