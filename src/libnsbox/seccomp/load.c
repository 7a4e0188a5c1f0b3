/* load.c - find a profile, cache its compiled program, install it.
 *
 * Cache file <cache_dir>/<key>.bpf: a header (magic, format, architecture,
 * instruction count, the size of the names that follow, the key itself, the
 * sha256 of the instructions and names) followed by the instructions and the
 * unknown syscall names (each ending in a NUL), so a cache hit warns of them
 * as the compile did.  A file that is short, long, for another key or
 * architecture, fails its checksum, or could have been written by someone
 * other than us or root is ignored and replaced: the cache is a speed-up,
 * never a source of truth.  Loading it is one open, fstat and read. */
#define _GNU_SOURCE
#include "seccomp/seccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/seccomp.h>

#include <seccomp.h>

#include "base/cleanup.h"
#include "base/fdio.h"
#include "seccomp/internal.h"

#define CACHE_MAGIC "NSBXBPF\0"
#define CACHE_FORMAT 2
#define CACHE_NAMES_MAX (64u << 10)
#define PROFILE_MAX_SIZE (4u << 20)

struct cache_header
{
  char magic[8];
  uint32_t format;
  uint32_t arch;
  uint32_t length;      /* instructions that follow */
  uint32_t names_bytes; /* then the unknown names, each NUL-terminated */
  uint8_t key[NSBOX_SHA256_DIGEST_SIZE];
  uint8_t digest[NSBOX_SHA256_DIGEST_SIZE]; /* of the instructions and the names */
};

/* "a\0b\0" <-> { "a", "b", NULL }. */
static char **
names_split (const char *buf, size_t len)
{
  size_t n = 0, i = 0;
  char **names;

  for (size_t k = 0; k < len; k++)
    n += buf[k] == '\0';
  names = calloc (n + 1, sizeof *names);
  if (names == NULL)
    return NULL;
  for (const char *p = buf; p < buf + len; p += strlen (p) + 1)
    if ((names[i++] = strdup (p)) == NULL)
      {
        nsbox_seccomp_names_free (names);
        return NULL;
      }
  return names;
}

static size_t
names_size (char *const *names)
{
  size_t len = 0;

  for (char *const *p = names; p && *p; p++)
    len += strlen (*p) + 1;
  return len;
}

void
nsbox_seccomp_names_free (char **names)
{
  for (char **p = names; p && *p; p++)
    free (*p);
  free (names);
}

static void
cache_key_raw (const void *json, size_t len, uint8_t key[NSBOX_SHA256_DIGEST_SIZE])
{
  /* seccomp_version() reads a static struct: no compiling on the hot path. */
  const struct scmp_version *v = seccomp_version ();
  char tag[64];
  int n = snprintf (tag, sizeof tag, "nsbox-seccomp %d libseccomp %u.%u.%u arch %#x", CACHE_FORMAT,
                    v ? v->major : 0, v ? v->minor : 0, v ? v->micro : 0, (unsigned) NSBOX_SECCOMP_NATIVE_ARCH);
  struct nsbox_sha256 ctx;

  nsbox_sha256_init (&ctx);
  nsbox_sha256_update (&ctx, tag, (size_t) n + 1);
  nsbox_sha256_update (&ctx, json, len);
  nsbox_sha256_final (&ctx, key);
}

void
nsbox_seccomp_cache_key (const void *json, size_t len, char hex[NSBOX_SHA256_HEX_SIZE])
{
  uint8_t key[NSBOX_SHA256_DIGEST_SIZE];

  cache_key_raw (json, len, key);
  nsbox_sha256_hex (key, hex);
}

/* A cache entry is only trusted if nobody but us or root could have put it
 * there: it becomes the filter of every sandbox. */
static bool
owned_safely (const struct stat *st)
{
  return (st->st_uid == 0 || st->st_uid == geteuid ()) && (st->st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

/* 1 and *prog filled on a valid entry, 0 when there is none worth using. */
static int
cache_load (int dirfd, const char *file, const uint8_t key[NSBOX_SHA256_DIGEST_SIZE],
            struct nsbox_seccomp_program *prog)
{
  _cleanup_close_ int fd = openat (dirfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  _cleanup_free_ struct sock_filter *filter = NULL;
  _cleanup_free_ char *names = NULL;
  struct nsbox_sha256 sum;
  struct cache_header h;
  uint8_t digest[NSBOX_SHA256_DIGEST_SIZE];
  struct stat st;
  size_t bytes;

  if (fd < 0 || fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || !owned_safely (&st)
      || (size_t) st.st_size < sizeof h || nsbox_read_all (fd, &h, sizeof h) < 0)
    return 0;
  if (memcmp (h.magic, CACHE_MAGIC, sizeof h.magic) != 0 || h.format != CACHE_FORMAT
      || h.arch != NSBOX_SECCOMP_NATIVE_ARCH || h.length == 0 || h.length > NSBOX_SECCOMP_MAX_INSNS
      || h.names_bytes > CACHE_NAMES_MAX || memcmp (h.key, key, sizeof h.key) != 0)
    return 0;
  bytes = (size_t) h.length * sizeof (struct sock_filter);
  if ((size_t) st.st_size != sizeof h + bytes + h.names_bytes)
    return 0;
  filter = malloc (bytes);
  names = malloc (h.names_bytes + 1);
  if (filter == NULL || names == NULL || nsbox_read_all (fd, filter, bytes) < 0
      || nsbox_read_all (fd, names, h.names_bytes) < 0)
    return 0;
  nsbox_sha256_init (&sum);
  nsbox_sha256_update (&sum, filter, bytes);
  nsbox_sha256_update (&sum, names, h.names_bytes);
  nsbox_sha256_final (&sum, digest);
  if (memcmp (digest, h.digest, sizeof digest) != 0)
    return 0;
  if (h.names_bytes > 0 && (names[h.names_bytes - 1] != '\0' || (prog->unknown = names_split (names, h.names_bytes)) == NULL))
    return 0;
  prog->filter = steal_pointer (&filter);
  prog->length = h.length;
  prog->from_cache = true;
  return 1;
}

/* Temp file, fsync, rename: a reader sees the old entry, no entry or the whole
 * new one.  (A torn file would fail validation anyway; fsync keeps a crash
 * from leaving a valid-looking name on empty blocks.) */
static int
cache_store (int dirfd, const char *file, const uint8_t key[NSBOX_SHA256_DIGEST_SIZE],
             const struct nsbox_seccomp_program *prog)
{
  struct cache_header h = { .format = CACHE_FORMAT, .arch = NSBOX_SECCOMP_NATIVE_ARCH };
  size_t bytes = prog->length * sizeof (struct sock_filter);
  size_t names_bytes = names_size (prog->unknown);
  _cleanup_free_ char *names = malloc (names_bytes + 1);
  struct nsbox_sha256 sum;
  char tmp[128];
  size_t off = 0;
  int fd;

  if (names == NULL || names_bytes > CACHE_NAMES_MAX)
    return -1;
  for (char **p = prog->unknown; p && *p; p++)
    {
      memcpy (names + off, *p, strlen (*p) + 1);
      off += strlen (*p) + 1;
    }
  memcpy (h.magic, CACHE_MAGIC, sizeof h.magic);
  h.length = (uint32_t) prog->length;
  h.names_bytes = (uint32_t) names_bytes;
  memcpy (h.key, key, sizeof h.key);
  nsbox_sha256_init (&sum);
  nsbox_sha256_update (&sum, prog->filter, bytes);
  nsbox_sha256_update (&sum, names, names_bytes);
  nsbox_sha256_final (&sum, h.digest);
  snprintf (tmp, sizeof tmp, ".%s.%d.tmp", file, (int) getpid ());
  fd = openat (dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0)
    return -1;
  if (nsbox_write_all (fd, &h, sizeof h) < 0 || nsbox_write_all (fd, prog->filter, bytes) < 0
      || nsbox_write_all (fd, names, names_bytes) < 0 || fsync (fd) < 0)
    {
      close (fd);
      unlinkat (dirfd, tmp, 0);
      return -1;
    }
  close (fd);
  if (renameat (dirfd, tmp, dirfd, file) < 0)
    {
      unlinkat (dirfd, tmp, 0);
      return -1;
    }
  return 0;
}

/* mkdir -p; the cache directory comes from nsbox's own configuration. */
static int
make_cache_dir (const char *path)
{
  _cleanup_free_ char *copy = strdup (path);

  if (copy == NULL)
    return -1;
  for (char *p = copy + 1; *p; p++)
    if (*p == '/')
      {
        *p = '\0';
        if (mkdir (copy, 0755) < 0 && errno != EEXIST)
          return -1;
        *p = '/';
      }
  if (mkdir (copy, 0755) < 0 && errno != EEXIST)
    return -1;
  return 0;
}

/* Made only the first time: every start-up opens it. */
static int
open_cache_dir (const char *path)
{
  struct stat st;
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 && errno == ENOENT && make_cache_dir (path) == 0)
    fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  if (fstat (fd, &st) < 0 || !owned_safely (&st))
    {
      close (fd);
      errno = EPERM;
      return -1;
    }
  return fd;
}

static bool
valid_profile_name (const char *name)
{
  if (name[0] == '\0' || name[0] == '.')
    return false;
  for (const char *p = name; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'
          || *p == '_' || *p == '.'))
      return false;
  return true;
}

static int
open_profile (const char *profile, const char *profile_dir, struct nsbox_error **err)
{
  _cleanup_close_ int dirfd = -1;
  _cleanup_free_ char *file = NULL;
  int fd;

  if (strchr (profile, '/') != NULL)
    {
      fd = open (profile, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
      if (fd < 0)
        return nsbox_error_errno (err, errno, "open seccomp profile `%s`", profile);
      return fd;
    }
  if (!valid_profile_name (profile))
    return nsbox_error_msg (err, "invalid seccomp profile name `%s` (use a name, a path or `unconfined`)", profile);
  if (profile_dir == NULL)
    return nsbox_error_msg (err, "seccomp profile `%s`: no profile directory configured", profile);
  dirfd = open (profile_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    return nsbox_error_errno (err, errno, "open seccomp profile directory `%s`", profile_dir);
  if (asprintf (&file, "%s.json", profile) < 0)
    return nsbox_error_oom (err);
  fd = openat (dirfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open seccomp profile `%s/%s`", profile_dir, file);
  return fd;
}

static int
read_profile (const char *profile, const char *profile_dir, char **data, size_t *len, struct nsbox_error **err)
{
  _cleanup_close_ int fd = open_profile (profile, profile_dir, err);
  _cleanup_free_ char *buf = NULL;
  struct stat st;
  int ret;

  if (fd < 0)
    return -1;
  if (fstat (fd, &st) < 0)
    return nsbox_error_errno (err, errno, "stat seccomp profile `%s`", profile);
  if (!S_ISREG (st.st_mode) || st.st_size > PROFILE_MAX_SIZE)
    return nsbox_error_msg (err, "seccomp profile `%s`: not a regular file of at most %u bytes", profile,
                            PROFILE_MAX_SIZE);
  buf = malloc (st.st_size + 1);
  if (buf == NULL)
    return nsbox_error_oom (err);
  if ((ret = nsbox_read_all (fd, buf, st.st_size)) < 0)
    return nsbox_error_errno (err, -ret, "read seccomp profile `%s`", profile);
  *len = st.st_size;
  *data = steal_pointer (&buf);
  return 0;
}

/* The action as a profile spells it. */
static const char *
describe_action (uint32_t action, char *buf, size_t size)
{
  switch (action & SECCOMP_RET_ACTION_FULL)
    {
    case SECCOMP_RET_KILL_PROCESS:
      return "SCMP_ACT_KILL_PROCESS";
    case SECCOMP_RET_KILL_THREAD:
      return "SCMP_ACT_KILL_THREAD";
    case SECCOMP_RET_TRAP:
      return "SCMP_ACT_TRAP";
    case SECCOMP_RET_TRACE:
      return "SCMP_ACT_TRACE";
    case SECCOMP_RET_ERRNO:
      snprintf (buf, size, "SCMP_ACT_ERRNO, %s", strerrorname_np ((int) (action & SECCOMP_RET_DATA)) ?: "errno");
      return buf;
    default:
      snprintf (buf, size, "action %#x", (unsigned) action);
      return buf;
    }
}

/* The workload's last step is execve (execvp): a profile that refuses it
 * would leave a process that cannot even report its failure (send and exit
 * may be refused too) and dies of SIGSEGV without a word. */
static int
check_allows_exec (const char *profile, const struct nsbox_seccomp_program *prog, struct nsbox_error **err)
{
  uint32_t action;
  char buf[64];

  if (nsbox_seccomp_action_for (prog, SYS_execve, &action) < 0)
    return 0; /* an instruction we cannot follow: the kernel will decide */
  action &= SECCOMP_RET_ACTION_FULL | SECCOMP_RET_DATA;
  if ((action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW || (action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_LOG)
    return 0;
  return nsbox_error_msg (err, "seccomp profile `%s` refuses `execve` (%s): the workload could not start", profile,
                          describe_action (action, buf, sizeof buf));
}

int
nsbox_seccomp_prepare_json (const char *name, const void *data, size_t len, const char *cache_dir,
                            struct nsbox_seccomp_program *prog, struct nsbox_error **err)
{
  _cleanup_close_ int dirfd = -1;
  uint8_t key[NSBOX_SHA256_DIGEST_SIZE];
  char file[NSBOX_SHA256_HEX_SIZE + 4];

  *prog = (struct nsbox_seccomp_program) { 0 };
  cache_key_raw (data, len, key);
  nsbox_sha256_hex (key, file);
  strcat (file, ".bpf");
  if (cache_dir != NULL)
    {
      dirfd = open_cache_dir (cache_dir);
      if (dirfd >= 0 && cache_load (dirfd, file, key, prog) == 1)
        return check_allows_exec (name, prog, err);
      nsbox_seccomp_program_release (prog);
    }
  if (nsbox_seccomp_compile (name, data, len, prog, err) < 0)
    return -1;
  if (dirfd >= 0)
    (void) cache_store (dirfd, file, key, prog); /* best effort: only costs a recompile next time */
  return check_allows_exec (name, prog, err);
}

int
nsbox_seccomp_prepare (const char *profile, const char *profile_dir, const char *cache_dir,
                       struct nsbox_seccomp_program *prog, struct nsbox_error **err)
{
  _cleanup_free_ char *data = NULL;
  size_t len = 0;

  *prog = (struct nsbox_seccomp_program) { 0 };
  if (strcmp (profile, NSBOX_SECCOMP_UNCONFINED) == 0)
    return 0;
  if (read_profile (profile, profile_dir, &data, &len, err) < 0)
    return -1;
  return nsbox_seccomp_prepare_json (profile, data, len, cache_dir, prog, err);
}

int
nsbox_seccomp_install (const struct nsbox_seccomp_program *prog)
{
  struct sock_fprog fprog = { .len = (unsigned short) prog->length, .filter = prog->filter };

  if (prog->length == 0)
    return 0;
  /* No SECCOMP_FILTER_FLAG_SPEC_ALLOW: the kernel's default speculative
   * store bypass mitigation for seccomp'd tasks stays on.  No TSYNC: the
   * caller is single-threaded between clone and execve. */
  if (syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0)
    return -errno;
  return 0;
}

void
nsbox_seccomp_program_release (struct nsbox_seccomp_program *prog)
{
  free (prog->filter);
  prog->filter = NULL;
  prog->length = 0;
  prog->from_cache = false;
  nsbox_seccomp_names_free (prog->unknown);
  prog->unknown = NULL;
}

const char *
nsbox_seccomp_libseccomp_version (void)
{
  static char text[48];
  const struct scmp_version *v = seccomp_version ();

  if (v == NULL)
    return "unknown";
  snprintf (text, sizeof text, "%u.%u.%u", v->major, v->minor, v->micro);
  return text;
}
