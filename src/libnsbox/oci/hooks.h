/* hooks.h - running a container's hooks (config.json `hooks`).
 *
 * Each hook is run with the container's state on its stdin, as the spec
 * says, and waited for, killed at its timeout.  A hook that fails fails the
 * operation it belongs to, except poststart and poststop, whose failures
 * are only warnings (the spec's rule). */
#ifndef NSBOX_OCI_HOOKS_H
#define NSBOX_OCI_HOOKS_H

#include "base/error.h"
#include "oci/config.h"

/* Run hooks[0..n) in order; stops at the first that fails. */
int nsbox_oci_hooks_run (const struct nsbox_oci_hook *hooks, size_t n, const char *kind, const char *state_json,
                         struct nsbox_error **err);

#endif
