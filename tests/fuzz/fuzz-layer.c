/* libFuzzer target: the layer extractor on hostile archives.  Each input is extracted into a
 * fresh directory inside a private parent; anything appearing next to it in the parent
 * means an entry escaped, which is a crash. */
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
#include "image/store/layer.h"

static int parent_fd = -1;

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const struct nsbox_layer_options options = { .overlay_whiteouts = true, .keep_ownership = false };
  struct nsbox_error *err = NULL;
  int dest;

  if (parent_fd < 0)
    {
      const char *tmp = getenv ("TMPDIR");
      char tmpl[4096];
      snprintf (tmpl, sizeof tmpl, "%s/nsbox-fuzz-layer-XXXXXX", tmp ? tmp : "/tmp");
      if (mkdtemp (tmpl) == NULL || (parent_fd = open (tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        abort ();
    }
  if (mkdirat (parent_fd, "root", 0755) < 0 && nsbox_remove_tree_at (parent_fd, "root", &err) < 0)
    abort ();
  mkdirat (parent_fd, "root", 0755);
  dest = openat (parent_fd, "root", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dest < 0)
    abort ();
  nsbox_layer_extract_buffer (data, size, dest, &options, &err);
  nsbox_error_free (err);
  err = NULL;
  close (dest);
  if (fuzz_count_entries (parent_fd) != 1)
    {
      fprintf (stderr, "an archive entry escaped the layer directory\n");
      abort ();
    }
  if (nsbox_remove_tree_at (parent_fd, "root", &err) < 0)
    abort ();
  return 0;
}
