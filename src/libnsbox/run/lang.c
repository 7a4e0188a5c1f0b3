/* lang.c - a language run of nsbox_spec_run(): the policy, the code and the
 * root, then lang/'s checks, compile and run. */
#define _GNU_SOURCE
#include "run/run.h"
#include "base/clock.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "lang/inputs.h"
#include "lang/lang.h"
#include "lang/policy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Until stdin has something to read; past the deadline (0: none), an error. */
static int
await_stdin (uint64_t deadline_ms, struct nsbox_error **err)
{
  for (;;)
    {
      uint64_t now = nsbox_monotonic_ms ();
      struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
      int n;

      if (deadline_ms == 0)
        return 0;
      if (now >= deadline_ms)
        return nsbox_error_errno (err, ETIMEDOUT, "the code on stdin did not end within the wall-clock limit");
      n = poll (&p, 1, (int) (deadline_ms - now < 60000 ? deadline_ms - now : 60000));
      if (n > 0)
        return 0;
      if (n < 0 && errno != EINTR)
        return nsbox_error_errno (err, errno, "wait for the code on stdin");
    }
}

/* A pipe that stays open and silent must not hold nsbox past the run's own
 * wall-clock limit (timeout_ms, 0: none). */
int
nsbox_run_read_stdin_code (uint64_t timeout_ms, char **text, size_t *length, struct nsbox_error **err)
{
  const uint64_t deadline = timeout_ms ? nsbox_monotonic_ms () + timeout_ms : 0;
  _cleanup_free_ char *buf = malloc (NSBOX_RUN_CODE_LIMIT + 1);
  size_t len = 0;

  if (buf == NULL)
    return nsbox_error_oom (err);
  for (;;)
    {
      ssize_t n;

      if (await_stdin (deadline, err) < 0)
        return -1;
      n = read (STDIN_FILENO, buf + len, NSBOX_RUN_CODE_LIMIT + 1 - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return nsbox_error_errno (err, errno, "read the code from stdin");
      if (n == 0)
        break;
      len += (size_t) n;
      if (len > NSBOX_RUN_CODE_LIMIT)
        return nsbox_error_errno (err, EFBIG, "the code on stdin is larger than %u bytes", NSBOX_RUN_CODE_LIMIT);
    }
  buf[len] = '\0';
  *text = steal_pointer (&buf);
  *length = len;
  return 0;
}

/* "-": stdin; else a regular file (a FIFO or a device may never end). */
static int
read_code (const struct nsbox_spec *spec, uint64_t timeout_ms, char **text, size_t *length, struct nsbox_error **err)
{
  const char *path = spec->code_path;
  _cleanup_close_ int fd = -1;

  if (spec->code_fd >= 0)
    {
      if (nsbox_read_fd (spec->code_fd, "the code", NSBOX_RUN_CODE_LIMIT, text, length, err) < 0)
        return nsbox_error_prefix (err, "--code");
      return 0;
    }
  if (strcmp (path, "-") == 0)
    return nsbox_run_read_stdin_code (timeout_ms, text, length, err);
  if ((fd = nsbox_open_regular (path, err)) < 0 || nsbox_read_fd (fd, path, NSBOX_RUN_CODE_LIMIT, text, length, err) < 0)
    return nsbox_error_prefix (err, "--code");
  return 0;
}

/* The run step's wall-clock limit: the key, else the policy's, within the ceiling. */
static uint64_t
run_timeout (const struct nsbox_spec *spec, const struct nsbox_lang_policy *policy, const struct nsbox_conf *conf)
{
  uint64_t t = policy->run.timeout_ms;

  if (spec->limits_given & NSBOX_LIMIT_TIMEOUT)
    return spec->config.timeout_ms;
  if (t == 0 || t > conf->ceilings.timeout_ms)
    t = conf->ceilings.timeout_ms;
  return t;
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
  req->total_timeout_ms = spec->total_timeout_ms;
}

static int
prepare (const struct nsbox_spec *spec, struct nsbox_sandbox_config *c, const struct nsbox_conf *conf,
         struct nsbox_lang_policy *policy, struct nsbox_lang_request *req, char **code, char ***inputs,
         struct nsbox_image **image, struct nsbox_error **err)
{
  const char *dirs[NSBOX_POLICY_SEARCH_PATH_MAX];
  const char *profile;
  _cleanup_close_ int in = -1;

  nsbox_policy_search_path (conf->policy_dir, spec->lang_policy_dir, dirs);
  if (nsbox_policy_find (spec->lang, dirs, policy, err) < 0
      || read_code (spec, run_timeout (spec, policy, conf), code, &req->code_length, err) < 0
      || resolve_root (c, spec, policy, conf, image, err) < 0)
    return -1;
  profile = spec->profile ? spec->profile : conf->default_profile ? conf->default_profile : "standard";
  req->policy = policy;
  req->conf = conf;
  req->code = *code;
  req->strict = strcmp (profile, "strict") == 0;
  req->checks = NSBOX_CHECKS_BLOCK;
  if (spec->checks && nsbox_check_mode_parse (spec->checks, &req->checks, err) < 0)
    return -1;
  fill_request (req, spec);
  for (char **name = spec->stdin_each_fds ? spec->stdin_each : NULL; name && *name; name++)
    if (nsbox_strv_append (inputs, *name, err) < 0)
      return -1;
  if (spec->stdin_each && !spec->stdin_each_fds && nsbox_lang_inputs_expand (spec->stdin_each, inputs, err) < 0)
    return -1;
  req->inputs = *inputs;
  req->input_fds = spec->stdin_each_fds;
  if (nsbox_conf_apply_defaults (conf, c, spec->limits_given, err) < 0)
    return -1;
  if (spec->stdin_fd >= 0 && (in = fcntl (spec->stdin_fd, F_DUPFD_CLOEXEC, 3)) < 0)
    return nsbox_error_errno (err, errno, "--stdin");
  if (spec->stdin_path && spec->stdin_fd < 0 && (in = nsbox_open_regular (spec->stdin_path, err)) < 0)
    return nsbox_error_prefix (err, "--stdin");
  if (in >= 0)
    c->stdin_fd = steal_fd (&in);
  if (c->image_name == NULL && (c->image_name = strdup (policy->image)) == NULL)
    return nsbox_error_oom (err);
  return 0;
}

/* The site's compile cache, for root's runs on an image: a --rootfs
 * directory has no digest to key an artifact on, and a user who is not root
 * could not keep the cache out of the reach of their own sandboxes. */
static const struct nsbox_compile_cache *
compile_cache (const struct nsbox_spec *spec, const struct nsbox_sandbox_config *c, const struct nsbox_conf *conf,
               struct nsbox_compile_cache *cache)
{
  if (conf->compile_cache_dir == NULL || spec->rootfs_set || geteuid () != 0 || c->userns == NSBOX_USERNS_ROOTLESS)
    return NULL;
  *cache = (struct nsbox_compile_cache){ conf->compile_cache_dir, conf->compile_cache_size };
  return cache;
}

int
nsbox_run_lang (const struct nsbox_spec *spec, struct nsbox_sandbox_config *c, const struct nsbox_conf *conf,
                struct nsbox_run *run, struct nsbox_image **image, struct nsbox_error **err)
{
  _cleanup_free_ char *code = NULL;
  _cleanup_strv_ char **env = NULL, **inputs = NULL;
  struct nsbox_lang_policy policy = { 0 };
  struct nsbox_lang_request req;
  struct nsbox_compile_cache cache;
  int ret = 0;

  nsbox_lang_request_init (&req);
  if (prepare (spec, c, conf, &policy, &req, &code, &inputs, image, err) < 0 || base_env (c, &env, err) < 0)
    ret = -1;
  else
    {
      req.base_env = env;
      req.cache = compile_cache (spec, c, conf, &cache);
      run->lang = true;
      nsbox_lang_run (c, &req, &run->result, &run->error);
    }
  if (c->stdin_fd >= 0)
    close (c->stdin_fd);
  c->stdin_fd = -1;
  nsbox_policy_release (&policy);
  return ret;
}

/* Pass-through: what the caller would otherwise not see. */
int
nsbox_run_lang_notes (const struct nsbox_lang_result *r, char ***notes, struct nsbox_error **err)
{
  if (r->core.status == NSBOX_STATUS_BLOCKED)
    {
      if (nsbox_strv_appendf (notes, err, "blocked by the pre-execution checks (profile %s, risk score %d):", r->profile,
                    r->risk_score)
          < 0)
        return -1;
      for (size_t i = 0; i < r->n_violations; i++)
        if (nsbox_strv_appendf (notes, err, "check %s (%s) line %u: %s", r->violations[i].rule,
                      nsbox_severity_name (r->violations[i].severity), r->violations[i].line,
                      r->violations[i].message)
            < 0)
          return -1;
    }
  else if (r->core.status == NSBOX_STATUS_SYNTAX_ERROR)
    return nsbox_strv_appendf (notes, err, "syntax error on line %u: %s (found by the checks; no sandbox started)",
                               r->syntax_error_line, r->syntax_error);
  else if (r->core.status == NSBOX_STATUS_COMPILE_ERROR)
    return nsbox_strv_appendf (notes, err, "compile step failed (%s%s)", nsbox_status_name (r->compile.status),
                     r->compile.exited ? ", see the compiler's output above" : "");
  return 0;
}
