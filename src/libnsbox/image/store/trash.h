/* trash.h - deleting store objects without holding the store lock while it takes time (internal).
 *
 * Prune and fsck --repair decide what goes under the exclusive store lock, where every
 * sandbox start waits; removing a large layer can take many seconds.  So under the lock
 * the objects are only renamed into trash/<name>/ (one rename each, atomic: an object is
 * in place or gone), and the tree is deleted after the lock is back to shared.
 *
 * Each trash directory is flocked by the process that owns it.  One whose lock is free
 * belongs to a process that died while deleting; the next prune or fsck --repair takes it
 * over.  Nothing else ever looks inside trash/. */
#ifndef NSBOX_IMAGE_STORE_TRASH_H
#define NSBOX_IMAGE_STORE_TRASH_H

#include <stddef.h>

#include "base/error.h"
#include "image/store/internal.h"

struct nsbox_store_trash
{
  int trash_fd; /* <store>/trash */
  int dir_fd;   /* trash/<name>, flocked while we own it */
  char name[64];
  size_t n;     /* entries moved in so far: their names in the trash */
};

/* Create and lock a fresh trash/<name>/ (call with the store lock held exclusively). */
int nsbox_store_trash_begin (struct nsbox_store *store, struct nsbox_store_trash *trash, struct nsbox_error **err);

/* Move dirfd/name into the trash (a rename; ENOENT is not an error). */
int nsbox_store_trash_move (struct nsbox_store_trash *trash, int dirfd, const char *name, struct nsbox_error **err);

/* Take over the trash directories of processes that died before emptying them. */
int nsbox_store_trash_adopt_abandoned (struct nsbox_store_trash *trash, struct nsbox_error **err);

/* Delete everything in the trash and the trash directory itself (after the store lock is
 * shared again); releases the trash in every case. */
int nsbox_store_trash_empty (struct nsbox_store_trash *trash, struct nsbox_error **err);

/* Release without deleting (an error path: the next prune finishes the job). */
void nsbox_store_trash_release (struct nsbox_store_trash *trash);

#endif
