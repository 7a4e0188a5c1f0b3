/* fdio.h - whole reads and writes on a file descriptor. */
#ifndef NSBOX_FDIO_H
#define NSBOX_FDIO_H

#include <stddef.h>
#include <sys/types.h>

#include "base/error.h"

/* All of buf, across short transfers and EINTR; 0 or -errno (-EIO when a
 * read meets EOF first). */
int nsbox_write_all (int fd, const void *buf, size_t len);
int nsbox_read_all (int fd, void *buf, size_t len);

/* The one reader of nsbox's small inputs (policies, nsbox.conf, the store's
 * refs, the code of a language run): what fd holds, to its end, into a
 * NUL-terminated buffer.  More than `max` bytes is an error (EFBIG), so
 * nothing that grows while we read, or never ends, makes us allocate more;
 * `name` is for messages.  A pipe is read as well as a file. */
int nsbox_read_fd (int fd, const char *name, size_t max, char **text, size_t *length, struct nsbox_error **err);

/* Read fd to its end in chunks, each handed to consume (which returns <0
 * with *err to stop); `name` is for messages.  0, or -1 with *err. */
typedef int nsbox_chunk_consumer (void *data, const void *chunk, size_t length, struct nsbox_error **err);
int nsbox_read_chunks (int fd, const char *name, nsbox_chunk_consumer *consume, void *data, struct nsbox_error **err);

/* Open `path` read-only, which must be a regular file (never blocking, even
 * on a FIFO): the fd, or -1 with *err. */
int nsbox_open_regular (const char *path, struct nsbox_error **err);

/* Open `path`, which must be a regular file, and read it so. */
int nsbox_read_file (const char *path, size_t max, char **text, size_t *length, struct nsbox_error **err);

/* mkdir -p: the missing parents of dir with mode 0755, dir itself with
 * `mode` (an existing one is left as it is). */
int nsbox_make_dirs (const char *dir, mode_t mode, struct nsbox_error **err);

/* Remove the tree at name below dirfd without following symlinks. ENOENT is success. */
int nsbox_remove_tree_at (int dirfd, const char *name, struct nsbox_error **err);

#endif
