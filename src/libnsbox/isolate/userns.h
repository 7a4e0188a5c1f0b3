/* userns.h - a block of host ids of its own for every sandbox.
 *
 * The kernel counts inotify instances, message-queue bytes, pipe buffers,
 * processes and keys per host uid.  When every sandbox ran as host 65534 one
 * sandbox could use up those counts for all the others and for the host's
 * nobody.  So each sandbox gets a user namespace that maps ids 0-65535 inside
 * onto a block of 65536 host ids no other sandbox holds while it runs; root
 * inside is an unprivileged host uid.
 *
 * Blocks come from a pool: the `nsbox` entries of /etc/subuid and
 * /etc/subgid, else a range nsbox.conf names, else NSBOX_USERNS_BUILTIN_*.
 * A block is taken by a symbolic link named after it in the pool directory
 * (one directory for the host, whatever the state root: host ids are one
 * resource), whose target says who holds it.  A killed nsbox's block stays
 * taken until `nsbox gc` sees that its holder and its sandbox are gone, or
 * until a full pool makes nsbox look for blocks no process holds ids of. */
#ifndef NSBOX_USERNS_H
#define NSBOX_USERNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/error.h"

#define NSBOX_USERNS_BLOCK 65536u
#define NSBOX_DEFAULT_USERNS_POOL_DIR "/run/nsbox-userns"
/* Above systemd's container range (which ends at 0x6FFFFFFF) and below the
 * ids with a meaning of their own near 2^31; checked against /etc/subuid. */
#define NSBOX_USERNS_BUILTIN_START 0x70000000u
#define NSBOX_USERNS_BUILTIN_BLOCKS 1024u

struct nsbox_userns_pool
{
  uid_t uid_start;
  gid_t gid_start;
  uint32_t blocks;
  const char *source; /* "/etc/subuid", "nsbox.conf" or "built-in", for messages */
};

/* A taken block: host ids [host_uid, host_uid + NSBOX_USERNS_BLOCK). */
struct nsbox_userns_block
{
  uint32_t index;
  uid_t host_uid;
  gid_t host_gid;
};

/* "START:COUNT" (the same for uids and gids; COUNT a multiple of 65536) or
 * NULL: the `nsbox` entries of subuid and subgid (files may be NULL for the
 * system's), else the built-in range, refused if it overlaps an entry. */
int nsbox_userns_pool_load (const char *text, const char *subuid, const char *subgid,
                            struct nsbox_userns_pool *pool, struct nsbox_error **err);

/* Take a free block for <state_root>/<id> held by this process. */
int nsbox_userns_block_take (const char *pool_dir, const struct nsbox_userns_pool *pool, const char *state_root,
                             const char *id, struct nsbox_userns_block *block, struct nsbox_error **err);

/* Give the block back (its sandbox has no process left). */
int nsbox_userns_block_give_back (const char *pool_dir, const struct nsbox_userns_block *block,
                                  struct nsbox_error **err);

/* Free the blocks of state_root whose holder is dead and whose sandbox has
 * no state file left (`nsbox gc`, after it collected the dead sandboxes). */
typedef void nsbox_userns_freed_fn (void *data, const char *block, const char *sandbox_id);
int nsbox_userns_collect (const char *pool_dir, const char *state_root, nsbox_userns_freed_fn *freed, void *data,
                          size_t *n_freed, struct nsbox_error **err);

/* How many blocks of state_root are taken (tests, `nsbox gc`'s report). */
int nsbox_userns_count (const char *pool_dir, const char *state_root, size_t *taken, struct nsbox_error **err);

/* A user namespace mapping 0-65535 onto the block, owned by the block's
 * first uid so that the kernel charges its counts to that uid and not to
 * root.  A short-lived process creates it: nsbox_userns_start starts it (it
 * works while nsbox goes on), nsbox_userns_finish maps the ids and returns
 * the namespace's fd, nsbox_userns_reap waits for the process (also after a
 * failure; safe on a creator that never started). */
struct nsbox_userns_creator
{
  struct nsbox_userns_block block;
  pid_t parent, pid;
  int ready_read, ready_write; /* one byte: 0, or the errno of the creation; the write end is the creator's */
  void *stack;
};

int nsbox_userns_start (const struct nsbox_userns_block *block, struct nsbox_userns_creator *creator,
                        struct nsbox_error **err);
int nsbox_userns_finish (struct nsbox_userns_creator *creator, struct nsbox_error **err);

/* Rootless: map uid and gid inside the user namespace of process pid (which
 * we made, unprivileged) onto our own effective ids.  Where the caller has
 * 65535 subordinate ids in /etc/subuid and /etc/subgid and the setuid
 * newuidmap and newgidmap exist, the rest of 0-65535 goes onto those
 * (*full, and setgroups stays allowed); else uid and gid are the only ids
 * inside, the only ones the kernel lets a user map itself, and setgroups is
 * denied. */
#ifndef NSBOX_NEWUIDMAP
#define NSBOX_NEWUIDMAP "/usr/bin/newuidmap"
#endif
#ifndef NSBOX_NEWGIDMAP
#define NSBOX_NEWGIDMAP "/usr/bin/newgidmap"
#endif
int nsbox_userns_map_caller (pid_t pid, uid_t uid, gid_t gid, bool *full, struct nsbox_error **err);
void nsbox_userns_reap (struct nsbox_userns_creator *creator);

/* A user namespace for an idmapped mount (root only): files owned on disk by
 * disk_uid:disk_gid show, and are made, as host_uid:host_gid through it; no
 * other id maps.  Its fd; the short-lived process that made it is gone. */
int nsbox_userns_idmap (uid_t disk_uid, uid_t host_uid, gid_t disk_gid, gid_t host_gid, struct nsbox_error **err);

#endif
