/* lang.c - a language run of nsbox_spec_run(): the policy, the code and the
 * root, then lang/'s checks, compile and run. */
#define _GNU_SOURCE
#include "run/run.h"
#include "base/cleanup.h"
#include "lang/lang.h"
#include "lang/policy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Code beyond this is refused outright; below it the policy's max_code_size
 * check decides (a violation, so strict blocks it). */
#define CODE_READ_LIMIT (16u << 20)

static int
read_code (const char *path, char **text, size_t *length, struct nsbox_error **err)
{
  _cleanup_close_ int fd = -1;

  if (nsbox_open_input (path, &fd, err) < 0)
    return nsbox_error_prefix (err, "--code");
  return nsbox_read_bounded (fd >= 0 ? fd : STDIN_FILENO, fd >= 0 ? path : "stdin", CODE_READ_LIMIT, text, length,
                             err);
}

/* The sandbox root: --rootfs, else the policy's image, resolved from the store
 * exactly as `nsbox exec IMAGE` does; its Env, User and layers apply beneath
 * the policy.  *image holds the store's shared lock until the runs end. */
static int
resolve_root (struct nsbox_sandbox_config *c, const struct nsbox_spec *spec, const struct nsbox_lang_policy *policy,
              const struct nsbox_conf *conf, struct nsbox_image **image, struct nsbox_error **err)
{
  if (spec->rootfs_set)
    return 0;
  /* The policy supplies the command; the image's Cmd is not needed. */
  if (nsbox_run_apply_image (c, spec, policy->image, policy->run.argv, spec->store ? spec->store : conf->store, image,
                             err)
      < 0)
    return nsbox_error_prefix (err, "language `%s`", policy->name);
  return 0;
}

/* The environment beneath the policy's: the image's (built by resolve_root), or the defaults. */
static int
base_env (const struct nsbox_sandbox_config *c, char ***env, struct nsbox_error **err)
{
  for (char **p = c->env; p && *p; p++)
    if (nsbox_env_set (env, *p, err) < 0)
      return -1;
  if (c->env)
    return 0;
  if (nsbox_env_set (env, "PATH=" NSBOX_DEFAULT_PATH, err) < 0
      || nsbox_env_set (env, "HOME=/tmp", err) < 0)
    return -1;
  return 0;
}

/* The limit keys given override the policy's run step. */
static void
fill_request (struct nsbox_lang_request *req, const struct nsbox_spec *spec)
{
  req->given = spec->limits_given;
  req->memory_bytes = spec->config.memory_bytes;
  req->pids = spec->config.pids;
  req->timeout_ms = spec->config.timeout_ms;
  req->tmpfs_size = spec->config.tmpfs_size;
  req->tmpfs_exec = spec->config.tmpfs_exec;
  req->seccomp_profile = spec->config.seccomp_profile;
  req->args = spec->args;
  req->user_env = spec->user_env;
  req->workdir = spec->workdir_set ? spec->config.workdir : NULL;
}

static int
prepare (const struct nsbox_spec *spec, struct nsbox_sandbox_config *c, const struct nsbox_conf *conf,
         struct nsbox_lang_policy *policy, struct nsbox_lang_request *req, char **code, struct nsbox_image **image,
         struct nsbox_error **err)
{
  const char *dirs[NSBOX_POLICY_SEARCH_PATH_MAX];
  const char *profile;
  _cleanup_close_ int in = -1;

  nsbox_policy_search_path (conf->policy_dir, dirs);
  if (nsbox_policy_find (spec->lang, dirs, policy, err) < 0 || read_code (spec->code_path, code, &req->code_length, err) < 0
      || resolve_root (c, spec, policy, conf, image, err) < 0)
    return -1;
  profile = spec->profile ? spec->profile : conf->default_profile ? conf->default_profile : "standard";
  req->policy = policy;
  req->conf = conf;
  req->code = *code;
  req->strict = strcmp (profile, "strict") == 0;
  req->checks = req->strict ? NSBOX_CHECKS_BLOCK : NSBOX_CHECKS_REPORT;
  if (spec->checks && nsbox_check_mode_parse (spec->checks, &req->checks, err) < 0)
    return -1;
  fill_request (req, spec);
  if (spec->stdin_path)
    {
      in = open (spec->stdin_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
      if (in < 0)
        return nsbox_error_errno (err, errno, "--stdin `%s`", spec->stdin_path);
      c->stdin_fd = steal_fd (&in);
    }
  if (c->image_name == NULL && (c->image_name = strdup (policy->image)) == NULL)
    return nsbox_error_oom (err);
  return 0;
}

int
nsbox_run_lang (const struct nsbox_spec *spec, struct nsbox_sandbox_config *c, const struct nsbox_conf *conf,
                struct nsbox_run *run, struct nsbox_image **image, struct nsbox_error **err)
{
  _cleanup_free_ char *code = NULL;
  _cleanup_strv_ char **env = NULL;
  struct nsbox_lang_policy policy = { 0 };
  struct nsbox_lang_request req;
  int ret = 0;

  nsbox_lang_request_init (&req);
  if (prepare (spec, c, conf, &policy, &req, &code, image, err) < 0 || base_env (c, &env, err) < 0)
    ret = -1;
  else
    {
      req.base_env = env;
      nsbox_lang_run (c, &req, &run->result, &run->error);
    }
  if (c->stdin_fd >= 0)
    close (c->stdin_fd);
  c->stdin_fd = -1;
  nsbox_policy_release (&policy);
  return ret;
}

static int
add_note (char ***notes, struct nsbox_error **err, const char *fmt, ...) __attribute__ ((format (printf, 3, 4)));

static int
add_note (char ***notes, struct nsbox_error **err, const char *fmt, ...)
{
  _cleanup_free_ char *line = NULL;
  va_list ap;
  int n;

  va_start (ap, fmt);
  n = vasprintf (&line, fmt, ap);
  va_end (ap);
  if (n < 0)
    return nsbox_error_oom (err);
  return nsbox_strv_append (notes, line, err);
}

/* Pass-through: what the caller would otherwise not see. */
int
nsbox_run_lang_notes (const struct nsbox_result *r, char ***notes, struct nsbox_error **err)
{
  if (r->status == NSBOX_STATUS_BLOCKED)
    {
      if (add_note (notes, err, "blocked by the pre-execution checks (profile %s, risk score %d):", r->profile,
                    r->risk_score)
          < 0)
        return -1;
      for (size_t i = 0; i < r->n_violations; i++)
        if (add_note (notes, err, "check %s (%s) line %u: %s", r->violations[i].rule,
                      nsbox_severity_name (r->violations[i].severity), r->violations[i].line,
                      r->violations[i].message)
            < 0)
          return -1;
    }
  else if (r->status == NSBOX_STATUS_COMPILE_ERROR)
    return add_note (notes, err, "compile step failed (%s%s)", nsbox_status_name (r->compile.status),
                     r->compile.exited ? ", see the compiler's output above" : "");
  return 0;
}
