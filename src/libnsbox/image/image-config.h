/* image-config.h - the parts of an OCI image config that shape a run.
 *
 * Parsed from the image's config blob at import time and stored as a small JSON
 * document next to the image's ref, so `nsbox exec` reads only that (jansson + libc). */
#ifndef NSBOX_IMAGE_CONFIG_H
#define NSBOX_IMAGE_CONFIG_H

#include <stddef.h>

#include "image/digest.h"
#include "base/error.h"

struct nsbox_image_config
{
  char **env;         /* NULL-terminated "KEY=VALUE" list (never NULL after parse) */
  char **entrypoint;  /* NULL-terminated, or NULL when unset */
  char **cmd;         /* NULL-terminated, or NULL when unset */
  char *working_dir;  /* NULL when unset */
  char *user;         /* as written in the image ("", "1000", "app:app" ...), NULL when unset */
  char *os, *architecture;
  struct nsbox_digest *diff_ids; /* rootfs.diff_ids, bottom first */
  size_t n_diff_ids;
};

/* Parse an image config blob (OCI or Docker: the "config" object holds Env, Cmd ...). */
int nsbox_image_config_parse (const char *data, size_t length, struct nsbox_image_config **out,
                              struct nsbox_error **err);

/* The stored form: {"Env":[...], "Entrypoint":[...], "Cmd":[...], "WorkingDir":"", "User":""} as a
 * jansson object (json_t *, returned as void * so this header does not need jansson.h). */
int nsbox_image_config_to_json (const struct nsbox_image_config *config, void **json_out, struct nsbox_error **err);
int nsbox_image_config_from_json (const void *json, struct nsbox_image_config **out, struct nsbox_error **err);

void nsbox_image_config_free (struct nsbox_image_config *config);

#endif
