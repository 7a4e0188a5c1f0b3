#define _GNU_SOURCE
#include "isolate/userns.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SUBID_ENTRY "nsbox"
/* A block file: the state root, the sandbox id and the holder's pid and
 * start time, one per line; far below this. */
#define MAX_BLOCK_FILE 8192

/* ---- the pool ------------------------------------------------------------ */

struct subid_range
{
  uint64_t start, count;
};

static bool
overlaps (uint64_t a_start, uint64_t a_count, uint64_t b_start, uint64_t b_count)
{
  return a_start < b_start + b_count && b_start < a_start + a_count;
}

/* The `nsbox` entry of a subuid/subgid file, and whether any other entry
 * overlaps [avoid_start, avoid_start + avoid_count). */
static int
read_subids (const char *path, struct subid_range *mine, uint64_t avoid_start, uint64_t avoid_count,
             bool *overlap, struct nsbox_error **err)
{
  _cleanup_free_ char *text = NULL;
  size_t length;
  char *save = NULL;

  mine->count = 0;
  *overlap = false;
  if (nsbox_read_file (path, 1 << 20, &text, &length, err) < 0)
    {
      if ((*err)->errno_value != ENOENT)
        return -1;
      nsbox_error_free (steal_pointer (err));
      return 0;
    }
  for (char *line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      char name[256];
      unsigned long long start, count;

      if (sscanf (line, "%255[^:]:%llu:%llu", name, &start, &count) != 3)
        continue;
      if (strcmp (name, SUBID_ENTRY) == 0)
        *mine = (struct subid_range){ start, count };
      else if (overlaps (start, count, avoid_start, avoid_count))
        *overlap = true;
    }
  return 0;
}

static int
check_range (uint64_t start, uint64_t count, const char *source, struct nsbox_error **err)
{
  if (count < NSBOX_USERNS_BLOCK || start == 0 || start + count > UINT32_MAX)
    return nsbox_error_msg (err, "user namespace pool %" PRIu64 ":%" PRIu64 " from %s: it needs at least %u ids, "
                                 "none of them 0 or above %u",
                            start, count, source, NSBOX_USERNS_BLOCK, UINT32_MAX - 1);
  return 0;
}

static int
parse_pool_text (const char *text, struct nsbox_userns_pool *pool, struct nsbox_error **err)
{
  unsigned long long start, count;
  int used = 0;

  if (sscanf (text, "%llu:%llu%n", &start, &count, &used) != 2 || text[used] != '\0')
    return nsbox_error_msg (err, "userns_pool `%s`: expected START:COUNT", text);
  if (check_range (start, count, "nsbox.conf", err) < 0)
    return -1;
  *pool = (struct nsbox_userns_pool){ (uid_t) start, (gid_t) start, (uint32_t) (count / NSBOX_USERNS_BLOCK),
                                      "nsbox.conf" };
  return 0;
}

int
nsbox_userns_pool_load (const char *text, const char *subuid, const char *subgid, struct nsbox_userns_pool *pool,
                        struct nsbox_error **err)
{
  const uint64_t b_start = NSBOX_USERNS_BUILTIN_START;
  const uint64_t b_count = (uint64_t) NSBOX_USERNS_BUILTIN_BLOCKS * NSBOX_USERNS_BLOCK;
  struct subid_range u, g;
  bool u_overlap, g_overlap;

  if (text != NULL)
    return parse_pool_text (text, pool, err);
  subuid = subuid ? subuid : "/etc/subuid";
  subgid = subgid ? subgid : "/etc/subgid";
  if (read_subids (subuid, &u, b_start, b_count, &u_overlap, err) < 0
      || read_subids (subgid, &g, b_start, b_count, &g_overlap, err) < 0)
    return -1;
  if (u.count > 0 || g.count > 0)
    {
      if (u.count == 0 || g.count == 0)
        return nsbox_error_msg (err, "`%s` has an entry in %s but not in %s: add both", SUBID_ENTRY,
                                u.count ? subuid : subgid, u.count ? subgid : subuid);
      if (check_range (u.start, u.count, subuid, err) < 0 || check_range (g.start, g.count, subgid, err) < 0)
        return -1;
      *pool = (struct nsbox_userns_pool){ (uid_t) u.start, (gid_t) g.start,
                                          (uint32_t) ((u.count < g.count ? u.count : g.count) / NSBOX_USERNS_BLOCK),
                                          subuid };
      return 0;
    }
  if (u_overlap || g_overlap)
    return nsbox_error_msg (err, "the built-in user namespace pool %" PRIu64 "-%" PRIu64 " overlaps an entry of %s: "
                                 "give nsbox its own with an `%s:START:COUNT` line in %s and %s",
                            b_start, b_start + b_count - 1, u_overlap ? subuid : subgid, SUBID_ENTRY, subuid, subgid);
  *pool = (struct nsbox_userns_pool){ (uid_t) b_start, (gid_t) b_start, NSBOX_USERNS_BUILTIN_BLOCKS, "built-in" };
  return 0;
}

/* ---- blocks -------------------------------------------------------------- */

static int
open_pool_dir (const char *pool_dir, bool create, struct nsbox_error **err)
{
  int fd;

  if (create && mkdir (pool_dir, 0700) < 0 && errno != EEXIST)
    return nsbox_error_errno (err, errno, "create the user namespace pool directory `%s`", pool_dir);
  fd = open (pool_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open the user namespace pool directory `%s`", pool_dir);
  return fd;
}

/* The record is complete before it has a name: a reader never sees half. */
static int
write_record (int dir, const char *state_root, const char *id, struct nsbox_error **err)
{
  _cleanup_free_ char *text = NULL;
  int fd = openat (dir, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  int len;

  if (fd < 0)
    return nsbox_error_errno (err, errno, "user namespace pool: temporary file");
  len = asprintf (&text, "%s\n%s\n%d %llu\n", state_root, id, (int) getpid (), nsbox_proc_start_time (getpid ()));
  if (len < 0)
    {
      close (fd);
      return nsbox_error_oom (err);
    }
  if (nsbox_write_all (fd, text, (size_t) len) < 0)
    {
      int e = errno;
      close (fd);
      return nsbox_error_errno (err, e, "user namespace pool: write the record");
    }
  return fd;
}

int
nsbox_userns_block_take (const char *pool_dir, const struct nsbox_userns_pool *pool, const char *state_root,
                         const char *id, struct nsbox_userns_block *block, struct nsbox_error **err)
{
  _cleanup_close_ int dir = open_pool_dir (pool_dir, true, err);
  _cleanup_close_ int record = -1;
  char from[64];
  uint32_t first;

  if (dir < 0)
    return -1;
  record = write_record (dir, state_root, id, err);
  if (record < 0)
    return -1;
  snprintf (from, sizeof from, "/proc/self/fd/%d", record);
  /* Start where few others do: concurrent sandboxes rarely try the same block. */
  first = (uint32_t) (((uint64_t) getpid () * 2654435761u) % pool->blocks);
  for (uint32_t i = 0; i < pool->blocks; i++)
    {
      uint32_t index = (first + i) % pool->blocks;
      char name[16];

      snprintf (name, sizeof name, "%" PRIu32, index);
      if (linkat (AT_FDCWD, from, dir, name, AT_SYMLINK_FOLLOW) == 0)
        {
          *block = (struct nsbox_userns_block){ index, pool->uid_start + index * NSBOX_USERNS_BLOCK,
                                                pool->gid_start + index * NSBOX_USERNS_BLOCK };
          return 0;
        }
      if (errno != EEXIST)
        return nsbox_error_errno (err, errno, "user namespace pool: take block %" PRIu32, index);
    }
  return nsbox_error_errno (err, EAGAIN,
                            "all %" PRIu32 " blocks of the user namespace pool (%s) are taken: wait, run `nsbox gc`, "
                            "or make the pool larger",
                            pool->blocks, pool->source);
}

int
nsbox_userns_block_give_back (const char *pool_dir, const struct nsbox_userns_block *block, struct nsbox_error **err)
{
  _cleanup_close_ int dir = open_pool_dir (pool_dir, false, err);
  char name[16];

  if (dir < 0)
    return -1;
  snprintf (name, sizeof name, "%" PRIu32, block->index);
  if (unlinkat (dir, name, 0) < 0 && errno != ENOENT)
    return nsbox_error_errno (err, errno, "user namespace pool: give back block %s", name);
  return 0;
}

struct record
{
  char *text; /* owns the strings below */
  const char *state_root, *id;
  pid_t pid;
  unsigned long long start;
};

static bool
read_record (int dir, const char *name, struct record *r)
{
  _cleanup_close_ int fd = openat (dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  char *nl1, *nl2;
  size_t length;

  r->text = NULL;
  if (fd < 0 || nsbox_read_fd (fd, name, MAX_BLOCK_FILE, &r->text, &length, NULL) < 0)
    return false;
  nl1 = strchr (r->text, '\n');
  nl2 = nl1 ? strchr (nl1 + 1, '\n') : NULL;
  if (nl2 == NULL || sscanf (nl2 + 1, "%d %llu", &r->pid, &r->start) != 2)
    return false;
  *nl1 = *nl2 = '\0';
  r->state_root = r->text;
  r->id = nl1 + 1;
  return true;
}

struct visit
{
  bool (*take) (int dir, const char *name, const struct record *r); /* whether to count it */
  nsbox_userns_freed_fn *freed;
  void *data;
};

/* The blocks that name state_root, each given to v->take. */
static int
each_block (const char *pool_dir, const char *state_root, const struct visit *v, size_t *count,
            struct nsbox_error **err)
{
  _cleanup_close_ int dir = open_pool_dir (pool_dir, false, err);
  DIR *d;
  struct dirent *e;

  *count = 0;
  if (dir < 0)
    {
      if ((*err)->errno_value != ENOENT)
        return -1;
      nsbox_error_free (steal_pointer (err));
      return 0;
    }
  d = fdopendir (dup (dir));
  if (d == NULL)
    return nsbox_error_errno (err, errno, "read the user namespace pool `%s`", pool_dir);
  while ((e = readdir (d)) != NULL)
    {
      struct record r;

      if (e->d_name[0] == '.')
        continue;
      if (read_record (dir, e->d_name, &r) && strcmp (r.state_root, state_root) == 0 && v->take (dir, e->d_name, &r))
        {
          (*count)++;
          if (v->freed)
            v->freed (v->data, e->d_name, r.id);
        }
      free (r.text);
    }
  closedir (d);
  return 0;
}

static bool
any (int dir, const char *name, const struct record *r)
{
  (void) dir, (void) name, (void) r;
  return true;
}

/* Free only when nothing can still run under the block's ids: its nsbox is
 * gone, and gc already collected its sandbox (whose processes it killed). */
static bool
free_if_dead (int dir, const char *name, const struct record *r)
{
  _cleanup_free_ char *state = NULL;
  struct stat st;

  if (nsbox_proc_start_time (r->pid) == r->start)
    return false;
  if (asprintf (&state, "%s/%s.json", r->state_root, r->id) < 0 || stat (state, &st) == 0)
    return false;
  return unlinkat (dir, name, 0) == 0;
}

int
nsbox_userns_collect (const char *pool_dir, const char *state_root, nsbox_userns_freed_fn *freed, void *data,
                      size_t *n_freed, struct nsbox_error **err)
{
  return each_block (pool_dir, state_root, &(struct visit){ free_if_dead, freed, data }, n_freed, err);
}

int
nsbox_userns_count (const char *pool_dir, const char *state_root, size_t *taken, struct nsbox_error **err)
{
  return each_block (pool_dir, state_root, &(struct visit){ any, NULL, NULL }, taken, err);
}

/* ---- the namespace ------------------------------------------------------- */

/* The process that creates the namespace: a fork of nsbox that may only make
 * raw system calls (nsbox may have a second thread).  It takes the block's
 * first ids, so the namespace's owner is that uid, keeping CAP_SYS_ADMIN so
 * that hosts which refuse user namespaces to unprivileged users still let
 * it; then it says how that went and waits to be killed. */
static __attribute__ ((noreturn)) void
creator (const struct nsbox_userns_block *block, int ready, pid_t parent)
{
  struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct caps[2] = { { 0 } };
  unsigned char failed = 0;

  caps[0].effective = caps[0].permitted = 1u << CAP_SYS_ADMIN;
  if (syscall (SYS_prctl, PR_SET_KEEPCAPS, 1L, 0L, 0L, 0L) < 0 || syscall (SYS_setgroups, 0, NULL) < 0
      || syscall (SYS_setresgid, block->host_gid, block->host_gid, block->host_gid) < 0
      || syscall (SYS_setresuid, block->host_uid, block->host_uid, block->host_uid) < 0
      || syscall (SYS_capset, &head, caps) < 0 || syscall (SYS_unshare, CLONE_NEWUSER) < 0)
    failed = (unsigned char) errno;
  /* After the switch of ids, which clears it; never outlive nsbox. */
  if (syscall (SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0L, 0L, 0L) < 0 || getppid () != parent)
    _exit (1);
  if (write (ready, &failed, 1) != 1)
    _exit (1);
  for (;;)
    pause ();
}

static int
write_map (pid_t pid, const char *file, unsigned long host_start, struct nsbox_error **err)
{
  char path[64], map[64];
  _cleanup_close_ int fd = -1;
  int len;

  snprintf (path, sizeof path, "/proc/%d/%s", (int) pid, file);
  len = snprintf (map, sizeof map, "0 %lu %u\n", host_start, NSBOX_USERNS_BLOCK);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, map, (size_t) len) != len)
    return nsbox_error_errno (err, errno, "write the user namespace's %s", file);
  return 0;
}

static int
map_and_open (pid_t pid, int ready, const struct nsbox_userns_block *block, struct nsbox_error **err)
{
  unsigned char failed;
  char path[64];
  ssize_t n;
  int fd;

  do
    n = read (ready, &failed, 1);
  while (n < 0 && errno == EINTR);
  if (n != 1)
    return nsbox_error_errno (err, n < 0 ? errno : EPIPE, "create the user namespace: its creator died");
  if (failed)
    return nsbox_error_errno (err, failed, "create a user namespace owned by uid %u (--userns=host runs without)",
                              (unsigned) block->host_uid);
  if (write_map (pid, "uid_map", block->host_uid, err) < 0 || write_map (pid, "gid_map", block->host_gid, err) < 0)
    return -1;
  snprintf (path, sizeof path, "/proc/%d/ns/user", (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open the user namespace");
  return fd;
}

int
nsbox_userns_create (const struct nsbox_userns_block *block, struct nsbox_error **err)
{
  /* exit_signal 0: no SIGCHLD for nsbox's signal loop; reaped with __WALL. */
  struct clone_args args = { .exit_signal = 0 };
  pid_t parent = getpid (), pid;
  int ready[2], fd;

  if (pipe2 (ready, O_CLOEXEC) < 0)
    return nsbox_error_errno (err, errno, "create the user namespace: pipe");
  pid = (pid_t) syscall (SYS_clone3, &args, sizeof args);
  if (pid == 0)
    {
      close (ready[0]);
      creator (block, ready[1], parent);
    }
  close (ready[1]);
  if (pid < 0)
    {
      close (ready[0]);
      return nsbox_error_errno (err, errno, "create the user namespace: fork");
    }
  fd = map_and_open (pid, ready[0], block, err);
  close (ready[0]);
  kill (pid, SIGKILL);
  while (waitpid (pid, NULL, __WALL) < 0 && errno == EINTR)
    ;
  return fd;
}
