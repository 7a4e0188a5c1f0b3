/* spec.c - the keys of `nsbox exec`: one table, one setter per key, shared by
 * the flags (nsbox_spec_set) and the JSON config (nsbox_spec_load_json). */
#define _GNU_SOURCE
#include "run/spec.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "isolate/rlimits.h"
#include "lang/nsconf.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A config file larger than this is not a sandbox description. */
#define MAX_CONFIG_BYTES (1u << 20)

static int
replace (char **field, const char *value, struct nsbox_error **err)
{
  char *copy = strdup (value);

  if (copy == NULL)
    return nsbox_error_oom (err);
  free (*field);
  *field = copy;
  return 0;
}

/* ---- the root ---------------------------------------------------------- */

static int
set_rootfs (struct nsbox_spec *s, const char *dir, struct nsbox_error **err)
{
  struct nsbox_sandbox_config *c = &s->config;
  char *abs = realpath (dir, NULL);

  if (abs == NULL)
    return nsbox_error_errno (err, errno, "root `%s`", dir);
  for (size_t i = 0; i < c->n_lower_dirs; i++)
    free (c->lower_dirs[i]);
  free (c->lower_dirs);
  c->n_lower_dirs = 0;
  c->lower_dirs = calloc (2, sizeof (char *));
  if (c->lower_dirs == NULL)
    {
      free (abs);
      return nsbox_error_oom (err);
    }
  c->lower_dirs[0] = abs;
  c->n_lower_dirs = 1;
  s->rootfs_set = true;
  return replace (&c->image_name, abs, err);
}

static int
set_image (struct nsbox_spec *s, const char *ref, struct nsbox_error **err)
{
  if (ref[0] == '\0')
    return nsbox_error_msg (err, "an image reference cannot be empty");
  return replace (&s->image, ref, err);
}

static int
set_store (struct nsbox_spec *s, const char *dir, struct nsbox_error **err)
{
  return replace (&s->store, dir, err);
}

/* ---- what runs --------------------------------------------------------- */

static int
set_command (struct nsbox_spec *s, const char *arg, struct nsbox_error **err)
{
  return nsbox_strv_append (&s->command, arg, err);
}

/* Docker's --entrypoint: replaces the image's Entrypoint, and with it its
 * Cmd; "" clears it (the command alone runs). */
static int
set_entrypoint (struct nsbox_spec *s, const char *program, struct nsbox_error **err)
{
  if (replace (&s->entrypoint, program, err) < 0)
    return -1;
  s->entrypoint_set = true;
  return 0;
}

static int
set_env (struct nsbox_spec *s, const char *assignment, struct nsbox_error **err)
{
  return nsbox_env_set (&s->user_env, assignment, err);
}

static int
set_workdir (struct nsbox_spec *s, const char *dir, struct nsbox_error **err)
{
  if (dir[0] != '/')
    return nsbox_error_msg (err, "--workdir `%s` must be an absolute path", dir);
  s->workdir_set = true;
  return replace (&s->config.workdir, dir, err);
}

static int
set_user (struct nsbox_spec *s, const char *user, struct nsbox_error **err)
{
  s->user_set = true;
  return nsbox_parse_user (user, &s->config.uid, &s->config.gid, err);
}

static int
set_hostname (struct nsbox_spec *s, const char *name, struct nsbox_error **err)
{
  if (strlen (name) == 0 || strlen (name) > 64)
    return nsbox_error_msg (err, "--hostname `%s` must be 1 to 64 characters", name);
  return replace (&s->config.hostname, name, err);
}

static int
add_mount (struct nsbox_sandbox_config *c, const char *spec, bool short_form, struct nsbox_error **err)
{
  struct nsbox_bind_mount *grown = realloc (c->mounts, (c->n_mounts + 1) * sizeof *grown);

  if (grown == NULL)
    return nsbox_error_oom (err);
  c->mounts = grown;
  if (nsbox_parse_mount (spec, short_form, &c->mounts[c->n_mounts], err) < 0)
    return -1;
  c->n_mounts++;
  return 0;
}

static int
set_mount (struct nsbox_spec *s, const char *spec, struct nsbox_error **err)
{
  return add_mount (&s->config, spec, false, err);
}

static int
set_volume (struct nsbox_spec *s, const char *spec, struct nsbox_error **err)
{
  return add_mount (&s->config, spec, true, err);
}

static int
set_tmpfs_size (struct nsbox_spec *s, const char *size, struct nsbox_error **err)
{
  return nsbox_parse_size (size, &s->config.tmpfs_size, err);
}

/* ---- switches: value "true" or "false" (nsbox_spec_set) ----------------- */

static int
set_tmpfs_exec (struct nsbox_spec *s, const char *on, struct nsbox_error **err)
{
  s->config.tmpfs_exec = on != NULL;
  return 0;
}

static int
set_no_sys (struct nsbox_spec *s, const char *on, struct nsbox_error **err)
{
  s->config.sys_mode = on ? NSBOX_SYS_NONE : NSBOX_SYS_READ_ONLY;
  return 0;
}

static int
set_no_init (struct nsbox_spec *s, const char *on, struct nsbox_error **err)
{
  s->config.use_init = on == NULL;
  return 0;
}

static int
set_tty (struct nsbox_spec *s, const char *on, struct nsbox_error **err)
{
  s->config.tty = on != NULL;
  return 0;
}

static int
set_interactive (struct nsbox_spec *s, const char *on, struct nsbox_error **err)
{
  s->config.interactive = on != NULL;
  return 0;
}

static int
set_json (struct nsbox_spec *s, const char *on, struct nsbox_error **err)
{
  s->json = on != NULL;
  s->config.output = on ? NSBOX_OUTPUT_CAPTURE : NSBOX_OUTPUT_PASSTHROUGH;
  return 0;
}

/* ---- ending and reporting ---------------------------------------------- */

static int
set_timeout (struct nsbox_spec *s, const char *seconds, struct nsbox_error **err)
{
  return nsbox_parse_seconds (seconds, &s->config.timeout_ms, err);
}

static int
set_kill_after (struct nsbox_spec *s, const char *seconds, struct nsbox_error **err)
{
  return nsbox_parse_seconds (seconds, &s->config.kill_after_ms, err);
}

static int
set_output_limit (struct nsbox_spec *s, const char *size, struct nsbox_error **err)
{
  return nsbox_parse_size (size, &s->config.output_limit, err);
}

static int
set_report (struct nsbox_spec *s, const char *path, struct nsbox_error **err)
{
  return replace (&s->report_path, path, err);
}

static int
set_id (struct nsbox_spec *s, const char *id, struct nsbox_error **err)
{
  return replace (&s->config.id, id, err);
}

static int
set_state_root (struct nsbox_spec *s, const char *dir, struct nsbox_error **err)
{
  return replace (&s->config.state_root, dir, err);
}

/* ---- seccomp -----------------------------------------------------------
 * The profile; where named profiles and the compiled cache live (the CLI
 * sets those two from NSBOX_SECCOMP_PROFILE_DIR and NSBOX_SECCOMP_CACHE_DIR,
 * for a build tree's nsbox). */
static int
set_seccomp (struct nsbox_spec *s, const char *profile, struct nsbox_error **err)
{
  if (profile[0] == '\0')
    return nsbox_error_msg (err, "--seccomp needs a profile name, a path or `unconfined`");
  return replace (&s->config.seccomp_profile, profile, err);
}

/* The shipped language policies: the build tree's for the build tree's nsbox. */
static int
set_lang_policy_dir (struct nsbox_spec *s, const char *dir, struct nsbox_error **err)
{
  return replace (&s->lang_policy_dir, dir, err);
}

static int
set_seccomp_profile_dir (struct nsbox_spec *s, const char *dir, struct nsbox_error **err)
{
  return replace (&s->config.seccomp_profile_dir, dir, err);
}

static int
set_seccomp_cache_dir (struct nsbox_spec *s, const char *dir, struct nsbox_error **err)
{
  return replace (&s->config.seccomp_cache_dir, dir, err);
}

/* ---- resource limits ---------------------------------------------------
 * --memory, --cpus, --pids (cgroups), --cpu-time and --rlimit (setrlimit),
 * --cgroup-parent.  `unlimited` lifts a cgroup limit. */
static bool
is_unlimited (const char *arg)
{
  return strcmp (arg, "unlimited") == 0 || strcmp (arg, "max") == 0;
}

static int
set_memory (struct nsbox_spec *s, const char *arg, struct nsbox_error **err)
{
  uint64_t bytes;

  if (is_unlimited (arg))
    {
      s->config.memory_bytes = NSBOX_UNLIMITED;
      return 0;
    }
  if (nsbox_parse_size (arg, &bytes, err) < 0)
    return nsbox_error_prefix (err, "--memory");
  /* Below a few MiB not even the init and a shell start: an OOM, not a limit. */
  if (bytes < (4ULL << 20))
    return nsbox_error_msg (err, "--memory `%s` is below the minimum of 4m", arg);
  s->config.memory_bytes = bytes;
  return 0;
}

static int
set_cpus (struct nsbox_spec *s, const char *arg, struct nsbox_error **err)
{
  char *end;
  double cpus;

  if (is_unlimited (arg))
    {
      s->config.cpu_millis = NSBOX_UNLIMITED;
      return 0;
    }
  errno = 0;
  cpus = strtod (arg, &end);
  if (errno != 0 || end == arg || *end != '\0' || !isfinite (cpus) || cpus < 0.01 || cpus > 1e6)
    return nsbox_error_msg (err, "--cpus `%s`: expected a number of CPUs from 0.01, e.g. 0.5", arg);
  s->config.cpu_millis = (uint64_t) llround (cpus * 1000.0);
  s->config.cpus_explicit = true;
  return 0;
}

static int
parse_count (const char *option, const char *arg, uint64_t min, uint64_t *value, struct nsbox_error **err)
{
  char *end;
  unsigned long long v;

  errno = 0;
  v = strtoull (arg, &end, 10);
  if (arg[0] < '0' || arg[0] > '9' || errno != 0 || *end != '\0' || v < min || v >= NSBOX_UNLIMITED)
    return nsbox_error_msg (err, "%s `%s`: expected a whole number from %llu", option, arg, (unsigned long long) min);
  *value = v;
  return 0;
}

static int
set_pids (struct nsbox_spec *s, const char *arg, struct nsbox_error **err)
{
  if (is_unlimited (arg))
    {
      s->config.pids = NSBOX_UNLIMITED;
      return 0;
    }
  return parse_count ("--pids", arg, 1, &s->config.pids, err);
}

/* The kernel's pty pool is shared by every sandbox: no `unlimited` here. */
static int
set_ptys (struct nsbox_spec *s, const char *arg, struct nsbox_error **err)
{
  if (parse_count ("--ptys", arg, 1, &s->config.ptys, err) < 0)
    return -1;
  if (s->config.ptys > NSBOX_PTYS_MAX)
    return nsbox_error_msg (err, "--ptys `%s`: a devpts holds at most %llu", arg, (unsigned long long) NSBOX_PTYS_MAX);
  return 0;
}

/* SIGXCPU at N seconds; a process that catches or ignores it gets SIGKILL one
 * second later, at the hard limit. */
static int
set_cpu_time (struct nsbox_spec *s, const char *arg, struct nsbox_error **err)
{
  uint64_t seconds;

  if (parse_count ("--cpu-time", arg, 1, &seconds, err) < 0)
    return -1;
  s->config.rlimits[NSBOX_RLIMIT_CPU] = (struct nsbox_rlimit){ .set = true, .soft = seconds, .hard = seconds + 1 };
  return 0;
}

static int
set_rlimit (struct nsbox_spec *s, const char *arg, struct nsbox_error **err)
{
  enum nsbox_rlimit_kind kind;
  struct nsbox_rlimit limit;

  if (nsbox_rlimit_parse (arg, &kind, &limit, err) < 0)
    return nsbox_error_prefix (err, "--rlimit");
  s->config.rlimits[kind] = limit;
  return 0;
}

static int
set_userns (struct nsbox_spec *s, const char *mode, struct nsbox_error **err)
{
  if (strcmp (mode, "per-sandbox") == 0)
    s->config.userns = NSBOX_USERNS_PER_SANDBOX;
  else if (strcmp (mode, "host") == 0)
    s->config.userns = NSBOX_USERNS_HOST;
  else if (strcmp (mode, "rootless") == 0)
    s->config.userns = NSBOX_USERNS_ROOTLESS;
  else
    return nsbox_error_msg (err, "--userns `%s`: expected per-sandbox, host or rootless", mode);
  return 0;
}

static int
set_no_cgroup (struct nsbox_spec *s, const char *on, struct nsbox_error **err)
{
  s->config.no_cgroup = on != NULL;
  return 0;
}

static int
set_cgroup_parent (struct nsbox_spec *s, const char *path, struct nsbox_error **err)
{
  if (path[0] == '\0')
    return nsbox_error_msg (err, "--cgroup-parent needs a path");
  return replace (&s->config.cgroup_parent, path, err);
}
/* ---- end resource limits ---------------------------------------------- */

/* ---- language runs ----------------------------------------------------- */

static int
set_lang (struct nsbox_spec *s, const char *lang, struct nsbox_error **err)
{
  return replace (&s->lang, lang, err);
}

static int
set_code (struct nsbox_spec *s, const char *path, struct nsbox_error **err)
{
  return replace (&s->code_path, path, err);
}

static int
set_stdin (struct nsbox_spec *s, const char *path, struct nsbox_error **err)
{
  return replace (&s->stdin_path, path, err);
}

static int
set_stdin_each (struct nsbox_spec *s, const char *path, struct nsbox_error **err)
{
  if (path[0] == '\0')
    return nsbox_error_msg (err, "--stdin-each needs a file or a directory");
  return nsbox_strv_append (&s->stdin_each, path, err);
}

static int
set_total_timeout (struct nsbox_spec *s, const char *seconds, struct nsbox_error **err)
{
  return nsbox_parse_seconds (seconds, &s->total_timeout_ms, err);
}

static int
set_profile (struct nsbox_spec *s, const char *profile, struct nsbox_error **err)
{
  if (strcmp (profile, "standard") != 0 && strcmp (profile, "strict") != 0)
    return nsbox_error_msg (err, "--profile `%s` is not standard or strict", profile);
  return replace (&s->profile, profile, err);
}

static int
set_checks (struct nsbox_spec *s, const char *mode, struct nsbox_error **err)
{
  if (strcmp (mode, "off") != 0 && strcmp (mode, "report") != 0 && strcmp (mode, "block") != 0)
    return nsbox_error_msg (err, "--checks `%s` is not off, report or block", mode);
  return replace (&s->checks, mode, err);
}

static int
set_log (struct nsbox_spec *s, const char *path, struct nsbox_error **err)
{
  return replace (&s->log_path, path, err);
}

static int
set_args (struct nsbox_spec *s, const char *arg, struct nsbox_error **err)
{
  return nsbox_strv_append (&s->args, arg, err);
}

static int
set_conf (struct nsbox_spec *s, const char *path, struct nsbox_error **err)
{
  return replace (&s->conf_path, path, err);
}

/* ---- the table ---------------------------------------------------------
 * One row per key: its JSON name, its `nsbox exec` flag (NULL: a positional
 * argument, a global option or an environment variable of the CLI), the
 * short flag, the type, the setter and the nsbox.conf ceiling it is checked
 * against.  nsbox-exec(1) documents each row. */
#define B NSBOX_SPEC_BOOL
#define S NSBOX_SPEC_STRING
#define V NSBOX_SPEC_VALUE
#define L NSBOX_SPEC_LIST
#define SPEC_KEYS(X)                                                            \
  X ("rootfs", "rootfs", 0, S, set_rootfs, 0)                                   \
  X ("image", NULL, 0, S, set_image, 0)                                         \
  X ("store", NULL, 0, S, set_store, 0)                                         \
  X ("argv", NULL, 0, L, set_command, 0)                                        \
  X ("entrypoint", "entrypoint", 0, S, set_entrypoint, 0)                       \
  X ("env", "env", 'e', L, set_env, 0)                                          \
  X ("workdir", "workdir", 'w', S, set_workdir, 0)                              \
  X ("user", "user", 'u', V, set_user, 0)                                       \
  X ("userns", "userns", 0, S, set_userns, 0)                                   \
  X ("hostname", "hostname", 0, S, set_hostname, 0)                             \
  X ("mount", "mount", 0, L, set_mount, 0)                                      \
  X ("volume", "volume", 'v', L, set_volume, 0)                                 \
  X ("tmpfs_size", "tmpfs-size", 0, V, set_tmpfs_size, NSBOX_LIMIT_TMPFS)       \
  X ("tmpfs_exec", "tmpfs-exec", 0, B, set_tmpfs_exec, 0)                       \
  X ("no_sys", "no-sys", 0, B, set_no_sys, 0)                                   \
  X ("no_init", "no-init", 0, B, set_no_init, 0)                                \
  X ("tty", "tty", 't', B, set_tty, 0)                                          \
  X ("interactive", "interactive", 'i', B, set_interactive, 0)                  \
  X ("timeout", "timeout", 0, V, set_timeout, NSBOX_LIMIT_TIMEOUT)              \
  X ("kill_after", "kill-after", 0, V, set_kill_after, 0)                       \
  X ("json", "json", 0, B, set_json, 0)                                         \
  X ("output_limit", "output-limit", 0, V, set_output_limit, NSBOX_LIMIT_OUTPUT) \
  X ("report", "report", 0, S, set_report, 0)                                   \
  X ("id", "id", 0, S, set_id, 0)                                               \
  X ("root", NULL, 0, S, set_state_root, 0)                                     \
  X ("seccomp", "seccomp", 0, S, set_seccomp, 0)                                \
  X ("seccomp_profile_dir", NULL, 0, S, set_seccomp_profile_dir, 0)             \
  X ("seccomp_cache_dir", NULL, 0, S, set_seccomp_cache_dir, 0)                 \
  X ("memory", "memory", 'm', V, set_memory, NSBOX_LIMIT_MEMORY)                \
  X ("cpus", "cpus", 0, V, set_cpus, NSBOX_LIMIT_CPUS)                          \
  X ("pids", "pids", 0, V, set_pids, NSBOX_LIMIT_PIDS)                          \
  X ("ptys", "ptys", 0, V, set_ptys, NSBOX_LIMIT_PTYS)                          \
  X ("cpu_time", "cpu-time", 0, V, set_cpu_time, NSBOX_LIMIT_CPU_TIME)          \
  X ("rlimit", "rlimit", 0, L, set_rlimit, 0)                                   \
  X ("cgroup_parent", "cgroup-parent", 0, S, set_cgroup_parent, 0)              \
  X ("no_cgroup", "no-cgroup", 0, B, set_no_cgroup, 0)                          \
  X ("lang", "lang", 0, S, set_lang, 0)                                         \
  X ("code", "code", 0, S, set_code, 0)                                         \
  X ("stdin", "stdin", 0, S, set_stdin, 0)                                      \
  X ("stdin_each", "stdin-each", 0, L, set_stdin_each, 0)                       \
  X ("total_timeout", "total-timeout", 0, V, set_total_timeout, 0)              \
  X ("profile", "profile", 0, S, set_profile, 0)                                \
  X ("checks", "checks", 0, S, set_checks, 0)                                   \
  X ("log", "log", 0, S, set_log, 0)                                            \
  X ("args", NULL, 0, L, set_args, 0)                                           \
  X ("conf", "conf", 0, S, set_conf, 0)                                         \
  X ("lang_policy_dir", NULL, 0, S, set_lang_policy_dir, 0)

#define PUBLIC_ROW(name, flag, short_flag, type, set, limit) { name, flag, short_flag, type },
#define SETTER_ROW(name, flag, short_flag, type, set, limit) { set, limit },

static const struct nsbox_spec_key keys[] = { SPEC_KEYS (PUBLIC_ROW){ NULL, NULL, 0, 0 } };

static const struct
{
  int (*set) (struct nsbox_spec *s, const char *value, struct nsbox_error **err);
  unsigned limit; /* NSBOX_LIMIT_* */
} setters[] = { SPEC_KEYS (SETTER_ROW) };

#undef B
#undef S
#undef V
#undef L

_Static_assert (sizeof setters / sizeof setters[0] + 1 == sizeof keys / sizeof keys[0], "one setter per key");
_Static_assert (sizeof setters / sizeof setters[0] <= NSBOX_SPEC_MAX_KEYS, "NSBOX_SPEC_MAX_KEYS");

const struct nsbox_spec_key *
nsbox_spec_keys (void)
{
  return keys;
}

static int
find_key (const char *name)
{
  for (size_t i = 0; keys[i].name; i++)
    if (strcmp (keys[i].name, name) == 0)
      return (int) i;
  return -1;
}

/* ---- the spec ---------------------------------------------------------- */

int
nsbox_spec_new (struct nsbox_spec **spec, struct nsbox_error **err)
{
  struct nsbox_spec *s = calloc (1, sizeof *s);

  if (s == NULL)
    return nsbox_error_oom (err);
  nsbox_config_init (&s->config);
  s->code_fd = s->stdin_fd = -1;
  if (s->config.state_root == NULL)
    {
      free (s);
      return nsbox_error_oom (err);
    }
  *spec = s;
  return 0;
}

void
nsbox_spec_free (struct nsbox_spec *s)
{
  if (s == NULL)
    return;
  nsbox_config_release (&s->config);
  free (s->report_path);
  free (s->image);
  free (s->entrypoint);
  free (s->store);
  nsbox_strv_freep (&s->command);
  nsbox_strv_freep (&s->user_env);
  free (s->lang);
  free (s->code_path);
  free (s->stdin_path);
  nsbox_strv_freep (&s->stdin_each);
  free (s->profile);
  free (s->checks);
  free (s->log_path);
  nsbox_strv_freep (&s->args);
  free (s->conf_path);
  free (s->lang_policy_dir);
  free (s);
}

/* A switch's value: NULL or "true" sets it, "false" clears it. */
static int
switch_value (const char *value, const char **on, struct nsbox_error **err)
{
  if (value == NULL || strcmp (value, "true") == 0)
    *on = "true";
  else if (strcmp (value, "false") == 0)
    *on = NULL;
  else
    return nsbox_error_msg (err, "`%s` is not true or false", value);
  return 0;
}

int
nsbox_spec_set (struct nsbox_spec *s, const char *key, const char *value, struct nsbox_error **err)
{
  int i = find_key (key);

  if (i < 0)
    return nsbox_error_msg (err, "unknown key `%s`", key);
  if (keys[i].type == NSBOX_SPEC_BOOL)
    {
      if (switch_value (value, &value, err) < 0)
        return -1;
    }
  else if (value == NULL)
    return nsbox_error_msg (err, "key `%s` needs a value", key);
  if (setters[i].set (s, value, err) < 0)
    return -1;
  s->given[i] = value != NULL;
  if (setters[i].limit && value)
    s->limits_given |= setters[i].limit;
  return 0;
}

int
nsbox_spec_clear (struct nsbox_spec *s, const char *key, struct nsbox_error **err)
{
  int i = find_key (key);
  char ***list = NULL;

  if (i < 0)
    return nsbox_error_msg (err, "unknown key `%s`", key);
  if (strcmp (key, "argv") == 0)
    list = &s->command;
  else if (strcmp (key, "args") == 0)
    list = &s->args;
  else if (strcmp (key, "env") == 0)
    list = &s->user_env;
  else
    return nsbox_error_msg (err, "key `%s` cannot be cleared (only argv, args and env)", key);
  nsbox_strv_freep (list);
  *list = NULL;
  s->given[i] = false;
  return 0;
}

int
nsbox_spec_is_set (const struct nsbox_spec *s, const char *key)
{
  int i = find_key (key);

  return i < 0 ? -1 : s->given[i];
}

/* ---- the JSON config --------------------------------------------------- */

/* One JSON scalar as the flag's text: "64m" stays, 67108864 and 0.5 become
 * "67108864" and "0.5" (%.17g round-trips a double). */
static int
scalar_text (const json_t *v, enum nsbox_spec_type type, char *buf, size_t size, const char **text)
{
  *text = buf;
  if (json_is_string (v))
    *text = json_string_value (v);
  else if (type == NSBOX_SPEC_VALUE && json_is_integer (v))
    snprintf (buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value (v));
  else if (type == NSBOX_SPEC_VALUE && json_is_real (v))
    snprintf (buf, size, "%.17g", json_real_value (v));
  else
    return -1;
  return 0;
}

static int
apply_value (struct nsbox_spec *s, const struct nsbox_spec_key *k, const json_t *v, struct nsbox_error **err)
{
  static const char *const expected[] = {
    [NSBOX_SPEC_BOOL] = "true or false",
    [NSBOX_SPEC_STRING] = "a string",
    [NSBOX_SPEC_VALUE] = "a string or a number",
    [NSBOX_SPEC_LIST] = "an array of strings",
  };
  char buf[64];
  const char *text;
  size_t i;
  json_t *item;

  if (k->type == NSBOX_SPEC_BOOL && json_is_boolean (v))
    return nsbox_spec_set (s, k->name, json_is_true (v) ? "true" : "false", err);
  if (k->type == NSBOX_SPEC_LIST && json_is_array (v))
    {
      json_array_foreach (v, i, item)
        if (!json_is_string (item))
          return nsbox_error_msg (err, "expected %s", expected[k->type]);
      json_array_foreach (v, i, item)
        if (nsbox_spec_set (s, k->name, json_string_value (item), err) < 0)
          return -1;
      return 0;
    }
  if (k->type != NSBOX_SPEC_BOOL && k->type != NSBOX_SPEC_LIST && scalar_text (v, k->type, buf, sizeof buf, &text) == 0)
    return nsbox_spec_set (s, k->name, text, err);
  return nsbox_error_msg (err, "expected %s", expected[k->type]);
}

static int
check_version (const json_t *root, struct nsbox_error **err)
{
  const json_t *v = json_object_get (root, "nsbox");

  if (v == NULL)
    return nsbox_error_msg (err, "key `nsbox`: missing (a sandbox description starts with \"nsbox\": %d)",
                            NSBOX_CONFIG_VERSION);
  if (!json_is_integer (v) || json_integer_value (v) != NSBOX_CONFIG_VERSION)
    return nsbox_error_msg (err, "key `nsbox`: must be %d (the version of the description this nsbox reads)",
                            NSBOX_CONFIG_VERSION);
  return 0;
}

static int
load_json (struct nsbox_spec *s, const char *text, size_t length, const char *origin, struct nsbox_error **err)
{
  json_auto_t *root = NULL;
  json_error_t jerr;
  const char *key;
  json_t *value;

  root = json_loadb (text, length, JSON_REJECT_DUPLICATES, &jerr);
  if (root == NULL)
    return nsbox_error_msg (err, "%s: line %d: %s", origin, jerr.line, jerr.text);
  if (!json_is_object (root))
    return nsbox_error_msg (err, "%s: a sandbox description is a JSON object", origin);
  if (check_version (root, err) < 0)
    return nsbox_error_prefix (err, "%s", origin);
  json_object_foreach (root, key, value)
    {
      int i = find_key (key);

      if (strcmp (key, "nsbox") == 0)
        continue;
      if (i < 0)
        return nsbox_error_msg (err, "%s: key `%s`: unknown key", origin, key);
      if (apply_value (s, &keys[i], value, err) < 0)
        return nsbox_error_prefix (err, "%s: key `%s`", origin, key);
    }
  return 0;
}

int
nsbox_spec_load_json (struct nsbox_spec *s, const char *text, const char *origin, struct nsbox_error **err)
{
  return load_json (s, text, strlen (text), origin ? origin : "config", err);
}

int
nsbox_spec_load_file (struct nsbox_spec *s, const char *path, struct nsbox_error **err)
{
  const bool from_stdin = strcmp (path, "-") == 0;
  const char *name = from_stdin ? "stdin" : path;
  _cleanup_close_ int fd = -1;
  _cleanup_free_ char *text = NULL;
  size_t length;

  /* A FIFO or a device named as the file could block nsbox or never end. */
  if (!from_stdin && (fd = nsbox_open_regular (path, err)) < 0)
    return -1;
  if (nsbox_read_fd (from_stdin ? STDIN_FILENO : fd, name, MAX_CONFIG_BYTES, &text, &length, err) < 0)
    return -1;
  s->stdin_read = s->stdin_read || from_stdin;
  return load_json (s, text, length, name, err);
}

/* ---- the rules between keys ------------------------------------------- */

static int
check_lang (const struct nsbox_spec *s, struct nsbox_error **err)
{
  const struct nsbox_sandbox_config *c = &s->config;
  const bool code_stdin = s->code_path && strcmp (s->code_path, "-") == 0;

  if (s->code_path == NULL && s->code_fd < 0)
    return nsbox_error_msg (err, "--lang needs --code FILE (or --code - to read the code from stdin)");
  if (code_stdin && s->stdin_path == NULL && s->stdin_fd < 0 && c->interactive)
    return nsbox_error_msg (err, "--code - reads stdin: it cannot also be the program's (-i)");
  if (code_stdin && s->stdin_read)
    return nsbox_error_msg (err, "--code - reads stdin: the description came from there (--config -)");
  if (c->tty)
    return nsbox_error_msg (err, "--lang runs have no terminal (-t)");
  if (s->stdin_each && (s->stdin_path || s->stdin_fd >= 0 || c->interactive))
    return nsbox_error_msg (err, "--stdin-each gives each run its stdin: not with --stdin or -i");
  if (s->total_timeout_ms && s->stdin_each == NULL)
    return nsbox_error_msg (err, "--total-timeout bounds the runs of --stdin-each");
  if (s->image || s->command || s->entrypoint_set)
    return nsbox_error_msg (err, "--lang runs take the image and the command from the language's policy "
                                 "(give the program's arguments as `args`)");
  for (size_t i = 0; i < c->n_mounts; i++)
    if (strcmp (c->mounts[i].destination, "/out") == 0 || strncmp (c->mounts[i].destination, "/out/", 5) == 0)
      return nsbox_error_msg (err, "--lang runs keep /out for the compiled program: mount `%s` elsewhere",
                              c->mounts[i].source);
  return 0;
}

int
nsbox_spec_check (const struct nsbox_spec *s, struct nsbox_error **err)
{
  if (s->lang)
    return check_lang (s, err);
  if (s->code_path || s->code_fd >= 0 || s->stdin_path || s->stdin_fd >= 0 || s->stdin_each || s->total_timeout_ms
      || s->profile || s->checks || s->args)
    return nsbox_error_msg (err, "--code, --stdin, --stdin-each, --total-timeout, --profile, --checks and args "
                                 "need --lang");
  if (s->image && s->rootfs_set)
    return nsbox_error_msg (err, "an image or --rootfs, not both");
  if (s->image == NULL && !s->rootfs_set)
    return nsbox_error_msg (err, "no image or --rootfs given (nsbox exec [OPTIONS] IMAGE [COMMAND [ARG...]])");
  if (s->rootfs_set && (s->command == NULL || s->command[0] == NULL)
      && (s->entrypoint == NULL || s->entrypoint[0] == '\0'))
    return nsbox_error_msg (err, "no command given (nsbox exec [OPTIONS] --rootfs DIR -- COMMAND [ARG...])");
  return 0;
}

/* The workload's environment is rebuilt from nothing: defaults, then the image's, then -e. */
int
nsbox_spec_build_environment (const struct nsbox_spec *s, struct nsbox_sandbox_config *c, char *const *image_env,
                              struct nsbox_error **err)
{
  if (nsbox_env_set (&c->env, "PATH=" NSBOX_DEFAULT_PATH, err) < 0 || nsbox_env_set (&c->env, "HOME=/tmp", err) < 0)
    return -1;
  if (c->tty && nsbox_env_set (&c->env, "TERM=xterm", err) < 0)
    return -1;
  for (char *const *p = image_env; p && *p; p++)
    if (nsbox_env_set (&c->env, *p, err) < 0)
      return -1;
  for (char **p = s->user_env; p && *p; p++)
    if (nsbox_env_set (&c->env, *p, err) < 0)
      return -1;
  return 0;
}
