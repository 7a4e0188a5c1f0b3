/* exec.h - `nsbox-suid exec`: the sandbox a request may have (exec.c), and
 * its record (record.c). */
#ifndef NSBOX_SUID_EXEC_H
#define NSBOX_SUID_EXEC_H

#include <jansson.h>
#include <stdbool.h>

#include "base/error.h"
#include "base/sha256.h"
#include "lang/nsconf.h"
#include "nsbox.h"
#include "process.h"
#include "request.h"

struct nsbox_suid_exec
{
  const struct nsbox_suid_caller *caller;
  const struct nsbox_conf *conf;
  bool conf_exists;
  const struct nsbox_suid_request *request;
  struct nsbox_spec *spec; /* built by nsbox_suid_exec_build */
  bool json;
  char code_sha256[NSBOX_SHA256_HEX_SIZE]; /* "" unless a language run's code came as a file */
  int input_fds[NSBOX_SUID_INPUTS_MAX];   /* the request's --stdin-each files, for the spec */
};

/* The spec of the request within the site's rules, or refused (*err says
 * why in one line).  The caller's stdin is made fd 0. */
int nsbox_suid_exec_build (struct nsbox_suid_exec *x, struct nsbox_error **err);

/* A thread that turns the caller's word on `sock` (a signal number) or its
 * end into that signal, or SIGHUP, to this process. */
int nsbox_suid_watch_caller (int *sock, struct nsbox_error **err);

/* The audit record: who asked (record.c) ... */
json_t *nsbox_suid_record_new (const struct nsbox_suid_caller *caller, const char *command);

/* ... and what, once the request is read. */
void nsbox_suid_record_request (json_t *record, const struct nsbox_suid_request *request);

/* ... what was decided: "accepted", or "refused" with the reason (and the
 * quota exceeded, or NULL). */
void nsbox_suid_record_decision (json_t *record, bool accepted, const char *reason, const char *quota);

/* ... and how the run went. */
void nsbox_suid_record_outcome (json_t *record, const struct nsbox_suid_exec *x, const struct nsbox_run *run);

#endif
