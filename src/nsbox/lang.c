/* lang.c - `nsbox langs`, and nsbox.conf for the commands that read it.
 * (`nsbox exec --lang` is a key of the spec: the library's run/lang.c.) */
#define _GNU_SOURCE
#include "base/cleanup.h"
#include "cli.h"
#include "datadirs.h"
#include "lang/nsconf.h"
#include "lang/policy.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
nsbox_cli_load_conf (const char *path, struct nsbox_conf *conf, struct nsbox_error **err)
{
  const char *env = getenv ("NSBOX_CONFIG");

  if (path == NULL && env && *env)
    path = env;
  if (path)
    return nsbox_conf_load (path, true, conf, err);
  return nsbox_conf_load (nsbox_conf_default_path (), false, conf, err);
}

static int
name_width (const struct nsbox_lang_policy *list, size_t n)
{
  size_t width = strlen ("LANGUAGE");

  for (size_t i = 0; i < n; i++)
    if (strlen (list[i].name) > width)
      width = strlen (list[i].name);
  return (int) width;
}

static void
print_langs_text (const struct nsbox_lang_policy *list, size_t n)
{
  int width = name_width (list, n);

  printf ("%-*s %-22s %-8s %8s %8s %6s  %-14s %s\n", width, "LANGUAGE", "IMAGE", "COMPILE", "MEMORY", "TIME", "PIDS",
          "ALIASES", "TOOLCHAIN");
  for (size_t i = 0; i < n; i++)
    {
      const struct nsbox_lang_step *r = &list[i].run;
      char mem[NSBOX_SIZE_STRING_MAX], t[32], aliases[128] = "";

      if (r->memory_bytes == NSBOX_UNLIMITED)
        snprintf (mem, sizeof mem, "-");
      else
        nsbox_format_size (r->memory_bytes, mem);
      snprintf (t, sizeof t, r->timeout_ms ? "%gs" : "-", (double) r->timeout_ms / 1000);
      for (char **a = list[i].aliases; a && *a; a++)
        snprintf (aliases + strlen (aliases), sizeof aliases - strlen (aliases), "%s%s", a == list[i].aliases ? "" : ",",
                  *a);
      printf ("%-*s %-22s %-8s %8s %8s %6" PRIu64 "  %-14s %s\n", width, list[i].name, list[i].image,
              list[i].has_compile ? "yes" : "no", mem, t, r->pids == NSBOX_UNLIMITED ? 0 : r->pids,
              aliases[0] ? aliases : "-", list[i].toolchain ? list[i].toolchain : "-");
    }
}

static void
print_langs_json (const struct nsbox_lang_policy *list, size_t n)
{
  json_t *arr = json_array ();
  char *text;

  for (size_t i = 0; i < n; i++)
    {
      const struct nsbox_lang_step *r = &list[i].run;
      json_t *aliases = json_array ();

      for (char **a = list[i].aliases; a && *a; a++)
        json_array_append_new (aliases, json_string (*a));
      json_array_append_new (
          arr, json_pack ("{s:s, s:o, s:s, s:o, s:s, s:b, s:o, s:f, s:o, s:s}", "name", list[i].name, "aliases", aliases,
                          "image", list[i].image, "toolchain",
                          list[i].toolchain ? json_string (list[i].toolchain) : json_null (), "file", list[i].file,
                          "compile", list[i].has_compile, "memory_bytes",
                          r->memory_bytes == NSBOX_UNLIMITED ? json_null () : json_integer ((json_int_t) r->memory_bytes),
                          "timeout_s", (double) r->timeout_ms / 1000, "pids",
                          r->pids == NSBOX_UNLIMITED ? json_null () : json_integer ((json_int_t) r->pids), "policy",
                          list[i].path));
    }
  text = json_dumps (arr, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  if (text)
    puts (text);
  free (text);
  json_decref (arr);
}

int
nsbox_cmd_langs (const struct nsbox_global_options *global, int argc, char **argv)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_lang_policy *list = NULL;
  const char *dirs[NSBOX_POLICY_SEARCH_PATH_MAX];
  const char *config_path = NULL;
  struct nsbox_conf conf;
  bool json = false;
  size_t n = 0;

  (void) global;
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--json") == 0)
      json = true;
    else if ((strcmp (argv[i], "--conf") == 0 || strcmp (argv[i], "--config") == 0) && i + 1 < argc)
      config_path = argv[++i];
    else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
      {
        puts ("Usage: nsbox langs [--json] [--conf FILE]\n\nList the language policies, their images and run "
              "limits.\nSee nsbox-policy(5).");
        return 0;
      }
    else
      {
        nsbox_cli_error ("unknown argument `%s` (see nsbox langs --help)", argv[i]);
        return 125;
      }
  if (nsbox_cli_load_conf (config_path, &conf, &err) == 0)
    nsbox_policy_search_path (conf.policy_dir, nsbox_cli_dirs ()->lang_policies, dirs);
  if (err != NULL || nsbox_policy_list (dirs, &list, &n, &err) < 0)
    {
      nsbox_cli_print_error (err);
      nsbox_conf_release (&conf);
      return 125;
    }
  if (json)
    print_langs_json (list, n);
  else
    print_langs_text (list, n);
  nsbox_policy_list_free (list, n);
  nsbox_conf_release (&conf);
  return 0;
}
