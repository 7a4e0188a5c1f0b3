/* audit.c - append one JSON line per request to the audit log. */
#define _GNU_SOURCE
#include "audit.h"
#include "base/cleanup.h"
#include "base/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

/* The log's directory and those above it, made root's 0750 where missing. */
static int
make_parents (const char *path, struct nsbox_error **err)
{
  char dir[PATH_MAX];

  if (snprintf (dir, sizeof dir, "%s", path) >= (int) sizeof dir)
    return nsbox_error_msg (err, "audit log `%s`: path too long", path);
  for (char *p = dir + 1; (p = strchr (p, '/')) != NULL; p++)
    {
      *p = '\0';
      if (mkdir (dir, 0750) < 0 && errno != EEXIST)
        return nsbox_error_errno (err, errno, "make `%s` for the audit log", dir);
      *p = '/';
    }
  return 0;
}

int
nsbox_suid_audit_open (struct nsbox_suid_audit *audit, const char *path, bool syslog, struct nsbox_error **err)
{
  struct stat st;

  audit->syslog = syslog;
  if (make_parents (path, err) < 0)
    return -1;
  audit->fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600);
  if (audit->fd < 0)
    return nsbox_error_errno (err, errno, "open the audit log `%s`", path);
  if (fstat (audit->fd, &st) < 0)
    return nsbox_error_errno (err, errno, "stat the audit log `%s`", path);
  if (!S_ISREG (st.st_mode) || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
    return nsbox_error_msg (err, "the audit log `%s` must be a regular file of root's, writable by root alone", path);
  return 0;
}

int
nsbox_suid_audit_write (struct nsbox_suid_audit *audit, json_t *record, struct nsbox_error **err)
{
  _cleanup_free_ char *line = json_dumps (record, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION (9));
  _cleanup_free_ char *with_newline = NULL;
  ssize_t n;

  if (line == NULL || asprintf (&with_newline, "%s\n", line) < 0)
    return nsbox_error_oom (err);
  if (audit->syslog)
    {
      openlog ("nsbox-suid", LOG_PID, LOG_AUTHPRIV);
      syslog (LOG_INFO, "%s", line);
      closelog ();
    }
  /* One write: appended whole, never interleaved with another helper's. */
  n = write (audit->fd, with_newline, strlen (with_newline));
  if (n != (ssize_t) strlen (with_newline))
    return nsbox_error_errno (err, n < 0 ? errno : EIO, "write the audit log");
  return 0;
}

void
nsbox_suid_audit_close (struct nsbox_suid_audit *audit)
{
  if (audit->fd >= 0)
    close (audit->fd);
  audit->fd = -1;
}
