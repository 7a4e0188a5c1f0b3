/* request.h - the setuid helper's input: one request on fd 0
 * (src/nsbox/suid-protocol.h), received and checked for form only.  What
 * the request may ask for is the site's to decide (exec.c). */
#ifndef NSBOX_SUID_REQUEST_H
#define NSBOX_SUID_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "suid-protocol.h"

/* Each string of the request; the request as a whole is bounded by
 * NSBOX_SUID_REQUEST_MAX. */
#define NSBOX_SUID_STRING_MAX (64 * 1024)
#define NSBOX_SUID_KEYS_MAX 4096

struct nsbox_suid_volume
{
  int fd; /* owned by the request's fds[] */
  char *source;
  char *destination;
  bool read_only;
};

struct nsbox_suid_input
{
  int fd; /* owned by the request's fds[] */
  char *name;
};

struct nsbox_suid_request
{
  char **keys; /* (key, value) pairs, NULL-terminated */
  size_t n_keys;
  int code_fd;       /* -1 = none */
  int stdin_file_fd; /* -1 = none */
  struct nsbox_suid_volume volumes[NSBOX_SUID_VOLUMES_MAX];
  size_t n_volumes;
  struct nsbox_suid_input inputs[NSBOX_SUID_INPUTS_MAX]; /* --stdin-each, in order */
  size_t n_inputs;
  int fds[NSBOX_SUID_FDS_MAX]; /* as received; fds[0] is the caller's stdin */
  size_t n_fds;
};

void nsbox_suid_request_init (struct nsbox_suid_request *r);
void nsbox_suid_request_release (struct nsbox_suid_request *r);

/* Receive the request from `sock` within timeout_ms: the header with the
 * fds, then the JSON. */
int nsbox_suid_request_receive (int sock, int timeout_ms, struct nsbox_suid_request *r, struct nsbox_error **err);

/* Parse the JSON text of a request whose n_fds are already in r->fds. */
int nsbox_suid_request_parse (const char *text, size_t length, struct nsbox_suid_request *r,
                              struct nsbox_error **err);

#endif
