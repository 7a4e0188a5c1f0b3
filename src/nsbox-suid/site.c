/* site.c - nsbox.conf for the setuid helper, trusted only as far as its
 * owners go: the file and each directory on the way to it must be root's
 * and not writable by group or others, checked on the open file itself,
 * component by component without following symlinks (sudo's rule for
 * sudoers).  Nothing of the caller's names it. */
#define _GNU_SOURCE
#include "site.h"
#include "base/cleanup.h"
#include "base/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SITE_CONF_MAX (1 << 20)

static int
check_owner (int fd, const char *path, struct nsbox_error **err)
{
  struct stat st;

  if (fstat (fd, &st) < 0)
    return nsbox_error_errno (err, errno, "stat `%s`", path);
  if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
    return nsbox_error_msg (err, "`%s` must be root's and writable by root alone: the setuid helper trusts it",
                            path);
  return 0;
}

/* The directory of `path`, opened from / one component at a time. */
static int
open_trusted_dir (const char *path, const char **name, struct nsbox_error **err)
{
  _cleanup_free_ char *copy = strdup (path);
  _cleanup_close_ int dir = -1;
  char *slash;

  if (copy == NULL)
    return nsbox_error_oom (err);
  if (copy[0] != '/' || (slash = strrchr (copy, '/')) == NULL)
    return nsbox_error_msg (err, "`%s` is not an absolute path", path);
  *name = path + (slash - copy) + 1;
  *slash = '\0';
  if ((dir = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0 || check_owner (dir, "/", err) < 0)
    return dir < 0 ? nsbox_error_errno (err, errno, "open /") : -1;
  for (char *save = NULL, *p = strtok_r (copy + 1, "/", &save); p; p = strtok_r (NULL, "/", &save))
    {
      int next = openat (dir, p, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

      if (next < 0)
        return nsbox_error_errno (err, errno, "open `%s` (in `%s`)", p, path);
      close (dir);
      dir = next;
      if (check_owner (dir, path, err) < 0)
        return -1;
    }
  return steal_fd (&dir);
}

int
nsbox_suid_site_load (struct nsbox_conf *conf, bool *exists, struct nsbox_error **err)
{
  const char *name = NULL;
  _cleanup_close_ int dir = -1;
  _cleanup_close_ int fd = -1;
  _cleanup_free_ char *text = NULL;
  size_t length;

  nsbox_conf_init (conf);
  *exists = false;
  if ((dir = open_trusted_dir (NSBOX_SUID_CONF, &name, err)) < 0)
    return nsbox_error_prefix (err, "site configuration");
  fd = openat (dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    return 0;
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open the site configuration `%s`", NSBOX_SUID_CONF);
  if (check_owner (fd, NSBOX_SUID_CONF, err) < 0)
    return -1;
  *exists = true;
  if (nsbox_read_fd (fd, NSBOX_SUID_CONF, SITE_CONF_MAX, &text, &length, err) < 0)
    return -1;
  return nsbox_conf_parse (text, length, NSBOX_SUID_CONF, conf, err);
}

const char *
nsbox_suid_state_root (const struct nsbox_conf *conf)
{
  return conf->helper.state_root ? conf->helper.state_root : NSBOX_DEFAULT_STATE_ROOT;
}

const char *
nsbox_suid_audit_log (const struct nsbox_conf *conf)
{
  return conf->helper.audit_log ? conf->helper.audit_log : NSBOX_DEFAULT_AUDIT_LOG;
}
