#define _GNU_SOURCE
#include "lang/lang.h"
#include "base/clock.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/sha256.h"
#include "base/strv.h"
#include "sandbox/ids.h"
#include "sandbox/sandbox.h"
#include "sandbox/state.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mount.h>
#include <sys/stat.h>

void
nsbox_lang_request_init (struct nsbox_lang_request *r)
{
  memset (r, 0, sizeof *r);
  r->checks = NSBOX_CHECKS_BLOCK;
  r->memory_bytes = NSBOX_UNLIMITED;
  r->pids = NSBOX_UNLIMITED;
}

static uint64_t
min_u64 (uint64_t a, uint64_t b)
{
  return a < b ? a : b;
}

/* A policy's limit, halved by strict for the run step, clamped to the ceiling;
 * a limit the caller gave is kept as given (nsbox_conf_check refuses it if
 * it is too high). */
static uint64_t
pick (bool given, uint64_t value, uint64_t not_set, uint64_t from_policy, bool halve, uint64_t ceiling)
{
  if (given)
    return value;
  if (from_policy == not_set)
    return ceiling;
  if (halve)
    from_policy = from_policy / 2 ? from_policy / 2 : 1;
  return min_u64 (from_policy, ceiling);
}

static void
strv_clear (char ***v)
{
  nsbox_strv_freep (v);
  *v = NULL;
}

static int
build_env (char ***env, const struct nsbox_lang_request *r, const struct nsbox_lang_step *step,
           struct nsbox_error **err)
{
  char **const lists[] = { r->base_env, r->policy->env, step->env, r->user_env };

  strv_clear (env);
  for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
    for (char **p = lists[i]; p && *p; p++)
      if (nsbox_env_set (env, *p, err) < 0)
        return -1;
  return 0;
}

static int
build_argv (char ***argv, const struct nsbox_lang_step *step, char **args, struct nsbox_error **err)
{
  strv_clear (argv);
  for (char **p = step->argv; *p; p++)
    if (nsbox_strv_append (argv, *p, err) < 0)
      return -1;
  for (char **p = args; p && *p; p++)
    if (nsbox_strv_append (argv, *p, err) < 0)
      return -1;
  return 0;
}

static void
files_free (struct nsbox_sandbox_config *c)
{
  for (size_t i = 0; i < c->n_files; i++)
    {
      free (c->files[i].destination);
      free (c->files[i].content);
    }
  free (c->files);
  c->files = NULL;
  c->n_files = 0;
}

static int
add_file (struct nsbox_sandbox_config *c, const char *dest, const char *content, size_t length, mode_t mode,
          struct nsbox_error **err)
{
  struct nsbox_file *grown = realloc (c->files, (c->n_files + 1) * sizeof *grown);
  struct nsbox_file *f;

  if (grown == NULL)
    return nsbox_error_oom (err);
  c->files = grown;
  f = &grown[c->n_files];
  f->destination = strdup (dest);
  f->content = malloc (length + 1);
  f->length = length;
  f->mode = mode;
  if (f->destination == NULL || f->content == NULL)
    {
      free (f->destination);
      free (f->content);
      return nsbox_error_oom (err);
    }
  memcpy (f->content, content, length);
  f->content[length] = '\0';
  c->n_files++;
  return 0;
}

static int
build_files (struct nsbox_sandbox_config *c, const struct nsbox_lang_request *r, struct nsbox_error **err)
{
  const struct nsbox_lang_policy *p = r->policy;

  files_free (c);
  if (add_file (c, p->file, r->code, r->code_length, 0444, err) < 0)
    return -1;
  for (size_t i = 0; p->support_paths && p->support_paths[i]; i++)
    if (add_file (c, p->support_paths[i], p->support_contents[i], strlen (p->support_contents[i]), 0444, err) < 0)
      return -1;
  return 0;
}

/* Drop the previous step's /out bind, found by its mount point: whatever
 * the caller added to the list since may come after it. */
static void
drop_out_mount (struct nsbox_sandbox_config *c)
{
  for (size_t i = 0; i < c->n_mounts; i++)
    if (strcmp (c->mounts[i].destination, NSBOX_LANG_OUT_DIR) == 0)
      {
        free (c->mounts[i].source);
        free (c->mounts[i].destination);
        memmove (&c->mounts[i], &c->mounts[i + 1], (c->n_mounts - i - 1) * sizeof *c->mounts);
        c->n_mounts--;
        return;
      }
}

static int
add_out_mount (struct nsbox_sandbox_config *c, const char *out_dir, bool read_only, struct nsbox_error **err)
{
  struct nsbox_bind_mount *grown = realloc (c->mounts, (c->n_mounts + 1) * sizeof *grown);

  if (grown == NULL)
    return nsbox_error_oom (err);
  c->mounts = grown;
  grown[c->n_mounts] = (struct nsbox_bind_mount){ .source = strdup (out_dir),
                                                  .destination = strdup (NSBOX_LANG_OUT_DIR),
                                                  .read_only = read_only,
                                                  .source_fd = -1,
                                                  .from_nsbox = true };
  if (grown[c->n_mounts].source == NULL || grown[c->n_mounts].destination == NULL)
    {
      free (grown[c->n_mounts].source);
      free (grown[c->n_mounts].destination);
      return nsbox_error_oom (err);
    }
  c->n_mounts++;
  return 0;
}

static int
replace_string (char **field, const char *value, struct nsbox_error **err)
{
  char *copy = NULL;

  if (value && (copy = strdup (value)) == NULL)
    return nsbox_error_oom (err);
  free (*field);
  *field = copy;
  return 0;
}

int
nsbox_lang_configure_step (struct nsbox_sandbox_config *c, const struct nsbox_lang_request *r, bool compile,
                           const char *out_dir, struct nsbox_error **err)
{
  const struct nsbox_lang_policy *p = r->policy;
  const struct nsbox_lang_step *step = compile ? &p->compile : &p->run;
  const struct nsbox_ceilings *k = &r->conf->ceilings;
  bool halve = r->strict && !compile;
  /* The caller's limits are the program's: the compile step keeps the policy's. */
  const unsigned given = compile ? 0 : r->given;

  if (build_argv (&c->argv, step, compile ? NULL : r->args, err) < 0 || build_env (&c->env, r, step, err) < 0
      || build_files (c, r, err) < 0 || replace_string (&c->workdir, r->workdir ? r->workdir : p->workdir ? p->workdir : "/tmp", err) < 0)
    return -1;
  c->memory_bytes = pick (given & NSBOX_LIMIT_MEMORY, r->memory_bytes, NSBOX_UNLIMITED, step->memory_bytes, halve,
                          k->memory_bytes);
  c->timeout_ms = pick (given & NSBOX_LIMIT_TIMEOUT, r->timeout_ms, 0, step->timeout_ms, halve, k->timeout_ms);
  c->pids = pick (given & NSBOX_LIMIT_PIDS, r->pids, NSBOX_UNLIMITED, step->pids, false, k->pids);
  if (given & NSBOX_LIMIT_TMPFS)
    c->tmpfs_size = r->tmpfs_size;
  else if (step->tmpfs_size)
    c->tmpfs_size = min_u64 (step->tmpfs_size, k->tmpfs_size);
  else
    c->tmpfs_size = min_u64 (c->tmpfs_size, k->tmpfs_size);
  c->tmpfs_exec = r->tmpfs_exec || step->tmpfs_exec;
  if (replace_string (&c->seccomp_profile,
                      r->seccomp_profile ? r->seccomp_profile : r->strict ? p->seccomp_strict : p->seccomp_standard,
                      err)
      < 0)
    return -1;
  drop_out_mount (c);
  if (out_dir && add_out_mount (c, out_dir, !compile, err) < 0)
    return -1;
  if (replace_string (&c->warm_cache_from, step->warm_cache_from, err) < 0
      || replace_string (&c->warm_cache_at, step->warm_cache_at, err) < 0)
    return -1;
  /* What came from the policy is within the ceilings by now; the caller's own
   * limits (the run step's, and --cpus, --cpu-time, --output-limit, which both
   * steps carry) are checked. */
  return nsbox_conf_enforce (r->conf, c, r->given, err);
}

/* The artifact directory: a tmpfs owned by the sandbox user (the host ids
 * of the block both steps share), so the compile
 * step can fill it only up to the policy's artifact_size.  It lives below the
 * state root under this nsbox's name (state.h): if nsbox is killed before it
 * unmounts it, `nsbox gc` does.  Rootless, nsbox may mount nothing on the
 * host: a plain directory of the caller's, which is the workload's host uid
 * there, bounded only by the file system of the runtime directory. */
static int
artifact_create (const struct nsbox_lang_request *r, const struct nsbox_sandbox_config *c, char **dir,
                 struct nsbox_error **err)
{
  _cleanup_free_ char *path = NULL;
  _cleanup_free_ char *opts = NULL;

  if (asprintf (&opts, "size=%" PRIu64 ",mode=0700,uid=%u,gid=%u", r->policy->artifact_size,
                (unsigned) nsbox_sandbox_host_uid (c), (unsigned) nsbox_sandbox_host_gid (c))
      < 0)
    return nsbox_error_oom (err);
  if (nsbox_state_artifact_create (c->state_root, &path, err) < 0)
    return -1;
  if (c->userns == NSBOX_USERNS_ROOTLESS)
    {
      *dir = steal_pointer (&path);
      return 0;
    }
  if (mount ("nsbox-out", path, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0)
    {
      int e = errno;
      rmdir (path);
      return nsbox_error_errno (err, e, "mount the artifact tmpfs on `%s`", path);
    }
  /* Keep it out of any peer group /tmp may be in: the mount is ours alone. */
  if (mount (NULL, path, NULL, MS_PRIVATE, NULL) < 0)
    {
      int e = errno;
      umount2 (path, MNT_DETACH);
      rmdir (path);
      return nsbox_error_errno (err, e, "make the artifact tmpfs `%s` private", path);
    }
  *dir = steal_pointer (&path);
  return 0;
}

static void
artifact_remove (char *dir)
{
  if (dir == NULL)
    return;
  /* Not a mount point (rootless): what the compile step left goes with it. */
  if (umount2 (dir, MNT_DETACH) < 0)
    nsbox_remove_tree_at (AT_FDCWD, dir, NULL);
  rmdir (dir);
  free (dir);
}

static void
summarise_compile (struct nsbox_step_result *s, const struct nsbox_result *c)
{
  s->ran = true;
  s->status = c->status;
  s->exited = c->exited;
  s->exit_code = c->exit_code;
  s->signal = c->signal;
  s->wall_time_s = c->wall_time_s;
  s->memory_peak_bytes = c->memory_peak_bytes;
}

/* The compiler's stdout then its stderr (tsc reports on stdout, gcc on stderr). */
static int
compile_output (struct nsbox_result *result, const struct nsbox_result *c, struct nsbox_error **err)
{
  size_t len = c->out.length + c->err.length;
  char *all = malloc (len + 1);

  if (all == NULL)
    return nsbox_error_oom (err);
  if (c->out.length)
    memcpy (all, c->out.data, c->out.length);
  if (c->err.length)
    memcpy (all + c->out.length, c->err.data, c->err.length);
  all[len] = '\0';
  free (result->err.data);
  result->err = (struct nsbox_output){ .data = all, .length = len, .truncated = c->out.truncated || c->err.truncated };
  return 0;
}

static int
run_checks (const struct nsbox_lang_request *r, struct nsbox_lang_result *result, struct nsbox_error **err)
{
  struct nsbox_checks_found found;

  if (r->checks == NSBOX_CHECKS_OFF)
    return 0;
  if (nsbox_checks_scan (r->policy, r->code, r->code_length, &found, err) < 0)
    return -1;
  result->violations = steal_pointer (&found.violations);
  result->n_violations = found.n;
  result->syntax_error = steal_pointer (&found.syntax_error);
  result->syntax_error_line = found.syntax_error_line;
  result->risk_score = nsbox_checks_risk_score (result->violations, result->n_violations);
  /* Blocking comes first: a finding is the answer to hostile code whether
   * or not it also parses. */
  if (nsbox_checks_block (r->checks, nsbox_checks_threshold (r->strict), result->violations, result->n_violations))
    result->core.status = NSBOX_STATUS_BLOCKED;
  else if (result->syntax_error)
    result->core.status = NSBOX_STATUS_SYNTAX_ERROR;
  return 0;
}

/* The run ends as an nsbox error: the sandbox's report and the limits it ran
 * with are replaced by the error; what the checks and the compile step found
 * stays. */
static int
fail (struct nsbox_lang_result *result, struct nsbox_error **err)
{
  struct nsbox_result *core = &result->core;

  nsbox_result_release (core);
  result->limit_memory_bytes = result->limit_pids = UINT64_MAX;
  result->limit_timeout_ms = 0;
  core->status = NSBOX_STATUS_ERROR;
  if (*err)
    {
      core->error = calloc (1, sizeof *core->error);
      if (core->error)
        {
          core->error->errno_value = (*err)->errno_value;
          core->error->message = strdup ((*err)->message ? (*err)->message : "");
          core->error->stage = (*err)->stage ? strdup ((*err)->stage) : NULL;
        }
    }
  return -1;
}

static int
compile_step (struct nsbox_sandbox_config *c, struct nsbox_lang_result *result, bool *ok, struct nsbox_error **err)
{
  const enum nsbox_output_mode output = c->output;
  const int stdin_fd = c->stdin_fd;
  const bool interactive = c->interactive, tty = c->tty;
  struct nsbox_result compiled;
  int rc;

  nsbox_result_init (&compiled);
  c->output = NSBOX_OUTPUT_CAPTURE;
  c->stdin_fd = -1;
  c->interactive = c->tty = false;
  rc = nsbox_sandbox_run (c, &compiled, err);
  c->output = output;
  c->stdin_fd = stdin_fd;
  c->interactive = interactive;
  c->tty = tty;
  if (rc < 0)
    {
      nsbox_result_release (&compiled);
      return nsbox_error_prefix (err, "compile step");
    }
  summarise_compile (&result->compile, &compiled);
  result->core.wall_time_s = compiled.wall_time_s;
  result->core.interrupted_by = compiled.interrupted_by;
  *ok = compiled.status == NSBOX_STATUS_EXITED && compiled.exited && compiled.exit_code == 0
        && compiled.interrupted_by == 0;
  if (!*ok && compiled.interrupted_by == 0)
    {
      result->core.status = NSBOX_STATUS_COMPILE_ERROR;
      rc = compile_output (&result->core, &compiled, err);
    }
  else if (!*ok)
    result->core.status = compiled.status;
  nsbox_result_release (&compiled);
  return rc;
}

/* Outside the sandboxes, a stop signal stays pending: seen here, between
 * the steps, it ends the run. */
static bool
interrupted (struct nsbox_result *result)
{
  int sig = result->interrupted_by ? result->interrupted_by : nsbox_sandbox_take_stop_signal ();

  if (sig == 0)
    return false;
  result->interrupted_by = sig;
  result->status = NSBOX_STATUS_INTERRUPTED;
  return true;
}

/* The compile step writes the artifact as the user the run step reads it
 * as: both run with the same block of host ids. */
static int
reserve_ids (struct nsbox_sandbox_config *c, struct nsbox_error **err)
{
  _cleanup_free_ char *holder = NULL;

  if (asprintf (&holder, "lang-%d", (int) getpid ()) < 0)
    return nsbox_error_oom (err);
  return nsbox_sandbox_reserve_ids (c, holder, err);
}

static int
inputs_init (struct nsbox_lang_result *result, char *const *names, struct nsbox_error **err)
{
  size_t n = 0;

  while (names[n])
    n++;
  if ((result->inputs = calloc (n ? n : 1, sizeof *result->inputs)) == NULL)
    return nsbox_error_oom (err);
  result->n_inputs = n;
  for (size_t i = 0; i < n; i++)
    {
      nsbox_result_init (&result->inputs[i].result);
      if ((result->inputs[i].name = strdup (names[i])) == NULL)
        return nsbox_error_oom (err);
    }
  return 0;
}

/* One run with the file as its stdin (a FIFO or a device could never end),
 * opened here or already open (given >= 0). */
static int
run_input (struct nsbox_sandbox_config *c, struct nsbox_lang_input *in, int given, struct nsbox_error **err)
{
  int fd = given >= 0 ? fcntl (given, F_DUPFD_CLOEXEC, 3) : nsbox_open_regular (in->name, err);
  int rc;

  if (fd < 0 && given >= 0)
    return nsbox_error_errno (err, errno, "--stdin-each `%s`", in->name);
  if (fd < 0)
    return nsbox_error_prefix (err, "--stdin-each");
  c->stdin_fd = fd;
  rc = nsbox_sandbox_run (c, &in->result, err);
  c->stdin_fd = -1;
  close (fd);
  in->ran = true;
  return rc;
}

static bool
passed (const struct nsbox_result *r)
{
  return r->status == NSBOX_STATUS_EXITED && r->exited && r->exit_code == 0;
}

/* The report's core, and so nsbox's exit status: the first input whose
 * program did not exit 0, else the last one run. */
static void
take_verdict (struct nsbox_lang_result *result)
{
  struct nsbox_lang_input *verdict = NULL;

  for (size_t i = 0; i < result->n_inputs && result->inputs[i].ran; i++)
    {
      verdict = &result->inputs[i];
      if (!passed (&verdict->result))
        break;
    }
  if (verdict == NULL)
    return;
  nsbox_result_release (&result->core);
  result->core = verdict->result;
  nsbox_result_init (&verdict->result);
  verdict->is_core = true;
}

/* Compile once, run many: each input in a fresh run sandbox with the run
 * step's limits, its wall-clock limit cut to what the total leaves. */
static int
run_each_input (struct nsbox_sandbox_config *c, const struct nsbox_lang_request *r, struct nsbox_lang_result *result,
                struct nsbox_error **err)
{
  const uint64_t per_run_ms = c->timeout_ms, start = nsbox_monotonic_ms ();
  int rc = 0;

  result->limit_total_timeout_ms = r->total_timeout_ms;
  if (inputs_init (result, r->inputs, err) < 0)
    return -1;
  for (size_t i = 0; i < result->n_inputs && rc == 0; i++)
    {
      const uint64_t used = nsbox_monotonic_ms () - start;
      const uint64_t left = r->total_timeout_ms > used ? r->total_timeout_ms - used : 0;

      if ((r->total_timeout_ms && left == 0) || interrupted (&result->core))
        break;
      c->timeout_ms = r->total_timeout_ms && (per_run_ms == 0 || left < per_run_ms) ? left : per_run_ms;
      rc = run_input (c, &result->inputs[i], r->input_fds ? r->input_fds[i] : -1, err);
      if (result->inputs[i].result.interrupted_by)
        break;
    }
  c->timeout_ms = per_run_ms;
  if (rc == 0 && result->core.status != NSBOX_STATUS_INTERRUPTED)
    take_verdict (result);
  return rc;
}

/* A hit fills the artifact as the compile step would have, owned by the
 * same host ids, and no compile sandbox starts. */
static int
compile_from_cache (const struct nsbox_sandbox_config *c, const struct nsbox_lang_request *r, const char *out_dir,
                    const char *key, struct nsbox_lang_result *result, bool *hit, struct nsbox_error **err)
{
  const uint64_t start = nsbox_monotonic_ms ();
  int got;

  *hit = false;
  if (r->cache == NULL)
    return 0;
  got = nsbox_compile_cache_get (r->cache, key, out_dir, nsbox_sandbox_host_uid (c), nsbox_sandbox_host_gid (c), err);
  if (got <= 0)
    return got;
  *hit = true;
  result->compile = (struct nsbox_step_result){ .ran = true, .status = NSBOX_STATUS_EXITED, .exited = true,
                                                .wall_time_s = (double) (nsbox_monotonic_ms () - start) / 1000,
                                                .memory_peak_bytes = -1, .cached = true };
  return 0;
}

/* A failure to keep the artifact costs the next run a compile, not this one
 * its result: it becomes a warning of the report. */
static void
keep_in_cache (const struct nsbox_lang_request *r, const char *key, const char *out_dir, char ***warnings)
{
  _cleanup_error_ struct nsbox_error *why = NULL;

  if (r->cache && nsbox_compile_cache_put (r->cache, key, out_dir, r->policy->artifact_size, &why) < 0)
    nsbox_strv_appendf (warnings, NULL, "the artifact was not kept: %s", why->message);
}

static int
run_steps (struct nsbox_sandbox_config *c, const struct nsbox_lang_request *r, struct nsbox_lang_result *result,
           struct nsbox_error **err)
{
  const struct nsbox_lang_policy *p = r->policy;
  _cleanup_strv_ char **warnings = NULL;
  char key[NSBOX_SHA256_HEX_SIZE];
  char *out_dir = NULL;
  bool ok = true;
  int rc;

  /* Both configurations are checked against the ceilings before anything runs. */
  if ((p->has_compile && nsbox_lang_configure_step (c, r, true, "/", err) < 0)
      || nsbox_lang_configure_step (c, r, false, p->has_compile ? "/" : NULL, err) < 0)
    return -1;
  if (p->has_compile)
    {
      bool hit = false;

      if (reserve_ids (c, err) < 0)
        return -1;
      if (artifact_create (r, c, &out_dir, err) < 0 || nsbox_lang_configure_step (c, r, true, out_dir, err) < 0)
        {
          artifact_remove (out_dir);
          return -1;
        }
      nsbox_compile_cache_key (c, key);
      if (compile_from_cache (c, r, out_dir, key, result, &hit, err) < 0 || (!hit && compile_step (c, result, &ok, err) < 0))
        {
          artifact_remove (out_dir);
          return -1;
        }
      if (!hit && ok)
        keep_in_cache (r, key, out_dir, &warnings);
      if (!ok || interrupted (&result->core))
        {
          artifact_remove (out_dir);
          return 0;
        }
      if (nsbox_lang_configure_step (c, r, false, out_dir, err) < 0)
        {
          artifact_remove (out_dir);
          return -1;
        }
    }
  else if (interrupted (&result->core))
    return 0;
  rc = r->inputs ? run_each_input (c, r, result, err) : nsbox_sandbox_run (c, &result->core, err);
  for (char **w = warnings; rc == 0 && w && *w; w++)
    nsbox_strv_append (&result->core.warnings, *w, NULL);
  result->limit_memory_bytes = c->memory_bytes;
  result->limit_timeout_ms = c->timeout_ms;
  result->limit_pids = c->pids;
  artifact_remove (out_dir);
  return rc;
}

/* What the results log records of the code: the same bytes every step got. */
static void
hash_code (const struct nsbox_lang_request *r, char hex[NSBOX_SHA256_HEX_SIZE])
{
  uint8_t digest[NSBOX_SHA256_DIGEST_SIZE];

  nsbox_sha256 (r->code, r->code_length, digest);
  nsbox_sha256_hex (digest, hex);
}

static int
lang_run (struct nsbox_sandbox_config *c, const struct nsbox_lang_request *r, struct nsbox_lang_result *result,
          struct nsbox_error **err)
{
  int rc;

  nsbox_lang_result_init (result);
  result->language = strdup (r->policy->name);
  result->profile = strdup (r->strict ? "strict" : "standard");
  result->checks_mode = nsbox_check_mode_name (r->checks);
  hash_code (r, result->code_sha256);
  if (result->language == NULL || result->profile == NULL)
    {
      nsbox_error_oom (err);
      return fail (result, err);
    }
  if (run_checks (r, result, err) < 0)
    return fail (result, err);
  if (result->core.status == NSBOX_STATUS_BLOCKED || result->core.status == NSBOX_STATUS_SYNTAX_ERROR)
    return 0;
  rc = run_steps (c, r, result, err);
  nsbox_sandbox_release_ids (c);
  if (rc < 0)
    return fail (result, err);
  return 0;
}

/* The stop signals stay blocked from the checks to the artifact's removal:
 * between the sandboxes nothing would otherwise handle them, and nsbox would
 * die without a report, its artifact tmpfs still mounted. */
int
nsbox_lang_run (struct nsbox_sandbox_config *c, const struct nsbox_lang_request *r, struct nsbox_lang_result *result,
                struct nsbox_error **err)
{
  sigset_t stop, saved;
  struct timespec start, end;
  int rc;

  nsbox_sandbox_stop_signals (&stop);
  sigprocmask (SIG_BLOCK, &stop, &saved);
  clock_gettime (CLOCK_MONOTONIC, &start);
  rc = lang_run (c, r, result, err);
  clock_gettime (CLOCK_MONOTONIC, &end);
  result->total_time_s = (double) (end.tv_sec - start.tv_sec) + (double) (end.tv_nsec - start.tv_nsec) / 1e9;
  /* One that came after the last sandbox: the run counts as interrupted, and
   * the signal is consumed here rather than killing nsbox before it reports. */
  if (result->core.status != NSBOX_STATUS_ERROR)
    interrupted (&result->core);
  sigprocmask (SIG_SETMASK, &saved, NULL);
  return rc;
}
