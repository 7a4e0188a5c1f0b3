#define _GNU_SOURCE
#include "base/proc.h"
#include "base/cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned long long
nsbox_proc_start_time (pid_t pid)
{
  char path[64], buf[1024];
  _cleanup_close_ int fd = -1;
  ssize_t n;
  char *p;
  unsigned long long start = 0;

  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  n = read (fd, buf, sizeof buf - 1);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  /* The command name may hold spaces and parentheses: skip past the last ')'. */
  p = strrchr (buf, ')');
  if (p == NULL)
    return 0;
  /* Field 22 is starttime; after ") " come fields 3.. */
  if (sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu", &start) != 1)
    return 0;
  return start;
}

static bool
is_number (const char *name)
{
  return name[0] >= '1' && name[0] <= '9' && strspn (name, "0123456789") == strlen (name);
}

/* The "Uid:" and "Gid:" lines of one status file; false if it is gone. */
static bool
read_status_ids (int dir, const char *path, uid_t uids[4], gid_t gids[4])
{
  _cleanup_close_ int fd = openat (dir, path, O_RDONLY | O_CLOEXEC);
  char buf[4096];
  ssize_t n;
  const char *u, *g;

  if (fd < 0 || (n = read (fd, buf, sizeof buf - 1)) <= 0)
    return false;
  buf[n] = '\0';
  u = strstr (buf, "\nUid:");
  g = strstr (buf, "\nGid:");
  return u && g && sscanf (u, "\nUid: %u %u %u %u", &uids[0], &uids[1], &uids[2], &uids[3]) == 4
         && sscanf (g, "\nGid: %u %u %u %u", &gids[0], &gids[1], &gids[2], &gids[3]) == 4;
}

static void
each_thread_of (int proc, const char *pid, nsbox_proc_ids_fn *fn, void *data)
{
  char path[NAME_MAX + 16];
  _cleanup_close_ int tasks = -1;
  DIR *d;
  struct dirent *e;

  snprintf (path, sizeof path, "%s/task", pid);
  tasks = openat (proc, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (tasks < 0 || (d = fdopendir (dup (tasks))) == NULL)
    return; /* gone meanwhile */
  while ((e = readdir (d)) != NULL)
    {
      uid_t uids[4];
      gid_t gids[4];

      snprintf (path, sizeof path, "%s/status", e->d_name);
      if (is_number (e->d_name) && read_status_ids (tasks, path, uids, gids))
        fn (data, uids, gids);
    }
  closedir (d);
}

int
nsbox_proc_each_thread_ids (nsbox_proc_ids_fn *fn, void *data)
{
  _cleanup_close_ int proc = open ("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  char self[32];
  ssize_t n;
  DIR *d;
  struct dirent *e;

  if (proc < 0)
    return -1;
  n = readlinkat (proc, "self", self, sizeof self - 1);
  if (n <= 0)
    return -1;
  self[n] = '\0';
  if (atoi (self) != (int) getpid ())
    {
      errno = EXDEV;
      return -1;
    }
  if ((d = fdopendir (dup (proc))) == NULL)
    return -1;
  while ((e = readdir (d)) != NULL)
    if (is_number (e->d_name))
      each_thread_of (proc, e->d_name, fn, data);
  closedir (d);
  return 0;
}
