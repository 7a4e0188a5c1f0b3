/* The compile cache (lang/compile-cache.c): an artifact comes back as it
 * was kept, a damaged or hostile entry never lands anywhere, what the cache
 * cannot hold is not kept, and the least recently used entries go first. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/sha256.h"
#include "lang/compile-cache.h"

static char dir[] = "/tmp/nsbox-ccache.XXXXXX";
static char cache_dir[300], src[300], dst[300];

static void
setup (void)
{
  cr_assert_not_null (mkdtemp (dir));
  snprintf (cache_dir, sizeof cache_dir, "%s/cache", dir);
  snprintf (src, sizeof src, "%s/src", dir);
  snprintf (dst, sizeof dst, "%s/dst", dir);
  cr_assert_eq (mkdir (src, 0700), 0);
  cr_assert_eq (mkdir (dst, 0700), 0);
}

static void
teardown (void)
{
  char cmd[400];

  snprintf (cmd, sizeof cmd, "rm -rf %s", dir);
  cr_assert_eq (system (cmd), 0);
}

TestSuite (unit_compile_cache, .init = setup, .fini = teardown);

static void
write_at (const char *base, const char *name, const char *text, mode_t mode)
{
  char path[600];
  int fd;

  snprintf (path, sizeof path, "%s/%s", base, name);
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  cr_assert_geq (fd, 0, "%s: %s", path, strerror (errno));
  cr_assert_eq (write (fd, text, strlen (text)), (ssize_t) strlen (text));
  close (fd);
  cr_assert_eq (chmod (path, mode), 0);
}

static char *
read_at (const char *base, const char *name)
{
  static char buf[256];
  char path[600];
  ssize_t n;
  int fd;

  snprintf (path, sizeof path, "%s/%s", base, name);
  fd = open (path, O_RDONLY);
  if (fd < 0)
    return NULL;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  buf[n < 0 ? 0 : n] = '\0';
  return buf;
}

static struct stat
stat_at (const char *base, const char *name)
{
  char path[600];
  struct stat st;

  snprintf (path, sizeof path, "%s/%s", base, name);
  cr_assert_eq (lstat (path, &st), 0, "%s", path);
  return st;
}

static int
get (const struct nsbox_compile_cache *c, const char *key)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  int rc = nsbox_compile_cache_get (c, key, dst, 4242, 4343, &err);

  cr_assert_geq (rc, 0, "%s", err ? err->message : "");
  return rc;
}

static void
put (const struct nsbox_compile_cache *c, const char *key, uint64_t max_entry)
{
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_compile_cache_put (c, key, src, max_entry, &err), 0, "%s", err ? err->message : "");
}

static const char *const KEY_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char *const KEY_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
static const char *const KEY_C = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

Test (unit_compile_cache, an_artifact_comes_back_as_it_was_owned_by_the_run_user)
{
  struct nsbox_compile_cache c = { cache_dir, 1 << 20 };
  char path[600], target[64];
  ssize_t n;

  cr_assert_eq (mkdir (strcat (strcpy (path, src), "/sub"), 0750), 0);
  write_at (src, "main", "#!/bin/sh\necho hi\n", 04755);
  write_at (src, "sub/data", "data", 0640);
  cr_assert_eq (symlink ("../main", strcat (strcpy (path, src), "/sub/link")), 0);
  cr_assert_eq (get (&c, KEY_A), 0, "a miss before anything was kept");
  put (&c, KEY_A, 1 << 20);
  cr_assert_eq (stat_at (cache_dir, "").st_mode & 07777, 0700);
  cr_assert_eq (get (&c, KEY_A), 1);
  cr_assert_str_eq (read_at (dst, "main"), "#!/bin/sh\necho hi\n");
  cr_assert_str_eq (read_at (dst, "sub/data"), "data");
  cr_assert_eq (stat_at (dst, "main").st_mode & 07777, 0755, "the mode without its set-id bit");
  cr_assert_eq (stat_at (dst, "sub").st_mode & 07777, 0750);
  cr_assert_eq (stat_at (dst, "sub/data").st_uid, 4242);
  cr_assert_eq (stat_at (dst, "sub/data").st_gid, 4343);
  cr_assert_eq (stat_at (dst, "sub/link").st_uid, 4242);
  n = readlink (strcat (strcpy (path, dst), "/sub/link"), target, sizeof target - 1);
  cr_assert_eq (n, 7);
  target[n] = '\0';
  cr_assert_str_eq (target, "../main");
}

/* A byte changed on disk: a miss, and the entry is gone. */
Test (unit_compile_cache, a_damaged_entry_is_a_miss_and_removed)
{
  struct nsbox_compile_cache c = { cache_dir, 1 << 20 };
  char path[600];
  int fd;

  write_at (src, "main", "binary", 0755);
  put (&c, KEY_A, 1 << 20);
  snprintf (path, sizeof path, "%s/%s", cache_dir, KEY_A);
  fd = open (path, O_WRONLY);
  cr_assert_geq (fd, 0);
  cr_assert_eq (pwrite (fd, "X", 1, 60), 1);
  close (fd);
  cr_assert_eq (get (&c, KEY_A), 0);
  cr_assert_neq (access (path, F_OK), 0, "the damaged entry is still there");
  cr_assert_null (read_at (dst, "main"));
}

/* An entry whose digest is right but which names a path out of the
 * artifact directory (planted by whoever could write the cache) restores
 * nothing outside it. */
Test (unit_compile_cache, an_entry_naming_a_path_outside_is_refused)
{
  struct nsbox_compile_cache c = { cache_dir, 1 << 20 };
  static const char *const bad[] = { "../escape", "/escape", "a/../../escape", "./escape", NULL };

  for (const char *const *b = bad; *b; b++)
    {
      _cleanup_error_ struct nsbox_error *err = NULL;
      char payload[256], file[700], escape[600];
      uint32_t mode = 0644, plen = (uint32_t) strlen (*b);
      uint64_t dlen = 2;
      uint8_t digest[NSBOX_SHA256_DIGEST_SIZE];
      size_t n = 0;
      FILE *f;

      payload[n++] = 'f';
      memcpy (payload + n, &mode, 4), n += 4;
      memcpy (payload + n, &plen, 4), n += 4;
      memcpy (payload + n, *b, plen), n += plen;
      memcpy (payload + n, &dlen, 8), n += 8;
      memcpy (payload + n, "x\n", 2), n += 2;
      payload[n++] = 'e';
      nsbox_sha256 (payload, n, digest);
      mkdir (cache_dir, 0700);
      snprintf (file, sizeof file, "%s/%s", cache_dir, KEY_B);
      f = fopen (file, "w");
      cr_assert_not_null (f);
      fwrite ("NSBOXCC1", 1, 8, f);
      fwrite (digest, 1, sizeof digest, f);
      fwrite (payload, 1, n, f);
      fclose (f);
      cr_assert_lt (nsbox_compile_cache_get (&c, KEY_B, dst, 0, 0, &err), 0, "`%s` restored", *b);
      snprintf (escape, sizeof escape, "%s/escape", dir);
      cr_assert_neq (access (escape, F_OK), 0, "`%s` escaped", *b);
      cr_assert_neq (access ("/escape", F_OK), 0, "`%s` escaped", *b);
    }
}

/* What an entry cannot hold, or more than the bound: not kept. */
Test (unit_compile_cache, an_artifact_it_cannot_hold_is_not_kept)
{
  struct nsbox_compile_cache c = { cache_dir, 1 << 20 };
  char path[600];

  write_at (src, "big", "0123456789", 0644);
  put (&c, KEY_A, 5);
  cr_assert_eq (get (&c, KEY_A), 0, "kept past max_entry");
  cr_assert_eq (mkfifo (strcat (strcpy (path, src), "/fifo"), 0600), 0);
  put (&c, KEY_B, 1 << 20);
  cr_assert_eq (get (&c, KEY_B), 0, "kept with a FIFO");
}

/* Past the size bound the least recently used go first: a hit counts as a use. */
Test (unit_compile_cache, the_least_recently_used_entries_go_first)
{
  struct nsbox_compile_cache c = { cache_dir, 0 };
  char blob[2049];
  struct stat st;
  char path[600];

  memset (blob, 'x', 2048);
  blob[2048] = '\0';
  write_at (src, "a", blob, 0644);
  c.max_bytes = 1 << 20;
  put (&c, KEY_A, 1 << 20);
  snprintf (path, sizeof path, "%s/%s", cache_dir, KEY_A);
  cr_assert_eq (stat (path, &st), 0);
  /* Room for two entries, not three. */
  c.max_bytes = (uint64_t) st.st_size * 2 + st.st_size / 2;
  usleep (20000);
  put (&c, KEY_B, 1 << 20);
  usleep (20000);
  cr_assert_eq (get (&c, KEY_A), 1);
  usleep (20000);
  put (&c, KEY_C, 1 << 20);
  cr_assert_eq (access (path, F_OK), 0, "A, just used, was evicted");
  snprintf (path, sizeof path, "%s/%s", cache_dir, KEY_B);
  cr_assert_neq (access (path, F_OK), 0, "B, the least recently used, was kept");
}

/* A directory others may write is not a cache: they could plant artifacts. */
Test (unit_compile_cache, a_cache_others_can_write_is_refused)
{
  struct nsbox_compile_cache c = { cache_dir, 1 << 20 };
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_eq (mkdir (cache_dir, 0777), 0);
  cr_assert_eq (chmod (cache_dir, 0777), 0);
  cr_assert_lt (nsbox_compile_cache_get (&c, KEY_A, dst, 0, 0, &err), 0);
  cr_assert_eq (err->errno_value, EPERM, "%s", err->message);
}

/* The key follows every input of the compile and nothing else. */
Test (unit_compile_cache, the_key_covers_code_layers_command_and_environment)
{
  char *argv[] = { "gcc", "main.c", NULL }, *argv2[] = { "gcc", "-O0", "main.c", NULL };
  char *env[] = { "PATH=/bin", NULL }, *env2[] = { "PATH=/bin", "CFLAGS=-g", NULL };
  char *layers[] = { "/store/layers/1" }, *layers2[] = { "/store/layers/2" };
  struct nsbox_file file = { .destination = "/code/main.c", .content = "int main(){}", .length = 12, .mode = 0444 };
  struct nsbox_file file2 = { .destination = "/code/main.c", .content = "int main(){;}", .length = 13, .mode = 0444 };
  struct nsbox_sandbox_config base = { .argv = argv, .env = env, .lower_dirs = layers, .n_lower_dirs = 1,
                                       .files = &file, .n_files = 1, .workdir = "/tmp", .uid = 65534, .gid = 65534 };
  struct nsbox_sandbox_config v[5];
  char k0[NSBOX_SHA256_HEX_SIZE], k[NSBOX_SHA256_HEX_SIZE];

  for (int i = 0; i < 5; i++)
    v[i] = base;
  v[0].argv = argv2;
  v[1].env = env2;
  v[2].lower_dirs = layers2;
  v[3].files = &file2;
  v[4].uid = 0;
  nsbox_compile_cache_key (&base, k0);
  nsbox_compile_cache_key (&base, k);
  cr_assert_str_eq (k0, k, "the same inputs, another key");
  for (int i = 0; i < 5; i++)
    {
      nsbox_compile_cache_key (&v[i], k);
      cr_assert_str_neq (k0, k, "change %d left the key alone", i);
    }
}
