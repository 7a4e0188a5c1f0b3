#define _GNU_SOURCE
#include "base/cleanup.h"
#include "cli.h"
#include "datadirs.h"
#include "exec-image.h"
#include "exec-options.h"
#include "lang/lang.h"
#include "nsbox.h"
#include "lang/nsconf.h"
#include "lang/policy.h"
#include "lang/stats.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Code beyond this is refused outright; below it the policy's max_code_size
 * check decides (a violation, so strict blocks it). */
#define CODE_READ_LIMIT (16u << 20)

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

/* nsbox.conf's policy_dir first, then the site's ($(sysconfdir)/nsbox/lang),
 * then the shipped ones: the build tree's for the build tree's nsbox. */
static const char **
policy_dirs (const struct nsbox_conf *conf)
{
  static const char *dirs[4];
  size_t n = 0;

  if (conf->policy_dir)
    dirs[n++] = conf->policy_dir;
  dirs[n++] = nsbox_policy_default_dirs ()[0];
  dirs[n++] = nsbox_cli_dirs ()->lang_policies;
  dirs[n] = NULL;
  return dirs;
}

static int
read_all (int fd, const char *name, char **text, size_t *length, struct nsbox_error **err)
{
  _cleanup_free_ char *buf = malloc (CODE_READ_LIMIT + 1);
  size_t len = 0;

  if (buf == NULL)
    return nsbox_error_oom (err);
  for (;;)
    {
      ssize_t n = read (fd, buf + len, CODE_READ_LIMIT + 1 - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return nsbox_error_errno (err, errno, "read the code from `%s`", name);
      if (n == 0)
        break;
      len += (size_t) n;
      if (len > CODE_READ_LIMIT)
        return nsbox_error_msg (err, "the code in `%s` is larger than %u bytes", name, CODE_READ_LIMIT);
    }
  buf[len] = '\0';
  *text = steal_pointer (&buf);
  *length = len;
  return 0;
}

static int
read_code (const char *path, char **text, size_t *length, struct nsbox_error **err)
{
  _cleanup_close_ int fd = -1;

  if (strcmp (path, "-") == 0)
    return read_all (STDIN_FILENO, "stdin", text, length, err);
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "--code `%s`", path);
  return read_all (fd, path, text, length, err);
}

/* The sandbox root: --rootfs, else the policy's image, resolved from the store
 * exactly as `nsbox exec IMAGE` does; its Env, User and layers apply beneath
 * the policy.  *image holds the store's shared lock until the runs end. */
static int
resolve_root (struct nsbox_exec_options *o, const struct nsbox_global_options *global,
              const struct nsbox_lang_policy *policy, const struct nsbox_conf *conf, struct nsbox_image **image,
              struct nsbox_error **err)
{
  if (o->rootfs_set)
    return 0;
  free (o->image);
  if ((o->image = strdup (policy->image)) == NULL)
    return nsbox_error_oom (err);
  /* The policy supplies the command; the image's Cmd is not needed. */
  for (char **p = policy->run.argv; p && *p; p++)
    if (nsbox_strv_append (&o->command, *p, err) < 0)
      return -1;
  if (nsbox_exec_apply_image (o, global->store ? global->store : conf->store, image, err) < 0)
    return nsbox_error_prefix (err, "language `%s`", policy->name);
  return 0;
}

/* The environment beneath the policy's: the image's (built by resolve_root), or the defaults. */
static int
base_env (const struct nsbox_exec_options *o, char ***env, struct nsbox_error **err)
{
  for (char **p = o->config.env; p && *p; p++)
    if (nsbox_env_set (env, *p, err) < 0)
      return -1;
  if (o->config.env)
    return 0;
  if (nsbox_env_set (env, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", err) < 0
      || nsbox_env_set (env, "HOME=/tmp", err) < 0)
    return -1;
  return 0;
}

/* The limit flags given override the policy's run step. */
static void
fill_request (struct nsbox_lang_request *req, const struct nsbox_exec_options *o)
{
  req->given = o->limits_given;
  req->memory_bytes = o->config.memory_bytes;
  req->pids = o->config.pids;
  req->timeout_ms = o->config.timeout_ms;
  req->tmpfs_size = o->config.tmpfs_size;
  req->tmpfs_exec = o->config.tmpfs_exec;
  req->seccomp_profile = o->config.seccomp_profile;
  req->args = o->args;
  req->user_env = o->user_env;
  req->workdir = o->workdir_set ? o->config.workdir : NULL;
}

static void
print_violations (const struct nsbox_result *r)
{
  for (size_t i = 0; i < r->n_violations; i++)
    nsbox_cli_error ("check %s (%s) line %u: %s", r->violations[i].rule, nsbox_severity_name (r->violations[i].severity),
                     r->violations[i].line, r->violations[i].message);
}

/* Pass-through: what the caller would otherwise not see. */
static void
show_outcome (const struct nsbox_result *r)
{
  if (r->status == NSBOX_STATUS_BLOCKED)
    {
      nsbox_cli_error ("blocked by the pre-execution checks (profile %s, risk score %d):", r->profile,
                       r->risk_score);
      print_violations (r);
    }
  else if (r->status == NSBOX_STATUS_COMPILE_ERROR)
    {
      if (r->err.length)
        fwrite (r->err.data, 1, r->err.length, stderr);
      nsbox_cli_error ("compile step failed (%s%s)", nsbox_status_name (r->compile.status),
                       r->compile.exited ? ", see the compiler's output above" : "");
    }
}

static int
report (const struct nsbox_exec_options *o, const struct nsbox_conf *conf, struct nsbox_result *result)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *json = NULL;
  const char *log = o->log_path ? o->log_path : conf->results_log;
  int status = nsbox_result_exit_status (result);

  for (char **w = result->warnings; w && *w; w++)
    nsbox_cli_error ("warning: %s", *w);
  if (o->json || o->report_path)
    json = nsbox_result_to_json (result);
  if (o->json && json)
    fputs (json, stdout);
  else if (!o->json)
    show_outcome (result);
  if (o->report_path && json && nsbox_cli_write_report (o->report_path, json) < 0)
    status = 125;
  if (log && nsbox_stats_append (log, result, &err) < 0)
    {
      nsbox_cli_print_error (err);
      status = 125;
    }
  return status;
}

static int
prepare (struct nsbox_exec_options *o, const struct nsbox_global_options *global, struct nsbox_conf *conf,
         struct nsbox_lang_policy *policy, struct nsbox_lang_request *req, char **code, struct nsbox_image **image,
         struct nsbox_error **err)
{
  const char *profile;
  _cleanup_close_ int in = -1;

  if (nsbox_cli_load_conf (o->config_path, conf, err) < 0
      || nsbox_policy_find (o->lang, (const char *const *) policy_dirs (conf), policy, err) < 0
      || read_code (o->code_path, code, &req->code_length, err) < 0
      || resolve_root (o, global, policy, conf, image, err) < 0)
    return -1;
  profile = o->profile ? o->profile : conf->default_profile ? conf->default_profile : "standard";
  req->policy = policy;
  req->conf = conf;
  req->code = *code;
  req->strict = strcmp (profile, "strict") == 0;
  req->checks = req->strict ? NSBOX_CHECKS_BLOCK : NSBOX_CHECKS_REPORT;
  if (o->checks && nsbox_check_mode_parse (o->checks, &req->checks, err) < 0)
    return -1;
  fill_request (req, o);
  if (o->stdin_path)
    {
      in = open (o->stdin_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
      if (in < 0)
        return nsbox_error_errno (err, errno, "--stdin `%s`", o->stdin_path);
      o->config.stdin_fd = steal_fd (&in);
    }
  if (global->state_root)
    {
      free (o->config.state_root);
      if ((o->config.state_root = strdup (global->state_root)) == NULL)
        return nsbox_error_oom (err);
    }
  if (o->config.image_name == NULL && (o->config.image_name = strdup (policy->image)) == NULL)
    return nsbox_error_oom (err);
  return 0;
}

int
nsbox_cmd_exec_lang (const struct nsbox_global_options *global, struct nsbox_exec_options *o)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *code = NULL;
  _cleanup_strv_ char **env = NULL;
  struct nsbox_lang_policy policy = { 0 };
  struct nsbox_image *image = NULL;
  struct nsbox_lang_request req;
  struct nsbox_conf conf;
  struct nsbox_result result;
  int status;

  nsbox_lang_request_init (&req);
  nsbox_conf_init (&conf);
  nsbox_result_init (&result);
  if (prepare (o, global, &conf, &policy, &req, &code, &image, &err) < 0 || base_env (o, &env, &err) < 0)
    {
      nsbox_cli_print_error (err);
      status = 125;
    }
  else
    {
      req.base_env = env;
      if (nsbox_lang_run (&o->config, &req, &result, &err) < 0 && !o->json)
        nsbox_cli_print_error (err);
      status = report (o, &conf, &result);
    }
  if (o->config.stdin_fd >= 0)
    close (o->config.stdin_fd);
  nsbox_result_release (&result);
  nsbox_policy_release (&policy);
  nsbox_conf_release (&conf);
  /* Held until here: prune must not remove layers under a running sandbox. */
  nsbox_image_free (image);
  return status;
}

static void
fmt_limit (char *buf, size_t size, uint64_t bytes)
{
  if (bytes == NSBOX_UNLIMITED)
    snprintf (buf, size, "-");
  else if (bytes % (1ULL << 30) == 0)
    snprintf (buf, size, "%" PRIu64 "G", bytes >> 30);
  else
    snprintf (buf, size, "%" PRIu64 "M", bytes >> 20);
}

static void
print_langs_text (const struct nsbox_lang_policy *list, size_t n)
{
  printf ("%-12s %-22s %-8s %8s %8s %6s  %s\n", "LANGUAGE", "IMAGE", "COMPILE", "MEMORY", "TIME", "PIDS", "ALIASES");
  for (size_t i = 0; i < n; i++)
    {
      const struct nsbox_lang_step *r = &list[i].run;
      char mem[32], t[32], aliases[128] = "";

      fmt_limit (mem, sizeof mem, r->memory_bytes);
      snprintf (t, sizeof t, r->timeout_ms ? "%gs" : "-", (double) r->timeout_ms / 1000);
      for (char **a = list[i].aliases; a && *a; a++)
        snprintf (aliases + strlen (aliases), sizeof aliases - strlen (aliases), "%s%s", a == list[i].aliases ? "" : ",",
                  *a);
      printf ("%-12s %-22s %-8s %8s %8s %6" PRIu64 "  %s\n", list[i].name, list[i].image,
              list[i].has_compile ? "yes" : "no", mem, t, r->pids == NSBOX_UNLIMITED ? 0 : r->pids, aliases);
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
          arr, json_pack ("{s:s, s:o, s:s, s:s, s:b, s:o, s:f, s:o, s:s}", "name", list[i].name, "aliases", aliases,
                          "image", list[i].image, "file", list[i].file, "compile", list[i].has_compile, "memory_bytes",
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
  const char *config_path = NULL;
  struct nsbox_conf conf;
  bool json = false;
  size_t n = 0;

  (void) global;
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--json") == 0)
      json = true;
    else if (strcmp (argv[i], "--config") == 0 && i + 1 < argc)
      config_path = argv[++i];
    else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
      {
        puts ("Usage: nsbox langs [--json] [--config FILE]\n\nList the language policies, their images and run "
              "limits.\nSee nsbox-policy(5).");
        return 0;
      }
    else
      {
        nsbox_cli_error ("unknown argument `%s` (see nsbox langs --help)", argv[i]);
        return 125;
      }
  if (nsbox_cli_load_conf (config_path, &conf, &err) < 0
      || nsbox_policy_list ((const char *const *) policy_dirs (&conf), &list, &n, &err) < 0)
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
