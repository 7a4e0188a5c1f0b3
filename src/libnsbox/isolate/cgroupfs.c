#define _GNU_SOURCE
#include "isolate/cgroupfs.h"
#include "isolate/mounts.h"
#include "isolate/paths.h"
#include "base/cleanup.h"
#include "base/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define INSIDE "/sys/fs/cgroup"
#define READ_ONLY (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)

static bool
ends_with_component (const char *path, const char *name)
{
  const char *base = strrchr (path, '/');

  return base != NULL && strcmp (base + 1, name) == 0;
}

/* One line: "ID:CONTROLLERS:PATH" (v2: "0::PATH").  Named v1 hierarchies
 * ("name=systemd") hold no controller and no cgroup of nsbox's. */
static int
parse_line (char *line, const char *name, struct nsbox_cgroupfs *view, struct nsbox_error **err)
{
  char *controllers = strchr (line, ':');
  char *path = controllers ? strchr (controllers + 1, ':') : NULL;
  bool v2;

  if (path == NULL)
    return nsbox_error_msg (err, "/proc/self/cgroup: unexpected line `%s`", line);
  *controllers++ = '\0';
  *path++ = '\0';
  v2 = strcmp (line, "0") == 0 && *controllers == '\0';
  if (!v2)
    view->v2_only = false;
  if (!ends_with_component (path, name) || strncmp (controllers, "name=", 5) == 0)
    return 0;
  if (view->n == NSBOX_CGROUPFS_MAX || strlen (controllers) >= sizeof view->h[0].controllers
      || strchr (controllers, '/'))
    return nsbox_error_msg (err, "/proc/self/cgroup: hierarchy `%s` unusable", controllers);
  view->h[view->n].version = v2 ? 2 : 1;
  strcpy (view->h[view->n].controllers, controllers);
  view->n++;
  return 0;
}

int
nsbox_cgroupfs_parse (const char *text, const char *name, struct nsbox_cgroupfs *view, struct nsbox_error **err)
{
  _cleanup_free_ char *copy = strdup (text);
  char *save = NULL;

  *view = (struct nsbox_cgroupfs){ .v2_only = true };
  if (copy == NULL)
    return nsbox_error_oom (err);
  for (char *line = strtok_r (copy, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    if (parse_line (line, name, view, err) < 0)
      return -1;
  return 0;
}

int
nsbox_cgroupfs_find (const char *name, struct nsbox_cgroupfs *view, struct nsbox_error **err)
{
  _cleanup_free_ char *text = NULL;
  size_t length;

  if (nsbox_read_file ("/proc/self/cgroup", 1 << 16, &text, &length, err) < 0)
    return -1;
  return nsbox_cgroupfs_parse (text, name, view, err);
}

/* "cpu,cpuacct" is found by either name too, as on the host. */
static int
link_members (int top, const char *controllers, struct nsbox_error **err)
{
  char copy[128], *save = NULL;

  if (strchr (controllers, ',') == NULL)
    return 0;
  snprintf (copy, sizeof copy, "%s", controllers);
  for (char *c = strtok_r (copy, ",", &save); c; c = strtok_r (NULL, ",", &save))
    if (symlinkat (controllers, top, c) < 0 && errno != EEXIST)
      return nsbox_error_errno (err, errno, "link %s/%s", INSIDE, c);
  return 0;
}

static int
link_all_members (int dir, const struct nsbox_cgroupfs *view, struct nsbox_error **err)
{
  /* symlinkat needs a real directory fd, not the O_PATH one. */
  _cleanup_close_ int top = openat (dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (top < 0)
    return nsbox_error_errno (err, errno, "open %s", INSIDE);
  for (size_t i = 0; i < view->n; i++)
    if (view->h[i].version == 1 && link_members (top, view->h[i].controllers, err) < 0)
      return -1;
  return 0;
}

static int
mount_hierarchy (int root_fd, const char *target, int version, const char *controllers, struct nsbox_error **err)
{
  const char *options[16] = { NULL };
  char copy[128], *save = NULL;
  size_t n = 0;

  snprintf (copy, sizeof copy, "%s", controllers);
  for (char *c = strtok_r (copy, ",", &save); c && n + 1 < sizeof options / sizeof *options;
       c = strtok_r (NULL, ",", &save))
    options[n++] = c;
  return nsbox_mount_new_fs (root_fd, target, version == 2 ? "cgroup2" : "cgroup", options, READ_ONLY, err);
}

/* A tmpfs holding one mount per hierarchy, made read-only once filled. */
static int
mount_v1_layout (int root_fd, const struct nsbox_cgroupfs *view, struct nsbox_error **err)
{
  static const char *const tmpfs_options[] = { "mode=755", "size=65536", NULL };
  _cleanup_close_ int dir = -1;
  struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };

  if (nsbox_mount_new_fs (root_fd, INSIDE, "tmpfs", tmpfs_options,
                          MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, err)
      < 0)
    return -1;
  dir = nsbox_path_open_in_root (root_fd, INSIDE, NSBOX_PATH_MUST_EXIST, err);
  if (dir < 0)
    return -1;
  for (size_t i = 0; i < view->n; i++)
    {
      const char *sub = view->h[i].version == 2 ? "unified" : view->h[i].controllers;
      char target[sizeof INSIDE + 160];

      snprintf (target, sizeof target, INSIDE "/%s", sub);
      if (mount_hierarchy (root_fd, target, view->h[i].version, view->h[i].controllers, err) < 0)
        return -1;
    }
  if (link_all_members (dir, view, err) < 0)
    return -1;
  if (mount_setattr (dir, "", AT_EMPTY_PATH, &ro, sizeof ro) < 0)
    return nsbox_error_errno (err, errno, "make %s read-only", INSIDE);
  return 0;
}

int
nsbox_cgroupfs_mount (int root_fd, const struct nsbox_cgroupfs *view, struct nsbox_error **err)
{
  int ret;

  if (view->n == 0)
    return 0;
  if (view->v2_only)
    ret = mount_hierarchy (root_fd, INSIDE, 2, "", err);
  else
    ret = mount_v1_layout (root_fd, view, err);
  return ret < 0 ? nsbox_error_prefix (err, "mount %s", INSIDE) : 0;
}
