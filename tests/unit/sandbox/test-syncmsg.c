/* unit_syncmsg: the records the sandbox child, its init and nsbox exchange. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sandbox/syncmsg.h"

/* The setup socket's kind: record boundaries are kept. */
static void
pair (int sv[2])
{
  cr_assert_eq (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
}

Test (unit_syncmsg, a_record_without_an_fd_arrives_whole)
{
  struct nsbox_sync_msg sent = { .type = NSBOX_SYNC_STATUS, .wait_status = 0x0300 }, got;
  int sv[2], fd = 7;

  pair (sv);
  cr_assert_eq (nsbox_sync_send (sv[0], &sent), 0);
  cr_assert_eq (nsbox_sync_recv (sv[1], &got, &fd, 0), (ssize_t) sizeof got);
  cr_expect_eq (fd, -1, "no fd came with it");
  cr_expect_eq (memcmp (&sent, &got, sizeof got), 0);
  close (sv[0]);
  close (sv[1]);
}

Test (unit_syncmsg, an_fd_travels_with_its_record_close_on_exec)
{
  struct nsbox_sync_msg sent = { .type = NSBOX_SYNC_PTY }, got;
  int sv[2], p[2], fd = -1;
  char byte = 0;

  pair (sv);
  cr_assert_eq (pipe (p), 0);
  cr_assert_eq (nsbox_sync_send_fd (sv[0], &sent, p[1]), 0);
  close (p[1]);
  cr_assert_eq (nsbox_sync_recv (sv[1], &got, &fd, 0), (ssize_t) sizeof got);
  cr_expect_eq (got.type, NSBOX_SYNC_PTY);
  cr_assert_geq (fd, 0);
  cr_expect (fcntl (fd, F_GETFD) & FD_CLOEXEC, "a received fd must not leak into an exec");
  /* The same pipe: what goes in the received end comes out of ours. */
  cr_assert_eq (write (fd, "x", 1), 1);
  cr_assert_eq (read (p[0], &byte, 1), 1);
  cr_expect_eq (byte, 'x');
  close (fd);
  close (p[0]);
  close (sv[0]);
  close (sv[1]);
}

Test (unit_syncmsg, a_failure_record_carries_errno_stage_and_a_cut_message)
{
  struct nsbox_sync_msg got;
  struct nsbox_error *err = NULL;
  char long_text[600];
  int sv[2], fd;

  pair (sv);
  memset (long_text, 'm', sizeof long_text - 1);
  long_text[sizeof long_text - 1] = '\0';
  cr_assert_eq (nsbox_sync_send_error (sv[0], NSBOX_SYNC_EXEC_FAILED, ENOENT, "exec", "exec `%s`", "nope"), 0);
  cr_assert_eq (nsbox_sync_send_error (sv[0], NSBOX_SYNC_ERROR, EPERM, "a-stage-name-much-longer-than-the-field-holds-it-is",
                                       "%s", long_text),
                0);
  cr_assert_eq (nsbox_sync_recv (sv[1], &got, &fd, 0), (ssize_t) sizeof got);
  cr_expect_eq (got.type, NSBOX_SYNC_EXEC_FAILED);
  cr_assert_eq (nsbox_sync_msg_error (&got, &err), -1);
  cr_expect_str_eq (err->message, "exec `nope`");
  cr_expect_str_eq (err->stage, "exec");
  cr_expect_eq (err->errno_value, ENOENT);
  nsbox_error_free (err);
  err = NULL;
  cr_assert_eq (nsbox_sync_recv (sv[1], &got, &fd, 0), (ssize_t) sizeof got);
  nsbox_sync_msg_error (&got, &err);
  cr_expect_eq (strlen (err->message), sizeof got.message - 1);
  cr_expect_eq (strlen (err->stage), sizeof got.stage - 1);
  cr_expect_eq (err->errno_value, EPERM);
  nsbox_error_free (err);
  close (sv[0]);
  close (sv[1]);
}

Test (unit_syncmsg, strings_a_peer_left_unterminated_are_cut_at_their_field)
{
  struct nsbox_sync_msg msg = { .type = NSBOX_SYNC_ERROR, .errno_value = EIO };
  struct nsbox_error *err = NULL;

  memset (msg.stage, 's', sizeof msg.stage);
  memset (msg.message, 'x', sizeof msg.message);
  nsbox_sync_msg_error (&msg, &err);
  cr_assert_not_null (err);
  cr_expect_eq (strlen (err->stage), sizeof msg.stage - 1);
  cr_expect_eq (strlen (err->message), sizeof msg.message - 1);
  nsbox_error_free (err);
}

Test (unit_syncmsg, a_short_record_is_reported_by_its_length)
{
  struct nsbox_sync_msg got;
  int sv[2], fd;

  pair (sv);
  cr_assert_eq (send (sv[0], "short", 5, 0), 5);
  cr_expect_eq (nsbox_sync_recv (sv[1], &got, &fd, 0), 5, "callers take anything but a whole record as the end");
  cr_expect_eq (fd, -1);
  close (sv[0]);
  close (sv[1]);
}

Test (unit_syncmsg, a_long_record_is_cut_to_one_and_the_next_stays_whole)
{
  struct nsbox_sync_msg sent = { .type = NSBOX_SYNC_GO }, got;
  char big[sizeof (struct nsbox_sync_msg) + 64];
  int sv[2], fd;

  pair (sv);
  memset (big, 0x5a, sizeof big);
  cr_assert_eq (send (sv[0], big, sizeof big, 0), (ssize_t) sizeof big);
  cr_assert_eq (nsbox_sync_send (sv[0], &sent), 0);
  cr_assert_eq (nsbox_sync_recv (sv[1], &got, &fd, 0), (ssize_t) sizeof got);
  cr_expect_eq (got.type, 0x5a5a5a5a);
  cr_assert_eq (nsbox_sync_recv (sv[1], &got, &fd, 0), (ssize_t) sizeof got, "the rest of the long one is gone");
  cr_expect_eq (got.type, NSBOX_SYNC_GO);
  close (sv[0]);
  close (sv[1]);
}

Test (unit_syncmsg, the_end_of_the_peer_is_zero_and_an_empty_socket_would_block)
{
  struct nsbox_sync_msg got;
  int sv[2], fd = 7;

  pair (sv);
  cr_expect_eq (nsbox_sync_recv (sv[1], &got, &fd, MSG_DONTWAIT), -EAGAIN);
  close (sv[0]);
  cr_expect_eq (nsbox_sync_recv (sv[1], &got, &fd, 0), 0);
  cr_expect_eq (fd, -1);
  close (sv[1]);
}

/* The child exits with nsbox's go-ahead unread: its own failure report must
 * still reach nsbox, past the reset the kernel reports first. */
Test (unit_syncmsg, records_sent_before_a_peer_died_survive_its_reset)
{
  struct nsbox_sync_msg go = { .type = NSBOX_SYNC_GO }, got;
  int sv[2], fd;

  pair (sv);
  cr_assert_eq (nsbox_sync_send (sv[1], &go), 0);
  cr_assert_eq (nsbox_sync_send_error (sv[0], NSBOX_SYNC_ERROR, EACCES, "mounts", "mount /proc"), 0);
  close (sv[0]);
  cr_assert_eq (nsbox_sync_recv (sv[1], &got, &fd, 0), (ssize_t) sizeof got);
  cr_expect_eq (got.type, NSBOX_SYNC_ERROR);
  cr_expect_str_eq (got.stage, "mounts");
  cr_expect_eq (nsbox_sync_recv (sv[1], &got, &fd, 0), 0);
  close (sv[1]);
}

Test (unit_syncmsg, sending_to_a_closed_peer_is_an_error_not_a_signal)
{
  struct nsbox_sync_msg msg = { .type = NSBOX_SYNC_STATUS };
  int sv[2];

  pair (sv);
  close (sv[1]);
  /* MSG_NOSIGNAL: no SIGPIPE kills the init or the child. */
  cr_expect_eq (nsbox_sync_send (sv[0], &msg), -EPIPE);
  cr_expect_eq (nsbox_sync_send_fd (sv[0], &msg, 0), -EPIPE);
  close (sv[0]);
}
