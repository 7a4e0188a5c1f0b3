/* fdio.h - whole reads and writes on a file descriptor. */
#ifndef NSBOX_FDIO_H
#define NSBOX_FDIO_H

#include <stddef.h>

/* All of buf, across short transfers and EINTR; 0 or -errno (-EIO when a
 * read meets EOF first). */
int nsbox_write_all (int fd, const void *buf, size_t len);
int nsbox_read_all (int fd, void *buf, size_t len);

#endif
