/* example.c - a program built against the installed libnsbox through
 * `pkg-config --cflags --libs libnsbox` and nothing else: it runs a sandbox
 * key by key (nsbox_spec_*), then from a JSON description (nsbox_run_json),
 * then lists and collects the state root.  tests/libnsbox/check-install.sh
 * builds and runs it.
 *
 * Usage: example ROOTFS STATE_ROOT SECCOMP_CACHE_DIR */
#include <nsbox/nsbox.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
fail (const char *what, struct nsbox_error *err)
{
  char *msg = nsbox_error_format (err);

  fprintf (stderr, "example: %s: %s\n", what, msg ? msg : "?");
  free (msg);
  nsbox_error_free (err);
  return 1;
}

/* Key by key, as `nsbox exec` sets them from its flags. */
static int
by_keys (const char *rootfs, const char *state_root, const char *cache)
{
  const char *keys[][2] = {
    { "rootfs", rootfs }, { "root", state_root }, { "seccomp_cache_dir", cache }, { "id", "libnsbox-keys" },
    { "argv", "sh" }, { "argv", "-c" }, { "argv", "echo hello from $WHO; exit 5" }, { "env", "WHO=keys" },
    { "memory", "64m" }, { "json", "true" },
  };
  struct nsbox_error *err = NULL;
  struct nsbox_spec *spec = NULL;
  struct nsbox_run *run = NULL;
  size_t length = 0;
  const char *out;

  if (nsbox_spec_new (&spec, &err) < 0)
    return fail ("spec", err);
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    if (nsbox_spec_set (spec, keys[i][0], keys[i][1], &err) < 0)
      return fail (keys[i][0], err);
  if (nsbox_spec_run (spec, &run, &err) < 0)
    return fail ("run", err);
  out = nsbox_run_output (run, 1, &length);
  printf ("keys: %d %s %.*s", nsbox_run_exit_status (run), nsbox_run_status (run), (int) length, out ? out : "");
  nsbox_run_free (run);
  nsbox_spec_free (spec);
  return 0;
}

/* One JSON text in, one JSON report out. */
static int
by_json (const char *rootfs, const char *state_root, const char *cache)
{
  char config[8192];
  char *report = NULL;
  int status;

  snprintf (config, sizeof config,
            "{\"nsbox\": %d, \"rootfs\": \"%s\", \"root\": \"%s\", \"seccomp_cache_dir\": \"%s\","
            " \"id\": \"libnsbox-json\", \"argv\": [\"sh\", \"-c\", \"echo hello from json; id -u\"],"
            " \"json\": true, \"timeout\": 20}",
            NSBOX_CONFIG_VERSION, rootfs, state_root, cache);
  status = nsbox_run_json (config, &report);
  printf ("json: %d %s", status, report ? report : "(no report)\n");
  free (report);
  return 0;
}

static int
state_root_is_clean (const char *state_root)
{
  struct nsbox_error *err = NULL;
  struct nsbox_sandbox_info *list = NULL;
  size_t n = 0;
  int left;

  if (nsbox_list (state_root, &list, &n, &err) < 0)
    return fail ("list", err);
  nsbox_list_free (list, n);
  left = nsbox_gc (state_root, NULL, NULL, &err);
  if (left < 0)
    return fail ("gc", err);
  printf ("list: %zu gc: %d\n", n, left);
  return 0;
}

int
main (int argc, char **argv)
{
  size_t n = 0;

  if (argc != 4)
    {
      fprintf (stderr, "usage: example ROOTFS STATE_ROOT SECCOMP_CACHE_DIR\n");
      return 2;
    }
  while (nsbox_spec_keys ()[n].name)
    n++;
  printf ("keys known: %s\n", n > 30 ? "yes" : "no");
  if (by_keys (argv[1], argv[2], argv[3]) || by_json (argv[1], argv[2], argv[3]) || state_root_is_clean (argv[2]))
    return 1;
  return 0;
}
