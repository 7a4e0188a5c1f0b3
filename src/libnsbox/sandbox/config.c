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

void
nsbox_config_init (struct nsbox_sandbox_config *config)
{
  memset (config, 0, sizeof *config);
  config->uid = 65534;
  config->gid = 65534;
  config->use_init = true;
  config->tmpfs_size = 64ULL << 20;
  config->sys_mode = NSBOX_SYS_READ_ONLY;
  config->stdin_fd = -1;
  config->output = NSBOX_OUTPUT_PASSTHROUGH;
  config->output_limit = 1ULL << 20;
  config->kill_after_ms = 500;
  /* Limits that keep a host safe from one runaway sandbox; no core dumps. */
  config->memory_bytes = 512ULL << 20;
  config->cpu_millis = 1000;
  config->pids = 256;
  config->rlimits[NSBOX_RLIMIT_CORE] = (struct nsbox_rlimit){ .set = true, .soft = 0, .hard = 0 };
  config->state_root = strdup (NSBOX_DEFAULT_STATE_ROOT);
}

static void
strv_free (char **v)
{
  if (v == NULL)
    return;
  for (char **p = v; *p; p++)
    free (*p);
  free (v);
}

void
nsbox_config_release (struct nsbox_sandbox_config *config)
{
  strv_free (config->argv);
  strv_free (config->env);
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
  free (config->cgroup_parent);
  free (config->seccomp_profile);
  free (config->seccomp_profile_dir);
  free (config->seccomp_cache_dir);
  free (config->state_root);
  free (config->id);
  free (config->image_name);
  memset (config, 0, sizeof *config);
}

int
nsbox_parse_size (const char *text, uint64_t *bytes, struct nsbox_error **err)
{
  char *end = NULL;
  unsigned long long value;
  unsigned shift = 0;

  if (text == NULL || !isdigit ((unsigned char) *text))
    return nsbox_error_msg (err, "invalid size `%s`: expected a number with an optional k, m or g suffix",
                            text ? text : "");
  errno = 0;
  value = strtoull (text, &end, 10);
  if (errno != 0)
    return nsbox_error_errno (err, errno, "invalid size `%s`", text);
  switch (tolower ((unsigned char) *end))
    {
    case '\0':
      break;
    case 'k':
      shift = 10;
      end++;
      break;
    case 'm':
      shift = 20;
      end++;
      break;
    case 'g':
      shift = 30;
      end++;
      break;
    default:
      return nsbox_error_msg (err, "invalid size `%s`: unknown suffix", text);
    }
  if (*end == 'b' || *end == 'B')
    end++;
  if (*end != '\0')
    return nsbox_error_msg (err, "invalid size `%s`: trailing characters", text);
  if (shift && value > (UINT64_MAX >> shift))
    return nsbox_error_msg (err, "invalid size `%s`: too large", text);
  *bytes = (uint64_t) value << shift;
  return 0;
}

int
nsbox_parse_seconds (const char *text, uint64_t *millis, struct nsbox_error **err)
{
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    return nsbox_error_msg (err, "invalid duration ``: expected seconds");
  errno = 0;
  value = strtod (text, &end);
  if (errno != 0 || *end != '\0' || !isfinite (value) || value < 0 || value > 1e9)
    return nsbox_error_msg (err, "invalid duration `%s`: expected non-negative seconds (e.g. 2.5)", text);
  *millis = (uint64_t) llround (value * 1000.0);
  return 0;
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
  return 0;
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
  struct nsbox_bind_mount m = { 0 };
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

size_t
nsbox_strv_length (char *const *v)
{
  size_t n = 0;

  while (v && v[n])
    n++;
  return n;
}

int
nsbox_strv_append (char ***v, const char *s, struct nsbox_error **err)
{
  size_t n = nsbox_strv_length (*v);
  char **grown = realloc (*v, (n + 2) * sizeof (char *));

  if (grown == NULL)
    return nsbox_error_oom (err);
  *v = grown;
  grown[n] = strdup (s);
  if (grown[n] == NULL)
    return nsbox_error_oom (err);
  grown[n + 1] = NULL;
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
