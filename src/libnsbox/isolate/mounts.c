#define _GNU_SOURCE
#include "isolate/mounts.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "isolate/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* runc and crun hide these: they leak host state or poke at hardware. */
static const char *const masked_proc_paths[] = {
  "acpi", "asound", "kcore", "keys", "latency_stats", "timer_list", "timer_stats", "sched_debug", "scsi",
  "sysrq-trigger", "interrupts", "kallsyms", "config.gz", "mtrr", "kpagecount", "kpageflags", "kpagecgroup",
  "vmallocinfo", "pagetypeinfo", "slabinfo", "buddyinfo", "zoneinfo",
  /* The uids of the host that hold keys, and their quotas. */
  "key-users", NULL,
};
static const char *const readonly_proc_paths[] = { "bus", "fs", "irq", "sys", NULL };
/* vmcoreinfo: the physical address of the kernel's crash notes, a KASLR hint. */
static const char *const masked_sys_paths[] = { "firmware", "devices/virtual/powercap", "kernel/security",
                                                "kernel/vmcoreinfo", NULL };

int
nsbox_mount_make_private (struct nsbox_error **err)
{
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    return nsbox_error_errno (err, errno, "make / private");
  return 0;
}

static int
set_attrs (int fd, const char *path, unsigned flags, uint64_t attrs, struct nsbox_error **err)
{
  struct mount_attr attr = { .attr_set = attrs };

  if (mount_setattr (fd, path, flags, &attr, sizeof attr) < 0)
    return nsbox_error_errno (err, errno, "set mount attributes");
  return 0;
}

/* Attach a detached mount (from fsmount or open_tree) at target inside the root. */
static int
attach (int mnt_fd, int root_fd, const char *target, const char *what, struct nsbox_error **err)
{
  _cleanup_close_ int target_fd = nsbox_path_open_in_root (root_fd, target, NSBOX_PATH_CREATE_DIR, err);

  if (target_fd < 0)
    return nsbox_error_prefix (err, "mount %s", what);
  if (move_mount (mnt_fd, "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return nsbox_error_errno (err, errno, "mount %s", what);
  return 0;
}

/* A new, still detached file system instance; options are "key=value" or "flag". */
static int
fs_create (const char *fstype, const char *const *options, uint64_t attrs, const char *what,
           struct nsbox_error **err)
{
  _cleanup_close_ int fs = fsopen (fstype, FSOPEN_CLOEXEC);
  int mnt;

  if (fs < 0)
    return nsbox_error_errno (err, errno, "mount %s", what);
  for (size_t i = 0; options && options[i]; i++)
    {
      char key[64];
      const char *eq = strchr (options[i], '=');
      int ret;

      if (eq == NULL)
        ret = fsconfig (fs, FSCONFIG_SET_FLAG, options[i], NULL, 0);
      else
        {
          snprintf (key, sizeof key, "%.*s", (int) (eq - options[i]), options[i]);
          ret = fsconfig (fs, FSCONFIG_SET_STRING, key, eq + 1, 0);
        }
      if (ret < 0)
        return nsbox_error_errno (err, errno, "mount %s: option `%s`", what, options[i]);
    }
  if (fsconfig (fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return nsbox_error_errno (err, errno, "mount %s", what);
  mnt = fsmount (fs, FSMOUNT_CLOEXEC, (unsigned) attrs);
  if (mnt < 0)
    return nsbox_error_errno (err, errno, "mount %s", what);
  return mnt;
}

int
nsbox_mount_new_fs (int root_fd, const char *target, const char *fstype, const char *const *options, uint64_t attrs,
                    struct nsbox_error **err)
{
  _cleanup_close_ int mnt = fs_create (fstype, options, attrs, target, err);

  if (mnt < 0)
    return -1;
  return attach (mnt, root_fd, target, target, err);
}

static int
open_staging_root (const char *staging, struct nsbox_error **err)
{
  int fd = open (staging, O_PATH | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return nsbox_error_errno (err, errno, "open the new root `%s`", staging);
  return fd;
}

static int
mount_root_bind (const char *dir, const char *staging, struct nsbox_error **err)
{
  _cleanup_close_ int tree = open_tree (AT_FDCWD, dir, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

  /* Not recursive: host mounts below the root directory stay out of sight. */
  if (tree < 0)
    return nsbox_error_errno (err, errno, "bind the root `%s`", dir);
  if (set_attrs (tree, "", AT_EMPTY_PATH, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, err) < 0)
    return nsbox_error_prefix (err, "root `%s`", dir);
  if (move_mount (tree, "", AT_FDCWD, staging, MOVE_MOUNT_F_EMPTY_PATH) < 0)
    return nsbox_error_errno (err, errno, "mount the root `%s`", dir);
  return 0;
}

/* overlayfs splits lowerdir on ':' and the option string on ','. */
static bool
valid_layer_path (const char *p)
{
  return strpbrk (p, ":,\\") == NULL;
}

/* The layers usually share a parent (the store's layer directory): name them
 * relative to it, so that many layers fit in the one page mount(2) accepts. */
static const char *
common_parent (char *const *dirs, size_t n, char *buf, size_t size)
{
  const char *slash = strrchr (dirs[0], '/');
  size_t len;

  if (slash == NULL || slash == dirs[0])
    return NULL;
  len = (size_t) (slash - dirs[0]);
  if (len + 1 > size)
    return NULL;
  for (size_t i = 1; i < n; i++)
    if (strncmp (dirs[i], dirs[0], len) != 0 || dirs[i][len] != '/' || strchr (dirs[i] + len + 1, '/'))
      return NULL;
  memcpy (buf, dirs[0], len);
  buf[len] = '\0';
  return buf;
}

/* More layers than one page of mount options holds (about 60 store layers): the new mount
 * API takes each layer as its own "lowerdir+" parameter (Linux 6.8+), so images may have as
 * many layers as overlayfs stacks (500). */
static int
mount_root_overlay_each_layer (char *const *dirs, size_t n, const char *staging, const char *upper_base,
                               bool writable, struct nsbox_error **err)
{
  _cleanup_close_ int fs = fsopen ("overlay", FSOPEN_CLOEXEC);
  _cleanup_close_ int mnt = -1;
  uint64_t attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | (writable ? 0 : MOUNT_ATTR_RDONLY);

  if (fs < 0)
    return nsbox_error_errno (err, errno, "mount the overlay root");
  for (size_t i = 0; i < n; i++)
    if (fsconfig (fs, FSCONFIG_SET_STRING, "lowerdir+", dirs[i], 0) < 0)
      {
        if (errno == EINVAL && i == 0)
          return nsbox_error_errno (err, E2BIG,
                                    "%zu layers do not fit in one page of overlay options, and this kernel "
                                    "(before 6.8) cannot take them one by one",
                                    n);
        return nsbox_error_errno (err, errno, "overlay layer `%s`", dirs[i]);
      }
  if (writable)
    {
      char u[PATH_MAX], w[PATH_MAX];
      snprintf (u, sizeof u, "%s/u", upper_base);
      snprintf (w, sizeof w, "%s/w", upper_base);
      if (fsconfig (fs, FSCONFIG_SET_STRING, "upperdir", u, 0) < 0
          || fsconfig (fs, FSCONFIG_SET_STRING, "workdir", w, 0) < 0)
        return nsbox_error_errno (err, errno, "overlay setup layer");
    }
  if (fsconfig (fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return nsbox_error_errno (err, errno, "mount the overlay root (%zu layers)", n);
  mnt = fsmount (fs, FSMOUNT_CLOEXEC, (unsigned) attrs);
  if (mnt < 0)
    return nsbox_error_errno (err, errno, "mount the overlay root");
  if (move_mount (mnt, "", AT_FDCWD, staging, MOVE_MOUNT_F_EMPTY_PATH) < 0)
    return nsbox_error_errno (err, errno, "mount the overlay root");
  return 0;
}

static int
mount_root_overlay (char *const *dirs, size_t n, const char *staging, const char *upper_base, bool writable,
                    struct nsbox_error **err)
{
  char parent[PATH_MAX];
  const char *base = common_parent (dirs, n, parent, sizeof parent);
  size_t skip = base ? strlen (base) + 1 : 0;
  _cleanup_free_ char *opts = NULL;
  size_t len = 0;
  _cleanup_close_ int cwd = -1;
  int ret;

  for (size_t i = 0; i < n; i++)
    {
      if (!valid_layer_path (dirs[i]))
        return nsbox_error_msg (err, "layer path `%s` contains `:`, `,` or `\\`", dirs[i]);
      len += strlen (dirs[i]) + 1;
    }
  opts = malloc (len + 2 * strlen (upper_base) + 64);
  if (opts == NULL)
    return nsbox_error_oom (err);
  strcpy (opts, "lowerdir=");
  for (size_t i = 0; i < n; i++)
    {
      if (i)
        strcat (opts, ":");
      strcat (opts, dirs[i] + skip);
    }
  if (writable)
    {
      if (mkdir (upper_base, 0700) < 0 && errno != EEXIST)
        return nsbox_error_errno (err, errno, "create the setup layer `%s`", upper_base);
      if (mount ("tmpfs", upper_base, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=4m") < 0)
        return nsbox_error_errno (err, errno, "mount the setup layer on `%s`", upper_base);
      sprintf (opts + strlen (opts), ",upperdir=%s/u,workdir=%s/w", upper_base, upper_base);
      char u[PATH_MAX], w[PATH_MAX];
      snprintf (u, sizeof u, "%s/u", upper_base);
      snprintf (w, sizeof w, "%s/w", upper_base);
      if (mkdir (u, 0755) < 0 || mkdir (w, 0700) < 0)
        return nsbox_error_errno (err, errno, "create the setup layer");
    }
  else if (n == 1)
    return nsbox_error_msg (err, "a single read-only layer is mounted as a bind, not an overlay");
  if (strlen (opts) >= 4096)
    return mount_root_overlay_each_layer (dirs, n, staging, upper_base, writable, err);
  if (base)
    {
      cwd = open (".", O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (cwd < 0 || chdir (base) < 0)
        return nsbox_error_errno (err, errno, "enter the layer directory `%s`", base);
    }
  ret = mount ("overlay", staging, "overlay", MS_NOSUID | MS_NODEV | (writable ? 0 : MS_RDONLY), opts);
  if (ret < 0)
    ret = nsbox_error_errno (err, errno, "mount the overlay root");
  if (cwd >= 0 && fchdir (cwd) < 0 && ret == 0)
    ret = nsbox_error_errno (err, errno, "return from the layer directory");
  return ret;
}

/* An idmapped clone of dir mounted over it, in the child's own mount
 * namespace: 1, or 0 where the kernel or the file system cannot idmap. */
static int
idmap_over (const char *dir, int userns_fd, struct nsbox_error **err)
{
  _cleanup_close_ int tree = open_tree (AT_FDCWD, dir, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
  struct mount_attr attr = {
    .attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
    .userns_fd = (uint64_t) userns_fd,
  };

  if (tree < 0)
    return nsbox_error_errno (err, errno, "open the layers `%s`", dir);
  if (mount_setattr (tree, "", AT_EMPTY_PATH, &attr, sizeof attr) < 0)
    {
      if (errno == EINVAL || errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS)
        return 0;
      return nsbox_error_errno (err, errno, "idmap the layers `%s`", dir);
    }
  if (move_mount (tree, "", AT_FDCWD, dir, MOVE_MOUNT_F_EMPTY_PATH) < 0)
    return nsbox_error_errno (err, errno, "mount the idmapped layers on `%s`", dir);
  return 1;
}

int
nsbox_mount_idmap_layers (char *const *dirs, size_t n, int userns_fd, struct nsbox_error **err)
{
  char parent[PATH_MAX];
  const char *base = n > 1 ? common_parent (dirs, n, parent, sizeof parent) : NULL;
  int ret = 1;

  if (base)
    return idmap_over (base, userns_fd, err);
  for (size_t i = 0; i < n && ret == 1; i++)
    {
      ret = idmap_over (dirs[i], userns_fd, err);
      if (ret == 0 && i > 0)
        return nsbox_error_errno (err, EINVAL, "layer `%s` cannot be idmapped, unlike those above it", dirs[i]);
    }
  return ret;
}

int
nsbox_mount_root (char *const *lower_dirs, size_t n_lower, const char *staging, const char *upper_base,
                  bool writable_upper, struct nsbox_error **err)
{
  int ret;

  if (n_lower == 0)
    return nsbox_error_msg (err, "no root directory given");
  if (n_lower == 1 && !writable_upper)
    ret = mount_root_bind (lower_dirs[0], staging, err);
  else
    ret = mount_root_overlay (lower_dirs, n_lower, staging, upper_base, writable_upper, err);
  if (ret < 0)
    return ret;
  return open_staging_root (staging, err);
}

int
nsbox_mount_root_unmount (const char *staging, struct nsbox_error **err)
{
  if (umount2 (staging, MNT_DETACH) < 0)
    return nsbox_error_errno (err, errno, "unmount the root");
  return 0;
}

static bool
parent_exists (int root_fd, const char *path)
{
  char dir[PATH_MAX];
  char *slash;

  snprintf (dir, sizeof dir, "%s", path);
  slash = strrchr (dir, '/');
  if (slash == NULL || slash == dir)
    return true;
  *slash = '\0';
  return nsbox_path_exists_in_root (root_fd, dir);
}

bool
nsbox_mount_points_exist (int root_fd, const struct nsbox_sandbox_config *c)
{
  static const char *const base[] = { "/proc", "/dev", "/tmp", NULL };

  for (size_t i = 0; base[i]; i++)
    if (!nsbox_path_exists_in_root (root_fd, base[i]))
      return false;
  if (c->sys_mode == NSBOX_SYS_READ_ONLY && !nsbox_path_exists_in_root (root_fd, "/sys"))
    return false;
  if (c->workdir && !nsbox_path_exists_in_root (root_fd, c->workdir))
    return false;
  for (size_t i = 0; i < c->n_mounts; i++)
    if (!nsbox_path_exists_in_root (root_fd, c->mounts[i].destination))
      return false;
  for (size_t i = 0; i < c->n_files; i++)
    if (!parent_exists (root_fd, c->files[i].destination))
      return false;
  return true;
}

/* A file the sandbox's user cannot open needs no mask: neither its owner
 * nor in its group, and nothing for others.  The user has no capability to
 * override that, no supplementary group, no way to another uid (no_new_privs)
 * and cannot change the mode of a proc file it does not own.  Each mask is a
 * mount to make and to tear down again: /proc/kcore, kpage*, slabinfo,
 * vmallocinfo, timer_list, sysrq-trigger ... are closed this way for every
 * user but root. */
static bool
closed_to (const struct stat *st, uid_t uid, gid_t gid)
{
  return uid != st->st_uid && gid != st->st_gid && (st->st_mode & S_IRWXO) == 0;
}

static int
mask_path (int dir_fd, const char *name, uid_t uid, gid_t gid, struct nsbox_error **err)
{
  _cleanup_close_ int fd = openat (dir_fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;

  if (fd < 0)
    return errno == ENOENT ? 0 : nsbox_error_errno (err, errno, "mask `%s`", name);
  if (fstat (fd, &st) < 0)
    return nsbox_error_errno (err, errno, "mask `%s`", name);
  if (closed_to (&st, uid, gid))
    return 0;
  if (S_ISDIR (st.st_mode))
    {
      static const char *const opts[] = { "size=0", "mode=0500", NULL };
      _cleanup_close_ int mnt = fs_create ("tmpfs", opts, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV
                                                              | MOUNT_ATTR_NOEXEC, name, err);
      if (mnt < 0)
        return -1;
      if (move_mount (mnt, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        return nsbox_error_errno (err, errno, "mask `%s`", name);
      return 0;
    }
  /* A file: an empty, read-only file over it. /dev/null of the host is a
   * character device the sandbox can read nothing from. */
  _cleanup_close_ int null = open_tree (AT_FDCWD, "/dev/null", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
  if (null < 0)
    return nsbox_error_errno (err, errno, "mask `%s`", name);
  if (set_attrs (null, "", AT_EMPTY_PATH, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, err) < 0)
    return -1;
  if (move_mount (null, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return nsbox_error_errno (err, errno, "mask `%s`", name);
  return 0;
}

static int
make_readonly (int dir_fd, const char *name, struct nsbox_error **err)
{
  _cleanup_close_ int tree = open_tree (dir_fd, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE
                                                          | AT_SYMLINK_NOFOLLOW);

  if (tree < 0)
    return errno == ENOENT ? 0 : nsbox_error_errno (err, errno, "read-only `%s`", name);
  if (set_attrs (tree, "", AT_EMPTY_PATH | AT_RECURSIVE,
                 MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, err) < 0)
    return -1;
  if (move_mount (tree, "", dir_fd, name, MOVE_MOUNT_F_EMPTY_PATH) < 0)
    return nsbox_error_errno (err, errno, "read-only `%s`", name);
  return 0;
}

/* Open an attached mount point again: the fd from before the mount names the
 * directory underneath, not the new file system on top. */
static int
reopen (int root_fd, const char *path, struct nsbox_error **err)
{
  return nsbox_path_open_in_root (root_fd, path, NSBOX_PATH_MUST_EXIST, err);
}

int
nsbox_mount_proc (int root_fd, uid_t uid, gid_t gid, struct nsbox_error **err)
{
  _cleanup_close_ int proc = -1;

  if (nsbox_mount_new_fs (root_fd, "/proc", "proc", NULL, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, err)
      < 0)
    return -1;
  proc = reopen (root_fd, "/proc", err);
  if (proc < 0)
    return nsbox_error_prefix (err, "mount /proc");
  for (size_t i = 0; masked_proc_paths[i]; i++)
    if (mask_path (proc, masked_proc_paths[i], uid, gid, err) < 0)
      return nsbox_error_prefix (err, "mount /proc");
  for (size_t i = 0; readonly_proc_paths[i]; i++)
    if (make_readonly (proc, readonly_proc_paths[i], err) < 0)
      return nsbox_error_prefix (err, "mount /proc");
  return 0;
}

struct device
{
  const char *name;
  unsigned major, minor;
};

static const struct device devices[] = {
  { "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 }, { "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

static const char *const dev_links[][2] = {
  { "ptmx", "pts/ptmx" },        { "fd", "/proc/self/fd" },     { "stdin", "/proc/self/fd/0" },
  { "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
};

/* mknod where we may; else (a user namespace an unprivileged user made,
 * where the kernel refuses it) empty files, for bind_host_nodes. */
static int
populate_dev (int dev, bool bind_nodes, struct nsbox_error **err)
{
  for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
    {
      int ret = bind_nodes ? mknodat (dev, devices[i].name, S_IFREG | 0666, 0)
                           : mknodat (dev, devices[i].name, S_IFCHR | 0666,
                                      makedev (devices[i].major, devices[i].minor));
      if (ret < 0)
        return nsbox_error_errno (err, errno, "mount /dev: mknod `%s`", devices[i].name);
    }
  for (size_t i = 0; i < sizeof dev_links / sizeof dev_links[0]; i++)
    if (symlinkat (dev_links[i][1], dev, dev_links[i][0]) < 0)
      return nsbox_error_errno (err, errno, "mount /dev: symlink `%s`", dev_links[i][0]);
  if (mkdirat (dev, "pts", 0755) < 0 || mkdirat (dev, "shm", 01777) < 0)
    return nsbox_error_errno (err, errno, "mount /dev: mkdir");
  return 0;
}

/* The host's node, checked to be the device it must be: the host's /dev
 * could have anything under those names. */
static int
open_host_node (const struct device *d, struct nsbox_error **err)
{
  char path[32];
  struct stat st;
  int tree;

  snprintf (path, sizeof path, "/dev/%s", d->name);
  tree = open_tree (AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);
  if (tree < 0)
    return nsbox_error_errno (err, errno, "mount /dev: bind the host's `%s`", path);
  if (fstat (tree, &st) < 0 || !S_ISCHR (st.st_mode) || st.st_rdev != makedev (d->major, d->minor))
    {
      close (tree);
      return nsbox_error_errno (err, ENODEV, "mount /dev: the host's `%s` is not device %u:%u", path, d->major,
                                d->minor);
    }
  return tree;
}

static int
bind_host_nodes (int root_fd, struct nsbox_error **err)
{
  _cleanup_close_ int dev = reopen (root_fd, "/dev", err);

  if (dev < 0)
    return nsbox_error_prefix (err, "mount /dev");
  for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
    {
      _cleanup_close_ int tree = open_host_node (&devices[i], err);

      if (tree < 0 || set_attrs (tree, "", AT_EMPTY_PATH, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, err) < 0)
        return -1;
      if (move_mount (tree, "", dev, devices[i].name, MOVE_MOUNT_F_EMPTY_PATH) < 0)
        return nsbox_error_errno (err, errno, "mount /dev: bind `%s`", devices[i].name);
    }
  return 0;
}

int
nsbox_mount_dev (int root_fd, uint64_t shm_size, uint64_t max_ptys, bool bind_nodes, struct nsbox_error **err)
{
  static const char *const dev_opts[] = { "mode=0755", "size=64k", "nr_inodes=64", NULL };
  char max_opt[64];
  /* max=: without it one sandbox can take the kernel's whole pty pool, which
   * every other devpts instance shares (ENOSPC for every other -t). */
  const char *const pts_opts[] = { "newinstance", "ptmxmode=0666", "mode=0620", max_opt, NULL };
  char shm_size_opt[64];
  const char *shm_opts[] = { shm_size_opt, "mode=1777", NULL };
  _cleanup_close_ int mnt = fs_create ("tmpfs", dev_opts, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, "/dev", err);

  if (mnt < 0)
    return -1;
  snprintf (max_opt, sizeof max_opt, "max=%" PRIu64, max_ptys);
  if (populate_dev (mnt, bind_nodes, err) < 0 || attach (mnt, root_fd, "/dev", "/dev", err) < 0)
    return -1;
  if (bind_nodes && bind_host_nodes (root_fd, err) < 0)
    return -1;
  if (nsbox_mount_new_fs (root_fd, "/dev/pts", "devpts", pts_opts, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, err) < 0)
    return -1;
  snprintf (shm_size_opt, sizeof shm_size_opt, "size=%" PRIu64, shm_size);
  return nsbox_mount_new_fs (root_fd, "/dev/shm", "tmpfs", shm_opts, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
                      err);
}

/* /dev itself (not /dev/shm or /dev/pts) read-only: in a rootless sandbox
 * the workload's uid owns its tmpfs, and no workload has anything to add. */
int
nsbox_mount_dev_seal (int root_fd, struct nsbox_error **err)
{
  _cleanup_close_ int dev = reopen (root_fd, "/dev", err);

  if (dev < 0 || set_attrs (dev, "", AT_EMPTY_PATH, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, err) < 0)
    return nsbox_error_prefix (err, "make /dev read-only");
  return 0;
}

/* A random version 4 UUID, as the kernel formats boot_id. */
static int
random_uuid (char out[38], struct nsbox_error **err)
{
  unsigned char b[16];

  if (getrandom (b, sizeof b, 0) != sizeof b)
    return nsbox_error_errno (err, errno, "random boot id");
  b[6] = (unsigned char) ((b[6] & 0x0f) | 0x40);
  b[8] = (unsigned char) ((b[8] & 0x3f) | 0x80);
  snprintf (out, 38, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\n", b[0], b[1], b[2],
            b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return 0;
}

/* The host's boot_id tells every sandbox which machine (and which boot) it
 * runs on: each gets a random one, a read-only file bound over it.  The file
 * is made in the sandbox's /dev tmpfs, bound, and unlinked again. */
static int
replace_boot_id (int root_fd, struct nsbox_error **err)
{
  static const char name[] = ".nsbox-boot-id";
  _cleanup_close_ int target = nsbox_path_open_in_root (root_fd, "/proc/sys/kernel/random/boot_id",
                                                        NSBOX_PATH_MUST_EXIST, NULL);
  _cleanup_close_ int dev = -1;
  _cleanup_close_ int fd = -1;
  _cleanup_close_ int tree = -1;
  char uuid[38];
  int ret;

  if (target < 0)
    return 0; /* a kernel without it */
  if (random_uuid (uuid, err) < 0)
    return -1;
  dev = nsbox_path_open_in_root (root_fd, "/dev", NSBOX_PATH_MUST_EXIST, err);
  if (dev < 0)
    return nsbox_error_prefix (err, "boot id");
  /* O_PATH cannot create: the directory again, for real. */
  fd = openat (dev, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "boot id: open /dev");
  close (dev);
  dev = steal_fd (&fd);
  fd = openat (dev, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "boot id: create");
  if ((ret = nsbox_write_all (fd, uuid, strlen (uuid))) < 0)
    return nsbox_error_errno (err, -ret, "boot id: write");
  tree = open_tree (dev, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
  if (tree < 0)
    ret = nsbox_error_errno (err, errno, "boot id: bind");
  else if (set_attrs (tree, "", AT_EMPTY_PATH,
                      MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, err) < 0)
    ret = nsbox_error_prefix (err, "boot id");
  else if (move_mount (tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    ret = nsbox_error_errno (err, errno, "boot id: mount");
  /* The mount keeps the file; /dev shows no trace of it. */
  unlinkat (dev, name, 0);
  return ret;
}

int
nsbox_mount_hide_host (int root_fd, struct nsbox_error **err)
{
  return replace_boot_id (root_fd, err);
}

int
nsbox_mount_tmp (int root_fd, uint64_t size, bool exec, struct nsbox_error **err)
{
  char size_opt[64];
  const char *opts[] = { size_opt, "mode=1777", NULL };
  uint64_t attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | (exec ? 0 : MOUNT_ATTR_NOEXEC);

  snprintf (size_opt, sizeof size_opt, "size=%" PRIu64, size);
  return nsbox_mount_new_fs (root_fd, "/tmp", "tmpfs", opts, attrs, err);
}

int
nsbox_mount_sys (int root_fd, uid_t uid, gid_t gid, struct nsbox_error **err)
{
  _cleanup_close_ int sys = -1;

  if (nsbox_mount_new_fs (root_fd, "/sys", "sysfs", NULL,
                   MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, err) < 0)
    return -1;
  sys = reopen (root_fd, "/sys", err);
  if (sys < 0)
    return nsbox_error_prefix (err, "mount /sys");
  for (size_t i = 0; masked_sys_paths[i]; i++)
    if (mask_path (sys, masked_sys_paths[i], uid, gid, err) < 0)
      return nsbox_error_prefix (err, "mount /sys");
  return 0;
}

static void split_dir (const char *path, char *dir, size_t size, const char **name);

static int
mount_id (int fd, uint64_t *id)
{
  struct statx stx;

  if (statx (fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &stx) < 0)
    return -errno;
  if (!(stx.stx_mask & STATX_MNT_ID))
    return -ENOTSUP;
  *id = stx.stx_mnt_id;
  return 0;
}

static int
record_owned (int root_fd, struct nsbox_mount_owned *owned, struct nsbox_error **err)
{
  static const char *const points[] = { "/", "/proc", "/dev", "/dev/pts", "/dev/shm", "/tmp", "/sys", NULL };

  owned->n = 0;
  for (size_t i = 0; points[i] && owned->n < NSBOX_MOUNT_OWNED_MAX; i++)
    {
      _cleanup_close_ int fd = nsbox_path_open_in_root (root_fd, points[i], NSBOX_PATH_MUST_EXIST, NULL);
      int ret;

      if (fd < 0)
        continue; /* /sys with --no-sys */
      if ((ret = mount_id (fd, &owned->ids[owned->n])) < 0)
        return nsbox_error_errno (err, -ret, "mount id of `%s`", points[i]);
      owned->n++;
    }
  return 0;
}

static int
make_point (int root_fd, const char *path, enum nsbox_path_create how, struct nsbox_error **err)
{
  _cleanup_close_ int fd = nsbox_path_open_in_root (root_fd, path, how, err);

  return fd < 0 ? nsbox_error_prefix (err, "mount point `%s`", path) : 0;
}

/* The destination's name was checked before (nsbox_config_validate); a
 * symlink in the root may still lead into the sandbox's /proc or /sys, and a
 * mount over their files would hide what nsbox masks there. */
static bool
in_kernel_fs (int fd)
{
  struct statfs fs;

  if (fstatfs (fd, &fs) < 0)
    return true;
  return fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC || fs.f_type == CGROUP_SUPER_MAGIC
         || fs.f_type == CGROUP2_SUPER_MAGIC;
}

int
nsbox_mount_prepare_points (int root_fd, const struct nsbox_sandbox_config *c, struct nsbox_mount_owned *owned,
                            struct nsbox_error **err)
{
  if (record_owned (root_fd, owned, err) < 0)
    return -1;
  /* All of them now, before the first bind covers any part of the tree. */
  for (size_t i = 0; i < c->n_mounts; i++)
    {
      const struct nsbox_bind_mount *m = &c->mounts[i];
      struct stat st;

      if ((m->source_fd >= 0 ? fstat (m->source_fd, &st) : stat (m->source, &st)) < 0)
        return nsbox_error_errno (err, errno, "bind mount `%s`", m->source);
      if (make_point (root_fd, c->mounts[i].destination,
                      S_ISDIR (st.st_mode) ? NSBOX_PATH_CREATE_DIR : NSBOX_PATH_CREATE_FILE, err) < 0)
        return -1;
    }
  for (size_t i = 0; i < c->n_files; i++)
    {
      char dir[PATH_MAX];
      const char *name;

      split_dir (c->files[i].destination, dir, sizeof dir, &name);
      if (make_point (root_fd, dir, NSBOX_PATH_CREATE_DIR, err) < 0)
        return -1;
    }
  return 0;
}

static int
check_owned (int fd, const char *path, const struct nsbox_mount_owned *owned, struct nsbox_error **err)
{
  uint64_t id;
  int ret = mount_id (fd, &id);

  if (ret < 0)
    return nsbox_error_errno (err, -ret, "mount id of `%s`", path);
  for (size_t i = 0; i < owned->n; i++)
    if (owned->ids[i] == id)
      return 0;
  return nsbox_error_errno (err, EXDEV,
                            "mount point `%s` is inside the bind mount of another volume (nested binds are "
                            "refused: their mount point would have to be made on the host)",
                            path);
}

/* The more telling refusal before check_owned's: a link of the root that
 * leads into /proc or /sys. */
static int
refuse_kernel_fs (int fd, struct nsbox_error **err)
{
  if (in_kernel_fs (fd))
    return nsbox_error_msg (err, "the destination resolves into /proc or /sys in the sandbox, which nsbox mounts "
                                 "itself: refused");
  return 0;
}

/* The existing mount point of `path`: its parent and itself must lie on
 * mounts nsbox made, so that no earlier bind (reached through a symlink of
 * the root or by nesting) is mounted on, or into. */
static int
open_mount_point (int root_fd, const char *path, const struct nsbox_mount_owned *owned, struct nsbox_error **err)
{
  char norm[PATH_MAX], parent[PATH_MAX];
  const char *name;
  _cleanup_close_ int dir = -1;
  _cleanup_close_ int fd = -1;

  if (nsbox_path_normalize (path, norm, sizeof norm, err) < 0)
    return -1;
  split_dir (norm, parent, sizeof parent, &name);
  dir = nsbox_path_open_in_root (root_fd, parent, NSBOX_PATH_MUST_EXIST, err);
  if (dir < 0 || refuse_kernel_fs (dir, err) < 0 || check_owned (dir, path, owned, err) < 0)
    return -1;
  fd = nsbox_path_open_in_root (root_fd, norm, NSBOX_PATH_MUST_EXIST, err);
  if (fd < 0 || refuse_kernel_fs (fd, err) < 0 || check_owned (fd, path, owned, err) < 0)
    return -1;
  return steal_fd (&fd);
}

static int
attach_checked (int mnt_fd, int root_fd, const char *path, const struct nsbox_mount_owned *owned,
                struct nsbox_error **err)
{
  _cleanup_close_ int target = open_mount_point (root_fd, path, owned, err);

  if (target < 0)
    return nsbox_error_prefix (err, "mount %s", path);
  if (move_mount (mnt_fd, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return nsbox_error_errno (err, errno, "mount %s", path);
  return 0;
}

/* A detached copy of the mount tree at fd, nosuid, nodev (and read-only):
 * made in nsbox's own mount namespace, which the caller's fd belongs to. */
static int
clone_tree (int fd, const struct nsbox_bind_mount *m, struct nsbox_error **err)
{
  _cleanup_close_ int tree = open_tree (fd, m->source_fd >= 0 ? "" : m->source,
                                        OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE
                                            | (m->source_fd >= 0 ? AT_EMPTY_PATH : 0));
  uint64_t attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | (m->read_only ? MOUNT_ATTR_RDONLY : 0);

  if (tree < 0)
    return nsbox_error_errno (err, errno, "bind mount `%s`", m->source);
  if (set_attrs (tree, "", AT_EMPTY_PATH | AT_RECURSIVE, attrs, err) < 0)
    return nsbox_error_prefix (err, "bind mount `%s`", m->source);
  return steal_fd (&tree);
}

int
nsbox_mount_clone_source (const struct nsbox_bind_mount *m, int idmap_userns, struct nsbox_error **err)
{
  _cleanup_close_ int tree = clone_tree (m->source_fd, m, err);
  struct mount_attr idmap = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t) idmap_userns };

  if (tree < 0)
    return -1;
  /* The top mount only: one below it keeps its owners, and a file system
   * that cannot idmap is an error, not a silently unwritable volume. */
  if (idmap_userns >= 0 && mount_setattr (tree, "", AT_EMPTY_PATH, &idmap, sizeof idmap) < 0)
    return nsbox_error_errno (err, errno, "volume `%s`: an idmapped mount of it (its file system cannot?)",
                              m->source);
  return steal_fd (&tree);
}

int
nsbox_mount_bind (int root_fd, const struct nsbox_bind_mount *m, int cloned, const struct nsbox_mount_owned *owned,
                  struct nsbox_error **err)
{
  _cleanup_close_ int tree = cloned >= 0 ? -1 : clone_tree (AT_FDCWD, m, err);
  _cleanup_close_ int target = -1;

  if (cloned < 0 && tree < 0)
    return -1;
  target = open_mount_point (root_fd, m->destination, owned, err);
  if (target < 0)
    return nsbox_error_prefix (err, "bind mount on `%s`", m->destination);
  if (move_mount (cloned >= 0 ? cloned : tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return nsbox_error_errno (err, errno, "bind mount `%s` on `%s`", m->source, m->destination);
  return 0;
}

static int
write_file (int dir_fd, const char *name, const struct nsbox_file *f, struct nsbox_error **err)
{
  _cleanup_close_ int fd = openat (dir_fd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, f->mode);
  int ret;

  if (fd < 0)
    return nsbox_error_errno (err, errno, "create `%s`", f->destination);
  if ((ret = nsbox_write_all (fd, f->content, f->length)) < 0)
    return nsbox_error_errno (err, -ret, "write `%s`", f->destination);
  if (fchmod (fd, f->mode) < 0)
    return nsbox_error_errno (err, errno, "chmod `%s`", f->destination);
  return 0;
}

static void
split_dir (const char *path, char *dir, size_t size, const char **name)
{
  const char *slash = strrchr (path, '/');
  size_t len = (size_t) (slash - path);

  if (len == 0)
    len = 1;
  snprintf (dir, size, "%.*s", (int) len, path);
  *name = slash + 1;
}

/* All files sharing a directory go into one tmpfs, written before it is
 * attached and sealed read-only. */
int
nsbox_mount_files (int root_fd, const struct nsbox_file *files, size_t n, const struct nsbox_mount_owned *owned,
                   struct nsbox_error **err)
{
  for (size_t i = 0; i < n; i++)
    {
      char dir[PATH_MAX], other[PATH_MAX], size_opt[64];
      const char *name, *other_name;
      const char *opts[] = { size_opt, "mode=0755", NULL };
      uint64_t total = 0;
      bool done_before = false;
      _cleanup_close_ int mnt = -1;

      split_dir (files[i].destination, dir, sizeof dir, &name);
      for (size_t j = 0; j < i && !done_before; j++)
        {
          split_dir (files[j].destination, other, sizeof other, &other_name);
          done_before = strcmp (dir, other) == 0;
        }
      if (done_before)
        continue;
      for (size_t j = i; j < n; j++)
        total += files[j].length + 4096;
      snprintf (size_opt, sizeof size_opt, "size=%" PRIu64, total + 4096);
      mnt = fs_create ("tmpfs", opts, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, dir, err);
      if (mnt < 0)
        return -1;
      for (size_t j = i; j < n; j++)
        {
          split_dir (files[j].destination, other, sizeof other, &other_name);
          if (strcmp (dir, other) == 0 && write_file (mnt, other_name, &files[j], err) < 0)
            return -1;
        }
      if (set_attrs (mnt, "", AT_EMPTY_PATH, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, err) < 0)
        return -1;
      if (attach_checked (mnt, root_fd, dir, owned, err) < 0)
        return -1;
    }
  return 0;
}

int
nsbox_mount_root_seal (int root_fd, struct nsbox_error **err)
{
  if (set_attrs (root_fd, "", AT_EMPTY_PATH, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, err) < 0)
    return nsbox_error_prefix (err, "make the root read-only");
  return 0;
}

int
nsbox_mount_pivot (int root_fd, struct nsbox_error **err)
{
  /* pivot_root(".", ".") stacks the old root on top of the new one; detaching
   * "." then leaves only the new root, with no directory needed for the old. */
  if (fchdir (root_fd) < 0)
    return nsbox_error_errno (err, errno, "enter the new root");
  if (syscall (SYS_pivot_root, ".", ".") < 0)
    return nsbox_error_errno (err, errno, "pivot_root");
  if (umount2 (".", MNT_DETACH) < 0)
    return nsbox_error_errno (err, errno, "detach the old root");
  if (chdir ("/") < 0)
    return nsbox_error_errno (err, errno, "chdir /");
  return 0;
}
