/* fdio.c - whole reads and writes on a file descriptor. */
#define _GNU_SOURCE
#include "base/fdio.h"

#include <errno.h>
#include <unistd.h>

int
nsbox_write_all (int fd, const void *buf, size_t len)
{
  for (size_t done = 0; done < len;)
    {
      ssize_t n = write (fd, (const char *) buf + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -errno;
      done += (size_t) n;
    }
  return 0;
}

int
nsbox_read_all (int fd, void *buf, size_t len)
{
  for (size_t done = 0; done < len;)
    {
      ssize_t n = read (fd, (char *) buf + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -errno;
      if (n == 0)
        return -EIO;
      done += (size_t) n;
    }
  return 0;
}
