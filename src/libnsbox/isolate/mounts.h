/* mounts.h - the sandbox's file system view, built in the child's private
 * mount namespace.  Every target is resolved inside the new root. */
#ifndef NSBOX_MOUNTS_H
#define NSBOX_MOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sandbox/config.h"
#include "base/error.h"

/* Stop mount events propagating to or from the host (MS_REC|MS_PRIVATE on /). */
int nsbox_mount_make_private (struct nsbox_error **err);

/* Mount the layers (topmost first) at staging as the sandbox root, nosuid and
 * nodev.  Without writable_upper the root is read-only from the start; with
 * it, an overlay over a tmpfs mounted at upper_base lets missing mount points
 * be created (nsbox_mount_root_seal makes it read-only afterwards).  Returns
 * an O_PATH fd of the new root. */
/* Show the layers' stored owners inside a user namespace: each layer (or
 * the directory that holds them all) gets an idmapped mount over itself, in
 * the caller's private mount namespace, before nsbox_mount_root.  1 when
 * done, 0 when this kernel or file system cannot (the owners then show as
 * the overflow id), -1 on error. */
int nsbox_mount_idmap_layers (char *const *dirs, size_t n, int userns_fd, struct nsbox_error **err);

int nsbox_mount_root (char *const *lower_dirs, size_t n_lower, const char *staging, const char *upper_base,
                      bool writable_upper, struct nsbox_error **err);

/* Whether every mount point the config needs already exists in the root. */
bool nsbox_mount_points_exist (int root_fd, const struct nsbox_sandbox_config *config);

/* Undo nsbox_mount_root (used to retry with a writable upper). */
int nsbox_mount_root_unmount (const char *staging, struct nsbox_error **err);

/* A new instance of fstype (options "key=value" or "flag"; attrs
 * MOUNT_ATTR_*) at target inside the root, made as a directory if missing. */
int nsbox_mount_new_fs (int root_fd, const char *target, const char *fstype, const char *const *options,
                        uint64_t attrs, struct nsbox_error **err);

/* Fresh /proc with the sensitive paths masked and the kernel knobs read-only;
 * uid and gid are the sandbox's user: what it cannot open needs no mask. */
int nsbox_mount_proc (int root_fd, uid_t uid, gid_t gid, struct nsbox_error **err);

/* A minimal /dev: null zero full random urandom tty, ptmx + pts (a devpts of
 * its own holding at most max_ptys), shm, fd links.  bind_nodes: the nodes
 * are the host's, bound (where mknod is not allowed: rootless). */
int nsbox_mount_dev (int root_fd, uint64_t shm_size, uint64_t max_ptys, bool bind_nodes, struct nsbox_error **err);

/* Make the /dev tmpfs read-only once everything is in it. */
int nsbox_mount_dev_seal (int root_fd, struct nsbox_error **err);

/* Once /proc and /dev are mounted: what identifies the host and cannot be
 * masked without breaking readers gets a per-sandbox replacement (boot_id). */
int nsbox_mount_hide_host (int root_fd, struct nsbox_error **err);

/* /tmp as tmpfs of size bytes; nosuid, nodev and (unless exec) noexec. */
int nsbox_mount_tmp (int root_fd, uint64_t size, bool exec, struct nsbox_error **err);

/* Read-only sysfs of the sandbox's own network namespace, firmware masked. */
int nsbox_mount_sys (int root_fd, uid_t uid, gid_t gid, struct nsbox_error **err);

/* The mounts nsbox made in the new root itself (the root, /proc, /dev, /tmp,
 * /sys ...): the only ones a bind or a file may be mounted on.  A bind mount
 * brings in a host file system, on which nothing may ever be created. */
#define NSBOX_MOUNT_OWNED_MAX 16
struct nsbox_mount_owned
{
  uint64_t ids[NSBOX_MOUNT_OWNED_MAX]; /* statx mount ids */
  size_t n;
};

/* Before any bind mount: record the owned mounts, and make every mount
 * point the binds and files need (in the setup layer, /tmp or /dev). */
int nsbox_mount_prepare_points (int root_fd, const struct nsbox_sandbox_config *config,
                                struct nsbox_mount_owned *owned, struct nsbox_error **err);

/* One bind mount from the host, nosuid and nodev, read-only on request
 * (recursively), on its existing mount point, which must lie on an owned
 * mount: a destination that leads into an earlier bind is refused.  `cloned`
 * is the tree nsbox_mount_clone_source() made of m->source_fd, else -1 (the
 * source path is opened here). */
int nsbox_mount_bind (int root_fd, const struct nsbox_bind_mount *m, int cloned, const struct nsbox_mount_owned *owned,
                      struct nsbox_error **err);

/* A detached copy of the mount at m->source_fd with m's flags, made in the
 * caller's mount namespace, where that fd was opened: the sandbox's own
 * namespace could not clone it.  One per sandbox (attaching uses it up).
 * idmap_userns >= 0: idmapped through that namespace (nsbox_userns_idmap). */
int nsbox_mount_clone_source (const struct nsbox_bind_mount *m, int idmap_userns, struct nsbox_error **err);

/* Files given by content: written into a tmpfs at each file's directory,
 * then sealed read-only; the directories as for binds. */
int nsbox_mount_files (int root_fd, const struct nsbox_file *files, size_t n, const struct nsbox_mount_owned *owned,
                       struct nsbox_error **err);

/* Make the root mount itself read-only (submounts keep their own flags). */
int nsbox_mount_root_seal (int root_fd, struct nsbox_error **err);

/* pivot_root into root_fd and detach the old root. */
int nsbox_mount_pivot (int root_fd, struct nsbox_error **err);

#endif
