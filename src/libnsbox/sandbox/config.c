#define _GNU_SOURCE
#include "sandbox/config.h"
#include "base/cleanup.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
nsbox_config_init (struct nsbox_sandbox_config *config)
{
  memset (config, 0, sizeof *config);
  config->uid = 65534;
  config->gid = 65534;
  config->use_init = true;
  config->userns = geteuid () == 0 ? NSBOX_USERNS_PER_SANDBOX : NSBOX_USERNS_ROOTLESS;
  config->tmpfs_size = 64ULL << 20;
  config->sys_mode = NSBOX_SYS_READ_ONLY;
  config->stdin_fd = -1;
  config->ptys = NSBOX_DEFAULT_PTYS;
  config->output = NSBOX_OUTPUT_PASSTHROUGH;
  config->output_limit = 1ULL << 20;
  config->kill_after_ms = 500;
  /* Limits that keep a host safe from one runaway sandbox; no core dumps. */
  config->memory_bytes = 512ULL << 20;
  config->cpu_millis = 1000;
  config->pids = 256;
  config->rlimits[NSBOX_RLIMIT_CORE] = (struct nsbox_rlimit){ .set = true, .soft = 0, .hard = 0 };
  config->state_root = strdup (NSBOX_DEFAULT_STATE_ROOT);
  config->owner_uid = getuid ();
}

void
nsbox_config_release (struct nsbox_sandbox_config *config)
{
  nsbox_strv_freep (&config->argv);
  nsbox_strv_freep (&config->env);
  free (config->workdir);
  for (size_t i = 0; i < config->n_lower_dirs; i++)
    free (config->lower_dirs[i]);
  free (config->lower_dirs);
  free (config->hostname);
  for (size_t i = 0; i < config->n_mounts; i++)
    {
      free (config->mounts[i].source);
      free (config->mounts[i].destination);
    }
  free (config->mounts);
  for (size_t i = 0; i < config->n_files; i++)
    {
      free (config->files[i].destination);
      free (config->files[i].content);
    }
  free (config->files);
  free (config->warm_cache_from);
  free (config->warm_cache_at);
  free (config->cgroup_parent);
  free (config->seccomp_profile);
  free (config->seccomp_profile_dir);
  free (config->seccomp_cache_dir);
  free (config->state_root);
  free (config->id);
  free (config->image_name);
  free (config->userns_pool);
  memset (config, 0, sizeof *config);
}

static int
parse_id (const char *text, size_t len, unsigned long *out)
{
  char buf[16];
  char *end = NULL;
  unsigned long v;

  if (len == 0 || len >= sizeof buf)
    return -1;
  memcpy (buf, text, len);
  buf[len] = '\0';
  if (!isdigit ((unsigned char) buf[0]))
    return -1;
  errno = 0;
  v = strtoul (buf, &end, 10);
  /* (uid_t) -1 means "unchanged" to setresuid: never accept it. */
  if (errno != 0 || *end != '\0' || v >= UINT32_MAX)
    return -1;
  *out = v;
  return 0;
}

int
nsbox_parse_user (const char *text, uid_t *uid, gid_t *gid, struct nsbox_error **err)
{
  const char *colon = strchr (text, ':');
  size_t ulen = colon ? (size_t) (colon - text) : strlen (text);
  unsigned long u, g;

  if (parse_id (text, ulen, &u) < 0)
    return nsbox_error_msg (err, "invalid user `%s`: expected UID[:GID] as numbers", text);
  g = u;
  if (colon && parse_id (colon + 1, strlen (colon + 1), &g) < 0)
    return nsbox_error_msg (err, "invalid user `%s`: expected UID[:GID] as numbers", text);
  *uid = (uid_t) u;
  *gid = (gid_t) g;
  return 0;
}

/* dst as the sandbox resolves it, without symlinks: "//a/./b/../c/" is
 * "/a/c", and ".." stops at the root (RESOLVE_IN_ROOT does the same). */
static char *
lexical_path (const char *dst)
{
  char *out = malloc (strlen (dst) + 2);
  size_t len = 0;

  if (out == NULL)
    return NULL;
  for (const char *p = dst; *p;)
    {
      size_t n;

      while (*p == '/')
        p++;
      n = strcspn (p, "/");
      if (n == 0 || (n == 1 && p[0] == '.'))
        ;
      else if (n == 2 && p[0] == '.' && p[1] == '.')
        while (len > 0 && out[--len] != '/')
          ;
      else
        {
          out[len++] = '/';
          memcpy (out + len, p, n);
          len += n;
        }
      p += n;
    }
  if (len == 0)
    out[len++] = '/';
  out[len] = '\0';
  return out;
}

static bool
at_or_below (const char *path, const char *dir)
{
  size_t n = strlen (dir);

  return strncmp (path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int
nsbox_config_check_destination (const char *dst, struct nsbox_error **err)
{
  _cleanup_free_ char *path = NULL;

  if (dst == NULL || dst[0] != '/')
    return nsbox_error_msg (err, "the destination must be an absolute path");
  if ((path = lexical_path (dst)) == NULL)
    return nsbox_error_oom (err);
  if (strcmp (path, "/") == 0)
    return nsbox_error_msg (err, "cannot mount over the root");
  /* runc refuses these too: the sandbox gets a fresh /proc and a read-only
   * /sys with paths masked; a mount there would undo the masking or show the
   * host's. */
  if (at_or_below (path, "/proc") || at_or_below (path, "/sys"))
    return nsbox_error_msg (err, "the destination `%s` is in %s, which nsbox mounts itself", dst,
                            at_or_below (path, "/proc") ? "/proc" : "/sys");
  return 0;
}

static int
check_destination (const char *dst, const char *text, struct nsbox_error **err)
{
  if (nsbox_config_check_destination (dst, err) < 0)
    return nsbox_error_prefix (err, "invalid mount `%s`", text);
  return 0;
}

/* A namespace mapping host ids other than our own needs root; rootless is
 * for those who have nothing else (root's own uid mapped in would be host
 * root inside). */
/* A caller of the setuid helper: the workload never has root inside, nor a
 * host id that owns anything; nothing resolves a path of the caller's as
 * root; no limit or filter is lifted. */
static int
check_restricted (const struct nsbox_sandbox_config *c, struct nsbox_error **err)
{
  const char *profile = c->seccomp_profile ? c->seccomp_profile : "default";

  if (c->uid == 0)
    return nsbox_error_msg (err, "user 0: the setuid helper never runs a workload as root, not even inside its own "
                                 "user namespace");
  if (c->userns != NSBOX_USERNS_PER_SANDBOX)
    return nsbox_error_msg (err, "the setuid helper runs every sandbox in a user namespace of its own");
  if (c->no_cgroup || c->cgroup_parent)
    return nsbox_error_msg (err, "the setuid helper places every sandbox in a cgroup of its own making");
  if (strcmp (profile, "unconfined") == 0 || strchr (profile, '/'))
    return nsbox_error_msg (err, "seccomp profile `%s`: through the setuid helper, only the site's named profiles",
                            profile);
  for (size_t i = 0; i < c->n_mounts; i++)
    if (c->mounts[i].source_fd < 0 && !c->mounts[i].from_nsbox)
      return nsbox_error_msg (err, "bind of `%s`: through the setuid helper, a bind source is what the caller "
                                   "opened, never a path",
                              c->mounts[i].source ? c->mounts[i].source : "");
  return 0;
}

static int
check_userns_privilege (const struct nsbox_sandbox_config *c, struct nsbox_error **err)
{
  bool root = geteuid () == 0;

  if (c->userns == NSBOX_USERNS_ROOTLESS && root)
    return nsbox_error_msg (err, "--userns=rootless is for users who are not root: as root, use per-sandbox");
  if (c->userns != NSBOX_USERNS_ROOTLESS && !root)
    return nsbox_error_msg (err, "--userns=%s needs root: nsbox run by uid %u is rootless (see \"Using nsbox "
                                 "without root\" in the README)",
                            c->userns == NSBOX_USERNS_HOST ? "host" : "per-sandbox", (unsigned) geteuid ());
  return 0;
}

int
nsbox_config_validate (const struct nsbox_sandbox_config *c, struct nsbox_error **err)
{
  for (size_t i = 0; i < c->n_mounts; i++)
    if (nsbox_config_check_destination (c->mounts[i].destination, err) < 0)
      return nsbox_error_prefix (err, "mount `%s` on `%s`", c->mounts[i].source ? c->mounts[i].source : "",
                                 c->mounts[i].destination ? c->mounts[i].destination : "");
  /* tmpfs reads size=0 as "no limit": a sandbox could fill the host's memory. */
  if (c->tmpfs_size == 0)
    return nsbox_error_msg (err, "a /tmp size of 0 means no limit at all to tmpfs: give a size, e.g. 64m");
  if (c->userns == NSBOX_USERNS_PER_SANDBOX && (c->uid >= 65536 || c->gid >= 65536))
    return nsbox_error_msg (err, "user %u:%u: a sandbox's user namespace has the ids 0-65535 (--userns=host runs as "
                                 "any host id)",
                            (unsigned) c->uid, (unsigned) c->gid);
  if (c->restricted && check_restricted (c, err) < 0)
    return -1;
  return check_userns_privilege (c, err);
}

static int
parse_short_mount (char *spec, const char *text, struct nsbox_bind_mount *m, struct nsbox_error **err)
{
  char *first = strchr (spec, ':');
  char *second;

  if (first == NULL)
    return nsbox_error_msg (err, "invalid volume `%s`: expected HOST:PATH[:ro|rw]", text);
  *first = '\0';
  second = strchr (first + 1, ':');
  if (second)
    {
      *second = '\0';
      if (strcmp (second + 1, "ro") == 0)
        m->read_only = true;
      else if (strcmp (second + 1, "rw") != 0)
        return nsbox_error_msg (err, "invalid volume `%s`: unknown option `%s`", text, second + 1);
    }
  m->source = strdup (spec);
  m->destination = strdup (first + 1);
  return 0;
}

static int
parse_long_mount (char *spec, const char *text, struct nsbox_bind_mount *m, struct nsbox_error **err)
{
  char *save = NULL;
  bool is_bind = false;

  for (char *tok = strtok_r (spec, ",", &save); tok; tok = strtok_r (NULL, ",", &save))
    {
      char *eq = strchr (tok, '=');
      const char *value = eq ? eq + 1 : NULL;

      if (eq)
        *eq = '\0';
      if (strcmp (tok, "type") == 0 && value)
        {
          if (strcmp (value, "bind") != 0)
            return nsbox_error_msg (err, "invalid mount `%s`: only type=bind is supported", text);
          is_bind = true;
        }
      else if ((strcmp (tok, "src") == 0 || strcmp (tok, "source") == 0) && value)
        {
          free (m->source);
          m->source = strdup (value);
        }
      else if ((strcmp (tok, "dst") == 0 || strcmp (tok, "destination") == 0 || strcmp (tok, "target") == 0)
               && value)
        {
          free (m->destination);
          m->destination = strdup (value);
        }
      else if ((strcmp (tok, "ro") == 0 || strcmp (tok, "readonly") == 0) && (value == NULL || strcmp (value, "true") == 0))
        m->read_only = true;
      else if (strcmp (tok, "rw") == 0 && value == NULL)
        m->read_only = false;
      else
        return nsbox_error_msg (err, "invalid mount `%s`: unknown option `%s`", text, tok);
    }
  if (!is_bind)
    return nsbox_error_msg (err, "invalid mount `%s`: type=bind is required", text);
  if (m->source == NULL)
    return nsbox_error_msg (err, "invalid mount `%s`: src= is required", text);
  return 0;
}

int
nsbox_parse_mount (const char *text, bool short_form, struct nsbox_bind_mount *mount, struct nsbox_error **err)
{
  _cleanup_free_ char *spec = strdup (text);
  struct nsbox_bind_mount m = { .source_fd = -1 };
  int ret;

  if (spec == NULL)
    return nsbox_error_oom (err);
  ret = short_form ? parse_short_mount (spec, text, &m, err) : parse_long_mount (spec, text, &m, err);
  if (ret == 0 && (m.source == NULL || m.source[0] == '\0'))
    ret = nsbox_error_msg (err, "invalid mount `%s`: empty source", text);
  if (ret == 0)
    ret = check_destination (m.destination, text, err);
  if (ret < 0)
    {
      free (m.source);
      free (m.destination);
      return ret;
    }
  *mount = m;
  return 0;
}

int
nsbox_env_set (char ***env, const char *assignment, struct nsbox_error **err)
{
  const char *eq = strchr (assignment, '=');
  size_t keylen;

  if (eq == NULL || eq == assignment)
    return nsbox_error_msg (err, "invalid environment variable `%s`: expected KEY=VALUE", assignment);
  keylen = (size_t) (eq - assignment);
  for (char **p = *env; p && *p; p++)
    if (strncmp (*p, assignment, keylen) == 0 && (*p)[keylen] == '=')
      {
        char *copy = strdup (assignment);
        if (copy == NULL)
          return nsbox_error_oom (err);
        free (*p);
        *p = copy;
        return 0;
      }
  return nsbox_strv_append (env, assignment, err);
}

static int
strdup_or_null (char **out, const char *s)
{
  *out = s ? strdup (s) : NULL;
  return s && *out == NULL ? -1 : 0;
}

static int
strv_dup (char ***out, char *const *v, size_t n)
{
  if (v == NULL)
    return 0;
  if ((*out = calloc (n + 1, sizeof (char *))) == NULL)
    return -1;
  for (size_t i = 0; i < n; i++)
    if (strdup_or_null (&(*out)[i], v[i]) < 0)
      return -1;
  return 0;
}

/* Fills copy's owned members (all NULL, counts 0) from c.  On failure copy
 * holds only what it owns, so nsbox_config_release() frees it. */
static int
copy_members (struct nsbox_sandbox_config *copy, const struct nsbox_sandbox_config *c)
{
  char **to[] = { &copy->workdir, &copy->hostname, &copy->cgroup_parent, &copy->seccomp_profile,
                  &copy->seccomp_profile_dir, &copy->seccomp_cache_dir, &copy->state_root, &copy->id,
                  &copy->image_name, &copy->userns_pool, &copy->warm_cache_from, &copy->warm_cache_at };
  const char *from[] = { c->workdir, c->hostname, c->cgroup_parent, c->seccomp_profile,
                         c->seccomp_profile_dir, c->seccomp_cache_dir, c->state_root, c->id, c->image_name,
                         c->userns_pool, c->warm_cache_from, c->warm_cache_at };

  for (size_t i = 0; i < sizeof to / sizeof to[0]; i++)
    if (strdup_or_null (to[i], from[i]) < 0)
      return -1;
  if (strv_dup (&copy->argv, c->argv, nsbox_strv_length (c->argv)) < 0
      || strv_dup (&copy->env, c->env, nsbox_strv_length (c->env)) < 0
      || strv_dup (&copy->lower_dirs, c->lower_dirs, c->n_lower_dirs) < 0)
    return -1;
  copy->n_lower_dirs = c->n_lower_dirs;
  if (c->n_mounts && (copy->mounts = calloc (c->n_mounts, sizeof *copy->mounts)) == NULL)
    return -1;
  copy->n_mounts = c->n_mounts;
  for (size_t i = 0; i < c->n_mounts; i++)
    {
      copy->mounts[i].read_only = c->mounts[i].read_only;
      copy->mounts[i].source_fd = c->mounts[i].source_fd;
      copy->mounts[i].from_nsbox = c->mounts[i].from_nsbox;
      if (strdup_or_null (&copy->mounts[i].source, c->mounts[i].source) < 0
          || strdup_or_null (&copy->mounts[i].destination, c->mounts[i].destination) < 0)
        return -1;
    }
  if (c->n_files && (copy->files = calloc (c->n_files, sizeof *copy->files)) == NULL)
    return -1;
  copy->n_files = c->n_files;
  for (size_t i = 0; i < c->n_files; i++)
    {
      copy->files[i] = (struct nsbox_file){ .length = c->files[i].length, .mode = c->files[i].mode };
      if (strdup_or_null (&copy->files[i].destination, c->files[i].destination) < 0
          || (copy->files[i].content = malloc (c->files[i].length + 1)) == NULL)
        return -1;
      memcpy (copy->files[i].content, c->files[i].content, c->files[i].length);
      copy->files[i].content[c->files[i].length] = '\0';
    }
  return 0;
}

int
nsbox_config_copy (struct nsbox_sandbox_config *copy, const struct nsbox_sandbox_config *config,
                   struct nsbox_error **err)
{
  /* The scalars as they are; every owned member starts empty. */
  *copy = *config;
  copy->argv = copy->env = copy->lower_dirs = NULL;
  copy->workdir = copy->hostname = copy->cgroup_parent = copy->seccomp_profile = NULL;
  copy->seccomp_profile_dir = copy->seccomp_cache_dir = copy->state_root = copy->id = copy->image_name = NULL;
  copy->userns_pool = copy->warm_cache_from = copy->warm_cache_at = NULL;
  copy->mounts = NULL;
  copy->files = NULL;
  copy->n_lower_dirs = copy->n_mounts = copy->n_files = 0;
  if (copy_members (copy, config) < 0)
    {
      nsbox_config_release (copy);
      return nsbox_error_oom (err);
    }
  return 0;
}
