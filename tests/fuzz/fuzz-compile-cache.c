/* libFuzzer target: the compile cache's entry reader (lang/compile-cache.c) on damaged or
 * hostile payloads.  A payload's digest is checked before it is read, so the cache itself
 * only ever hands it what it wrote; this reads what the digest would have let through had
 * the cache directory been written by someone else.  Each input is restored into a fresh
 * directory inside a private parent; anything appearing next to it means an entry escaped. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "base/fdio.h"
#include "lang/compile-cache.h"

static int parent_fd = -1;

static void
open_parent_once (void)
{
  const char *tmp = getenv ("TMPDIR");
  char tmpl[4096];

  if (parent_fd >= 0)
    return;
  snprintf (tmpl, sizeof tmpl, "%s/nsbox-fuzz-compile-cache-XXXXXX", tmp ? tmp : "/tmp");
  if (mkdtemp (tmpl) == NULL || (parent_fd = open (tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct nsbox_error *err = NULL;
  int out, ret;

  open_parent_once ();
  if (mkdirat (parent_fd, "out", 0700) < 0)
    abort ();
  out = openat (parent_fd, "out", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (out < 0)
    abort ();
  ret = nsbox_compile_cache_extract (out, (const char *) data, size, geteuid (), getegid (), &err);
  fuzz_check_error (ret, &err);
  close (out);
  if (fuzz_count_entries (parent_fd) != 1)
    {
      fprintf (stderr, "a compile cache entry escaped the artifact directory\n");
      abort ();
    }
  if (nsbox_remove_tree_at (parent_fd, "out", &err) < 0)
    abort ();
  return 0;
}
