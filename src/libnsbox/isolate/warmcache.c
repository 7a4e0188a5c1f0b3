#define _GNU_SOURCE
#include "isolate/warmcache.h"
#include "isolate/paths.h"
#include "base/cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define LAYERS "/tmp/.nsbox-warm-cache"

/* Made by nsbox in the sandbox's own tmpfs, resolved inside the root, with
 * the owner and mode of `like`: the merged directory then looks as the
 * image has it. */
static int
make_dir (int root_fd, const char *path, const struct stat *like, struct nsbox_error **err)
{
  _cleanup_close_ int fd = nsbox_path_open_in_root (root_fd, path, NSBOX_PATH_CREATE_DIR, err);
  char name[32];

  if (fd < 0)
    return -1;
  nsbox_path_fd_name (fd, name);
  if (like && (chown (name, like->st_uid, like->st_gid) < 0 || chmod (name, like->st_mode & 07777) < 0))
    return nsbox_error_errno (err, errno, "`%s`", path);
  return steal_fd (&fd);
}

static int
set_dir (int fs, const char *key, int fd, struct nsbox_error **err)
{
  char name[32];

  nsbox_path_fd_name (fd, name);
  if (fsconfig (fs, FSCONFIG_SET_STRING, key, name, 0) < 0)
    return nsbox_error_errno (err, errno, "overlay option %s", key);
  return 0;
}

static int
mount_overlay (int lower, int upper, int work, int at, struct nsbox_error **err)
{
  _cleanup_close_ int fs = fsopen ("overlay", FSOPEN_CLOEXEC);
  _cleanup_close_ int mnt = -1;

  if (fs < 0)
    return nsbox_error_errno (err, errno, "overlay");
  if (set_dir (fs, "lowerdir", lower, err) < 0 || set_dir (fs, "upperdir", upper, err) < 0
      || set_dir (fs, "workdir", work, err) < 0)
    return -1;
  if (fsconfig (fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0
      || (mnt = fsmount (fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV)) < 0
      || move_mount (mnt, "", at, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return nsbox_error_errno (err, errno, "overlay");
  return 0;
}

int
nsbox_mount_warm_cache (int root_fd, const char *from, const char *at, bool own_userns, struct nsbox_error **err)
{
  _cleanup_close_ int lower = -1, upper = -1, work = -1, point = -1;
  struct stat st;

  /* Rootless, the image's files belong to ids the user namespace does not
   * map, which an overlay cannot copy up: the tool runs cold. */
  if (from == NULL || own_userns)
    return 0;
  if (strncmp (at, "/tmp/", 5) != 0)
    return nsbox_error_msg (err, "warm cache: `%s` is not below /tmp", at);
  lower = nsbox_path_open_in_root (root_fd, from, NSBOX_PATH_MUST_EXIST, NULL);
  if (lower < 0 || fstat (lower, &st) < 0 || !S_ISDIR (st.st_mode))
    return 0; /* cold */
  if ((upper = make_dir (root_fd, LAYERS "/upper", &st, err)) < 0 || (work = make_dir (root_fd, LAYERS "/work", NULL, err)) < 0
      || (point = make_dir (root_fd, at, &st, err)) < 0 || mount_overlay (lower, upper, work, point, err) < 0)
    return nsbox_error_prefix (err, "warm cache `%s` at `%s`", from, at);
  return 0;
}
