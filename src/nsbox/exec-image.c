/* exec-image.c - `nsbox exec IMAGE`: the image's layers and config under the flags.
 *
 * Needs only the jansson-based resolver: the exec path never loads libarchive or libcrypto. */
#define _GNU_SOURCE
#include "exec-image.h"

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

/* Entrypoint, then the command line's COMMAND [ARG...] or, without one, the image's Cmd. */
static int
set_argv (struct nsbox_exec_options *o, const struct nsbox_image *image, struct nsbox_error **err)
{
  const struct nsbox_image_config *ic = image->config;
  char *const *tail = o->command && o->command[0] ? o->command : ic->cmd;

  for (char *const *p = ic->entrypoint; p && *p; p++)
    if (nsbox_strv_append (&o->config.argv, *p, err) < 0)
      return -1;
  for (char *const *p = tail; p && *p; p++)
    if (nsbox_strv_append (&o->config.argv, *p, err) < 0)
      return -1;
  if (o->config.argv == NULL || o->config.argv[0] == NULL)
    return nsbox_error_msg (err, "image `%s` has no Entrypoint or Cmd: give a command", image->name);
  return 0;
}

static int
set_workdir (struct nsbox_exec_options *o, const struct nsbox_image *image, struct nsbox_error **err)
{
  const char *dir = image->config->working_dir;

  if (o->workdir_set || dir == NULL || *dir == '\0')
    return 0;
  free (o->config.workdir);
  /* Docker resolves a relative WorkingDir against "/". */
  if (dir[0] == '/')
    o->config.workdir = strdup (dir);
  else if (asprintf (&o->config.workdir, "/%s", dir) < 0)
    o->config.workdir = NULL;
  return o->config.workdir ? 0 : nsbox_error_oom (err);
}

int
nsbox_exec_apply_image (struct nsbox_exec_options *o, const char *store, struct nsbox_image **image_out,
                        struct nsbox_error **err)
{
  struct nsbox_image *image = NULL;
  int ret;

  if (nsbox_image_resolve (store && *store ? store : DEFAULT_STORE, o->image, &image, err) < 0)
    return -1;
  ret = set_lower_dirs (&o->config, image, err);
  if (ret >= 0)
    ret = set_argv (o, image, err);
  if (ret >= 0)
    ret = set_workdir (o, image, err);
  if (ret >= 0 && !o->user_set)
    ret = nsbox_image_user (image, &o->config.uid, &o->config.gid, err);
  if (ret >= 0)
    ret = nsbox_exec_build_environment (o, image->config->env, err);
  if (ret < 0)
    {
      nsbox_image_free (image);
      return nsbox_error_prefix (err, "image `%s`", o->image);
    }
  *image_out = image;
  return 0;
}
