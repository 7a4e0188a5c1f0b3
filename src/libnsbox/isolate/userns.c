#define _GNU_SOURCE
#include "isolate/userns.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SUBID_ENTRY "nsbox"

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

/* The entry of a subuid/subgid file that one of names (NULL-terminated)
 * owns, and whether any other entry overlaps [avoid_start, avoid_start +
 * avoid_count). */
static int
read_subids (const char *path, const char *const *names, struct subid_range *mine, uint64_t avoid_start,
             uint64_t avoid_count, bool *overlap, struct nsbox_error **err)
{
  _cleanup_error_ struct nsbox_error *why = NULL;
  _cleanup_free_ char *text = NULL;
  size_t length;
  char *save = NULL;

  mine->count = 0;
  *overlap = false;
  if (nsbox_read_file (path, 1 << 20, &text, &length, &why) < 0)
    return why->errno_value == ENOENT ? 0 : nsbox_error_errno (err, why->errno_value, "%s", why->message);
  for (char *line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      char name[256];
      unsigned long long start, count;

      bool own = false;

      if (sscanf (line, "%255[^:]:%llu:%llu", name, &start, &count) != 3)
        continue;
      for (size_t i = 0; names[i]; i++)
        own = own || strcmp (name, names[i]) == 0;
      if (own && mine->count == 0)
        *mine = (struct subid_range){ start, count };
      else if (!own && overlaps (start, count, avoid_start, avoid_count))
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
  static const char *const entry[] = { SUBID_ENTRY, NULL };

  if (read_subids (subuid, entry, &u, b_start, b_count, &u_overlap, err) < 0
      || read_subids (subgid, entry, &g, b_start, b_count, &g_overlap, err) < 0)
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

/* A record is the target of a symbolic link named after the block:
 * "PID START ID STATE_ROOT" (an id has no space).  One symlinkat makes it
 * whole under its name, or fails because the block is taken. */
#define MAX_RECORD (PATH_MAX + 128)

static int
open_pool_dir (const char *pool_dir, bool create, struct nsbox_error **err)
{
  int fd = open (pool_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0 && errno == ENOENT && create)
    {
      if (mkdir (pool_dir, 0700) < 0 && errno != EEXIST)
        return nsbox_error_errno (err, errno, "create the user namespace pool directory `%s`", pool_dir);
      fd = open (pool_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open the user namespace pool directory `%s`", pool_dir);
  return fd;
}

/* ---- reclaiming the blocks of killed nsboxes ----------------------------- */

struct record
{
  char text[MAX_RECORD]; /* holds the strings below */
  const char *state_root, *id;
  pid_t pid;
  unsigned long long start;
};

static bool
read_record (int dir, const char *name, struct record *r)
{
  ssize_t n = readlinkat (dir, name, r->text, sizeof r->text - 1);
  int id_at = 0, id_end = 0;

  if (n <= 0)
    return false;
  r->text[n] = '\0';
  if (sscanf (r->text, "%d %llu %n%*s%n", &r->pid, &r->start, &id_at, &id_end) != 2 || id_end == 0
      || r->text[id_end] != ' ')
    return false;
  r->text[id_end] = '\0';
  r->id = r->text + id_at;
  r->state_root = r->text + id_end + 1;
  return true;
}

static bool
holder_is_dead (const struct record *r)
{
  return nsbox_proc_start_time (r->pid) != r->start;
}

/* Whoever removes a record it does not hold (gc, a reclaim) holds this lock,
 * and a holder that is dead removes nothing: so a record judged under the
 * lock is still the one its unlinkat removes. */
static int
lock_pool (int dir, struct nsbox_error **err)
{
  while (flock (dir, LOCK_EX) < 0)
    if (errno != EINTR)
      return nsbox_error_errno (err, errno, "lock the user namespace pool");
  return 0;
}

struct busy
{
  const struct nsbox_userns_pool *pool;
  uint8_t *bits; /* one per block */
};

static void
mark (struct busy *b, uint64_t id, uint64_t start)
{
  uint64_t index = (id - start) / NSBOX_USERNS_BLOCK;

  if (id >= start && index < b->pool->blocks)
    b->bits[index / 8] |= (uint8_t) (1u << (index % 8));
}

static void
mark_thread (void *data, const uid_t uids[4], const gid_t gids[4])
{
  struct busy *b = data;

  for (int i = 0; i < 4; i++)
    {
      mark (b, uids[i], b->pool->uid_start);
      mark (b, gids[i], b->pool->gid_start);
    }
}

static bool
is_busy (const uint8_t *bits, uint32_t index)
{
  return bits[index / 8] & (1u << (index % 8));
}

/* A full pool may hold the blocks of nsboxes that were killed and whose
 * sandboxes `nsbox gc` has not collected yet.  Such a sandbox died with its
 * nsbox (its init has the parent-death signal; the kernel kills a pid
 * namespace with its init), and so did the creator of its namespace.  Once
 * no thread on the host holds one of a block's ids, none can again: only a
 * process holding them could pass them on.  Then the block is ours; its
 * sandbox's other leftovers stay for gc. */
static int
take_reclaimed (int dir, const struct nsbox_userns_pool *pool, const char *record, struct nsbox_userns_block *block,
                struct nsbox_error **err)
{
  _cleanup_free_ uint8_t *bits = calloc (pool->blocks / 8 + 1, 1);
  struct busy busy = { pool, bits };

  if (bits == NULL)
    return nsbox_error_errno (err, ENOMEM, "user namespace pool");
  if (lock_pool (dir, err) < 0)
    return -1;
  /* The scan after the lock: no block judged free below was taken before it. */
  if (nsbox_proc_each_thread_ids (mark_thread, &busy) < 0)
    {
      flock (dir, LOCK_UN);
      return nsbox_error_errno (err, errno, "user namespace pool: read which ids processes hold in /proc");
    }
  for (uint32_t index = 0; index < pool->blocks; index++)
    {
      char name[16];
      struct record r;

      snprintf (name, sizeof name, "%" PRIu32, index);
      if (is_busy (bits, index) || !read_record (dir, name, &r) || !holder_is_dead (&r)
          || unlinkat (dir, name, 0) < 0 || symlinkat (record, dir, name) < 0)
        continue;
      flock (dir, LOCK_UN);
      *block = (struct nsbox_userns_block){ index, pool->uid_start + index * NSBOX_USERNS_BLOCK,
                                            pool->gid_start + index * NSBOX_USERNS_BLOCK };
      return 0;
    }
  flock (dir, LOCK_UN);
  return nsbox_error_errno (err, EAGAIN,
                            "all %" PRIu32 " blocks of the user namespace pool (%s) are held by running sandboxes: "
                            "wait, or make the pool larger",
                            pool->blocks, pool->source);
}

int
nsbox_userns_block_take (const char *pool_dir, const struct nsbox_userns_pool *pool, const char *state_root,
                         const char *id, struct nsbox_userns_block *block, struct nsbox_error **err)
{
  _cleanup_close_ int dir = open_pool_dir (pool_dir, true, err);
  char record[MAX_RECORD];
  uint32_t first;

  if (dir < 0)
    return -1;
  if (strchr (id, ' ') || (size_t) snprintf (record, sizeof record, "%d %llu %s %s", (int) getpid (),
                                             nsbox_proc_start_time (getpid ()), id, state_root)
                              >= sizeof record)
    return nsbox_error_msg (err, "user namespace pool: sandbox id `%s` or state root `%s` unusable", id, state_root);
  /* Start where few others do: concurrent sandboxes rarely try the same block. */
  first = (uint32_t) (((uint64_t) getpid () * 2654435761u) % pool->blocks);
  for (uint32_t i = 0; i < pool->blocks; i++)
    {
      uint32_t index = (first + i) % pool->blocks;
      char name[16];

      snprintf (name, sizeof name, "%" PRIu32, index);
      if (symlinkat (record, dir, name) == 0)
        {
          *block = (struct nsbox_userns_block){ index, pool->uid_start + index * NSBOX_USERNS_BLOCK,
                                                pool->gid_start + index * NSBOX_USERNS_BLOCK };
          return 0;
        }
      if (errno != EEXIST)
        return nsbox_error_errno (err, errno, "user namespace pool: take block %" PRIu32, index);
    }
  return take_reclaimed (dir, pool, record, block, err);
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

struct visit
{
  bool (*take) (int dir, const char *name, const struct record *r); /* whether to count it */
  nsbox_userns_freed_fn *freed;
  void *data;
  bool removes; /* takes the pool's lock: it removes records of others */
};

/* The blocks that name state_root, each given to v->take. */
static int
each_block (const char *pool_dir, const char *state_root, const struct visit *v, size_t *count,
            struct nsbox_error **err)
{
  _cleanup_error_ struct nsbox_error *why = NULL;
  _cleanup_close_ int dir = open_pool_dir (pool_dir, false, &why);
  DIR *d;
  struct dirent *e;

  *count = 0;
  if (dir < 0)
    return why->errno_value == ENOENT ? 0 : nsbox_error_errno (err, why->errno_value, "%s", why->message);
  /* Released when dir closes. */
  if (v->removes && lock_pool (dir, err) < 0)
    return -1;
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

  if (!holder_is_dead (r))
    return false;
  if (asprintf (&state, "%s/%s.json", r->state_root, r->id) < 0 || stat (state, &st) == 0)
    return false;
  return unlinkat (dir, name, 0) == 0;
}

int
nsbox_userns_collect (const char *pool_dir, const char *state_root, nsbox_userns_freed_fn *freed, void *data,
                      size_t *n_freed, struct nsbox_error **err)
{
  return each_block (pool_dir, state_root, &(struct visit){ free_if_dead, freed, data, true }, n_freed, err);
}

int
nsbox_userns_count (const char *pool_dir, const char *state_root, size_t *taken, struct nsbox_error **err)
{
  return each_block (pool_dir, state_root, &(struct visit){ any, NULL, NULL, false }, taken, err);
}

/* ---- the namespace ------------------------------------------------------- */

/* The creator shares nsbox's memory, and so the thread-local errno of the
 * thread that started it, which goes on working meanwhile: it makes its
 * system calls here, which return -errno and write no memory of nsbox's. */
#if defined(__x86_64__)
static long
raw_syscall (long n, long a, long b, long c, long d, long e)
{
  register long r10 __asm__ ("r10") = d;
  register long r8 __asm__ ("r8") = e;
  long ret;

  __asm__ volatile ("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8) : "rcx", "r11", "memory");
  return ret;
}
#define CREATOR_CAN_OVERLAP 1
#elif defined(__aarch64__)
static long
raw_syscall (long n, long a, long b, long c, long d, long e)
{
  register long x8 __asm__ ("x8") = n;
  register long x0 __asm__ ("x0") = a;
  register long x1 __asm__ ("x1") = b;
  register long x2 __asm__ ("x2") = c;
  register long x3 __asm__ ("x3") = d;
  register long x4 __asm__ ("x4") = e;

  __asm__ volatile ("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4) : "memory");
  return x0;
}
#define CREATOR_CAN_OVERLAP 1
#else
/* Elsewhere libc's syscall(), which sets errno: nsbox then waits for the
 * creator at once (nsbox_userns_start), so nothing of its own can race. */
static long
raw_syscall (long n, long a, long b, long c, long d, long e)
{
  long ret = syscall (n, a, b, c, d, e);
  return ret < 0 ? -errno : ret;
}
#define CREATOR_CAN_OVERLAP 0
#endif

#define SYSCALL(n, ...) raw_syscall_n (n, __VA_ARGS__, 0, 0, 0, 0, 0)
#define raw_syscall_n(n, a, b, c, d, e, ...) raw_syscall ((n), (long) (a), (long) (b), (long) (c), (long) (d), (long) (e))

/* It takes the block's first ids, so the namespace's owner is that uid,
 * keeping CAP_SYS_ADMIN so that hosts which refuse user namespaces to
 * unprivileged users still let it; says how that went in one byte and waits
 * to be killed.  CLONE_VM: no page tables to copy, nothing to tear down. */
static int
creator (void *data)
{
  const struct nsbox_userns_creator *cr = data;
  const struct nsbox_userns_block *block = &cr->block;
  struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct caps[2] = { { 0 } };
  long ret;
  unsigned char failed;

  caps[0].effective = caps[0].permitted = 1u << CAP_SYS_ADMIN;
  if ((ret = SYSCALL (SYS_prctl, PR_SET_KEEPCAPS, 1)) >= 0 && (ret = SYSCALL (SYS_setgroups, 0, NULL)) >= 0
      && (ret = SYSCALL (SYS_setresgid, block->host_gid, block->host_gid, block->host_gid)) >= 0
      && (ret = SYSCALL (SYS_setresuid, block->host_uid, block->host_uid, block->host_uid)) >= 0
      && (ret = SYSCALL (SYS_capset, &head, caps)) >= 0)
    ret = SYSCALL (SYS_unshare, CLONE_NEWUSER);
  failed = (unsigned char) (ret < 0 ? -ret : 0);
  /* After the switch of ids, which clears it: never outlive nsbox. */
  if (SYSCALL (SYS_prctl, PR_SET_PDEATHSIG, SIGKILL) < 0 || SYSCALL (SYS_getppid, 0) != cr->parent
      || SYSCALL (SYS_write, cr->ready_write, &failed, 1) != 1)
    SYSCALL (SYS_exit, 1);
  for (;;)
    SYSCALL (SYS_ppoll, NULL, 0, NULL, NULL);
  return 0;
}

#define CREATOR_STACK (64 * 1024)

int
nsbox_userns_start (const struct nsbox_userns_block *block, struct nsbox_userns_creator *cr, struct nsbox_error **err)
{
  int ready[2];

  *cr = (struct nsbox_userns_creator){ .block = *block, .parent = getpid (), .pid = -1, .ready_read = -1 };
  if (pipe2 (ready, O_CLOEXEC) < 0)
    return nsbox_error_errno (err, errno, "create the user namespace: pipe");
  cr->ready_read = ready[0];
  cr->ready_write = ready[1];
  cr->stack = mmap (NULL, CREATOR_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (cr->stack == MAP_FAILED)
    {
      cr->stack = NULL;
      close (ready[1]);
      return nsbox_error_errno (err, errno, "create the user namespace: stack");
    }
  /* Exit signal 0: no SIGCHLD for nsbox's signal loop; reaped with __WALL. */
  cr->pid = clone (creator, (char *) cr->stack + CREATOR_STACK, CLONE_VM, cr);
  /* The creator has its own copy (no CLONE_FILES): a creator that dies
   * before it writes is EOF.  ready_write keeps the number it uses. */
  close (ready[1]);
  if (cr->pid < 0)
    return nsbox_error_errno (err, errno, "create the user namespace: clone");
  if (!CREATOR_CAN_OVERLAP)
    {
      struct pollfd p = { .fd = cr->ready_read, .events = POLLIN };
      while (poll (&p, 1, -1) < 0 && errno == EINTR)
        ;
    }
  return 0;
}

/* One line, "INSIDE OUTSIDE COUNT", into /proc/PID/FILE: one write, as the
 * kernel takes a map only once. */
static int
write_proc_line (pid_t pid, const char *file, const char *line, struct nsbox_error **err)
{
  char path[64];
  _cleanup_close_ int fd = -1;
  ssize_t len = (ssize_t) strlen (line);

  snprintf (path, sizeof path, "/proc/%d/%s", (int) pid, file);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, line, (size_t) len) != len)
    return nsbox_error_errno (err, errno, "write the user namespace's %s", file);
  return 0;
}

static int
write_map (pid_t pid, const char *file, unsigned long inside, unsigned long host_start, unsigned long count,
           struct nsbox_error **err)
{
  char map[96];

  snprintf (map, sizeof map, "%lu %lu %lu\n", inside, host_start, count);
  return write_proc_line (pid, file, map, err);
}

/* The caller's user name, from /etc/passwd itself: nsbox is linked
 * statically, without NSS (a user known only to LDAP is matched by uid). */
static void
own_user_name (uid_t uid, char *name, size_t size)
{
  _cleanup_free_ char *text = NULL;
  char *save = NULL;
  size_t length;

  name[0] = '\0';
  if (nsbox_read_file ("/etc/passwd", 1 << 22, &text, &length, NULL) < 0)
    return;
  for (char *line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      /* NAME:PASSWORD:UID:..., the password field perhaps empty. */
      char *password = strchr (line, ':');
      char *id_field = password ? strchr (password + 1, ':') : NULL;
      char *end;
      unsigned long id;

      if (id_field == NULL)
        continue;
      errno = 0;
      id = strtoul (id_field + 1, &end, 10);
      if (errno == 0 && end != id_field + 1 && *end == ':' && id == uid)
        {
          *password = '\0';
          snprintf (name, size, "%s", line);
          return;
        }
    }
}

/* 65535 ids of the caller's own in both files, and the setuid helpers that
 * map them: else only the caller's one id can be mapped. */
static bool
own_subids (struct subid_range *u, struct subid_range *g)
{
  char name[256], number[32];
  const char *names[] = { number, name, NULL };
  bool overlap;

  if (access (NSBOX_NEWUIDMAP, X_OK) < 0 || access (NSBOX_NEWGIDMAP, X_OK) < 0)
    return false;
  snprintf (number, sizeof number, "%u", (unsigned) geteuid ());
  /* newuidmap refuses a user that /etc/passwd does not name. */
  own_user_name (geteuid (), name, sizeof name);
  if (name[0] == '\0')
    return false;
  /* Both files name the user (by name or uid), never a group. */
  if (read_subids ("/etc/subuid", names, u, 0, 0, &overlap, NULL) < 0 || u->count < NSBOX_USERNS_BLOCK - 1)
    return false;
  return read_subids ("/etc/subgid", names, g, 0, 0, &overlap, NULL) == 0 && g->count >= NSBOX_USERNS_BLOCK - 1;
}

/* newuidmap PID  ID OUR-ID 1  and the rest of 0-65535 onto the range. */
static int
run_newidmap (const char *helper, pid_t pid, unsigned long id, unsigned long own, unsigned long start,
              struct nsbox_error **err)
{
  char args[7][3][24];
  char *argv[24] = { (char *) helper };
  size_t n = 1, k = 0;
  int status;
  pid_t child;

  snprintf (args[k][0], 24, "%d", (int) pid);
  argv[n++] = args[k++][0];
  snprintf (args[k][0], 24, "%lu", id);
  snprintf (args[k][1], 24, "%lu", own);
  snprintf (args[k][2], 24, "1");
  for (int j = 0; j < 3; j++)
    argv[n++] = args[k][j];
  k++;
  if (id > 0)
    {
      snprintf (args[k][0], 24, "0");
      snprintf (args[k][1], 24, "%lu", start);
      snprintf (args[k][2], 24, "%lu", id);
      for (int j = 0; j < 3; j++)
        argv[n++] = args[k][j];
      k++;
    }
  if (id < NSBOX_USERNS_BLOCK - 1)
    {
      snprintf (args[k][0], 24, "%lu", id + 1);
      snprintf (args[k][1], 24, "%lu", start + id);
      snprintf (args[k][2], 24, "%lu", (unsigned long) NSBOX_USERNS_BLOCK - 1 - id);
      for (int j = 0; j < 3; j++)
        argv[n++] = args[k][j];
    }
  child = fork ();
  if (child < 0)
    return nsbox_error_errno (err, errno, "fork %s", helper);
  if (child == 0)
    {
      static char *const no_env[] = { NULL };
      execve (helper, argv, no_env);
      _exit (127);
    }
  while (waitpid (child, &status, 0) < 0)
    if (errno != EINTR)
      return nsbox_error_errno (err, errno, "wait for %s", helper);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return nsbox_error_msg (err, "%s failed (status %d): check the caller's entries in /etc/subuid and /etc/subgid",
                            helper, WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status));
  return 0;
}

int
nsbox_userns_map_caller (pid_t pid, uid_t uid, gid_t gid, bool *full, struct nsbox_error **err)
{
  struct subid_range u, g;

  *full = own_subids (&u, &g);
  if (*full)
    return run_newidmap (NSBOX_NEWUIDMAP, pid, uid, geteuid (), u.start, err) < 0
                   || run_newidmap (NSBOX_NEWGIDMAP, pid, gid, getegid (), g.start, err) < 0
               ? -1
               : 0;
  /* The kernel takes an unprivileged gid_map only with setgroups denied:
   * else dropping a group could undo a "deny this group" permission. */
  if (write_proc_line (pid, "setgroups", "deny\n", err) < 0
      || write_map (pid, "uid_map", uid, geteuid (), 1, err) < 0
      || write_map (pid, "gid_map", gid, getegid (), 1, err) < 0)
    return -1;
  return 0;
}

int
nsbox_userns_finish (struct nsbox_userns_creator *cr, struct nsbox_error **err)
{
  unsigned char failed;
  char path[64];
  ssize_t n;
  int fd;

  do
    n = read (cr->ready_read, &failed, 1);
  while (n < 0 && errno == EINTR);
  if (n != 1)
    return nsbox_error_errno (err, n < 0 ? errno : EPIPE, "create the user namespace: its creator died");
  if (failed)
    return nsbox_error_errno (err, failed, "create a user namespace owned by uid %u (--userns=host runs without)",
                              (unsigned) cr->block.host_uid);
  if (write_map (cr->pid, "uid_map", 0, cr->block.host_uid, NSBOX_USERNS_BLOCK, err) < 0
      || write_map (cr->pid, "gid_map", 0, cr->block.host_gid, NSBOX_USERNS_BLOCK, err) < 0)
    return -1;
  snprintf (path, sizeof path, "/proc/%d/ns/user", (int) cr->pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open the user namespace");
  /* Its work is done: it dies while the sandbox starts, reaped later. */
  kill (cr->pid, SIGKILL);
  return fd;
}

void
nsbox_userns_reap (struct nsbox_userns_creator *cr)
{
  if (cr->pid > 0)
    {
      kill (cr->pid, SIGKILL);
      while (waitpid (cr->pid, NULL, __WALL) < 0 && errno == EINTR)
        ;
      cr->pid = -1;
    }
  /* Only once it is gone: its stack is ours. */
  if (cr->stack)
    munmap (cr->stack, CREATOR_STACK);
  cr->stack = NULL;
  if (cr->ready_read >= 0)
    close (cr->ready_read);
  cr->ready_read = -1;
}

int
nsbox_userns_idmap (uid_t disk_uid, uid_t host_uid, gid_t disk_gid, gid_t host_gid, struct nsbox_error **err)
{
  int ready[2], hold[2], fd = -1;
  char path[64], c;
  pid_t pid;

  if (pipe2 (ready, O_CLOEXEC) < 0)
    return nsbox_error_errno (err, errno, "pipe");
  if (pipe2 (hold, O_CLOEXEC) < 0)
    {
      close (ready[0]);
      close (ready[1]);
      return nsbox_error_errno (err, errno, "pipe");
    }
  pid = fork ();
  if (pid == 0)
    {
      /* Its namespace lives while it waits for the parent to close `hold`. */
      close (ready[0]);
      close (hold[1]);
      c = unshare (CLONE_NEWUSER) < 0 ? 1 : 0;
      if (write (ready[1], &c, 1) == 1 && c == 0)
        (void) !read (hold[0], &c, 1);
      _exit (0);
    }
  close (ready[1]);
  close (hold[0]);
  if (pid < 0)
    nsbox_error_errno (err, errno, "fork");
  else if (read (ready[0], &c, 1) != 1 || c != 0)
    nsbox_error_msg (err, "create a user namespace for an idmapped mount");
  else if (write_map (pid, "uid_map", disk_uid, host_uid, 1, err) == 0
           && write_map (pid, "gid_map", disk_gid, host_gid, 1, err) == 0)
    {
      snprintf (path, sizeof path, "/proc/%d/ns/user", (int) pid);
      if ((fd = open (path, O_RDONLY | O_CLOEXEC)) < 0)
        nsbox_error_errno (err, errno, "open the idmapped mount's user namespace");
    }
  close (ready[0]);
  close (hold[1]);
  if (pid > 0)
    while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
      ;
  return fd;
}
