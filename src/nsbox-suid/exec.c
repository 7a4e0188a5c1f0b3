/* exec.c - `nsbox-suid exec`: a request made into the sandbox the site
 * allows, or refused with one line; run; recorded in the audit log.
 *
 * The sandbox is built from nothing: a new spec, marked restricted (the
 * library then refuses uid 0, the host's ids, unconfined or path seccomp
 * profiles, binds of paths, and holds every limit to nsbox.conf's ceilings,
 * whatever filled the config), the site's directories, then only the keys
 * of the table below, then the caller's files, each checked here. */
#define _GNU_SOURCE
#include "exec.h"
#include "audit.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/sha256.h"
#include "base/strv.h"
#include "quota.h"
#include "run/run.h"
#include "sandbox/sandbox.h"
#include "site.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the keys a caller may give ------------------------------------------
 * Every key of nsbox_spec_keys() not listed here is refused: the store, the
 * state root, the seccomp and policy directories, nsbox.conf, the cgroup
 * parent, --no-cgroup, a report file or results log (host paths written as
 * root), binds, code or inputs named by path (the caller passes those
 * opened: --stdin-each comes as the request's stdin_each), and --kill-after (a workload that ignores SIGTERM would outlive its timeout
 * ceiling by it). */
static const char *const allowed_keys[] = {
  "image",   "argv",       "entrypoint", "env",        "workdir",      "user",   "hostname",   "tmpfs_size",
  "tmpfs_exec", "no_sys",  "no_init",    "tty",        "interactive",  "timeout", "json",      "output_limit",
  "id",      "seccomp",    "memory",     "cpus",       "pids",         "ptys",   "cpu_time",   "rlimit",
  "lang",    "code",       "profile",    "checks",     "args",         "rootfs", "userns",     "total_timeout",
  NULL,
};

static bool
key_allowed (const char *key)
{
  for (const char *const *k = allowed_keys; *k; k++)
    if (strcmp (*k, key) == 0)
      return true;
  return false;
}

/* How the caller wrote it: "--cgroup-parent", "--root"; else the key. */
static const char *
flag_name (const char *key)
{
  static __thread char name[64];

  for (const struct nsbox_spec_key *k = nsbox_spec_keys (); k->name; k++)
    if (strcmp (k->name, key) == 0)
      {
        snprintf (name, sizeof name, "--%s", k->flag ? k->flag : strcmp (key, "root") == 0 ? "root" : k->name);
        return name;
      }
  snprintf (name, sizeof name, "`%.40s`", key);
  return name;
}

/* A profile of the site's directory by name: letters, digits, - and _. */
static bool
profile_name (const char *value)
{
  if (*value == '\0')
    return false;
  for (const char *p = value; *p; p++)
    if (!isalnum ((unsigned char) *p) && *p != '-' && *p != '_')
      return false;
  return true;
}

static bool
rootfs_listed (const struct nsbox_conf *conf, const char *dir)
{
  for (char **p = conf->helper.rootfs; p && *p; p++)
    if (strcmp (*p, dir) == 0)
      return true;
  return false;
}

/* What the table allows, refined: a value that would lift the sandbox out
 * of the site's hands is refused before the spec sees it. */
static int
check_key (const struct nsbox_conf *conf, const char *key, const char *value, struct nsbox_error **err)
{
  if (!key_allowed (key))
    return nsbox_error_msg (err, "%s is not allowed through the setuid helper", flag_name (key));
  if (strcmp (key, "rootfs") == 0 && !rootfs_listed (conf, value))
    return nsbox_error_msg (err, "--rootfs `%s` is not one of the site's (helper.rootfs in %s)", value,
                            NSBOX_SUID_CONF);
  if (strcmp (key, "seccomp") == 0 && (!profile_name (value) || strcmp (value, "unconfined") == 0))
    return nsbox_error_msg (err, "--seccomp `%s`: through the setuid helper, only the site's named profiles", value);
  if (strcmp (key, "userns") == 0 && strcmp (value, "per-sandbox") != 0)
    return nsbox_error_msg (err, "--userns `%s`: the setuid helper runs every sandbox in a user namespace of its "
                                 "own",
                            value);
  if (strcmp (key, "code") == 0 && strcmp (value, "-") != 0)
    return nsbox_error_msg (err, "--code as a path: the caller passes the file itself");
  if ((strcmp (key, "memory") == 0 || strcmp (key, "pids") == 0 || strcmp (key, "cpus") == 0
       || strcmp (key, "timeout") == 0)
      && (strcmp (value, "unlimited") == 0 || strcmp (value, "0") == 0 || strcmp (value, "-1") == 0))
    return nsbox_error_msg (err, "--%s %s: through the setuid helper every limit is within the site's ceilings",
                            key, value);
  return 0;
}

/* ---- the caller's files ---------------------------------------------------- */

/* Opened for reading by the caller (not O_PATH, which proves nothing), of
 * the kind asked for. */
static int
check_file (int fd, const char *what, bool directory_too, struct stat *st, struct nsbox_error **err)
{
  int flags = fcntl (fd, F_GETFL);

  if (flags < 0 || fstat (fd, st) < 0)
    return nsbox_error_errno (err, errno, "%s", what);
  if ((flags & O_PATH) || ((flags & O_ACCMODE) != O_RDONLY && (flags & O_ACCMODE) != O_RDWR))
    return nsbox_error_msg (err, "%s: not opened for reading by the caller", what);
  if (!S_ISREG (st->st_mode) && !(directory_too && S_ISDIR (st->st_mode)))
    return nsbox_error_msg (err, "%s: not a regular file%s", what, directory_too ? " or a directory" : "");
  return 0;
}

static int
add_volume (struct nsbox_spec *spec, const struct nsbox_suid_volume *v, uid_t caller_uid, struct nsbox_error **err)
{
  struct nsbox_sandbox_config *c = &spec->config;
  struct nsbox_bind_mount *grown;
  struct stat st;

  if (check_file (v->fd, v->source, true, &st, err) < 0)
    return nsbox_error_prefix (err, "volume");
  /* Writing as the workload is writing as a host id of the sandbox's into
   * the caller's tree: only into what is the caller's own. */
  if (!v->read_only && st.st_uid != caller_uid)
    return nsbox_error_msg (err, "volume `%s`: read-write only of what the caller owns (add :ro)", v->source);
  if ((grown = realloc (c->mounts, (c->n_mounts + 1) * sizeof *grown)) == NULL)
    return nsbox_error_oom (err);
  c->mounts = grown;
  grown[c->n_mounts] = (struct nsbox_bind_mount){ .source = strdup (v->source),
                                                  .destination = strdup (v->destination),
                                                  .read_only = v->read_only,
                                                  .source_fd = v->fd };
  if (grown[c->n_mounts].source == NULL || grown[c->n_mounts].destination == NULL)
    {
      free (grown[c->n_mounts].source);
      free (grown[c->n_mounts].destination);
      return nsbox_error_oom (err);
    }
  c->n_mounts++;
  return nsbox_config_check_destination (v->destination, err);
}

/* The code read once, here: what is hashed for the audit log is what runs. */
static int
take_code (struct nsbox_suid_exec *x, int fd, struct nsbox_error **err)
{
  _cleanup_free_ char *code = NULL;
  _cleanup_close_ int copy = -1;
  uint8_t digest[NSBOX_SHA256_DIGEST_SIZE];
  struct stat st;
  size_t length;
  int ret;

  if (fd == STDIN_FILENO)
    {
      /* Within the site's longest timeout: a caller who never writes does not keep a helper. */
      if (nsbox_run_read_stdin_code (x->conf->ceilings.timeout_ms, &code, &length, err) < 0)
        return -1;
    }
  else if (check_file (fd, "--code", false, &st, err) < 0
           || nsbox_read_fd (fd, "--code", NSBOX_RUN_CODE_LIMIT, &code, &length, err) < 0)
    return nsbox_error_prefix (err, "--code");
  nsbox_sha256 (code, length, digest);
  nsbox_sha256_hex (digest, x->code_sha256);
  if ((copy = memfd_create ("nsbox-code", MFD_CLOEXEC)) < 0)
    return nsbox_error_errno (err, errno, "memfd_create");
  if ((ret = nsbox_write_all (copy, code, length)) < 0)
    return nsbox_error_errno (err, -ret, "copy the code");
  if (lseek (copy, 0, SEEK_SET) < 0)
    return nsbox_error_errno (err, errno, "copy the code");
  free (x->spec->code_path);
  x->spec->code_path = NULL;
  x->spec->code_fd = steal_fd (&copy);
  return 0;
}

static int
attach_files (struct nsbox_suid_exec *x, struct nsbox_error **err)
{
  const struct nsbox_suid_request *r = x->request;
  struct stat st;

  if (r->code_fd >= 0 && take_code (x, r->code_fd, err) < 0)
    return -1;
  if (r->stdin_file_fd >= 0)
    {
      if (check_file (r->stdin_file_fd, "--stdin", false, &st, err) < 0)
        return -1;
      x->spec->stdin_fd = r->stdin_file_fd;
    }
  for (size_t i = 0; i < r->n_volumes; i++)
    if (add_volume (x->spec, &r->volumes[i], x->caller->uid, err) < 0)
      return -1;
  for (size_t i = 0; i < r->n_inputs; i++)
    {
      if (check_file (r->inputs[i].fd, r->inputs[i].name, false, &st, err) < 0)
        return nsbox_error_prefix (err, "--stdin-each");
      if (nsbox_strv_append (&x->spec->stdin_each, r->inputs[i].name, err) < 0)
        return -1;
      x->input_fds[i] = r->inputs[i].fd;
    }
  if (r->n_inputs)
    x->spec->stdin_each_fds = x->input_fds;
  return 0;
}

/* The caller's stdin becomes the helper's: read for `--code -` and -i, a
 * terminal for -t only when it is the caller's own. */
static int
take_stdin (struct nsbox_suid_exec *x, struct nsbox_error **err)
{
  int in = x->request->fds[0];
  struct stat st;

  if (nsbox_spec_is_set (x->spec, "tty") == 1
      && (!isatty (in) || fstat (in, &st) < 0 || st.st_uid != x->caller->uid))
    return nsbox_error_msg (err, "-t: the caller's stdin is not a terminal of the caller's own");
  if (dup2 (in, STDIN_FILENO) < 0)
    return nsbox_error_errno (err, errno, "stdin");
  return 0;
}

/* ---- the spec ------------------------------------------------------------- */

static int
set (struct nsbox_spec *spec, const char *key, const char *value, struct nsbox_error **err)
{
  return value ? nsbox_spec_set (spec, key, value, err) : 0;
}

static int
site_spec (struct nsbox_suid_exec *x, struct nsbox_error **err)
{
  const struct nsbox_helper_conf *h = &x->conf->helper;

  if (nsbox_spec_new (&x->spec, err) < 0)
    return -1;
  x->spec->config.restricted = true;
  x->spec->config.owner_uid = x->caller->uid;
  if (set (x->spec, "root", nsbox_suid_state_root (x->conf), err) < 0
      || set (x->spec, "conf", x->conf_exists ? NSBOX_SUID_CONF : NULL, err) < 0
      || set (x->spec, "seccomp_profile_dir", h->seccomp_profile_dir, err) < 0
      || set (x->spec, "seccomp_cache_dir", h->seccomp_cache_dir, err) < 0)
    return -1;
  return 0;
}

static int
new_id (struct nsbox_suid_exec *x, struct nsbox_error **err)
{
  _cleanup_free_ char *id = NULL;

  if (nsbox_spec_is_set (x->spec, "id") != 1
      && (nsbox_sandbox_new_id (&id, err) < 0 || nsbox_spec_set (x->spec, "id", id, err) < 0))
    return -1;
  return 0;
}

int
nsbox_suid_exec_build (struct nsbox_suid_exec *x, struct nsbox_error **err)
{
  char *const *k = x->request->keys;

  if (site_spec (x, err) < 0)
    return -1;
  for (size_t i = 0; i < x->request->n_keys; i++)
    if (check_key (x->conf, k[2 * i], k[2 * i + 1], err) < 0
        || nsbox_spec_set (x->spec, k[2 * i], k[2 * i + 1], err) < 0)
      return -1;
  if (attach_files (x, err) < 0 || take_stdin (x, err) < 0 || new_id (x, err) < 0)
    return -1;
  if (x->spec->code_path && strcmp (x->spec->code_path, "-") == 0 && take_code (x, STDIN_FILENO, err) < 0)
    return -1;
  x->json = nsbox_spec_is_set (x->spec, "json") == 1;
  return nsbox_spec_check (x->spec, err);
}

/* ---- the caller's stop -------------------------------------------------------
 * The caller cannot signal a helper that is root; its nsbox passes a stop
 * signal on as one byte, and its end as SIGHUP. */

static void *
watch_caller (void *arg)
{
  int sock = *(int *) arg;
  unsigned char sig = 0;
  ssize_t n;

  do
    n = recv (sock, &sig, 1, 0);
  while (n < 0 && errno == EINTR);
  if (n != 1 || (sig != SIGINT && sig != SIGTERM && sig != SIGHUP && sig != SIGQUIT))
    sig = SIGHUP;
  kill (getpid (), sig);
  return NULL;
}

int
nsbox_suid_watch_caller (int *sock, struct nsbox_error **err)
{
  pthread_t thread;
  int ret;

  /* Started with the stop signals blocked: they wait for the run's signalfd. */
  if ((ret = pthread_create (&thread, NULL, watch_caller, sock)) != 0)
    return nsbox_error_errno (err, ret, "watch the caller");
  pthread_detach (thread);
  return 0;
}
