#define _GNU_SOURCE
#include "isolate/paths.h"
#include "base/cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int
openat2_in_root (int root_fd, const char *path, int flags)
{
  struct open_how how = {
    .flags = (uint64_t) flags | O_CLOEXEC,
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };
  int fd;

  do
    fd = (int) syscall (SYS_openat2, root_fd, path, &how, sizeof how);
  while (fd < 0 && errno == EAGAIN);
  return fd;
}

void
nsbox_path_fd_name (int fd, char buf[static 32])
{
  snprintf (buf, 32, "/proc/self/fd/%d", fd);
}

int
nsbox_path_normalize (const char *path, char *out, size_t size, struct nsbox_error **err)
{
  size_t o = 0;
  const char *p = path;

  if (path[0] != '/')
    return nsbox_error_msg (err, "path `%s` is not absolute", path);
  while (*p)
    {
      const char *end;
      size_t len;

      while (*p == '/')
        p++;
      if (*p == '\0')
        break;
      end = strchrnul (p, '/');
      len = (size_t) (end - p);
      if (len == 1 && p[0] == '.')
        {
          p = end;
          continue;
        }
      if (len == 2 && p[0] == '.' && p[1] == '.')
        return nsbox_error_msg (err, "path `%s` must not contain `..`", path);
      if (o + 1 + len + 1 > size)
        return nsbox_error_errno (err, ENAMETOOLONG, "path `%s`", path);
      out[o++] = '/';
      memcpy (out + o, p, len);
      o += len;
      p = end;
    }
  if (o == 0)
    out[o++] = '/';
  out[o] = '\0';
  return 0;
}

bool
nsbox_path_exists_in_root (int root_fd, const char *path)
{
  _cleanup_close_ int fd = openat2_in_root (root_fd, path, O_PATH);

  return fd >= 0;
}

/* Create the last component of `path` below the already resolved parent. */
static int
create_component (int parent_fd, const char *name, bool as_file, const char *path, struct nsbox_error **err)
{
  struct stat st;
  int fd;

  if (as_file)
    {
      fd = openat (parent_fd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
      if (fd < 0 && errno != EEXIST)
        return nsbox_error_errno (err, errno, "create `%s`", path);
      if (fd >= 0)
        close (fd);
    }
  else if (mkdirat (parent_fd, name, 0755) < 0 && errno != EEXIST)
    return nsbox_error_errno (err, errno, "mkdir `%s`", path);
  /* What is there now must be what we meant to make: not a symlink that an
   * image planted (or a racing writer swapped in). */
  fd = openat (parent_fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open `%s`", path);
  if (fstat (fd, &st) < 0 || (as_file ? !S_ISREG (st.st_mode) : !S_ISDIR (st.st_mode)))
    {
      close (fd);
      return nsbox_error_errno (err, ENOTDIR, "`%s`: a component is not a %s", path, as_file ? "file" : "directory");
    }
  return fd;
}

int
nsbox_path_open_in_root (int root_fd, const char *path, enum nsbox_path_create create, struct nsbox_error **err)
{
  char norm[4096];
  _cleanup_close_ int cur = -1;
  char *slash;
  int fd;

  if (nsbox_path_normalize (path, norm, sizeof norm, err) < 0)
    return -1;
  fd = openat2_in_root (root_fd, norm, O_PATH);
  if (fd >= 0 || errno != ENOENT || create == NSBOX_PATH_MUST_EXIST)
    {
      if (fd < 0)
        return nsbox_error_errno (err, errno, "resolve `%s` in the sandbox root", path);
      return fd;
    }

  /* Find the deepest existing ancestor, then create downwards one component
   * at a time, each relative to the fd of its parent. */
  slash = norm + strlen (norm);
  for (;;)
    {
      while (slash > norm && *slash != '/')
        slash--;
      if (slash == norm)
        {
          cur = openat2_in_root (root_fd, "/", O_PATH | O_DIRECTORY);
          break;
        }
      *slash = '\0';
      cur = openat2_in_root (root_fd, norm, O_PATH | O_DIRECTORY);
      *slash = '/';
      if (cur >= 0 || errno != ENOENT)
        break;
      slash--;
    }
  if (cur < 0)
    return nsbox_error_errno (err, errno, "resolve `%s` in the sandbox root", path);

  for (char *comp = slash + 1; *comp;)
    {
      char *next = strchrnul (comp, '/');
      bool last = *next == '\0';
      char saved = *next;
      int child;

      *next = '\0';
      child = create_component (cur, comp, last && create == NSBOX_PATH_CREATE_FILE, path, err);
      *next = saved;
      if (child < 0)
        return -1;
      close (cur);
      cur = child;
      comp = last ? next : next + 1;
    }
  return steal_fd (&cur);
}
