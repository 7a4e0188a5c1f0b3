#define _GNU_SOURCE
#include "image/resolve.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/json.h"
#include "image/name.h"
#include "image/verify.h"


void
nsbox_image_free (struct nsbox_image *image)
{
  if (image == NULL)
    return;
  free (image->name);
  nsbox_strv_freep (&image->lower_dirs);
  nsbox_image_config_free (image->config);
  if (image->lock_fd >= 0)
    close (image->lock_fd);
  free (image);
}

static int
load_ref (int store_fd, const char *store_dir, const char *normalized, json_t **out, struct nsbox_error **err)
{
  _cleanup_free_ char *file_name = NULL;
  _cleanup_close_ int refs = -1;
  _cleanup_close_ int fd = -1;
  _cleanup_error_ struct nsbox_error *corrupt = NULL;

  if (nsbox_store_ref_file_name (normalized, &file_name, err) < 0)
    return -1;
  refs = openat (store_fd, "refs", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (refs >= 0)
    fd = openat (refs, file_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    return nsbox_error_msg (err, "no image `%s` in the store `%s` (import or pull it first)", normalized, store_dir);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open image `%s`", normalized);
  if (nsbox_json_load_fd (fd, file_name, NSBOX_STORE_REF_MAX_SIZE, out, &corrupt) < 0 || !json_is_object (*out))
    return nsbox_error_msg (err, "image `%s`: corrupt ref in the store", normalized);
  return 0;
}

/* lower_dirs, topmost first: the ref lists layers bottom first, as manifests do. */
static int
layer_dirs (int store_fd, const char *store_dir, const json_t *layers, struct nsbox_image *image,
            struct nsbox_error **err)
{
  _cleanup_close_ int layers_fd = openat (store_fd, "layers", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  size_t n = json_array_size (layers);

  if (layers_fd < 0)
    return nsbox_error_errno (err, errno, "open `%s/layers`", store_dir);
  if (!json_is_array (layers) || n == 0)
    return nsbox_error_msg (err, "image `%s` has no layers", image->name);
  image->lower_dirs = calloc (n + 1, sizeof (char *));
  if (image->lower_dirs == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; i < n; i++)
    {
      const char *hex = json_string_value (json_array_get (layers, n - 1 - i));
      struct stat st;
      int r;

      if (hex == NULL || !nsbox_digest_hex_valid (hex))
        return nsbox_error_msg (err, "image `%s`: corrupt layer list", image->name);
      r = fstatat (layers_fd, hex, &st, AT_SYMLINK_NOFOLLOW);
      if (r < 0 && errno != ENOENT)
        return nsbox_error_errno (err, errno, "image `%s`: layer sha256:%.12s", image->name, hex);
      if (r < 0 || !S_ISDIR (st.st_mode))
        return nsbox_error_msg (err,
                                "image `%s` is damaged: its layer sha256:%.12s is not unpacked "
                                "(`nsbox image fsck --repair` unpacks it again from its blob)",
                                image->name, hex);
      if (asprintf (&image->lower_dirs[i], "%s/layers/%s", store_dir, hex) < 0)
        {
          image->lower_dirs[i] = NULL;
          return nsbox_error_oom (err);
        }
      image->n_lower_dirs++;
    }
  return 0;
}

static int
resolve_in_store (int store_fd, const char *store_dir, struct nsbox_image *image, struct nsbox_error **err)
{
  _cleanup_json_ json_t *ref = NULL;

  image->lock_fd = openat (store_fd, "lock", O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (image->lock_fd < 0)
    return nsbox_error_errno (err, errno, "open store lock in `%s`", store_dir);
  /* Shared: prune (exclusive) waits until this sandbox is gone. */
  if (flock (image->lock_fd, LOCK_SH) < 0)
    return nsbox_error_errno (err, errno, "lock store `%s`", store_dir);
  if (load_ref (store_fd, store_dir, image->name, &ref, err) < 0
      || nsbox_image_verify (store_fd, image->name, ref, err) < 0)
    return -1;
  /* layer_dirs names the image in its messages. */
  if (layer_dirs (store_fd, store_dir, json_object_get (ref, "layers"), image, err) < 0)
    return -1;
  if (nsbox_digest_parse (nsbox_json_get_string (ref, "manifest"), &image->manifest, err) < 0
      || nsbox_image_config_from_json (json_object_get (ref, "config"), &image->config, err) < 0)
    return nsbox_error_prefix (err, "image `%s`", image->name);
  return 0;
}

int
nsbox_image_resolve (const char *store_dir, const char *reference, struct nsbox_image **out, struct nsbox_error **err)
{
  _cleanup_close_ int store_fd = -1;
  struct nsbox_image *image;

  image = calloc (1, sizeof *image);
  if (image == NULL)
    return nsbox_error_oom (err);
  image->lock_fd = -1;
  if (nsbox_image_ref_normalize (reference, &image->name, err) < 0)
    {
      nsbox_image_free (image);
      return -1;
    }
  store_fd = open (store_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (store_fd < 0)
    {
      nsbox_image_free (image);
      if (errno == ENOENT)
        return nsbox_error_msg (err, "no image `%s`: the store `%s` does not exist", reference, store_dir);
      return nsbox_error_errno (err, errno, "open store `%s`", store_dir);
    }
  if (resolve_in_store (store_fd, store_dir, image, err) < 0)
    {
      nsbox_image_free (image);
      return -1;
    }
  *out = image;
  return 0;
}
