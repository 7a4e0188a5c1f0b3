/* relay.h - the caller's stdin, stdout and stderr, relayed through pipes.
 *
 * The workload never gets a descriptor of the caller's: through
 * /proc/self/fd/N it could open the file behind it again with whatever its
 * permissions allow, not the mode it was given (read an append-only log,
 * truncate it as uid 0) and see its host path.  nsbox copies between the
 * caller's descriptor and a pipe of the sandbox instead, inside its event
 * loop and without ever blocking it: splice(2) where both sides allow it,
 * else read and write through a small buffer. */
#ifndef NSBOX_RELAY_H
#define NSBOX_RELAY_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

struct nsbox_relay
{
  int from, to;        /* -1 once done */
  bool own_from;       /* ours to close (the sandbox's pipe); the caller's are never closed */
  bool own_to;
  int reopened;        /* a non-blocking description of the caller's terminal, or -1 */
  int mode;            /* how data moves (relay.c) */
  bool want_write;     /* waiting for `to` to take more, not for `from` to have more */
  bool broken;         /* `to` failed (e.g. the reader went away) */
  bool from_socket, to_socket; /* recv/send with MSG_DONTWAIT instead of read/write */
  char *buf;           /* read but not yet written (copy modes) */
  size_t len, off;
};

/* Relay from `from` to `to`; own_* say which of them the relay closes.  The
 * descriptors it owns are made non-blocking; the caller's are left as they
 * are (their flags are shared with other processes). */
int nsbox_relay_init (struct nsbox_relay *r, int from, bool own_from, int to, bool own_to, struct nsbox_error **err);

/* The descriptor and events to wait for (fd -1 when done). */
void nsbox_relay_poll (const struct nsbox_relay *r, struct pollfd *p);

/* Move what can be moved now; never blocks on the sandbox's side.  Returns
 * false once done: `from` ended (everything written) or `to` failed. */
bool nsbox_relay_pump (struct nsbox_relay *r);

/* Whether everything has been passed on. */
bool nsbox_relay_done (const struct nsbox_relay *r);

/* Stop: close what the relay owns and drop what was not written. */
void nsbox_relay_close (struct nsbox_relay *r);

#endif
