#define _GNU_SOURCE
#include "sandbox/relay.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* splice moves pages between a pipe and anything that takes them; one call
 * moves at most what the pipe holds. */
#define SPLICE_CHUNK (1 << 20)
#define COPY_BUFFER (64 << 10)
#define PIPE_SIZE (1 << 20)

enum
{
  MODE_SPLICE, /* splice(2), SPLICE_F_NONBLOCK: pipes, files */
  MODE_COPY,   /* read(2) / write(2) through buf */
};

/* Our end of the sandbox's pipe: never waited on, and roomy enough that a
 * stream moves in few large steps (pages are only taken as data comes). */
static int
prepare_own (int fd)
{
  int flags = fcntl (fd, F_GETFL);

  if (flags < 0 || fcntl (fd, F_SETFL, flags | O_NONBLOCK) < 0)
    return -errno;
  fcntl (fd, F_SETPIPE_SZ, PIPE_SIZE);
  return 0;
}

/* splice never waits on a pipe with SPLICE_F_NONBLOCK, and a file never
 * makes a writer wait for a reader: both ends must be one or the other. */
static bool
splices (mode_t mode)
{
  return S_ISFIFO (mode) || S_ISREG (mode) || S_ISBLK (mode);
}

/* The caller's terminal, or its socket, would make a plain write wait as
 * long as nobody reads; its file status flags are shared with the caller's
 * other processes, so O_NONBLOCK is not ours to set.  A terminal opened
 * again is a description of our own; sockets take MSG_DONTWAIT per call. */
static void
reopen_terminal (struct nsbox_relay *r)
{
  char path[64];

  if (!isatty (r->to))
    return;
  snprintf (path, sizeof path, "/proc/self/fd/%d", r->to);
  r->reopened = open (path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
}

int
nsbox_relay_init (struct nsbox_relay *r, int from, bool own_from, int to, bool own_to, struct nsbox_error **err)
{
  struct stat from_st, to_st;

  *r = (struct nsbox_relay){ .from = from, .to = to, .own_from = own_from, .own_to = own_to, .reopened = -1 };
  if (fstat (from, &from_st) < 0 || fstat (to, &to_st) < 0)
    return nsbox_error_errno (err, errno, "relay fd %d to fd %d", from, to);
  if ((own_from && prepare_own (from) < 0) || (own_to && prepare_own (to) < 0))
    return nsbox_error_errno (err, errno, "relay fd %d to fd %d", from, to);
  r->from_socket = S_ISSOCK (from_st.st_mode);
  r->to_socket = S_ISSOCK (to_st.st_mode);
  r->mode = splices (from_st.st_mode) && splices (to_st.st_mode) ? MODE_SPLICE : MODE_COPY;
  if (r->mode == MODE_COPY && !own_to && S_ISCHR (to_st.st_mode))
    reopen_terminal (r);
  return 0;
}

void
nsbox_relay_poll (const struct nsbox_relay *r, struct pollfd *p)
{
  *p = (struct pollfd){ .fd = -1 };
  if (r->from < 0)
    return;
  if (r->want_write)
    *p = (struct pollfd){ .fd = r->to, .events = POLLOUT };
  else
    *p = (struct pollfd){ .fd = r->from, .events = POLLIN };
}

bool
nsbox_relay_done (const struct nsbox_relay *r)
{
  return r->from < 0;
}

void
nsbox_relay_close (struct nsbox_relay *r)
{
  if (r->own_from && r->from >= 0)
    close (r->from);
  if (r->own_to && r->to >= 0)
    close (r->to);
  if (r->reopened >= 0)
    close (r->reopened);
  free (r->buf);
  *r = (struct nsbox_relay){ .from = -1, .to = -1, .reopened = -1 };
}

/* `from` ended and all of it is out, or `to` failed: close our ends, so the
 * workload reads EOF (stdin) or gets EPIPE (a reader that went away), as it
 * would on the caller's descriptor itself. */
static bool
finish (struct nsbox_relay *r, bool broken)
{
  r->broken = broken;
  nsbox_relay_close (r);
  return false;
}

static bool
is_wait (ssize_t n)
{
  return n < 0 && (errno == EAGAIN || errno == EINTR);
}

static bool
pump_splice (struct nsbox_relay *r)
{
  ssize_t n = splice (r->from, NULL, r->to, NULL, SPLICE_CHUNK, SPLICE_F_NONBLOCK | SPLICE_F_MOVE);

  /* What arrived while we moved the last lot goes on at once, without a
   * round through poll; a bound keeps the event loop responsive. */
  for (int more = 0; n > 0 && more < 8; more++)
    {
      ssize_t m = splice (r->from, NULL, r->to, NULL, SPLICE_CHUNK, SPLICE_F_NONBLOCK | SPLICE_F_MOVE);
      if (m <= 0)
        break;
      n = m;
    }
  if (n > 0)
    {
      r->want_write = false;
      return true;
    }
  if (n == 0)
    return finish (r, false);
  if (is_wait (n))
    {
      /* Readable yet nothing moved: `to` is full; writable yet nothing
       * moved: `from` is empty. */
      r->want_write = !r->want_write;
      return true;
    }
  /* EINVAL: a file opened O_APPEND, or one without splice support. */
  if (errno == EINVAL)
    {
      r->mode = MODE_COPY;
      return true;
    }
  return finish (r, true);
}

static ssize_t
read_some (struct nsbox_relay *r)
{
  if (r->from_socket)
    return recv (r->from, r->buf, COPY_BUFFER, MSG_DONTWAIT);
  return read (r->from, r->buf, COPY_BUFFER);
}

static ssize_t
write_some (struct nsbox_relay *r)
{
  int to = r->reopened >= 0 ? r->reopened : r->to;
  if (r->to_socket)
    return send (to, r->buf + r->off, r->len - r->off, MSG_DONTWAIT | MSG_NOSIGNAL);
  return write (to, r->buf + r->off, r->len - r->off);
}

static bool
pump_copy (struct nsbox_relay *r)
{
  ssize_t n;

  if (r->buf == NULL && (r->buf = malloc (COPY_BUFFER)) == NULL)
    return finish (r, true);
  if (r->off == r->len)
    {
      n = read_some (r);
      if (n == 0)
        return finish (r, false);
      if (is_wait (n))
        return true;
      if (n < 0)
        return finish (r, false);
      r->len = (size_t) n;
      r->off = 0;
    }
  n = write_some (r);
  if (n > 0)
    r->off += (size_t) n;
  else if (!is_wait (n))
    return finish (r, true);
  r->want_write = r->off < r->len;
  return true;
}

bool
nsbox_relay_pump (struct nsbox_relay *r)
{
  if (r->from < 0)
    return false;
  return r->mode == MODE_SPLICE ? pump_splice (r) : pump_copy (r);
}
