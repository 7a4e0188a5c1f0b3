/* image.c - a run on an image: its layers and config beneath the spec's keys.
 *
 * Needs only the jansson-based resolver: the exec path never loads libarchive or libcrypto. */
#define _GNU_SOURCE
#include "run/run.h"

#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "image/resolve.h"

#define DEFAULT_STORE "/var/lib/nsbox"

static int
set_lower_dirs (struct nsbox_sandbox_config *c, const struct nsbox_image *image, struct nsbox_error **err)
{
  char **dirs = calloc (image->n_lower_dirs + 1, sizeof *dirs);

  if (dirs == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; i < image->n_lower_dirs; i++)
    if ((dirs[i] = strdup (image->lower_dirs[i])) == NULL)
      {
        nsbox_strv_freep (&dirs);
        return nsbox_error_oom (err);
      }
  c->lower_dirs = dirs;
  c->n_lower_dirs = image->n_lower_dirs;
  free (c->image_name);
  c->image_name = strdup (image->name);
  return c->image_name ? 0 : nsbox_error_oom (err);
}

/* Entrypoint, then the command (COMMAND [ARG...]) or, without one, the
 * image's Cmd.  The spec's entrypoint replaces both of the image's, as
 * docker's --entrypoint does. */
static int
set_argv (struct nsbox_sandbox_config *c, const struct nsbox_spec *spec, char *const *command,
          const struct nsbox_image *image, struct nsbox_error **err)
{
  const struct nsbox_image_config *ic = image->config;
  char *const *tail = command && command[0] ? command : spec->entrypoint_set ? NULL : ic->cmd;

  if (spec->entrypoint_set)
    {
      if (spec->entrypoint[0] && nsbox_strv_append (&c->argv, spec->entrypoint, err) < 0)
        return -1;
    }
  else
    for (char *const *p = ic->entrypoint; p && *p; p++)
      if (nsbox_strv_append (&c->argv, *p, err) < 0)
        return -1;
  for (char *const *p = tail; p && *p; p++)
    if (nsbox_strv_append (&c->argv, *p, err) < 0)
      return -1;
  if (c->argv == NULL || c->argv[0] == NULL)
    return nsbox_error_msg (err, "image `%s` has no Entrypoint or Cmd: give a command", image->name);
  return 0;
}

static int
set_workdir (struct nsbox_sandbox_config *c, const struct nsbox_spec *spec, const struct nsbox_image *image,
             struct nsbox_error **err)
{
  const char *dir = image->config->working_dir;

  if (spec->workdir_set || dir == NULL || *dir == '\0')
    return 0;
  free (c->workdir);
  /* Docker resolves a relative WorkingDir against "/". */
  if (dir[0] == '/')
    c->workdir = strdup (dir);
  else if (asprintf (&c->workdir, "/%s", dir) < 0)
    c->workdir = NULL;
  return c->workdir ? 0 : nsbox_error_oom (err);
}

int
nsbox_run_apply_image (struct nsbox_sandbox_config *c, const struct nsbox_spec *spec, const char *reference,
                       char *const *command, const char *store, struct nsbox_image **image_out,
                       struct nsbox_error **err)
{
  struct nsbox_image *image = NULL;
  int ret;

  if (nsbox_image_resolve (store && *store ? store : DEFAULT_STORE, reference, &image, err) < 0)
    return -1;
  ret = set_lower_dirs (c, image, err);
  if (ret >= 0)
    ret = set_argv (c, spec, command, image, err);
  if (ret >= 0)
    ret = set_workdir (c, spec, image, err);
  if (ret >= 0 && !spec->user_set)
    ret = nsbox_image_user (image, &c->uid, &c->gid, err);
  if (ret >= 0)
    ret = nsbox_spec_build_environment (spec, c, image->config->env, err);
  if (ret < 0)
    {
      nsbox_image_free (image);
      return nsbox_error_prefix (err, "image `%s`", reference);
    }
  *image_out = image;
  return 0;
}
