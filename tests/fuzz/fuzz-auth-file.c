/* libFuzzer target: Docker's config.json / containers' auth.json (image/registry/auth.c).
 *
 * The first line of the input is the image ("REGISTRY/REPOSITORY"); the rest is the file,
 * read through a memfd as the real lookup reads a path. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "image/registry/auth.h"

static int file_fd = -1;
static char file_path[64];

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *const files[] = { file_path, NULL };
  struct nsbox_credentials creds = { 0 };
  struct nsbox_error *err = NULL;
  const uint8_t *newline = memchr (data, '\n', size);
  size_t head = newline ? (size_t) (newline - data) : size;
  char *image = fuzz_string (data, head);
  char *slash = strchr (image, '/');
  const char *repository = "library/busybox";
  int ret;

  if (file_fd < 0)
    {
      file_fd = memfd_create ("auth.json", MFD_CLOEXEC);
      if (file_fd < 0)
        abort ();
      snprintf (file_path, sizeof file_path, "/proc/self/fd/%d", file_fd);
    }
  if (ftruncate (file_fd, 0) < 0 || pwrite (file_fd, data + head, size - head, 0) != (ssize_t) (size - head))
    abort ();
  if (slash)
    {
      *slash = '\0';
      repository = slash + 1;
    }
  ret = nsbox_auth_lookup_credentials (files, image, repository, &creds, &err);
  /* Found means a user name and a password, both strings. */
  if (ret == 1 && (creds.username == NULL || creds.password == NULL))
    __builtin_trap ();
  nsbox_credentials_release (&creds);
  fuzz_check_error (ret, &err);
  free (image);
  return 0;
}
