/* sandbox.h - run one sandbox from start to end. */
#ifndef NSBOX_SANDBOX_H
#define NSBOX_SANDBOX_H

#include "sandbox/config.h"
#include "base/error.h"
#include "sandbox/result.h"

#include <signal.h>

/* Build the sandbox the config describes, run its command to the end (or to
 * the timeout), tear everything down and fill *result.  Returns 0 when the
 * workload ran (whatever its outcome); <0 with *err when nsbox could not set
 * the sandbox up — result->status is then NSBOX_STATUS_ERROR with the same
 * error and the stage it happened in.
 *
 * While it runs, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE and SIGWINCH are
 * blocked in the calling thread and handled through a signalfd: the first four
 * tear the sandbox down (result->interrupted_by). */
int nsbox_sandbox_run (const struct nsbox_sandbox_config *config, struct nsbox_result *result,
                       struct nsbox_error **err);

/* The signals that end a run early: SIGINT, SIGTERM, SIGHUP, SIGQUIT.  A
 * caller that runs several sandboxes in a row keeps them blocked across all
 * of them, so that one arriving between two runs is seen, not fatal. */
void nsbox_sandbox_stop_signals (sigset_t *set);

/* One of them that is pending (blocked), consumed; 0 when none is. */
int nsbox_sandbox_take_stop_signal (void);

/* A fresh random sandbox id (12 hex digits). */
int nsbox_sandbox_new_id (char **id, struct nsbox_error **err);

#endif
