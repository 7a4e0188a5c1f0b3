#define _GNU_SOURCE
#include "lang/nsconf.h"
#include "isolate/userns.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/json.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_CONF_BYTES (1 << 20)

const char *
nsbox_conf_default_path (void)
{
  return NSBOX_SYSCONFDIR "/nsbox/nsbox.conf";
}

void
nsbox_conf_init (struct nsbox_conf *conf)
{
  memset (conf, 0, sizeof *conf);
  conf->ceilings = (struct nsbox_ceilings){
    .memory_bytes = NSBOX_CEILING_MEMORY,
    .timeout_ms = NSBOX_CEILING_TIMEOUT_MS,
    .pids = NSBOX_CEILING_PIDS,
    .cpu_millis = NSBOX_UNLIMITED,
    .cpu_time_s = NSBOX_CEILING_CPU_TIME_S,
    .tmpfs_size = NSBOX_CEILING_TMPFS,
    .output_limit = NSBOX_CEILING_OUTPUT,
    .ptys = NSBOX_CEILING_PTYS,
  };
}

void
nsbox_conf_release (struct nsbox_conf *conf)
{
  free (conf->path);
  free (conf->store);
  free (conf->default_profile);
  free (conf->results_log);
  free (conf->policy_dir);
  free (conf->userns_pool);
  free (conf->compile_cache_dir);
  free (conf->helper.state_root);
  free (conf->helper.audit_log);
  nsbox_strv_freep (&conf->helper.rootfs);
  free (conf->helper.seccomp_profile_dir);
  free (conf->helper.seccomp_cache_dir);
  for (size_t i = 0; i < conf->helper.n_quotas; i++)
    {
      free (conf->helper.quotas[i].user);
      free (conf->helper.quotas[i].group);
    }
  free (conf->helper.quotas);
  memset (conf, 0, sizeof *conf);
}

static int
parse_cpus (struct nsbox_json_ctx *ctx, json_t *v, uint64_t *millis, struct nsbox_error **err)
{
  double cpus = json_is_number (v) ? json_number_value (v) : NAN;

  if (!isfinite (cpus) || cpus <= 0 || cpus > 4096)
    return nsbox_json_bad (ctx, "cpus", err, "must be a number of CPUs in (0, 4096]");
  *millis = (uint64_t) llround (cpus * 1000);
  if (*millis == 0)
    *millis = 1;
  return 0;
}

static int
parse_ceilings (struct nsbox_json_ctx *ctx, json_t *value, struct nsbox_ceilings *c, struct nsbox_error **err)
{
  static const char *const keys[] = { "memory", "timeout", "pids", "cpus", "cpu_time", "tmpfs_size",
                                      "output_limit", "ptys", NULL };
  const char *key;
  json_t *v;
  int r;

  if (nsbox_json_object (ctx, value, "ceilings", keys, err) < 0 || nsbox_json_push (ctx, "ceilings") < 0)
    return -1;
  json_object_foreach (value, key, v)
  {
    if (strcmp (key, "memory") == 0)
      r = nsbox_json_size (ctx, v, key, &c->memory_bytes, err);
    else if (strcmp (key, "timeout") == 0)
      r = nsbox_json_seconds (ctx, v, key, &c->timeout_ms, err);
    else if (strcmp (key, "pids") == 0)
      r = nsbox_json_uint (ctx, v, key, 1, 1 << 22, &c->pids, err);
    else if (strcmp (key, "cpus") == 0)
      r = parse_cpus (ctx, v, &c->cpu_millis, err);
    else if (strcmp (key, "cpu_time") == 0)
      r = nsbox_json_uint (ctx, v, key, 1, 31536000, &c->cpu_time_s, err);
    else if (strcmp (key, "tmpfs_size") == 0)
      r = nsbox_json_size (ctx, v, key, &c->tmpfs_size, err);
    else if (strcmp (key, "ptys") == 0)
      r = nsbox_json_uint (ctx, v, key, 1, NSBOX_PTYS_MAX, &c->ptys, err);
    else
      r = nsbox_json_size (ctx, v, key, &c->output_limit, err);
    if (r < 0)
      return -1;
  }
  nsbox_json_pop (ctx);
  return 0;
}

static int
parse_absolute (struct nsbox_json_ctx *ctx, json_t *v, const char *key, char **field, struct nsbox_error **err)
{
  if (nsbox_json_string (ctx, v, key, field, err) < 0)
    return -1;
  if ((*field)[0] != '/')
    return nsbox_json_bad (ctx, key, err, "`%s` must be an absolute path", *field);
  return 0;
}

/* Checked here, so that a bad pool is an error of nsbox.conf, not of a run. */
static int
parse_userns_pool (struct nsbox_json_ctx *ctx, json_t *v, const char *key, char **field, struct nsbox_error **err)
{
  _cleanup_error_ struct nsbox_error *why = NULL;
  struct nsbox_userns_pool pool;

  if (nsbox_json_string (ctx, v, key, field, err) < 0)
    return -1;
  if (nsbox_userns_pool_load (*field, NULL, NULL, &pool, &why) < 0)
    return nsbox_json_bad (ctx, key, err, "%s", why->message);
  return 0;
}

static int
parse_quota (struct nsbox_json_ctx *ctx, json_t *value, struct nsbox_quota_rule *q, struct nsbox_error **err)
{
  static const char *const keys[] = { "user", "group", "concurrent", "per_minute", "cpu_seconds_per_hour", NULL };
  const char *key;
  json_t *v;
  int r = 0;

  if (nsbox_json_object (ctx, value, "quotas", keys, err) < 0)
    return -1;
  json_object_foreach (value, key, v)
  {
    if (r < 0)
      break;
    if (strcmp (key, "user") == 0)
      r = nsbox_json_string (ctx, v, key, &q->user, err);
    else if (strcmp (key, "group") == 0)
      r = nsbox_json_string (ctx, v, key, &q->group, err);
    else if (strcmp (key, "concurrent") == 0)
      r = nsbox_json_uint (ctx, v, key, 0, 65536, &q->concurrent, err);
    else if (strcmp (key, "per_minute") == 0)
      r = nsbox_json_uint (ctx, v, key, 0, 1000000, &q->per_minute, err);
    else
      r = nsbox_json_uint (ctx, v, key, 0, 366ULL * 24 * 3600, &q->cpu_seconds_per_hour, err);
  }
  if (r == 0 && q->user && q->group)
    return nsbox_json_bad (ctx, "quotas", err, "a rule names a user or a group, not both");
  return r;
}

static int
parse_quotas (struct nsbox_json_ctx *ctx, json_t *v, struct nsbox_helper_conf *h, struct nsbox_error **err)
{
  size_t i;
  json_t *rule;

  if (!json_is_array (v) || json_array_size (v) > 4096)
    return nsbox_json_bad (ctx, "quotas", err, "must be an array of at most 4096 rules");
  if ((h->quotas = calloc (json_array_size (v) + 1, sizeof *h->quotas)) == NULL)
    return nsbox_error_oom (err);
  json_array_foreach (v, i, rule)
  {
    h->n_quotas = i + 1;
    if (parse_quota (ctx, rule, &h->quotas[i], err) < 0)
      return -1;
  }
  return 0;
}

static int
parse_helper_key (struct nsbox_json_ctx *ctx, const char *key, json_t *v, struct nsbox_helper_conf *h,
                  struct nsbox_error **err)
{
  if (strcmp (key, "state_root") == 0)
    return parse_absolute (ctx, v, key, &h->state_root, err);
  if (strcmp (key, "audit_log") == 0)
    return parse_absolute (ctx, v, key, &h->audit_log, err);
  if (strcmp (key, "seccomp_profile_dir") == 0)
    return parse_absolute (ctx, v, key, &h->seccomp_profile_dir, err);
  if (strcmp (key, "seccomp_cache_dir") == 0)
    return parse_absolute (ctx, v, key, &h->seccomp_cache_dir, err);
  if (strcmp (key, "syslog") == 0)
    return nsbox_json_bool (ctx, v, key, &h->syslog, err);
  if (strcmp (key, "rootfs") == 0)
    {
      if (nsbox_json_strv (ctx, v, key, &h->rootfs, err) < 0)
        return -1;
      for (char **p = h->rootfs; p && *p; p++)
        if ((*p)[0] != '/')
          return nsbox_json_bad (ctx, key, err, "`%s` must be an absolute path", *p);
      return 0;
    }
  return parse_quotas (ctx, v, h, err);
}

static int
parse_helper (struct nsbox_json_ctx *ctx, json_t *value, struct nsbox_helper_conf *h, struct nsbox_error **err)
{
  static const char *const keys[] = { "state_root", "audit_log", "syslog", "rootfs", "seccomp_profile_dir",
                                      "seccomp_cache_dir", "quotas", NULL };
  const char *key;
  json_t *v;

  if (nsbox_json_object (ctx, value, "helper", keys, err) < 0 || nsbox_json_push (ctx, "helper") < 0)
    return -1;
  json_object_foreach (value, key, v)
  {
    if (parse_helper_key (ctx, key, v, h, err) < 0)
      return -1;
  }
  nsbox_json_pop (ctx);
  return 0;
}

/* {"dir": "/var/cache/nsbox/compile", "size": "1g"}: dir required. */
static int
parse_compile_cache (struct nsbox_json_ctx *ctx, json_t *value, struct nsbox_conf *conf, struct nsbox_error **err)
{
  static const char *const keys[] = { "dir", "size", NULL };
  json_t *dir = json_object_get (value, "dir"), *size = json_object_get (value, "size");

  if (nsbox_json_object (ctx, value, "compile_cache", keys, err) < 0 || nsbox_json_push (ctx, "compile_cache") < 0)
    return -1;
  if (dir == NULL)
    return nsbox_json_bad (ctx, "dir", err, "missing: where to keep the compiled artifacts");
  conf->compile_cache_size = NSBOX_COMPILE_CACHE_DEFAULT_SIZE;
  if (parse_absolute (ctx, dir, "dir", &conf->compile_cache_dir, err) < 0
      || (size && nsbox_json_size (ctx, size, "size", &conf->compile_cache_size, err) < 0))
    return -1;
  nsbox_json_pop (ctx);
  return 0;
}

static int
parse_key (struct nsbox_json_ctx *ctx, const char *key, json_t *v, struct nsbox_conf *conf, struct nsbox_error **err)
{
  if (strcmp (key, "compile_cache") == 0)
    return parse_compile_cache (ctx, v, conf, err);
  if (strcmp (key, "store") == 0)
    return parse_absolute (ctx, v, key, &conf->store, err);
  if (strcmp (key, "results_log") == 0 && json_is_false (v))
    {
      conf->results_log_off = true;
      return 0;
    }
  if (strcmp (key, "results_log") == 0)
    return parse_absolute (ctx, v, key, &conf->results_log, err);
  if (strcmp (key, "policy_dir") == 0)
    return parse_absolute (ctx, v, key, &conf->policy_dir, err);
  if (strcmp (key, "userns_pool") == 0)
    return parse_userns_pool (ctx, v, key, &conf->userns_pool, err);
  if (strcmp (key, "helper") == 0)
    return parse_helper (ctx, v, &conf->helper, err);
  if (strcmp (key, "default_profile") == 0)
    {
      if (nsbox_json_string (ctx, v, key, &conf->default_profile, err) < 0)
        return -1;
      if (strcmp (conf->default_profile, "standard") != 0 && strcmp (conf->default_profile, "strict") != 0)
        return nsbox_json_bad (ctx, key, err, "`%s` is not standard or strict", conf->default_profile);
      return 0;
    }
  return parse_ceilings (ctx, v, &conf->ceilings, err);
}

int
nsbox_conf_parse (const char *text, size_t length, const char *origin, struct nsbox_conf *conf,
                  struct nsbox_error **err)
{
  static const char *const keys[] = { "store",    "default_profile", "results_log", "policy_dir",
                                      "ceilings", "userns_pool",     "helper",      "compile_cache", NULL };
  struct nsbox_json_ctx ctx = { .origin = origin };
  _cleanup_json_ json_t *root = NULL;
  const char *key;
  json_t *v;
  int r = 0;

  nsbox_conf_init (conf);
  if ((conf->path = strdup (origin)) == NULL)
    return nsbox_error_oom (err);
  if (nsbox_json_parse (origin, text, length, &root, err) < 0)
    return -1;
  r = nsbox_json_object (&ctx, root, NULL, keys, err);
  json_object_foreach (root, key, v)
  {
    if (r == 0)
      r = parse_key (&ctx, key, v, conf, err);
  }
  return r;
}

int
nsbox_conf_load (const char *path, bool required, struct nsbox_conf *conf, struct nsbox_error **err)
{
  _cleanup_free_ char *text = NULL;
  size_t length;

  nsbox_conf_init (conf);
  if (!required && access (path, F_OK) < 0 && errno == ENOENT)
    return 0;
  if (nsbox_read_file (path, MAX_CONF_BYTES, &text, &length, err) < 0)
    return nsbox_error_prefix (err, "configuration");
  return nsbox_conf_parse (text, length, path, conf, err);
}

static int
over (const struct nsbox_conf *conf, const char *limit, const char *value, const char *ceiling, const char *key,
      struct nsbox_error **err)
{
  return nsbox_error_msg (err, "%s %s exceeds the ceiling %s (ceilings.%s in %s)", limit, value, ceiling, key,
                          conf->path ? conf->path : "the built-in configuration");
}

static void
fmt_bytes (char *buf, size_t size, uint64_t bytes)
{
  char text[NSBOX_SIZE_STRING_MAX];

  snprintf (buf, size, "%s", bytes == NSBOX_UNLIMITED ? "unlimited" : nsbox_format_size (bytes, text));
}

static void
fmt_number (char *buf, size_t size, uint64_t value, double scale)
{
  if (value == NSBOX_UNLIMITED)
    snprintf (buf, size, "unlimited");
  else
    snprintf (buf, size, "%g", (double) value / scale);
}

/* `value` NSBOX_UNLIMITED is no limit at all: over any finite ceiling. */
static int
check (const struct nsbox_conf *conf, bool wanted, const char *limit, uint64_t value, uint64_t ceiling, double scale,
       const char *key, struct nsbox_error **err)
{
  char v[32], c[32];

  if (!wanted || ceiling == NSBOX_UNLIMITED || value <= ceiling)
    return 0;
  if (scale == 0)
    {
      fmt_bytes (v, sizeof v, value);
      fmt_bytes (c, sizeof c, ceiling);
    }
  else
    {
      fmt_number (v, sizeof v, value, scale);
      fmt_number (c, sizeof c, ceiling, scale);
    }
  return over (conf, limit, v, c, key, err);
}

int
nsbox_conf_check (const struct nsbox_conf *conf, const struct nsbox_sandbox_config *c, unsigned which,
                  struct nsbox_error **err)
{
  const struct nsbox_ceilings *k = &conf->ceilings;
  const struct nsbox_rlimit *cpu = &c->rlimits[NSBOX_RLIMIT_CPU];

  if (check (conf, which & NSBOX_LIMIT_MEMORY, "memory", c->memory_bytes, k->memory_bytes, 0, "memory", err) < 0
      || check (conf, which & NSBOX_LIMIT_TIMEOUT, "timeout", c->timeout_ms ? c->timeout_ms : NSBOX_UNLIMITED,
                k->timeout_ms, 1000, "timeout", err)
             < 0
      || check (conf, which & NSBOX_LIMIT_PIDS, "pids", c->pids, k->pids, 1, "pids", err) < 0
      || check (conf, which & NSBOX_LIMIT_CPUS, "cpus", c->cpu_millis, k->cpu_millis, 1000, "cpus", err) < 0
      || check (conf, which & NSBOX_LIMIT_CPU_TIME, "cpu-time", cpu->set ? cpu->soft : NSBOX_UNLIMITED,
                k->cpu_time_s, 1, "cpu_time", err)
             < 0
      || check (conf, which & NSBOX_LIMIT_TMPFS, "tmpfs-size", c->tmpfs_size, k->tmpfs_size, 0, "tmpfs_size", err)
             < 0
      || check (conf, which & NSBOX_LIMIT_OUTPUT, "output-limit", c->output_limit, k->output_limit, 0,
                "output_limit", err)
             < 0
      || check (conf, which & NSBOX_LIMIT_PTYS, "ptys", c->ptys, k->ptys, 1, "ptys", err) < 0)
    return -1;
  return 0;
}

/* The limits not in `given` lowered to their ceilings: a timeout of 0 and an
 * unset CPU time are none at all, so they take the ceiling too. */
static void
lower_to_ceilings (const struct nsbox_ceilings *k, struct nsbox_sandbox_config *c, unsigned given)
{
  struct nsbox_rlimit *cpu = &c->rlimits[NSBOX_RLIMIT_CPU];

  if (!(given & NSBOX_LIMIT_MEMORY) && c->memory_bytes > k->memory_bytes)
    c->memory_bytes = k->memory_bytes;
  if (!(given & NSBOX_LIMIT_TIMEOUT) && (c->timeout_ms == 0 || c->timeout_ms > k->timeout_ms))
    c->timeout_ms = k->timeout_ms;
  if (!(given & NSBOX_LIMIT_PIDS) && c->pids > k->pids)
    c->pids = k->pids;
  if (!(given & NSBOX_LIMIT_CPUS) && c->cpu_millis > k->cpu_millis)
    c->cpu_millis = k->cpu_millis;
  if (!(given & NSBOX_LIMIT_CPU_TIME) && k->cpu_time_s != NSBOX_UNLIMITED && (!cpu->set || cpu->soft > k->cpu_time_s))
    *cpu = (struct nsbox_rlimit){ .set = true, .soft = k->cpu_time_s, .hard = k->cpu_time_s };
  if (!(given & NSBOX_LIMIT_TMPFS) && c->tmpfs_size > k->tmpfs_size)
    c->tmpfs_size = k->tmpfs_size;
  if (!(given & NSBOX_LIMIT_OUTPUT) && c->output_limit > k->output_limit)
    c->output_limit = k->output_limit;
  if (!(given & NSBOX_LIMIT_PTYS) && c->ptys > k->ptys)
    c->ptys = k->ptys;
}

int
nsbox_conf_enforce (const struct nsbox_conf *conf, struct nsbox_sandbox_config *c, unsigned given,
                    struct nsbox_error **err)
{
  if (!c->restricted)
    return nsbox_conf_check (conf, c, given, err);
  lower_to_ceilings (&conf->ceilings, c, given);
  return nsbox_conf_check (conf, c, NSBOX_LIMIT_ALL, err);
}

int
nsbox_conf_apply_defaults (const struct nsbox_conf *conf, struct nsbox_sandbox_config *c, unsigned given,
                           struct nsbox_error **err)
{
  if (!(given & NSBOX_LIMIT_PTYS) && c->ptys > conf->ceilings.ptys)
    c->ptys = conf->ceilings.ptys;
  if (conf->userns_pool && c->userns_pool == NULL && (c->userns_pool = strdup (conf->userns_pool)) == NULL)
    return nsbox_error_oom (err);
  return 0;
}

const char *
nsbox_conf_results_log (const struct nsbox_conf *conf, bool for_root)
{
  if (conf->results_log_off)
    return NULL;
  if (conf->results_log)
    return conf->results_log;
  return for_root ? NSBOX_DEFAULT_RESULTS_LOG : NULL;
}
