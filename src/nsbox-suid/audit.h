/* audit.h - the setuid helper's audit log: one JSON line per request,
 * accepted or refused, appended by root to a root-owned file the caller can
 * neither forge nor erase (and to syslog when the site asks). */
#ifndef NSBOX_SUID_AUDIT_H
#define NSBOX_SUID_AUDIT_H

#include <jansson.h>
#include <stdbool.h>

#include "base/error.h"

struct nsbox_suid_audit
{
  int fd; /* the log, opened (and checked) before the request is acted on */
  bool syslog;
};

/* Open `path` for appending, making its directory (0750) when missing; the
 * file must be root's, regular and closed to others (it is made 0600). */
int nsbox_suid_audit_open (struct nsbox_suid_audit *audit, const char *path, bool syslog,
                           struct nsbox_error **err);

/* Append the record as one line (one write(2), O_APPEND) and close. */
int nsbox_suid_audit_write (struct nsbox_suid_audit *audit, json_t *record, struct nsbox_error **err);

void nsbox_suid_audit_close (struct nsbox_suid_audit *audit);

#endif
