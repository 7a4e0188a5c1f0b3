/* syncmsg.h - what the sandbox child and its init tell the parent.
 *
 * Fixed-size records over a SOCK_SEQPACKET pair, so the child can report
 * without allocating.  One record goes the other way: the go-ahead.  The setup socket reaches EOF when the workload has
 * exec'ed (every copy of it is close-on-exec) or everything died. */
#ifndef NSBOX_SYNCMSG_H
#define NSBOX_SYNCMSG_H

#include <stdint.h>
#include <sys/types.h>

#include "base/error.h"

enum nsbox_sync_type
{
  NSBOX_SYNC_ERROR = 1,    /* setup or exec failed: stage + errno + message */
  NSBOX_SYNC_PTY = 2,      /* the pty master travels as SCM_RIGHTS */
  NSBOX_SYNC_STATUS = 3,   /* init: the workload's wait status */
  NSBOX_SYNC_EXEC_FAILED = 4, /* exec of the command failed: errno */
  NSBOX_SYNC_GO = 5,       /* nsbox to the child: in the cgroups; the network namespace as SCM_RIGHTS */
  NSBOX_SYNC_WARNING = 6,  /* the child to nsbox: a line for the report's warnings (message) */
  NSBOX_SYNC_MAPPED = 7,   /* nsbox to a rootless child: its id maps are written; wait_status 1: a full
                            * range (setgroups allowed) */
};

struct nsbox_sync_msg
{
  int32_t type;
  int32_t errno_value;
  int32_t wait_status;
  char stage[48];
  char message[256];
};

/* Send one record (EINTR retried); 0 or -errno.  No allocation: the child
 * and the init use it between clone and exec. */
int nsbox_sync_send (int sock, const struct nsbox_sync_msg *msg);

/* Send msg with fd as SCM_RIGHTS; 0 or -errno. */
int nsbox_sync_send_fd (int sock, const struct nsbox_sync_msg *msg, int fd);

/* Send a failure record (NSBOX_SYNC_ERROR or NSBOX_SYNC_EXEC_FAILED): the
 * stage and the formatted message are cut to fit.  No allocation. */
int nsbox_sync_send_error (int sock, enum nsbox_sync_type type, int errno_value, const char *stage, const char *fmt,
                           ...) __attribute__ ((format (printf, 5, 6)));

/* The error a received failure record carries, with its stage; returns -1. */
int nsbox_sync_msg_error (struct nsbox_sync_msg *msg, struct nsbox_error **err);

/* Receive one record (recvmsg flags, e.g. MSG_DONTWAIT); *fd is the fd that
 * came with it, close-on-exec, or -1.  Returns its length, 0 at EOF, or
 * -errno. */
ssize_t nsbox_sync_recv (int sock, struct nsbox_sync_msg *msg, int *fd, int flags);

#endif
