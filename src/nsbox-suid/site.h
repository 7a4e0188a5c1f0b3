/* site.h - the site's settings for the setuid helper: nsbox.conf at a path
 * fixed when the helper was built, read only when root alone could have
 * written it. */
#ifndef NSBOX_SUID_SITE_H
#define NSBOX_SUID_SITE_H

#include "base/error.h"
#include "lang/nsconf.h"

/* The helper's nsbox.conf; a test build names its own. */
#ifndef NSBOX_SUID_CONF
#define NSBOX_SUID_CONF NSBOX_SYSCONFDIR "/nsbox/nsbox.conf"
#endif

/* Read NSBOX_SUID_CONF (missing: the built-in values) after checking that
 * it and every directory above it are root's and writable by nobody else;
 * *exists says whether it was there. */
int nsbox_suid_site_load (struct nsbox_conf *conf, bool *exists, struct nsbox_error **err);

/* The helper's state root, audit log. */
const char *nsbox_suid_state_root (const struct nsbox_conf *conf);
const char *nsbox_suid_audit_log (const struct nsbox_conf *conf);

#endif
