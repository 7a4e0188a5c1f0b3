#define _GNU_SOURCE
#include "sandbox/io.h"
#include "base/fdio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define PREALLOCATE_MAX (256ULL << 20)

static void
keep (struct nsbox_output *out, uint64_t limit, const char *data, size_t n)
{
  size_t room = out->length < limit ? (size_t) (limit - out->length) : 0;
  size_t take = n < room ? n : room;

  if (take < n)
    out->truncated = true;
  if (take == 0)
    return;
  /* The whole limit at once (up to a sane size): its pages cost nothing
   * until written, and no realloc ever holds an old and a new copy. */
  if (out->data == NULL && limit <= PREALLOCATE_MAX)
    out->data = malloc ((size_t) limit + 1);
  else if (limit > PREALLOCATE_MAX)
    {
      char *grown = realloc (out->data, out->length + take + 1);
      if (grown)
        out->data = grown;
      else
        {
          out->truncated = true;
          return;
        }
    }
  if (out->data == NULL)
    {
      out->truncated = true;
      return;
    }
  memcpy (out->data + out->length, data, take);
  out->length += take;
  out->data[out->length] = '\0';
}

int
nsbox_capture_read (struct nsbox_capture *c)
{
  char buf[65536];
  ssize_t n;

  if (c->fd < 0)
    return 0;
  n = read (c->fd, buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return 1;
  if (n <= 0)
    {
      close (c->fd);
      c->fd = -1;
      return n < 0 ? -errno : 0;
    }
  keep (c->out, c->limit, buf, (size_t) n);
  return 1;
}

void
nsbox_terminal_start (struct nsbox_terminal *t)
{
  struct termios raw;

  nsbox_terminal_resize (t);
  if (t->in_fd < 0 || !isatty (t->in_fd) || tcgetattr (t->in_fd, &t->saved) < 0)
    return;
  raw = t->saved;
  cfmakeraw (&raw);
  if (tcsetattr (t->in_fd, TCSANOW, &raw) == 0)
    t->raw = true;
}

void
nsbox_terminal_resize (const struct nsbox_terminal *t)
{
  struct winsize ws;

  if (ioctl (t->out_fd, TIOCGWINSZ, &ws) == 0 || (t->in_fd >= 0 && ioctl (t->in_fd, TIOCGWINSZ, &ws) == 0))
    ioctl (t->master, TIOCSWINSZ, &ws);
}

void
nsbox_terminal_restore (struct nsbox_terminal *t)
{
  if (t->raw)
    tcsetattr (t->in_fd, TCSANOW, &t->saved);
  t->raw = false;
}

int
nsbox_relay (int from, int to)
{
  char buf[16384];
  ssize_t n = read (from, buf, sizeof buf);

  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return 1;
  /* EIO on a pty master means the last slave closed: that is EOF too. */
  if (n <= 0)
    return 0;
  return nsbox_write_all (to, buf, (size_t) n) < 0 ? 0 : 1;
}
