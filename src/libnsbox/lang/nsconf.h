/* nsconf.h - nsbox.conf: site-wide settings and the ceilings no caller can exceed.
 *
 * JSON, at $(sysconfdir)/nsbox/nsbox.conf (--config FILE / NSBOX_CONFIG for
 * another).  A missing default file means the built-in values below; unknown
 * keys and bad values are errors naming the file and the key (nsbox.conf(5)). */
#ifndef NSBOX_NSCONF_H
#define NSBOX_NSCONF_H

#include <stdbool.h>
#include <stdint.h>

#include "sandbox/config.h"
#include "base/error.h"

/* Built-in ceilings when nsbox.conf sets none. */
#define NSBOX_CEILING_MEMORY (4ULL << 30)
#define NSBOX_CEILING_TIMEOUT_MS (600ULL * 1000)
#define NSBOX_CEILING_PIDS 1024
#define NSBOX_CEILING_CPU_TIME_S 600
#define NSBOX_CEILING_TMPFS (1ULL << 30)
#define NSBOX_CEILING_OUTPUT (16ULL << 20)
#define NSBOX_CEILING_PTYS 256
/* The kernel's own bound on one devpts instance (NR_UNIX98_PTY_MAX). */
#define NSBOX_PTYS_MAX (1ULL << 20)

/* Which limits a caller set explicitly (a bit mask for nsbox_conf_check). */
enum
{
  NSBOX_LIMIT_MEMORY = 1 << 0,
  NSBOX_LIMIT_TIMEOUT = 1 << 1,
  NSBOX_LIMIT_PIDS = 1 << 2,
  NSBOX_LIMIT_CPUS = 1 << 3,
  NSBOX_LIMIT_CPU_TIME = 1 << 4,
  NSBOX_LIMIT_TMPFS = 1 << 5,
  NSBOX_LIMIT_OUTPUT = 1 << 6,
  NSBOX_LIMIT_PTYS = 1 << 7,
  NSBOX_LIMIT_ALL = (1 << 8) - 1,
};

struct nsbox_ceilings
{
  uint64_t memory_bytes;
  uint64_t timeout_ms;
  uint64_t pids;
  uint64_t cpu_millis; /* NSBOX_UNLIMITED = no ceiling */
  uint64_t cpu_time_s;
  uint64_t tmpfs_size;
  uint64_t output_limit;
  uint64_t ptys;
};

/* One quota rule of the setuid helper: the first rule whose user or group
 * matches the caller applies (neither: everyone).  0 = not limited. */
struct nsbox_quota_rule
{
  char *user;  /* a name or a uid, or NULL */
  char *group; /* a name or a gid (the caller is a member), or NULL */
  uint64_t concurrent;           /* sandboxes at once */
  uint64_t per_minute;           /* sandboxes started in any 60 s */
  uint64_t cpu_seconds_per_hour; /* CPU time of the sandboxes that ended in the last hour */
};

/* Built-in quota when no rule matches. */
#define NSBOX_QUOTA_CONCURRENT 4
#define NSBOX_QUOTA_PER_MINUTE 60
#define NSBOX_QUOTA_CPU_SECONDS_PER_HOUR 3600

/* Where root's runs are logged unless results_log says otherwise. */
#define NSBOX_DEFAULT_RESULTS_LOG NSBOX_LOCALSTATEDIR "/log/nsbox/results.jsonl"

/* Where the setuid helper's audit log is unless helper.audit_log says. */
#define NSBOX_DEFAULT_AUDIT_LOG NSBOX_LOCALSTATEDIR "/log/nsbox/audit.jsonl"

/* The setuid helper's settings (the "helper" object; nsbox-suid(8)). */
struct nsbox_helper_conf
{
  char *state_root;          /* NULL = NSBOX_DEFAULT_STATE_ROOT */
  char *audit_log;           /* NULL = NSBOX_DEFAULT_AUDIT_LOG */
  bool syslog;               /* each audit record to syslog as well */
  char **rootfs;             /* --rootfs directories callers may name */
  char *seccomp_profile_dir; /* NULL = $(pkgdatadir)/seccomp */
  char *seccomp_cache_dir;   /* NULL = the built-in cache */
  struct nsbox_quota_rule *quotas;
  size_t n_quotas;
};

struct nsbox_conf
{
  char *path;            /* the file read, or NULL when the built-in values apply */
  char *store;           /* image store directory, NULL = the store's default */
  char *default_profile; /* "standard" or "strict" */
  char *results_log;     /* append one JSON line per run here, NULL = the default (nsbox_conf_results_log) */
  bool results_log_off;  /* "results_log": false */
  char *policy_dir;      /* language policies looked up here first, NULL = the default search path */
  char *userns_pool;     /* "START:COUNT" of host ids for sandboxes, NULL = /etc/subuid's (isolate/userns.h) */
  struct nsbox_ceilings ceilings;
  struct nsbox_helper_conf helper;
  /* Compiled artifacts kept across language runs (lang/compile-cache.h);
   * NULL = none.  Only root's runs on an image use it. */
  char *compile_cache_dir;
  uint64_t compile_cache_size;
};

#define NSBOX_COMPILE_CACHE_DEFAULT_SIZE (1ull << 30)

/* The built-in values. */
void nsbox_conf_init (struct nsbox_conf *conf);

/* Read `path`; when `required` is false a missing file leaves the built-in values. */
int nsbox_conf_load (const char *path, bool required, struct nsbox_conf *conf, struct nsbox_error **err);

/* Parse JSON text (origin names it in errors) over the built-in values. */
int nsbox_conf_parse (const char *text, size_t length, const char *origin, struct nsbox_conf *conf,
                      struct nsbox_error **err);

/* Refuse a sandbox whose limits in `which` (NSBOX_LIMIT_* bits) exceed a
 * ceiling, naming the limit, the value and the ceiling with its key.  A limit
 * in `which` that is unlimited (or a timeout of 0) exceeds any finite ceiling;
 * limits outside `which` are not looked at. */
int nsbox_conf_check (const struct nsbox_conf *conf, const struct nsbox_sandbox_config *config, unsigned which,
                      struct nsbox_error **err);

/* nsbox_conf_check() of the limits in `given`; for a restricted config (the
 * setuid helper's, config.h) every other limit is first lowered to its
 * ceiling and then all are checked: such a sandbox never runs unbounded. */
int nsbox_conf_enforce (const struct nsbox_conf *conf, struct nsbox_sandbox_config *c, unsigned given,
                        struct nsbox_error **err);

/* The site's settings a caller did not give: the defaults of limits not in
 * `given` lowered to a ceiling they exceed (the pty bound: a site may allow
 * fewer than the built-in default), and the user namespace pool. */
int nsbox_conf_apply_defaults (const struct nsbox_conf *conf, struct nsbox_sandbox_config *config, unsigned given,
                               struct nsbox_error **err);

/* $(sysconfdir)/nsbox/nsbox.conf */
const char *nsbox_conf_default_path (void);

void nsbox_conf_release (struct nsbox_conf *conf);

/* The results log every run is recorded in: results_log, none when it is
 * false, else NSBOX_DEFAULT_RESULTS_LOG for root (for_root) and none for
 * everyone else (a user's runs are theirs to log with --log). */
const char *nsbox_conf_results_log (const struct nsbox_conf *conf, bool for_root);

#endif
