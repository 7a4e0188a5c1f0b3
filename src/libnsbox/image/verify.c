#define _GNU_SOURCE
#include "image/verify.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/sha256.h"
#include "image/digest.h"

/* Manifests and configs are refused above this size at import (registries use 4 MiB). */
#define DOCUMENT_MAX (4 * 1024 * 1024)

static int __attribute__ ((format (printf, 3, 4)))
damaged (struct nsbox_error **err, const char *image, const char *fmt, ...)
{
  _cleanup_free_ char *what = NULL;
  va_list ap;
  int n;

  va_start (ap, fmt);
  n = vasprintf (&what, fmt, ap);
  va_end (ap);
  if (n < 0)
    return nsbox_error_oom (err);
  return nsbox_error_msg (err,
                          "image `%s` is damaged: %s (`nsbox image fsck` checks the whole store; "
                          "pull or import the image again)",
                          image, what);
}

/* "sha256:<hex>" of a string member, or NULL. */
static const char *
member_hex (const json_t *object, const char *key)
{
  const char *s = json_string_value (json_object_get (object, key));

  if (s == NULL || strncmp (s, "sha256:", 7) != 0 || !nsbox_digest_hex_valid (s + 7))
    return NULL;
  return s + 7;
}

/* Open a blob as a regular file; <0 with errno set if it is not one. */
static int
open_blob (int blobs_fd, const char *hex, struct stat *st)
{
  int fd = openat (blobs_fd, hex, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

  memset (st, 0, sizeof *st);
  st->st_mode = S_IFREG;
  if (fd < 0)
    return -1;
  if (fstat (fd, st) < 0 || !S_ISREG (st->st_mode))
    {
      int saved = S_ISREG (st->st_mode) ? errno : EINVAL;
      close (fd);
      errno = saved;
      return -1;
    }
  return fd;
}

static const char *
why_unusable (int error)
{
  return error == ENOENT ? "is missing" : error == EINVAL ? "is not a regular file" : strerror (error);
}

/* Read a whole document blob and check its size (unless expected_size < 0) and that it hashes to its name. */
static int
read_verified (int blobs_fd, const char *image, const char *what, const char *hex, json_int_t expected_size,
               json_t **out, struct nsbox_error **err)
{
  uint8_t digest[NSBOX_SHA256_DIGEST_SIZE];
  char got[NSBOX_SHA256_HEX_SIZE];
  _cleanup_close_ int fd = -1;
  _cleanup_free_ char *data = NULL;
  json_error_t jerr;
  struct stat st;
  size_t len = 0;

  if ((fd = open_blob (blobs_fd, hex, &st)) < 0)
    return damaged (err, image, "its %s blob sha256:%.12s %s", what, hex, why_unusable (errno));
  if (expected_size >= 0 && st.st_size != expected_size)
    return damaged (err, image, "its %s blob sha256:%.12s is %lld bytes, its manifest says %lld", what, hex,
                    (long long) st.st_size, (long long) expected_size);
  if (st.st_size > DOCUMENT_MAX)
    return damaged (err, image, "its %s blob sha256:%.12s is %lld bytes", what, hex, (long long) st.st_size);
  if ((data = malloc (st.st_size + 1)) == NULL)
    return nsbox_error_oom (err);
  while (len < (size_t) st.st_size)
    {
      ssize_t n = read (fd, data + len, st.st_size - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return nsbox_error_errno (err, n < 0 ? errno : EIO, "image `%s`: read %s blob sha256:%.12s", image, what, hex);
      len += n;
    }
  nsbox_sha256 (data, len, digest);
  nsbox_sha256_hex (digest, got);
  if (strcmp (got, hex) != 0)
    return damaged (err, image, "its %s blob sha256:%.12s hashes to sha256:%.12s", what, hex, got);
  *out = json_loadb (data, len, 0, &jerr);
  if (*out == NULL || !json_is_object (*out))
    return damaged (err, image, "its %s sha256:%.12s is not a JSON object", what, hex);
  return 0;
}

/* The config the manifest names is the ref's, its blob has the declared size and digest. */
static int
verify_config (int blobs_fd, const char *image, const json_t *ref, const json_t *manifest, struct nsbox_error **err)
{
  const json_t *desc = json_object_get (manifest, "config");
  const char *hex = member_hex (desc, "digest");
  const char *ref_hex = member_hex (ref, "config_digest");
  json_int_t size = json_integer_value (json_object_get (desc, "size"));
  json_auto_t *config = NULL;

  if (hex == NULL || ref_hex == NULL || strcmp (hex, ref_hex) != 0)
    return damaged (err, image, "its manifest names config %s%.12s, its ref sha256:%.12s", hex ? "sha256:" : "",
                    hex ? hex : "(none)", ref_hex ? ref_hex : "?");
  return read_verified (blobs_fd, image, "config", hex, size, &config, err);
}

/* The ref's layers are the manifest's, bottom first, and every layer blob is there at its size. */
static int
verify_layers (int blobs_fd, const char *image, const json_t *ref, const json_t *manifest, struct nsbox_error **err)
{
  const json_t *layers = json_object_get (manifest, "layers");
  const json_t *ref_layers = json_object_get (ref, "layers");
  size_t n = json_array_size (layers);

  if (!json_is_array (layers) || n != json_array_size (ref_layers))
    return damaged (err, image, "its manifest lists %zu layers, its ref %zu", n, json_array_size (ref_layers));
  for (size_t i = 0; i < n; i++)
    {
      const json_t *desc = json_array_get (layers, i);
      const char *hex = member_hex (desc, "digest");
      const char *ref_hex = json_string_value (json_array_get (ref_layers, i));
      json_int_t size = json_integer_value (json_object_get (desc, "size"));
      struct stat st;
      int fd;

      if (hex == NULL || ref_hex == NULL || strcmp (hex, ref_hex) != 0)
        return damaged (err, image, "layer %zu of its manifest is not layer %zu of its ref", i + 1, i + 1);
      if ((fd = open_blob (blobs_fd, hex, &st)) < 0)
        return damaged (err, image, "its layer blob sha256:%.12s %s", hex, why_unusable (errno));
      close (fd);
      if (st.st_size != size)
        return damaged (err, image, "its layer blob sha256:%.12s is %lld bytes, its manifest says %lld", hex,
                        (long long) st.st_size, (long long) size);
    }
  return 0;
}

int
nsbox_image_verify (int store_fd, const char *image, const json_t *ref, struct nsbox_error **err)
{
  json_auto_t *manifest = NULL;
  _cleanup_close_ int blobs_fd = openat (store_fd, "blobs/sha256", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const char *hex = member_hex (ref, "manifest");

  if (blobs_fd < 0)
    return nsbox_error_errno (err, errno, "image `%s`: open the store's blobs", image);
  if (hex == NULL)
    return damaged (err, image, "its ref names no manifest");
  if (read_verified (blobs_fd, image, "manifest", hex, -1, &manifest, err) < 0
      || verify_config (blobs_fd, image, ref, manifest, err) < 0
      || verify_layers (blobs_fd, image, ref, manifest, err) < 0)
    return -1;
  return 0;
}
