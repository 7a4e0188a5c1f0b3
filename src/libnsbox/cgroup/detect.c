/* cgroup-detect.c - which cgroup hierarchies this host has and where we are
 * in each: /proc/self/mountinfo and /proc/self/cgroup, parsed (pure, so the
 * unit tests feed it recorded texts), and the directory to create beneath. */
#define _GNU_SOURCE
#include "cgroup/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"

static const struct
{
  const char *name;
  unsigned bit;
} controller_names[] = {
  { "memory", NSBOX_CG_MEMORY }, { "cpu", NSBOX_CG_CPU },         { "cpuacct", NSBOX_CG_CPUACCT },
  { "pids", NSBOX_CG_PIDS },     { "freezer", NSBOX_CG_FREEZER },
  { "cpuset", NSBOX_CG_CPUSET }, { "devices", NSBOX_CG_DEVICES },
};

const char *
nsbox_cgroup_controller_name (unsigned bit)
{
  for (size_t i = 0; i < sizeof controller_names / sizeof controller_names[0]; i++)
    if (controller_names[i].bit == bit)
      return controller_names[i].name;
  return "?";
}

/* ---------------------------------------------------------------- parsing */

unsigned
nsbox_cgroup_parse_controllers (const char *list)
{
  unsigned bits = 0;
  const char *p = list;

  while (*p)
    {
      size_t len = strcspn (p, ", \n");
      for (size_t i = 0; i < sizeof controller_names / sizeof controller_names[0]; i++)
        if (strlen (controller_names[i].name) == len && strncmp (p, controller_names[i].name, len) == 0)
          bits |= controller_names[i].bit;
      p += len;
      if (*p)
        p++;
    }
  return bits;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static char *
unescape_octal (const char *s, size_t len)
{
  char *out = malloc (len + 1);
  size_t o = 0;

  if (out == NULL)
    return NULL;
  for (size_t i = 0; i < len; i++)
    {
      if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0'
          && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7')
        {
          out[o++] = (char) ((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
          i += 3;
        }
      else
        out[o++] = s[i];
    }
  out[o] = '\0';
  return out;
}

/* Split one line into at most max space-separated fields; returns the count. */
static size_t
split_fields (const char *line, size_t line_len, const char **start, size_t *len, size_t max)
{
  size_t n = 0, i = 0;

  while (i < line_len && n < max)
    {
      while (i < line_len && line[i] == ' ')
        i++;
      if (i == line_len)
        break;
      start[n] = line + i;
      while (i < line_len && line[i] != ' ')
        i++;
      len[n] = (size_t) (line + i - start[n]);
      n++;
    }
  return n;
}

static int
mounts_append (struct nsbox_cgroup_mounts *mounts, int version, unsigned controllers, char *root, char *mountpoint,
               struct nsbox_error **err)
{
  struct nsbox_cgroup_mount *v = realloc (mounts->v, (mounts->n + 1) * sizeof *v);

  if (v == NULL)
    {
      free (root);
      free (mountpoint);
      return nsbox_error_oom (err);
    }
  mounts->v = v;
  v[mounts->n++] = (struct nsbox_cgroup_mount){
    .version = version, .controllers = controllers, .root = root, .mountpoint = mountpoint, .own = NULL
  };
  return 0;
}

static int
parse_mountinfo_line (const char *line, size_t line_len, struct nsbox_cgroup_mounts *mounts,
                      struct nsbox_error **err)
{
  const char *f[32];
  size_t l[32];
  size_t n = split_fields (line, line_len, f, l, 32);
  size_t sep;
  int version;
  unsigned controllers = 0;
  _cleanup_free_ char *superopts = NULL;

  for (sep = 6; sep < n && !(l[sep] == 1 && f[sep][0] == '-'); sep++)
    ;
  if (sep + 3 >= n)
    return 0; /* not a line we understand; mountinfo may grow fields */
  if (l[sep + 1] == 7 && strncmp (f[sep + 1], "cgroup2", 7) == 0)
    version = 2;
  else if (l[sep + 1] == 6 && strncmp (f[sep + 1], "cgroup", 6) == 0)
    version = 1;
  else
    return 0;

  if (version == 1)
    {
      superopts = strndup (f[sep + 3], l[sep + 3]);
      if (superopts == NULL)
        return nsbox_error_oom (err);
      controllers = nsbox_cgroup_parse_controllers (superopts);
      if (controllers == 0)
        return 0; /* name=systemd, net_cls, ...: nothing nsbox uses */
    }

  char *root = unescape_octal (f[3], l[3]);
  char *mountpoint = unescape_octal (f[4], l[4]);
  if (root == NULL || mountpoint == NULL)
    {
      free (root);
      free (mountpoint);
      return nsbox_error_oom (err);
    }
  return mounts_append (mounts, version, controllers, root, mountpoint, err);
}

int
nsbox_cgroup_parse_mountinfo (const char *text, struct nsbox_cgroup_mounts *mounts, struct nsbox_error **err)
{
  const char *p = text;

  while (*p)
    {
      size_t len = strcspn (p, "\n");
      if (parse_mountinfo_line (p, len, mounts, err) < 0)
        return -1;
      p += len;
      if (*p)
        p++;
    }
  return 0;
}

static struct nsbox_cgroup_mount *
find_mount_for_line (struct nsbox_cgroup_mounts *mounts, int version, unsigned controllers)
{
  for (size_t i = 0; i < mounts->n; i++)
    {
      struct nsbox_cgroup_mount *m = &mounts->v[i];
      if (m->version != version || m->own != NULL)
        continue;
      if (version == 2 || m->controllers == controllers)
        return m;
    }
  return NULL;
}

/* /proc/self/cgroup: "ID:CONTROLLERS:PATH", with "0::PATH" for the unified hierarchy. */
int
nsbox_cgroup_parse_self (const char *text, struct nsbox_cgroup_mounts *mounts, struct nsbox_error **err)
{
  const char *p = text;

  while (*p)
    {
      size_t len = strcspn (p, "\n");
      const char *c1 = memchr (p, ':', len);
      const char *c2 = c1 ? memchr (c1 + 1, ':', (size_t) (p + len - c1 - 1)) : NULL;

      if (c2 != NULL)
        {
          _cleanup_free_ char *ctrls = strndup (c1 + 1, (size_t) (c2 - c1 - 1));
          bool unified = c1 - p == 1 && p[0] == '0' && c2 == c1 + 1;
          unsigned bits;
          struct nsbox_cgroup_mount *m;

          if (ctrls == NULL)
            return nsbox_error_oom (err);
          bits = nsbox_cgroup_parse_controllers (ctrls);
          m = (unified || bits) ? find_mount_for_line (mounts, unified ? 2 : 1, bits) : NULL;
          /* Every mount of the same hierarchy shares the path; fill them all. */
          while (m != NULL)
            {
              m->own = strndup (c2 + 1, (size_t) (p + len - c2 - 1));
              if (m->own == NULL)
                return nsbox_error_oom (err);
              m = find_mount_for_line (mounts, unified ? 2 : 1, bits);
            }
        }
      p += len;
      if (*p)
        p++;
    }
  return 0;
}

void
nsbox_cgroup_mounts_release (struct nsbox_cgroup_mounts *mounts)
{
  for (size_t i = 0; i < mounts->n; i++)
    {
      free (mounts->v[i].mountpoint);
      free (mounts->v[i].root);
      free (mounts->v[i].own);
    }
  free (mounts->v);
  mounts->v = NULL;
  mounts->n = 0;
}

/* A path below a hierarchy's root: components only, no "." or "..", so a
 * joined path can never leave the mount. */
bool
nsbox_cgroup_path_is_clean (const char *path)
{
  const char *p = path;

  while (*p)
    {
      size_t len;
      while (*p == '/')
        p++;
      len = strcspn (p, "/");
      if (len == 0)
        break;
      if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
        return false;
      p += len;
    }
  return true;
}

int
nsbox_cgroup_parent_dir (const struct nsbox_cgroup_mount *mount, const char *parent, char **dir,
                         struct nsbox_error **err)
{
  const char *rel;

  if (parent != NULL)
    rel = parent;
  else
    {
      size_t rootlen = strlen (mount->root);
      if (mount->own == NULL)
        return nsbox_error_msg (err, "our own cgroup in the hierarchy mounted at `%s` is not listed in /proc/self/cgroup",
                                mount->mountpoint);
      if (strcmp (mount->root, "/") == 0)
        rel = mount->own;
      else if (strncmp (mount->own, mount->root, rootlen) == 0
               && (mount->own[rootlen] == '/' || mount->own[rootlen] == '\0'))
        rel = mount->own + rootlen;
      else
        return nsbox_error_msg (err,
                                "our cgroup `%s` is not visible under `%s` (mounted from `%s`); pass --cgroup-parent",
                                mount->own, mount->mountpoint, mount->root);
    }
  if (!nsbox_cgroup_path_is_clean (rel))
    return nsbox_error_errno (err, EINVAL, "cgroup path `%s` contains `.` or `..`", rel);
  while (*rel == '/')
    rel++;
  if (asprintf (dir, "%s%s%s", mount->mountpoint, *rel ? "/" : "", rel) < 0)
    return nsbox_error_oom (err);
  /* Trailing slashes make messages and recorded paths ambiguous. */
  for (size_t n = strlen (*dir); n > 1 && (*dir)[n - 1] == '/'; n--)
    (*dir)[n - 1] = '\0';
  return 0;
}

int
nsbox_cgroup_check_name (const char *name, struct nsbox_error **err)
{
  /* A plain file name: no path, no leading dot, nothing a shell or a state
   * file would have to quote. */
  if (name == NULL || *name == '\0' || *name == '.' || strlen (name) > 200
      || name[strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")] != '\0')
    return nsbox_error_errno (err, EINVAL, "invalid cgroup name `%s`", name ? name : "");
  return 0;
}

static char *
read_whole_file (const char *path, struct nsbox_error **err)
{
  _cleanup_fclose_ FILE *f = fopen (path, "re");
  char *buf = NULL;
  size_t size = 0;
  FILE *mem;
  char chunk[4096];
  size_t n;

  if (f == NULL)
    {
      nsbox_error_errno (err, errno, "open `%s`", path);
      return NULL;
    }
  mem = open_memstream (&buf, &size);
  if (mem == NULL)
    {
      nsbox_error_oom (err);
      return NULL;
    }
  while ((n = fread (chunk, 1, sizeof chunk, f)) > 0)
    fwrite (chunk, 1, n, mem);
  if (ferror (f))
    {
      int saved = errno;
      fclose (mem);
      free (buf);
      nsbox_error_errno (err, saved, "read `%s`", path);
      return NULL;
    }
  if (fclose (mem) != 0)
    {
      free (buf);
      nsbox_error_oom (err);
      return NULL;
    }
  return buf;
}

int
nsbox_cgroup_load_mounts (struct nsbox_cgroup_mounts *mounts, struct nsbox_error **err)
{
  _cleanup_free_ char *mountinfo = read_whole_file ("/proc/self/mountinfo", err);
  _cleanup_free_ char *self = NULL;

  if (mountinfo == NULL)
    return -1;
  self = read_whole_file ("/proc/self/cgroup", err);
  if (self == NULL)
    return -1;
  if (nsbox_cgroup_parse_mountinfo (mountinfo, mounts, err) < 0)
    return -1;
  return nsbox_cgroup_parse_self (self, mounts, err);
}

/* v2 lists its controllers in the root's cgroup.controllers; v1 in the mount. */
static unsigned
mount_controllers (const struct nsbox_cgroup_mount *m)
{
  _cleanup_free_ char *path = NULL, *list = NULL;

  if (m->version == 1)
    return m->controllers;
  if (asprintf (&path, "%s/cgroup.controllers", m->mountpoint) < 0)
    return 0;
  list = read_whole_file (path, NULL);
  return list ? nsbox_cgroup_parse_controllers (list) : 0;
}

int
nsbox_cgroup_describe_host (char **text, struct nsbox_error **err)
{
  __attribute__ ((cleanup (nsbox_cgroup_mounts_release))) struct nsbox_cgroup_mounts mounts = { 0 };
  unsigned have[3] = { 0 };
  bool seen[3] = { false };
  _cleanup_free_ char *buf = NULL;
  size_t len = 0;
  FILE *out;

  if (nsbox_cgroup_load_mounts (&mounts, err) < 0)
    return -1;
  for (size_t i = 0; i < mounts.n; i++)
    {
      seen[mounts.v[i].version] = true;
      have[mounts.v[i].version] |= mount_controllers (&mounts.v[i]);
    }
  if ((out = open_memstream (&buf, &len)) == NULL)
    return nsbox_error_oom (err);
  for (int v = 1; v <= 2; v++)
    {
      if (!seen[v])
        continue;
      fprintf (out, "%sv%d (", seen[1] && v == 2 ? ", " : "", v);
      if (have[v] == 0)
        fputs ("no controllers", out);
      for (unsigned bit = 1, first = 1; bit <= NSBOX_CG_LAST; bit <<= 1)
        if (have[v] & bit)
          {
            fprintf (out, "%s%s", first ? "" : " ", nsbox_cgroup_controller_name (bit));
            first = 0;
          }
      fputc (')', out);
    }
  if (!seen[1] && !seen[2])
    fputs ("none", out);
  if (fclose (out) != 0)
    return nsbox_error_oom (err);
  *text = steal_pointer (&buf);
  return 0;
}
