#define _GNU_SOURCE
#include "image/image-config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "base/json.h"

void
nsbox_image_config_free (struct nsbox_image_config *config)
{
  if (config == NULL)
    return;
  nsbox_strv_freep (&config->env);
  nsbox_strv_freep (&config->entrypoint);
  nsbox_strv_freep (&config->cmd);
  free (config->working_dir);
  free (config->user);
  free (config->os);
  free (config->architecture);
  free (config->diff_ids);
  free (config);
}

/* A JSON array of strings -> NULL-terminated vector; null/absent -> *out = NULL. */
static int
strv_from_json (const json_t *array, const char *what, char ***out, struct nsbox_error **err)
{
  _cleanup_strv_ char **v = NULL;
  size_t i;
  json_t *item;

  *out = NULL;
  if (array == NULL || json_is_null (array))
    return 0;
  if (!json_is_array (array))
    return nsbox_error_msg (err, "image config: `%s` is not an array", what);
  v = calloc (json_array_size (array) + 1, sizeof *v);
  if (v == NULL)
    return nsbox_error_oom (err);
  json_array_foreach (array, i, item)
    {
      if (!json_is_string (item))
        return nsbox_error_msg (err, "image config: `%s` holds a non-string", what);
      /* A NUL inside a string would silently truncate an argument. */
      if (strlen (json_string_value (item)) != json_string_length (item))
        return nsbox_error_msg (err, "image config: `%s` holds a NUL byte", what);
      v[i] = strdup (json_string_value (item));
      if (v[i] == NULL)
        return nsbox_error_oom (err);
    }
  *out = steal_pointer (&v);
  return 0;
}

static int
string_from_json (const json_t *value, const char *what, char **out, struct nsbox_error **err)
{
  *out = NULL;
  if (value == NULL || json_is_null (value))
    return 0;
  if (!json_is_string (value) || strlen (json_string_value (value)) != json_string_length (value))
    return nsbox_error_msg (err, "image config: `%s` is not a string", what);
  *out = strdup (json_string_value (value));
  return *out ? 0 : nsbox_error_oom (err);
}

/* The run fields, from an object holding Env/Entrypoint/Cmd/WorkingDir/User. */
static int
run_fields_from_json (const json_t *c, struct nsbox_image_config *config, struct nsbox_error **err)
{
  int ret;

  if (c != NULL && !json_is_null (c) && !json_is_object (c))
    return nsbox_error_msg (err, "image config: `config` is not an object");
  if ((ret = strv_from_json (json_object_get (c, "Env"), "Env", &config->env, err)) < 0
      || (ret = strv_from_json (json_object_get (c, "Entrypoint"), "Entrypoint", &config->entrypoint, err)) < 0
      || (ret = strv_from_json (json_object_get (c, "Cmd"), "Cmd", &config->cmd, err)) < 0
      || (ret = string_from_json (json_object_get (c, "WorkingDir"), "WorkingDir", &config->working_dir, err)) < 0
      || (ret = string_from_json (json_object_get (c, "User"), "User", &config->user, err)) < 0)
    return ret;
  if (config->env == NULL && (config->env = calloc (1, sizeof (char *))) == NULL)
    return nsbox_error_oom (err);
  for (char **e = config->env; *e; e++)
    if (strchr (*e, '=') == NULL || **e == '=')
      return nsbox_error_msg (err, "image config: malformed Env entry `%.80s`", *e);
  return 0;
}

static int
diff_ids_from_json (const json_t *rootfs, struct nsbox_image_config *config, struct nsbox_error **err)
{
  const json_t *ids = json_object_get (rootfs, "diff_ids");
  size_t i;
  json_t *item;

  if (ids == NULL)
    return 0;
  if (!json_is_array (ids))
    return nsbox_error_msg (err, "image config: `rootfs.diff_ids` is not an array");
  config->diff_ids = calloc (json_array_size (ids) + 1, sizeof *config->diff_ids);
  if (config->diff_ids == NULL)
    return nsbox_error_oom (err);
  json_array_foreach (ids, i, item)
    {
      if (nsbox_digest_parse (json_string_value (item), &config->diff_ids[i], err) < 0)
        return nsbox_error_prefix (err, "image config: rootfs.diff_ids");
      config->n_diff_ids++;
    }
  return 0;
}

int
nsbox_image_config_parse (const char *data, size_t length, struct nsbox_image_config **out,
                          struct nsbox_error **err)
{
  struct nsbox_image_config *config;
  _cleanup_json_ json_t *root = NULL;
  json_error_t jerr;
  int ret;

  root = json_loadb (data, length, JSON_REJECT_DUPLICATES, &jerr);
  if (root == NULL)
    return nsbox_error_msg (err, "image config: invalid JSON: %s (line %d)", jerr.text, jerr.line);
  if (!json_is_object (root))
    return nsbox_error_msg (err, "image config: not a JSON object");
  config = calloc (1, sizeof *config);
  if (config == NULL)
    return nsbox_error_oom (err);
  ret = run_fields_from_json (json_object_get (root, "config"), config, err);
  if (ret >= 0)
    ret = string_from_json (json_object_get (root, "os"), "os", &config->os, err);
  if (ret >= 0)
    ret = string_from_json (json_object_get (root, "architecture"), "architecture", &config->architecture, err);
  if (ret >= 0)
    ret = diff_ids_from_json (json_object_get (root, "rootfs"), config, err);
  if (ret < 0)
    {
      nsbox_image_config_free (config);
      return ret;
    }
  *out = config;
  return 0;
}

static json_t *
strv_to_json (char **v)
{
  json_t *a;

  if (v == NULL)
    return json_null ();
  a = json_array ();
  for (; a && *v; v++)
    if (json_array_append_new (a, json_string (*v)) < 0)
      {
        json_decref (a);
        return NULL;
      }
  return a;
}

int
nsbox_image_config_to_json (const struct nsbox_image_config *config, void **json_out, struct nsbox_error **err)
{
  json_t *o = json_pack ("{s:o, s:o, s:o, s:s?, s:s?, s:s?, s:s?}", "Env", strv_to_json (config->env),
                         "Entrypoint", strv_to_json (config->entrypoint), "Cmd", strv_to_json (config->cmd),
                         "WorkingDir", config->working_dir, "User", config->user, "os", config->os,
                         "architecture", config->architecture);
  if (o == NULL)
    return nsbox_error_oom (err);
  *json_out = o;
  return 0;
}

int
nsbox_image_config_from_json (const void *json, struct nsbox_image_config **out, struct nsbox_error **err)
{
  const json_t *o = json;
  struct nsbox_image_config *config;
  int ret;

  if (!json_is_object (o))
    return nsbox_error_msg (err, "stored image config is not an object");
  config = calloc (1, sizeof *config);
  if (config == NULL)
    return nsbox_error_oom (err);
  ret = run_fields_from_json (o, config, err);
  if (ret >= 0)
    ret = string_from_json (json_object_get (o, "os"), "os", &config->os, err);
  if (ret >= 0)
    ret = string_from_json (json_object_get (o, "architecture"), "architecture", &config->architecture, err);
  if (ret < 0)
    {
      nsbox_image_config_free (config);
      return ret;
    }
  *out = config;
  return 0;
}
