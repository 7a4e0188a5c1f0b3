#define _GNU_SOURCE
#include "image/store/layer.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "image/store/archive-reader.h"
#include "base/cleanup.h"

/* Deeper trees than this are refused: removal walks hold one fd per level, and no real
 * image nests anywhere near this deep. */
#define LAYER_MAX_DEPTH 200

#define WHITEOUT_PREFIX ".wh."
#define WHITEOUT_OPAQUE ".wh..wh..opq"

struct extractor
{
  int root;
  struct archive *archive;
  const struct nsbox_layer_options *options;
  char *cached_parent; /* normalized path whose directory fd is cached_fd */
  int cached_fd;
};

static void
extractor_forget_parent (struct extractor *x)
{
  free (x->cached_parent);
  x->cached_parent = NULL;
  if (x->cached_fd >= 0)
    close (x->cached_fd);
  x->cached_fd = -1;
}

/* "./a//b/" -> "a/b"; "" for the root itself.  Absolute paths and ".." are hostile. */
static int
normalize_path (const char *raw, char **out, struct nsbox_error **err)
{
  _cleanup_free_ char *copy = NULL;
  _cleanup_free_ char *result = NULL;
  size_t used = 0, depth = 0;
  char *save = NULL;

  if (raw == NULL || *raw == '\0')
    return nsbox_error_msg (err, "layer entry with an empty path");
  if (raw[0] == '/')
    return nsbox_error_msg (err, "layer entry `%.200s` has an absolute path", raw);
  if (strlen (raw) >= PATH_MAX)
    return nsbox_error_msg (err, "layer entry path is longer than %d bytes", PATH_MAX);
  copy = strdup (raw);
  result = calloc (1, strlen (raw) + 1);
  if (copy == NULL || result == NULL)
    return nsbox_error_oom (err);
  for (char *c = strtok_r (copy, "/", &save); c; c = strtok_r (NULL, "/", &save))
    {
      if (strcmp (c, ".") == 0)
        continue;
      if (strcmp (c, "..") == 0)
        return nsbox_error_msg (err, "layer entry `%.200s` contains `..`", raw);
      if (++depth > LAYER_MAX_DEPTH)
        return nsbox_error_msg (err, "layer entry `%.200s` is nested deeper than %d", raw, LAYER_MAX_DEPTH);
      if (used > 0)
        result[used++] = '/';
      memcpy (result + used, c, strlen (c));
      used += strlen (c);
    }
  result[used] = '\0';
  *out = steal_pointer (&result);
  return 0;
}

/* Open (creating missing components as 0755 directories when create is set) the directory
 * `path` below root, one component at a time, never following a symlink: an earlier entry
 * that planted a symlink (CVE-2021-29136, CVE-2018-15664 style) cannot redirect us. */
static int
walk_dir (int root, const char *path, bool create, struct nsbox_error **err)
{
  _cleanup_free_ char *copy = strdup (path);
  _cleanup_close_ int fd = -1;
  char *save = NULL;

  if (copy == NULL)
    return nsbox_error_oom (err);
  fd = openat (root, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open layer directory");
  for (char *c = strtok_r (copy, "/", &save); c; c = strtok_r (NULL, "/", &save))
    {
      int next = openat (fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

      if (next < 0 && errno == ENOENT && create)
        {
          if (mkdirat (fd, c, 0755) < 0 && errno != EEXIST)
            return nsbox_error_errno (err, errno, "create directory `%s` (for `%s`)", c, path);
          next = openat (fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
      if (next < 0 && (errno == ELOOP || errno == ENOTDIR))
        return nsbox_error_msg (err, "`%s` is not a directory (a symbolic link?): refusing to write through it", c);
      if (next < 0)
        return nsbox_error_errno (err, errno, "open `%s` (for `%.200s`)", c, path);
      close (fd);
      fd = next;
    }
  return steal_fd (&fd);
}

/* The parent directory of an entry, borrowed (do not close); consecutive entries usually share it. */
static int
parent_fd (struct extractor *x, const char *parent, struct nsbox_error **err)
{
  int fd;

  if (x->cached_parent && strcmp (x->cached_parent, parent) == 0)
    return x->cached_fd;
  extractor_forget_parent (x);
  fd = walk_dir (x->root, parent, true, err);
  if (fd < 0)
    return fd;
  x->cached_parent = strdup (parent);
  if (x->cached_parent == NULL)
    {
      close (fd);
      return nsbox_error_oom (err);
    }
  x->cached_fd = fd;
  return fd;
}

static void
split_path (char *path, const char **parent, const char **name)
{
  char *slash = strrchr (path, '/');

  if (slash == NULL)
    {
      *parent = "";
      *name = path;
      return;
    }
  *slash = '\0';
  *parent = path;
  *name = slash + 1;
}


/* Make room for `name`: an existing directory stays when a directory is wanted (returns 1);
 * anything else that is there goes (tar semantics: later entries replace earlier ones). */
static int
make_room (int dirfd, const char *name, bool want_dir, struct nsbox_error **err)
{
  struct stat st;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    {
      if (errno == ENOENT)
        return 0;
      return nsbox_error_errno (err, errno, "stat `%s`", name);
    }
  if (want_dir && S_ISDIR (st.st_mode))
    return 1;
  /* dirfd is the cached parent, so the cache never lies below what goes here. */
  return nsbox_remove_tree_at (dirfd, name, err);
}

static bool
xattr_allowed (const char *name)
{
  /* File capabilities, SELinux labels and above all trusted.overlay.* (redirects, metacopy,
   * opaque markers the layer did not ask for with a whiteout, and their
   * user.overlay.* twins used by unprivileged overlayfs) never come from an image. */
  if (strncmp (name, "user.overlay.", 13) == 0)
    return false;
  return strncmp (name, "user.", 5) == 0 || strcmp (name, "system.posix_acl_access") == 0
         || strcmp (name, "system.posix_acl_default") == 0;
}

static int
apply_xattrs (struct archive_entry *entry, int fd, const char *path, struct nsbox_error **err)
{
  const char *name;
  const void *value;
  size_t size;

  archive_entry_xattr_reset (entry);
  while (archive_entry_xattr_next (entry, &name, &value, &size) == ARCHIVE_OK)
    {
      if (name == NULL || !xattr_allowed (name))
        continue;
      if (fsetxattr (fd, name, value, size, 0) < 0 && errno != EOPNOTSUPP)
        return nsbox_error_errno (err, errno, "set xattr `%s` on `%.200s`", name, path);
    }
  return 0;
}

/* Owner, mode (after chown, which clears set-id bits), xattrs and mtime of an open file or directory. */
static int
apply_metadata (struct extractor *x, struct archive_entry *entry, int fd, const char *path, bool set_times,
                struct nsbox_error **err)
{
  if (x->options->keep_ownership
      && fchown (fd, (uid_t) archive_entry_uid (entry), (gid_t) archive_entry_gid (entry)) < 0)
    return nsbox_error_errno (err, errno, "chown `%.200s`", path);
  if (fchmod (fd, archive_entry_mode (entry) & 07777) < 0)
    return nsbox_error_errno (err, errno, "chmod `%.200s`", path);
  if (apply_xattrs (entry, fd, path, err) < 0)
    return -1;
  if (set_times)
    {
      struct timespec ts[2] = {
        { archive_entry_mtime (entry), archive_entry_mtime_nsec (entry) },
        { archive_entry_mtime (entry), archive_entry_mtime_nsec (entry) },
      };
      if (futimens (fd, ts) < 0)
        return nsbox_error_errno (err, errno, "set times of `%.200s`", path);
    }
  return 0;
}

/* Write the entry's data blocks; *end gets the end of the last one. */
static int
write_data (struct extractor *x, int fd, const char *path, int64_t *end, struct nsbox_error **err)
{
  const void *buf;
  size_t size;
  la_int64_t offset;
  int r;

  *end = 0;
  while ((r = archive_read_data_block (x->archive, &buf, &size, &offset)) == ARCHIVE_OK)
    {
      const char *p = buf;
      while (size > 0)
        {
          ssize_t n = pwrite (fd, p, size, offset);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            return nsbox_error_errno (err, errno, "write `%.200s`", path);
          p += n;
          size -= n;
          offset += n;
        }
      *end = offset;
    }
  if (r != ARCHIVE_EOF)
    return nsbox_error_msg (err, "read data of `%.200s`: %s", path, archive_error_string (x->archive));
  return 0;
}

static int
extract_regular (struct extractor *x, struct archive_entry *entry, int dirfd, const char *name, const char *path,
                 struct nsbox_error **err)
{
  _cleanup_close_ int fd = -1;
  int64_t end;

  if (make_room (dirfd, name, false, err) < 0)
    return -1;
  fd = openat (dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "create `%.200s`", path);
  if (write_data (x, fd, path, &end, err) < 0)
    return -1;
  /* Sparse files end in a hole that no data block covers. */
  if (archive_entry_size_is_set (entry) && end != archive_entry_size (entry)
      && ftruncate (fd, archive_entry_size (entry)) < 0)
    return nsbox_error_errno (err, errno, "truncate `%.200s`", path);
  return apply_metadata (x, entry, fd, path, true, err);
}

static int
extract_directory (struct extractor *x, struct archive_entry *entry, int dirfd, const char *name, const char *path,
                   struct nsbox_error **err)
{
  _cleanup_close_ int fd = -1;
  int r = make_room (dirfd, name, true, err);

  if (r < 0)
    return r;
  if (r == 0 && mkdirat (dirfd, name, 0700) < 0)
    return nsbox_error_errno (err, errno, "create directory `%.200s`", path);
  fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open directory `%.200s`", path);
  /* Directory times change as entries land in them; they are not worth a second pass. */
  return apply_metadata (x, entry, fd, path, false, err);
}

static int
extract_symlink (struct extractor *x, struct archive_entry *entry, int dirfd, const char *name, const char *path,
                 struct nsbox_error **err)
{
  const char *target = archive_entry_symlink (entry);
  struct timespec ts[2];

  if (target == NULL)
    target = archive_entry_symlink_utf8 (entry);
  if (target == NULL || *target == '\0')
    return nsbox_error_msg (err, "symbolic link `%.200s` has no target", path);
  if (make_room (dirfd, name, false, err) < 0)
    return -1;
  /* The target is stored as text and never followed here: every later lookup in this
   * layer uses O_NOFOLLOW, and in the sandbox it resolves inside the sandbox's root. */
  if (symlinkat (target, dirfd, name) < 0)
    return nsbox_error_errno (err, errno, "create symbolic link `%.200s`", path);
  if (x->options->keep_ownership
      && fchownat (dirfd, name, (uid_t) archive_entry_uid (entry), (gid_t) archive_entry_gid (entry),
                   AT_SYMLINK_NOFOLLOW) < 0)
    return nsbox_error_errno (err, errno, "chown `%.200s`", path);
  ts[0].tv_sec = ts[1].tv_sec = archive_entry_mtime (entry);
  ts[0].tv_nsec = ts[1].tv_nsec = archive_entry_mtime_nsec (entry);
  if (utimensat (dirfd, name, ts, AT_SYMLINK_NOFOLLOW) < 0)
    return nsbox_error_errno (err, errno, "set times of `%.200s`", path);
  return 0;
}

static int
extract_hardlink (struct extractor *x, const char *raw_target, int dirfd, const char *name, const char *path,
                  struct nsbox_error **err)
{
  _cleanup_free_ char *target = NULL;
  _cleanup_close_ int target_dir = -1;
  const char *target_parent, *target_name;
  struct stat st;

  if (normalize_path (raw_target, &target, err) < 0)
    return nsbox_error_prefix (err, "hard link `%.200s`", path);
  if (*target == '\0')
    return nsbox_error_msg (err, "hard link `%.200s` points at the layer root", path);
  split_path (target, &target_parent, &target_name);
  /* The target must be an earlier entry of this layer, reached without symlinks. */
  target_dir = walk_dir (x->root, target_parent, false, err);
  if (target_dir < 0)
    return nsbox_error_prefix (err, "hard link `%.200s`", path);
  if (fstatat (target_dir, target_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return nsbox_error_errno (err, errno, "hard link `%.200s`: target `%.200s`", path, raw_target);
  if (S_ISDIR (st.st_mode))
    return nsbox_error_msg (err, "hard link `%.200s` points at directory `%.200s`", path, raw_target);
  if (make_room (dirfd, name, false, err) < 0)
    return -1;
  /* No AT_SYMLINK_FOLLOW: a link to a symlink links the symlink itself. */
  if (linkat (target_dir, target_name, dirfd, name, 0) < 0)
    return nsbox_error_errno (err, errno, "hard link `%.200s` to `%.200s`", path, raw_target);
  return 0;
}

static int
extract_whiteout (struct extractor *x, int dirfd, const char *name, const char *path, struct nsbox_error **err)
{
  const char *hidden = name + strlen (WHITEOUT_PREFIX);

  if (strcmp (name, WHITEOUT_OPAQUE) == 0)
    {
      if (!x->options->overlay_whiteouts)
        return 0;
      /* Without CAP_SYS_ADMIN only the user.* form works (overlayfs mounted with userxattr). */
      if (fsetxattr (dirfd, "trusted.overlay.opaque", "y", 1, 0) < 0
          && (errno != EPERM || fsetxattr (dirfd, "user.overlay.opaque", "y", 1, 0) < 0))
        return nsbox_error_errno (err, errno, "mark `%.200s` opaque", path);
      return 0;
    }
  /* Other .wh..wh.* names are AUFS bookkeeping with no meaning for overlayfs. */
  if (strncmp (hidden, WHITEOUT_PREFIX, strlen (WHITEOUT_PREFIX)) == 0)
    return 0;
  if (*hidden == '\0' || strcmp (hidden, ".") == 0 || strcmp (hidden, "..") == 0)
    return nsbox_error_msg (err, "malformed whiteout `%.200s`", path);
  if (make_room (dirfd, hidden, false, err) < 0)
    return -1;
  if (!x->options->overlay_whiteouts)
    return 0;
  if (mknodat (dirfd, hidden, S_IFCHR | 0000, makedev (0, 0)) < 0)
    return nsbox_error_errno (err, errno, "create whiteout for `%.200s`", path);
  return 0;
}

static int
extract_root_entry (struct extractor *x, struct archive_entry *entry, struct nsbox_error **err)
{
  if (archive_entry_filetype (entry) != AE_IFDIR || archive_entry_hardlink (entry) != NULL)
    return nsbox_error_msg (err, "layer entry for the root directory is not a directory");
  return apply_metadata (x, entry, x->root, "/", false, err);
}

static int
extract_entry (struct extractor *x, struct archive_entry *entry, struct nsbox_error **err)
{
  _cleanup_free_ char *path = NULL;
  const char *raw = archive_entry_pathname (entry);
  const char *hardlink = archive_entry_hardlink (entry);
  const char *parent, *name;
  int dirfd;

  if (raw == NULL)
    raw = archive_entry_pathname_utf8 (entry);
  if (hardlink == NULL)
    hardlink = archive_entry_hardlink_utf8 (entry);
  if (normalize_path (raw, &path, err) < 0)
    return -1;
  if (*path == '\0')
    return extract_root_entry (x, entry, err);
  split_path (path, &parent, &name);
  dirfd = parent_fd (x, parent, err);
  if (dirfd < 0)
    return nsbox_error_prefix (err, "layer entry `%.200s`", raw);
  if (strncmp (name, WHITEOUT_PREFIX, strlen (WHITEOUT_PREFIX)) == 0)
    return extract_whiteout (x, dirfd, name, raw, err);
  if (hardlink != NULL)
    return extract_hardlink (x, hardlink, dirfd, name, raw, err);
  switch (archive_entry_filetype (entry))
    {
    case AE_IFREG:
      return extract_regular (x, entry, dirfd, name, raw, err);
    case AE_IFDIR:
      return extract_directory (x, entry, dirfd, name, raw, err);
    case AE_IFLNK:
      return extract_symlink (x, entry, dirfd, name, raw, err);
    case AE_IFIFO:
      if (make_room (dirfd, name, false, err) < 0)
        return -1;
      if (mknodat (dirfd, name, S_IFIFO | (archive_entry_mode (entry) & 0777), 0) < 0)
        return nsbox_error_errno (err, errno, "create fifo `%.200s`", raw);
      return 0;
    default:
      /* Device nodes and sockets: the sandbox gets its own minimal /dev. */
      return 0;
    }
}

static int
extract_all (struct archive *a, int dest_dirfd, const struct nsbox_layer_options *options, struct nsbox_error **err)
{
  struct extractor x = { .root = dest_dirfd, .archive = a, .options = options, .cached_fd = -1 };
  struct archive_entry *entry;
  int r, ret = 0;

  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    if ((ret = extract_entry (&x, entry, err)) < 0)
      break;
  extractor_forget_parent (&x);
  if (ret < 0)
    return ret;
  if (r != ARCHIVE_EOF)
    return nsbox_error_msg (err, "read layer archive: %s", archive_error_string (a));
  return 0;
}

struct archive *
nsbox_archive_reader_new (void)
{
  struct archive *a = archive_read_new ();

  if (a == NULL)
    return NULL;
  archive_read_support_filter_none (a);
  /* ARCHIVE_WARN means "only through an external program": start again without it. */
  if (archive_read_support_filter_gzip (a) != ARCHIVE_OK || archive_read_support_filter_zstd (a) != ARCHIVE_OK)
    {
      archive_read_free (a);
      a = archive_read_new ();
      if (a == NULL)
        return NULL;
      archive_read_support_filter_none (a);
    }
  archive_read_support_format_tar (a);
  archive_read_support_format_empty (a);
  return a;
}

int
nsbox_layer_extract (int archive_fd, int dest_dirfd, const struct nsbox_layer_options *options,
                     struct nsbox_error **err)
{
  struct archive *a = nsbox_archive_reader_new ();
  int ret;

  if (a == NULL)
    return nsbox_error_oom (err);
  if (archive_read_open_fd (a, archive_fd, 128 * 1024) != ARCHIVE_OK)
    ret = nsbox_error_msg (err, "open layer archive: %s", archive_error_string (a));
  else
    ret = extract_all (a, dest_dirfd, options, err);
  archive_read_free (a);
  return ret;
}

int
nsbox_layer_extract_buffer (const void *data, size_t length, int dest_dirfd, const struct nsbox_layer_options *options,
                            struct nsbox_error **err)
{
  struct archive *a = nsbox_archive_reader_new ();
  int ret;

  if (a == NULL)
    return nsbox_error_oom (err);
  if (archive_read_open_memory (a, data, length) != ARCHIVE_OK)
    ret = nsbox_error_msg (err, "open layer archive: %s", archive_error_string (a));
  else
    ret = extract_all (a, dest_dirfd, options, err);
  archive_read_free (a);
  return ret;
}
