/* syncmsg.c - one record over the setup socket, with or without an fd. */
#define _GNU_SOURCE
#include "sandbox/syncmsg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int
nsbox_sync_send (int sock, const struct nsbox_sync_msg *msg)
{
  ssize_t n;

  do
    n = send (sock, msg, sizeof *msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n < 0 ? -errno : 0;
}

int
nsbox_sync_send_fd (int sock, const struct nsbox_sync_msg *msg, int fd)
{
  char control[CMSG_SPACE (sizeof (int))] = { 0 };
  struct iovec iov = { .iov_base = (void *) msg, .iov_len = sizeof *msg };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
  struct cmsghdr *cm = CMSG_FIRSTHDR (&mh);

  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (cm), &fd, sizeof (int));
  return sendmsg (sock, &mh, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

ssize_t
nsbox_sync_recv (int sock, struct nsbox_sync_msg *msg, int *fd, int flags)
{
  char control[CMSG_SPACE (sizeof (int))];
  struct iovec iov = { .iov_base = msg, .iov_len = sizeof *msg };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
  struct cmsghdr *cm;
  ssize_t n;

  *fd = -1;
  /* A peer that exits with a record of ours unread makes the kernel report
   * ECONNRESET once, ahead of the records it sent before: those are still
   * queued, so read on. */
  do
    n = recvmsg (sock, &mh, flags | MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == ECONNRESET);
  if (n < 0)
    return -errno;
  cm = CMSG_FIRSTHDR (&mh);
  if (cm != NULL && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
    memcpy (fd, CMSG_DATA (cm), sizeof (int));
  return n;
}

int
nsbox_sync_send_error (int sock, enum nsbox_sync_type type, int errno_value, const char *stage, const char *fmt, ...)
{
  struct nsbox_sync_msg msg = { .type = type, .errno_value = errno_value };
  va_list ap;

  snprintf (msg.stage, sizeof msg.stage, "%s", stage);
  va_start (ap, fmt);
  vsnprintf (msg.message, sizeof msg.message, fmt, ap);
  va_end (ap);
  return nsbox_sync_send (sock, &msg);
}

int
nsbox_sync_msg_error (struct nsbox_sync_msg *msg, struct nsbox_error **err)
{
  /* The peer is the sandbox: its strings end where we say. */
  msg->stage[sizeof msg->stage - 1] = '\0';
  msg->message[sizeof msg->message - 1] = '\0';
  nsbox_error_errno (err, msg->errno_value, "%s", msg->message);
  nsbox_error_set_stage (*err, msg->stage);
  return -1;
}
