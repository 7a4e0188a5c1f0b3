#define _GNU_SOURCE
#include "lang/compile-cache.h"
#include "base/cleanup.h"
#include "base/fdio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAGIC "NSBOXCC1"
#define MAGIC_SIZE 8
#define HEADER_SIZE (MAGIC_SIZE + NSBOX_SHA256_DIGEST_SIZE)
#define MAX_DEPTH 32
#define MAX_ENTRIES 100000

/* ---- the key ------------------------------------------------------------ */

/* Each field with its name and length: no two different inputs feed the
 * same bytes. */
static void
feed (struct nsbox_sha256 *ctx, const char *name, const void *data, size_t length)
{
  uint64_t n = length;

  nsbox_sha256_update (ctx, name, strlen (name) + 1);
  nsbox_sha256_update (ctx, &n, sizeof n);
  nsbox_sha256_update (ctx, data, length);
}

static void
feed_str (struct nsbox_sha256 *ctx, const char *name, const char *s)
{
  feed (ctx, name, s ? s : "", s ? strlen (s) + 1 : 0);
}

void
nsbox_compile_cache_key (const struct nsbox_sandbox_config *c, char key[NSBOX_SHA256_HEX_SIZE])
{
  struct nsbox_sha256 ctx;
  uint8_t digest[NSBOX_SHA256_DIGEST_SIZE];
  const uint32_t ids[2] = { c->uid, c->gid };

  nsbox_sha256_init (&ctx);
  feed_str (&ctx, "nsbox compile cache", "1");
  for (size_t i = 0; i < c->n_lower_dirs; i++)
    feed_str (&ctx, "layer", c->lower_dirs[i]);
  for (char **a = c->argv; a && *a; a++)
    feed_str (&ctx, "arg", *a);
  for (char **e = c->env; e && *e; e++)
    feed_str (&ctx, "env", *e);
  for (size_t i = 0; i < c->n_files; i++)
    {
      feed_str (&ctx, "file", c->files[i].destination);
      feed (&ctx, "content", c->files[i].content, c->files[i].length);
      feed (&ctx, "mode", &c->files[i].mode, sizeof c->files[i].mode);
    }
  feed_str (&ctx, "workdir", c->workdir);
  feed (&ctx, "ids", ids, sizeof ids);
  nsbox_sha256_final (&ctx, digest);
  nsbox_sha256_hex (digest, key);
}

/* ---- writing an entry --------------------------------------------------- */

/* Entry: type ('d', 'f', 'l'), mode (u32), path length (u32), path, data
 * length (u64), data (a file's bytes, a link's target). */
struct archive
{
  FILE *out;
  uint64_t bytes, max;
  size_t entries;
  bool unfit; /* holds what an entry cannot, or too much */
};

static void
emit (struct archive *a, char type, mode_t mode, const char *path, const void *data, uint64_t length)
{
  const uint32_t m = (uint32_t) mode & 07777, plen = (uint32_t) strlen (path);

  fputc (type, a->out);
  fwrite (&m, sizeof m, 1, a->out);
  fwrite (&plen, sizeof plen, 1, a->out);
  fwrite (path, 1, plen, a->out);
  fwrite (&length, sizeof length, 1, a->out);
  if (length)
    fwrite (data, 1, length, a->out);
}

/* What a compile sandbox wrote is read as data, never followed. */
static int
emit_file (struct archive *a, int dir, const char *name, const char *path, const struct stat *st,
           struct nsbox_error **err)
{
  _cleanup_close_ int fd = openat (dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  _cleanup_free_ char *data = NULL;
  size_t length;

  if ((a->bytes += (uint64_t) st->st_size) > a->max)
    {
      a->unfit = true;
      return 0;
    }
  if (fd < 0)
    return nsbox_error_errno (err, errno, "compile cache: open `%s`", path);
  if (nsbox_read_fd (fd, path, (size_t) st->st_size, &data, &length, err) < 0)
    return -1;
  emit (a, 'f', st->st_mode, path, data, length);
  return 0;
}

static int walk (struct archive *a, int dir, const char *prefix, int depth, struct nsbox_error **err);

static int
emit_entry (struct archive *a, int dir, const char *name, const char *prefix, int depth, struct nsbox_error **err)
{
  _cleanup_free_ char *path = NULL;
  struct stat st;

  if (fstatat (dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return nsbox_error_errno (err, errno, "compile cache: stat `%s`", name);
  if (asprintf (&path, "%s%s%s", prefix, *prefix ? "/" : "", name) < 0)
    return nsbox_error_oom (err);
  if (++a->entries > MAX_ENTRIES || depth > MAX_DEPTH)
    a->unfit = true;
  else if (S_ISREG (st.st_mode))
    return emit_file (a, dir, name, path, &st, err);
  else if (S_ISLNK (st.st_mode))
    {
      char target[PATH_MAX];
      ssize_t n = readlinkat (dir, name, target, sizeof target);

      if (n < 0 || (size_t) n == sizeof target)
        return nsbox_error_errno (err, n < 0 ? errno : ENAMETOOLONG, "compile cache: read the link `%s`", path);
      emit (a, 'l', 0777, path, target, (uint64_t) n);
    }
  else if (S_ISDIR (st.st_mode))
    {
      _cleanup_close_ int sub = openat (dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

      if (sub < 0)
        return nsbox_error_errno (err, errno, "compile cache: open `%s`", path);
      emit (a, 'd', st.st_mode, path, NULL, 0);
      return walk (a, sub, path, depth + 1, err);
    }
  else
    a->unfit = true; /* a FIFO or a socket: the artifact is not only files */
  return 0;
}

static int
walk (struct archive *a, int dir, const char *prefix, int depth, struct nsbox_error **err)
{
  DIR *d = fdopendir (dup (dir));
  struct dirent *e;
  int rc = 0;

  if (d == NULL)
    return nsbox_error_errno (err, errno, "compile cache: read `%s`", *prefix ? prefix : ".");
  while (rc == 0 && !a->unfit && (e = readdir (d)) != NULL)
    if (strcmp (e->d_name, ".") != 0 && strcmp (e->d_name, "..") != 0)
      rc = emit_entry (a, dir, e->d_name, prefix, depth, err);
  closedir (d);
  return rc;
}

/* The artifact's tree as an entry's contents; *text NULL when it does not fit. */
static int
archive_tree (const char *out_dir, uint64_t max, char **text, size_t *length, struct nsbox_error **err)
{
  _cleanup_close_ int dir = open (out_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  struct archive a = { .max = max };
  int rc;

  *text = NULL;
  if (dir < 0)
    return nsbox_error_errno (err, errno, "compile cache: open `%s`", out_dir);
  if ((a.out = open_memstream (text, length)) == NULL)
    return nsbox_error_oom (err);
  rc = walk (&a, dir, "", 0, err);
  fputc ('e', a.out);
  if ((ferror (a.out) | fclose (a.out)) != 0 && rc == 0)
    rc = nsbox_error_oom (err);
  if (rc < 0 || a.unfit)
    {
      free (*text);
      *text = NULL;
    }
  return rc;
}

static int
open_cache_dir (const char *dir, struct nsbox_error **err)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;

  if (fd < 0 && errno == ENOENT)
    {
      /* Its parents as any directory's, itself root's alone. */
      if (nsbox_make_dirs (dir, 0700, err) < 0)
        return -1;
      fd = open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
  if (fd < 0)
    return nsbox_error_errno (err, errno, "compile cache: open `%s`", dir);
  /* Whoever else could write there could plant an artifact. */
  if (fstat (fd, &st) < 0 || st.st_uid != geteuid () || (st.st_mode & 0077))
    {
      close (fd);
      return nsbox_error_errno (err, EPERM, "compile cache `%s`: must be a directory of uid %u, mode 0700",
                                dir, (unsigned) geteuid ());
    }
  return fd;
}

/* Least recently used first, until the rest fits. */
struct cached
{
  char name[NSBOX_SHA256_HEX_SIZE];
  off_t size;
  struct timespec used;
};

static int
older_first (const void *a, const void *b)
{
  const struct cached *x = a, *y = b;

  if (x->used.tv_sec != y->used.tv_sec)
    return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
  return x->used.tv_nsec < y->used.tv_nsec ? -1 : x->used.tv_nsec > y->used.tv_nsec;
}

static int
evict (int dir, uint64_t max, struct nsbox_error **err)
{
  _cleanup_free_ struct cached *v = NULL;
  size_t n = 0, cap = 0;
  uint64_t total = 0;
  DIR *d = fdopendir (dup (dir));
  struct dirent *e;

  if (d == NULL)
    return nsbox_error_errno (err, errno, "compile cache: list its entries");
  while ((e = readdir (d)) != NULL)
    {
      struct stat st;

      if (strlen (e->d_name) != NSBOX_SHA256_HEX_SIZE - 1 || fstatat (dir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        continue;
      if (n == cap)
        {
          struct cached *grown = realloc (v, (cap = cap ? 2 * cap : 64) * sizeof *v);
          if (grown == NULL)
            {
              closedir (d);
              return nsbox_error_oom (err);
            }
          v = grown;
        }
      memcpy (v[n].name, e->d_name, NSBOX_SHA256_HEX_SIZE);
      v[n].size = st.st_size;
      v[n++].used = st.st_mtim;
      total += (uint64_t) st.st_size;
    }
  closedir (d);
  if (total <= max)
    return 0;
  qsort (v, n, sizeof *v, older_first);
  for (size_t i = 0; i < n && total > max; i++)
    if (unlinkat (dir, v[i].name, 0) == 0 || errno == ENOENT)
      total -= (uint64_t) v[i].size;
  return 0;
}

int
nsbox_compile_cache_put (const struct nsbox_compile_cache *cache, const char *key, const char *out_dir,
                         uint64_t max_entry, struct nsbox_error **err)
{
  _cleanup_free_ char *payload = NULL;
  _cleanup_close_ int dir = -1, fd = -1;
  char tmp[NSBOX_SHA256_HEX_SIZE + 32];
  uint8_t header[HEADER_SIZE];
  size_t length;
  int rc;

  if (archive_tree (out_dir, max_entry < cache->max_bytes ? max_entry : cache->max_bytes, &payload, &length, err)
      < 0)
    return -1;
  if (payload == NULL || length + HEADER_SIZE > cache->max_bytes)
    return 0;
  if ((dir = open_cache_dir (cache->dir, err)) < 0)
    return -1;
  memcpy (header, MAGIC, MAGIC_SIZE);
  nsbox_sha256 (payload, length, header + MAGIC_SIZE);
  snprintf (tmp, sizeof tmp, ".new-%d-%s", (int) getpid (), key);
  fd = openat (dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "compile cache: create an entry in `%s`", cache->dir);
  if ((rc = nsbox_write_all (fd, header, sizeof header)) < 0 || (rc = nsbox_write_all (fd, payload, length)) < 0
      || (close (steal_fd (&fd)) < 0 && (rc = -errno) < 0) || (renameat (dir, tmp, dir, key) < 0 && (rc = -errno) < 0))
    {
      unlinkat (dir, tmp, 0);
      return nsbox_error_errno (err, -rc, "compile cache: write the entry `%s/%s`", cache->dir, key);
    }
  return evict (dir, cache->max_bytes, err);
}

/* ---- reading an entry --------------------------------------------------- */

/* A relative path of plain components: nothing an entry names lands outside
 * the artifact directory. */
static bool
clean_path (const char *path)
{
  const char *p = path;

  if (*p == '\0' || *p == '/')
    return false;
  while (*p)
    {
      size_t n = strcspn (p, "/");

      if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
        return false;
      p += n;
      if (*p == '/')
        p++;
      else
        break;
    }
  return path[strlen (path) - 1] != '/';
}

/* The directory an entry goes in, resolved below out without a symlink. */
static int
open_parent (int out, char *path, const char **name)
{
  struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
                          .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
  char *slash = strrchr (path, '/');
  int fd;

  if (slash == NULL)
    {
      *name = path;
      return fcntl (out, F_DUPFD_CLOEXEC, 0);
    }
  *slash = '\0';
  *name = slash + 1;
  fd = (int) syscall (SYS_openat2, out, path, &how, sizeof how);
  *slash = '/';
  return fd;
}

static int
make_entry (int parent, const char *name, char type, mode_t mode, const char *data, uint64_t length, uid_t uid,
            gid_t gid)
{
  _cleanup_close_ int fd = -1;

  if (type == 'd')
    {
      if (mkdirat (parent, name, 0700) < 0)
        return -errno;
    }
  else if (type == 'l')
    {
      _cleanup_free_ char *target = strndup (data, length);

      if (target == NULL)
        return -ENOMEM;
      if (symlinkat (target, parent, name) < 0)
        return -errno;
      return fchownat (parent, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
    }
  else
    {
      int rc;

      fd = openat (parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      if (fd < 0)
        return -errno;
      if ((rc = nsbox_write_all (fd, data, length)) < 0)
        return rc;
    }
  /* No set-id bit: the artifact is mounted nosuid anyway. */
  if (fchownat (parent, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0 || fchmodat (parent, name, mode & 0777, 0) < 0)
    return -errno;
  return 0;
}

struct reader
{
  const char *p, *end;
};

static bool
take (struct reader *r, void *out, size_t n)
{
  if ((size_t) (r->end - r->p) < n)
    return false;
  memcpy (out, r->p, n);
  r->p += n;
  return true;
}

int
nsbox_compile_cache_extract (int out, const char *payload, size_t length, uid_t uid, gid_t gid,
                             struct nsbox_error **err)
{
  struct reader r = { payload, payload + length };
  char type = '\0';

  while (take (&r, &type, 1) && type != 'e')
    {
      uint32_t mode, plen;
      uint64_t dlen;
      _cleanup_free_ char *path = NULL;
      _cleanup_close_ int parent = -1;
      const char *name, *data;
      int rc;

      if (!take (&r, &mode, sizeof mode) || !take (&r, &plen, sizeof plen) || plen >= PATH_MAX
          || (size_t) (r.end - r.p) < plen || (path = strndup (r.p, plen)) == NULL)
        return nsbox_error_msg (err, "compile cache: a damaged entry");
      r.p += plen;
      if (!take (&r, &dlen, sizeof dlen) || (uint64_t) (r.end - r.p) < dlen || strlen (path) != plen
          || !clean_path (path) || (type != 'd' && type != 'f' && type != 'l'))
        return nsbox_error_msg (err, "compile cache: a damaged entry");
      data = r.p;
      r.p += dlen;
      if ((parent = open_parent (out, path, &name)) < 0)
        return nsbox_error_errno (err, errno, "compile cache: the directory of `%s`", path);
      if ((rc = make_entry (parent, name, type, mode, data, dlen, uid, gid)) < 0)
        return nsbox_error_errno (err, -rc, "compile cache: restore `%s`", path);
    }
  if (type != 'e' || r.p != r.end)
    return nsbox_error_msg (err, "compile cache: a damaged entry");
  return 0;
}

static int
discard (int dir, const char *key)
{
  unlinkat (dir, key, 0);
  return 0;
}

/* An entry mapped read-only; data is NULL for a miss. */
struct mapped_entry
{
  const char *data;
  size_t size;
};

static void
mapped_entry_release (struct mapped_entry *e)
{
  if (e->data)
    munmap ((void *) e->data, e->size);
  e->data = NULL;
}

/* The entry when it is whole: a miss otherwise, and a damaged entry is removed.  It is mapped,
 * not read: in a virtual machine every page a fresh buffer faults in is costly (reading a Go
 * hello world's 1.4 MB took 4.8 ms here), while the page cache's pages map as they are. */
static int
read_entry (int dir, const char *key, uint64_t max, struct mapped_entry *entry, struct nsbox_error **err)
{
  _cleanup_close_ int fd = openat (dir, key, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  uint8_t digest[NSBOX_SHA256_DIGEST_SIZE];
  struct stat st;
  void *map;

  entry->data = NULL;
  if (fd < 0)
    return errno == ENOENT ? 0 : nsbox_error_errno (err, errno, "compile cache: open the entry `%s`", key);
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || st.st_uid != geteuid () || (uint64_t) st.st_size > max
      || st.st_size < HEADER_SIZE)
    return discard (dir, key);
  map = mmap (NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (map == MAP_FAILED)
    return nsbox_error_errno (err, errno, "compile cache: map the entry `%s`", key);
  *entry = (struct mapped_entry){ .data = map, .size = (size_t) st.st_size };
  nsbox_sha256 (entry->data + HEADER_SIZE, entry->size - HEADER_SIZE, digest);
  if (memcmp (entry->data, MAGIC, MAGIC_SIZE) != 0 || memcmp (entry->data + MAGIC_SIZE, digest, sizeof digest) != 0)
    {
      mapped_entry_release (entry);
      return discard (dir, key);
    }
  /* Used now: the last to go when the cache is full. */
  futimens (fd, NULL);
  return 0;
}

int
nsbox_compile_cache_get (const struct nsbox_compile_cache *cache, const char *key, const char *out_dir, uid_t uid,
                         gid_t gid, struct nsbox_error **err)
{
  _cleanup_close_ int dir = -1, out = -1;
  __attribute__ ((cleanup (mapped_entry_release))) struct mapped_entry entry = { 0 };

  if ((dir = open_cache_dir (cache->dir, err)) < 0 || read_entry (dir, key, cache->max_bytes, &entry, err) < 0)
    return -1;
  if (entry.data == NULL)
    return 0;
  if ((out = open (out_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
    return nsbox_error_errno (err, errno, "compile cache: open `%s`", out_dir);
  if (nsbox_compile_cache_extract (out, entry.data + HEADER_SIZE, entry.size - HEADER_SIZE, uid, gid, err) < 0)
    return -1;
  return 1;
}
