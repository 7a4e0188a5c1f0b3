#define _GNU_SOURCE
#include "oci/mounts.h"
#include "base/cleanup.h"
#include "isolate/mounts.h"
#include "isolate/paths.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int
set_attrs (int tree, bool recursive, uint64_t set, uint64_t clr, unsigned long propagation, const char *what,
           struct nsbox_error **err)
{
  struct mount_attr attr = { .attr_set = set, .attr_clr = clr, .propagation = propagation & ~(unsigned long) MS_REC };

  /* Clearing one atime mode means setting another: the kernel wants the
   * whole atime field cleared then. */
  if (set & MOUNT_ATTR__ATIME)
    attr.attr_clr |= MOUNT_ATTR__ATIME;
  if (set == 0 && clr == 0 && propagation == 0)
    return 0;
  if (mount_setattr (tree, "", AT_EMPTY_PATH | (recursive || (propagation & MS_REC) ? AT_RECURSIVE : 0), &attr,
                     sizeof attr)
      < 0)
    return nsbox_error_errno (err, errno, "mount %s: set its options", what);
  return 0;
}

int
nsbox_oci_mount_root (const struct nsbox_oci_config *c, struct nsbox_error **err)
{
  _cleanup_close_ int tree = -1;
  int fd;

  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    return nsbox_error_errno (err, errno, "make / private");
  /* Recursive, as runc: what the engine mounted below the root (an overlay's
   * own submounts) belongs to it. */
  tree = open_tree (AT_FDCWD, c->root_path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
  if (tree < 0)
    return nsbox_error_errno (err, errno, "bind the root `%s`", c->root_path);
  if (move_mount (tree, "", AT_FDCWD, c->root_path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
    return nsbox_error_errno (err, errno, "mount the root `%s`", c->root_path);
  fd = open (c->root_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open the root `%s`", c->root_path);
  return fd;
}

static int
mount_bind (int root_fd, const struct nsbox_oci_mount *m, struct nsbox_error **err)
{
  _cleanup_close_ int tree = -1, target = -1;
  struct stat st;

  if (m->source == NULL)
    return nsbox_error_errno (err, EINVAL, "mount %s: a bind mount needs a source", m->destination);
  tree = open_tree (AT_FDCWD, m->source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (m->recursive ? AT_RECURSIVE : 0));
  if (tree < 0 || fstat (tree, &st) < 0)
    return nsbox_error_errno (err, errno, "mount %s: bind `%s`", m->destination, m->source);
  if (set_attrs (tree, m->recursive, m->attr_set, m->attr_clr, m->propagation, m->destination, err) < 0)
    return -1;
  target = nsbox_path_open_in_root (root_fd, m->destination,
                                    S_ISDIR (st.st_mode) ? NSBOX_PATH_CREATE_DIR : NSBOX_PATH_CREATE_FILE, err);
  if (target < 0)
    return nsbox_error_prefix (err, "mount %s", m->destination);
  if (move_mount (tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return nsbox_error_errno (err, errno, "mount %s", m->destination);
  return 0;
}

/* The container's cgroups as nsbox shows its own sandboxes theirs: rooted
 * at the container's cgroup, always read-only. */
static int
mount_cgroups (int root_fd, const struct nsbox_oci_mount *m, const struct nsbox_cgroupfs *cgroups,
               struct nsbox_error **err)
{
  if (strcmp (m->destination, "/sys/fs/cgroup") != 0)
    return nsbox_error_errno (err, ENOTSUP, "mount %s: nsbox mounts cgroups at /sys/fs/cgroup only",
                              m->destination);
  if (cgroups == NULL || cgroups->n == 0)
    return 0;
  return nsbox_cgroupfs_mount (root_fd, cgroups, err);
}

#define COPY_DEPTH_MAX 64

static int copy_tree (int from, int to, int depth, struct nsbox_error **err);

static int
copy_file (int from, int to, const char *name, const struct stat *st, struct nsbox_error **err)
{
  _cleanup_close_ int in = openat (from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  _cleanup_close_ int out = openat (to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

  if (in < 0 || out < 0)
    return nsbox_error_errno (err, errno, "tmpcopyup `%s`", name);
  for (off_t left = st->st_size; left > 0;)
    {
      ssize_t n = sendfile (out, in, NULL, (size_t) left);
      if (n <= 0)
        return n == 0 ? 0 : nsbox_error_errno (err, errno, "tmpcopyup `%s`", name);
      left -= n;
    }
  return 0;
}

static int
copy_entry (int from, int to, const char *name, int depth, struct nsbox_error **err)
{
  struct stat st;
  char link[4096];
  ssize_t n;

  if (fstatat (from, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return nsbox_error_errno (err, errno, "tmpcopyup `%s`", name);
  if (S_ISDIR (st.st_mode))
    {
      _cleanup_close_ int sub_from = -1, sub_to = -1;
      if (mkdirat (to, name, 0700) < 0
          || (sub_from = openat (from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0
          || (sub_to = openat (to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
        return nsbox_error_errno (err, errno, "tmpcopyup `%s`", name);
      if (copy_tree (sub_from, sub_to, depth + 1, err) < 0)
        return -1;
    }
  else if (S_ISREG (st.st_mode))
    {
      if (copy_file (from, to, name, &st, err) < 0)
        return -1;
    }
  else if (S_ISLNK (st.st_mode))
    {
      if ((n = readlinkat (from, name, link, sizeof link - 1)) < 0)
        return nsbox_error_errno (err, errno, "tmpcopyup `%s`", name);
      link[n] = '\0';
      if (symlinkat (link, to, name) < 0)
        return nsbox_error_errno (err, errno, "tmpcopyup `%s`", name);
    }
  else if (mknodat (to, name, st.st_mode, st.st_rdev) < 0)
    return nsbox_error_errno (err, errno, "tmpcopyup `%s`", name);
  if (fchownat (to, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0
      || (!S_ISLNK (st.st_mode) && fchmodat (to, name, st.st_mode & 07777, 0) < 0))
    return nsbox_error_errno (err, errno, "tmpcopyup `%s`", name);
  return 0;
}

/* Files, directories, links and nodes, with their owners and modes;
 * symlinks are copied, never followed. */
static int
copy_tree (int from, int to, int depth, struct nsbox_error **err)
{
  _cleanup_closedir_ DIR *d = NULL;
  int fd = dup (from);
  struct dirent *e;

  if (depth > COPY_DEPTH_MAX)
    return nsbox_error_errno (err, ELOOP, "tmpcopyup: deeper than %d directories", COPY_DEPTH_MAX);
  if (fd < 0 || (d = fdopendir (fd)) == NULL)
    {
      if (fd >= 0)
        close (fd);
      return nsbox_error_errno (err, errno, "tmpcopyup");
    }
  while ((e = readdir (d)) != NULL)
    if (strcmp (e->d_name, ".") != 0 && strcmp (e->d_name, "..") != 0 && copy_entry (from, to, e->d_name, depth, err) < 0)
      return -1;
  return 0;
}

/* A directory of the root as an fd that reads it (not O_PATH); -1 and no error when it is missing. */
static int
open_dir_in_root (int root_fd, const char *path, struct nsbox_error **err)
{
  _cleanup_error_ struct nsbox_error *missing = NULL;
  _cleanup_close_ int at = nsbox_path_open_in_root (root_fd, path, NSBOX_PATH_MUST_EXIST, &missing);
  int fd;

  if (at < 0)
    return -1;
  fd = openat (at, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    {
      nsbox_error_errno (err, errno, "open `%s`", path);
      return -2;
    }
  return fd;
}

static int
mount_copied_up (int root_fd, const struct nsbox_oci_mount *m, struct nsbox_error **err)
{
  _cleanup_close_ int below = open_dir_in_root (root_fd, m->destination, err);
  _cleanup_close_ int above = -1;
  struct stat st;

  if (below == -2)
    return -1;
  if (nsbox_mount_new_fs (root_fd, m->destination, m->type, (const char *const *) m->data, 0, err) < 0)
    return -1;
  if (below < 0)
    return 0;
  above = open_dir_in_root (root_fd, m->destination, err);
  if (above < 0)
    return above == -2 ? -1 : nsbox_error_errno (err, ENOENT, "tmpcopyup `%s`", m->destination);
  if (copy_tree (below, above, 0, err) < 0 || fstat (below, &st) < 0)
    return nsbox_error_prefix (err, "mount %s", m->destination);
  if (fchown (above, st.st_uid, st.st_gid) < 0 || fchmod (above, st.st_mode & 07777) < 0)
    return nsbox_error_errno (err, errno, "mount %s", m->destination);
  return 0;
}

static int
mount_one (int root_fd, const struct nsbox_oci_mount *m, const struct nsbox_cgroupfs *cgroups,
           struct nsbox_error **err)
{
  _cleanup_close_ int target = -1;

  if (m->bind)
    return mount_bind (root_fd, m, err);
  if (strcmp (m->type, "cgroup") == 0 || strcmp (m->type, "cgroup2") == 0)
    return mount_cgroups (root_fd, m, cgroups, err);
  if (m->tmpcopyup)
    {
      /* Copied while writable, then given its attributes. */
      if (mount_copied_up (root_fd, m, err) < 0)
        return -1;
      target = nsbox_path_open_in_root (root_fd, m->destination, NSBOX_PATH_MUST_EXIST, err);
      if (target < 0)
        return -1;
      return set_attrs (target, false, m->attr_set, m->attr_clr, m->propagation, m->destination, err);
    }
  if (nsbox_mount_new_fs (root_fd, m->destination, m->type, (const char *const *) m->data, m->attr_set, err) < 0)
    return -1;
  if (m->propagation == 0)
    return 0;
  target = nsbox_path_open_in_root (root_fd, m->destination, NSBOX_PATH_MUST_EXIST, err);
  if (target < 0)
    return -1;
  return set_attrs (target, false, 0, 0, m->propagation, m->destination, err);
}

int
nsbox_oci_mount_all (int root_fd, const struct nsbox_oci_config *c, const struct nsbox_cgroupfs *cgroups,
                     struct nsbox_error **err)
{
  for (size_t i = 0; i < c->n_mounts; i++)
    if (mount_one (root_fd, &c->mounts[i], cgroups, err) < 0)
      return -1;
  return 0;
}

struct default_device
{
  const char *path;
  unsigned major, minor;
};

static const struct default_device default_devices[] = {
  { "/dev/null", 1, 3 }, { "/dev/zero", 1, 5 },    { "/dev/full", 1, 7 },
  { "/dev/random", 1, 8 }, { "/dev/urandom", 1, 9 }, { "/dev/tty", 5, 0 },
};

static const char *const default_links[][2] = {
  { "/dev/ptmx", "pts/ptmx" },        { "/dev/fd", "/proc/self/fd" },     { "/dev/stdin", "/proc/self/fd/0" },
  { "/dev/stdout", "/proc/self/fd/1" }, { "/dev/stderr", "/proc/self/fd/2" },
};

/* The directory of an absolute path inside the root, made if missing, and its last component. */
static int
open_parent (int root_fd, const char *path, const char **name, struct nsbox_error **err)
{
  _cleanup_free_ char *dir = strdup (path);
  char *slash;

  if (dir == NULL)
    return nsbox_error_oom (err);
  slash = strrchr (dir, '/');
  *name = path + (slash - dir) + 1;
  *slash = '\0';
  if (**name == '\0')
    return nsbox_error_errno (err, EINVAL, "device path `%s`", path);
  return nsbox_path_open_in_root (root_fd, *dir ? dir : "/", NSBOX_PATH_CREATE_DIR, err);
}

static int
make_node (int root_fd, const char *path, mode_t type, unsigned major, unsigned minor, mode_t mode, uid_t uid,
           gid_t gid, bool in_userns, struct nsbox_error **err)
{
  const char *name;
  _cleanup_close_ int dir = open_parent (root_fd, path, &name, err);
  _cleanup_close_ int host = -1, target = -1;

  if (dir < 0)
    return -1;
  if (!in_userns)
    {
      if (mknodat (dir, name, type | (mode & 07777), makedev (major, minor)) < 0 && errno != EEXIST)
        return nsbox_error_errno (err, errno, "create device `%s`", path);
      if (fchownat (dir, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0 || fchmodat (dir, name, mode & 07777, 0) < 0)
        return nsbox_error_errno (err, errno, "set the owner and mode of `%s`", path);
      return 0;
    }
  /* The kernel refuses mknod in a user namespace: bind the host's node of
   * the same path (the root is not entered yet). */
  target = nsbox_path_open_in_root (root_fd, path, NSBOX_PATH_CREATE_FILE, err);
  host = open_tree (AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
  if (target < 0)
    return -1;
  if (host < 0 || move_mount (host, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return nsbox_error_errno (err, errno, "bind device `%s`", path);
  return 0;
}

int
nsbox_oci_make_devices (int root_fd, const struct nsbox_oci_config *c, bool in_userns, struct nsbox_error **err)
{
  for (size_t i = 0; i < c->n_devices; i++)
    {
      const struct nsbox_oci_device *d = &c->devices[i];
      mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;

      if (make_node (root_fd, d->path, type, d->major, d->minor, d->mode, d->uid, d->gid, in_userns && d->type != 'p',
                     err)
          < 0)
        return -1;
    }
  for (size_t i = 0; i < sizeof default_devices / sizeof *default_devices; i++)
    {
      const struct default_device *d = &default_devices[i];
      if (!nsbox_path_exists_in_root (root_fd, d->path)
          && make_node (root_fd, d->path, S_IFCHR, d->major, d->minor, 0666, 0, 0, in_userns, err) < 0)
        return -1;
    }
  for (size_t i = 0; i < sizeof default_links / sizeof *default_links; i++)
    {
      const char *name;
      _cleanup_close_ int dir = open_parent (root_fd, default_links[i][0], &name, err);

      if (dir < 0)
        return -1;
      if (symlinkat (default_links[i][1], dir, name) < 0 && errno != EEXIST)
        return nsbox_error_errno (err, errno, "create `%s`", default_links[i][0]);
    }
  return 0;
}

int
nsbox_oci_enter_root (int root_fd, bool no_pivot, struct nsbox_error **err)
{
  if (!no_pivot)
    return nsbox_mount_pivot (root_fd, err);
  if (fchdir (root_fd) < 0)
    return nsbox_error_errno (err, errno, "enter the new root");
  if (mount (".", "/", NULL, MS_MOVE, NULL) < 0)
    return nsbox_error_errno (err, errno, "move the root over /");
  if (chroot (".") < 0 || chdir ("/") < 0)
    return nsbox_error_errno (err, errno, "chroot");
  return 0;
}

/* A directory gets an empty read-only tmpfs, anything else /dev/null. */
static int
mask (const char *path, struct nsbox_error **err)
{
  _cleanup_close_ int fd = open (path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;

  if (fd < 0)
    return errno == ENOENT ? 0 : nsbox_error_errno (err, errno, "mask `%s`", path);
  if (fstat (fd, &st) < 0)
    return nsbox_error_errno (err, errno, "mask `%s`", path);
  if (S_ISDIR (st.st_mode))
    {
      if (mount ("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0,mode=0500") < 0)
        return nsbox_error_errno (err, errno, "mask `%s`", path);
      return 0;
    }
  if (mount ("/dev/null", path, NULL, MS_BIND, NULL) < 0)
    return nsbox_error_errno (err, errno, "mask `%s`", path);
  return 0;
}

static int
remount_readonly (const char *path, bool must_exist, struct nsbox_error **err)
{
  _cleanup_close_ int tree = open_tree (AT_FDCWD, path, OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);

  if (tree < 0)
    return errno == ENOENT && !must_exist ? 0 : nsbox_error_errno (err, errno, "read-only `%s`", path);
  /* A path that is no mount point yet becomes one. */
  if (mount (path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
    return nsbox_error_errno (err, errno, "read-only `%s`", path);
  close (tree);
  tree = open_tree (AT_FDCWD, path, OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);
  if (tree < 0)
    return nsbox_error_errno (err, errno, "read-only `%s`", path);
  return set_attrs (tree, true, MOUNT_ATTR_RDONLY, 0, 0, path, err);
}

int
nsbox_oci_mount_finish (const struct nsbox_oci_config *c, struct nsbox_error **err)
{
  for (size_t i = 0; c->masked_paths && c->masked_paths[i]; i++)
    if (mask (c->masked_paths[i], err) < 0)
      return -1;
  for (size_t i = 0; c->readonly_paths && c->readonly_paths[i]; i++)
    if (remount_readonly (c->readonly_paths[i], false, err) < 0)
      return -1;
  if (c->root_readonly)
    {
      _cleanup_close_ int root = open_tree (AT_FDCWD, "/", OPEN_TREE_CLOEXEC);
      if (root < 0 || set_attrs (root, false, MOUNT_ATTR_RDONLY, 0, 0, "/", err) < 0)
        return root < 0 ? nsbox_error_errno (err, errno, "read-only /") : -1;
    }
  if (mount (NULL, "/", NULL, c->rootfs_propagation ? c->rootfs_propagation : MS_REC | MS_PRIVATE, NULL) < 0)
    return nsbox_error_errno (err, errno, "set the propagation of /");
  return 0;
}
