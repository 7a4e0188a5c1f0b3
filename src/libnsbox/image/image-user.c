#define _GNU_SOURCE
#include "image/resolve.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "base/cleanup.h"

#define NOBODY 65534
#define DB_MAX_SIZE (1024 * 1024)

static bool
is_whiteout (int dirfd, const char *name)
{
  struct stat st;

  return fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISCHR (st.st_mode) && st.st_rdev == makedev (0, 0);
}

static bool
is_opaque (int dirfd)
{
  char v[2];

  return (fgetxattr (dirfd, "trusted.overlay.opaque", v, sizeof v) == 1 && v[0] == 'y')
         || (fgetxattr (dirfd, "user.overlay.opaque", v, sizeof v) == 1 && v[0] == 'y');
}

static int
read_fd (int fd, const char *what, char **out, struct nsbox_error **err)
{
  _cleanup_free_ char *buf = malloc (DB_MAX_SIZE + 1);
  size_t got = 0;
  ssize_t n;

  if (buf == NULL)
    return nsbox_error_oom (err);
  while (got < DB_MAX_SIZE && (n = read (fd, buf + got, DB_MAX_SIZE - got)) > 0)
    got += n;
  buf[got] = '\0';
  *out = steal_pointer (&buf);
  return 0;
}

/* /etc/<file> as the overlay would show it: the topmost layer that has it, unless a whiteout
 * or an opaque /etc hides the lower ones.  Symlinks are not followed (they could point
 * anywhere on the host from here); *out stays NULL if the image has no such file. */
static int
read_image_file (const struct nsbox_image *image, const char *file, char **out, struct nsbox_error **err)
{
  *out = NULL;
  for (size_t i = 0; i < image->n_lower_dirs; i++)
    {
      _cleanup_close_ int layer = open (image->lower_dirs[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      _cleanup_close_ int etc = -1;
      _cleanup_close_ int fd = -1;

      if (layer < 0)
        return nsbox_error_errno (err, errno, "open layer `%s`", image->lower_dirs[i]);
      etc = openat (layer, "etc", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (etc < 0)
        {
          if (errno == ENOENT)
            continue;
          if (is_whiteout (layer, "etc"))
            return 0;
          return nsbox_error_errno (err, errno, "image /etc (a symbolic link?)");
        }
      fd = openat (etc, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
      if (fd >= 0)
        {
          struct stat st;
          if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
            return is_whiteout (etc, file) ? 0 : nsbox_error_msg (err, "image /etc/%s is not a regular file", file);
          return read_fd (fd, file, out, err);
        }
      if (errno != ENOENT)
        return nsbox_error_errno (err, errno, "open image /etc/%s (a symbolic link?)", file);
      if (is_opaque (etc))
        return 0;
    }
  return 0;
}

static bool
parse_id (const char *s, unsigned long *out)
{
  char *end;

  if (*s < '0' || *s > '9')
    return false;
  errno = 0;
  *out = strtoul (s, &end, 10);
  return errno == 0 && *end == '\0' && *out < 0xffffffffUL;
}

/* Find the line of a passwd/group database whose field `key_field` equals key;
 * return fields 2 and 3 (passwd: uid, gid; group: gid). */
static bool
db_lookup (char *db, const char *key, int key_field, unsigned long *id2, unsigned long *id3)
{
  char *save = NULL;

  for (char *line = db ? strtok_r (db, "\n", &save) : NULL; line; line = strtok_r (NULL, "\n", &save))
    {
      char *fields[4] = { 0 };
      char *p = line;

      for (int f = 0; f < 4 && p; f++)
        {
          fields[f] = p;
          p = strchr (p, ':');
          if (p)
            *p++ = '\0';
        }
      if (fields[2] == NULL || strcmp (fields[key_field], key) != 0)
        continue;
      if (!parse_id (fields[2], id2) || (id3 && (fields[3] == NULL || !parse_id (fields[3], id3))))
        continue;
      return true;
    }
  return false;
}

static int
resolve_user (const struct nsbox_image *image, const char *user, unsigned long *uid, unsigned long *gid,
              bool *gid_known, struct nsbox_error **err)
{
  _cleanup_free_ char *passwd = NULL;
  unsigned long u, g;

  if (read_image_file (image, "passwd", &passwd, err) < 0)
    return -1;
  if (parse_id (user, uid))
    {
      /* A numeric user takes its primary group from passwd when it is listed there. */
      char key[16];
      snprintf (key, sizeof key, "%lu", *uid);
      *gid_known = db_lookup (passwd, key, 2, &u, &g);
      *gid = *gid_known ? g : NOBODY;
      return 0;
    }
  if (!db_lookup (passwd, user, 0, uid, gid))
    return nsbox_error_msg (err, "image user `%s` is not in the image's /etc/passwd", user);
  *gid_known = true;
  return 0;
}

static int
resolve_group (const struct nsbox_image *image, const char *group, unsigned long *gid, struct nsbox_error **err)
{
  _cleanup_free_ char *db = NULL;

  if (parse_id (group, gid))
    return 0;
  if (read_image_file (image, "group", &db, err) < 0)
    return -1;
  if (!db_lookup (db, group, 0, gid, NULL))
    return nsbox_error_msg (err, "image group `%s` is not in the image's /etc/group", group);
  return 0;
}

int
nsbox_image_user (const struct nsbox_image *image, uid_t *uid_out, gid_t *gid_out, struct nsbox_error **err)
{
  _cleanup_free_ char *spec = NULL;
  const char *user = image->config ? image->config->user : NULL;
  unsigned long uid = NOBODY, gid = NOBODY;
  bool gid_known = false;
  char *group;

  *uid_out = NOBODY;
  *gid_out = NOBODY;
  if (user == NULL || *user == '\0')
    return 0;
  if ((spec = strdup (user)) == NULL)
    return nsbox_error_oom (err);
  group = strchr (spec, ':');
  if (group)
    *group++ = '\0';
  if (*spec == '\0' || resolve_user (image, spec, &uid, &gid, &gid_known, err) < 0)
    return *spec == '\0' ? nsbox_error_msg (err, "malformed image user `%s`", user) : -1;
  if (group && resolve_group (image, group, &gid, err) < 0)
    return -1;
  /* Image code never runs as root: uid 0 (any spelling) and group 0 become nobody. */
  if (uid == 0)
    uid = gid = NOBODY;
  if (gid == 0)
    gid = NOBODY;
  *uid_out = (uid_t) uid;
  *gid_out = (gid_t) gid;
  return 0;
}
