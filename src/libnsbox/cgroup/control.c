#define _GNU_SOURCE
/* control.c - acting on a cgroup that outlives the nsbox that made it.
 *
 * An OCI runtime is many short invocations on one container: `create` makes
 * the cgroup and exits, `pause`, `update`, `ps`, `kill --all` and `delete`
 * find it again by its recorded paths (nsbox_cgroup_open_paths).  Each
 * directory's role is read back from the files it holds. */
#include "cgroup/internal.h"
#include "base/cleanup.h"
#include "base/strv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FREEZE_WAIT_MS 2000

unsigned
nsbox_cgroup_controllers_of (int dirfd, int version)
{
  char buf[512];

  if (version == 2)
    return nsbox_cgroup_read_at (dirfd, "cgroup.controllers", buf, sizeof buf) < 0
               ? 0
               : nsbox_cgroup_parse_controllers (buf) & (NSBOX_CG_MEMORY | NSBOX_CG_CPU | NSBOX_CG_PIDS);
  if (nsbox_cgroup_has_file (dirfd, "freezer.state"))
    return NSBOX_CG_FREEZER;
  if (nsbox_cgroup_has_file (dirfd, "memory.limit_in_bytes"))
    return NSBOX_CG_MEMORY;
  if (nsbox_cgroup_has_file (dirfd, "pids.max"))
    return NSBOX_CG_PIDS;
  if (nsbox_cgroup_has_file (dirfd, "cpuset.cpus"))
    return NSBOX_CG_CPUSET;
  if (nsbox_cgroup_has_file (dirfd, "devices.allow"))
    return NSBOX_CG_DEVICES;
  /* cpu and cpuacct are often one hierarchy (cpu,cpuacct). */
  return (nsbox_cgroup_has_file (dirfd, "cpu.cfs_quota_us") ? NSBOX_CG_CPU : 0)
         | (nsbox_cgroup_has_file (dirfd, "cpuacct.usage") ? NSBOX_CG_CPUACCT : 0);
}

/* The directory that freezes the whole tree: cgroup2's core cgroup.freeze
 * (present even where the unified mount holds no controller), else the v1
 * freezer. */
static const struct nsbox_cgroup_dir *
freezer_dir (const struct nsbox_cgroup *cg, bool *v2)
{
  if (cg->v2 >= 0 && nsbox_cgroup_has_file (cg->dirs[cg->v2].fd, "cgroup.freeze"))
    {
      *v2 = true;
      return &cg->dirs[cg->v2];
    }
  *v2 = false;
  for (size_t i = 0; i < cg->n_dirs; i++)
    if (cg->dirs[i].version == 1 && (cg->dirs[i].controllers & NSBOX_CG_FREEZER))
      return &cg->dirs[i];
  return NULL;
}

static bool
is_frozen (const struct nsbox_cgroup_dir *d, bool v2)
{
  char state[32];

  if (v2)
    return nsbox_cgroup_read_key_at (d->fd, "cgroup.events", "frozen") == 1;
  return nsbox_cgroup_read_at (d->fd, "freezer.state", state, sizeof state) > 0 && strncmp (state, "FROZEN", 6) == 0;
}

int
nsbox_cgroup_freeze (struct nsbox_cgroup *cg, bool frozen, struct nsbox_error **err)
{
  bool v2;
  const struct nsbox_cgroup_dir *d = freezer_dir (cg, &v2);
  const char *value = v2 ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED");

  if (d == NULL)
    return nsbox_error_errno (err, ENOTSUP, "no freezer: neither cgroup.freeze nor a v1 freezer cgroup");
  if (nsbox_cgroup_write_at (d->fd, d->path, v2 ? "cgroup.freeze" : "freezer.state", value, err) < 0)
    return -1;
  for (int waited = 0; waited < FREEZE_WAIT_MS; waited++)
    {
      if (is_frozen (d, v2) == frozen)
        return 0;
      nsbox_cgroup_sleep_ms (1);
    }
  return nsbox_error_errno (err, ETIMEDOUT, "cgroup `%s` is not %s after %d ms", d->path,
                            frozen ? "frozen" : "thawed", FREEZE_WAIT_MS);
}

int
nsbox_cgroup_frozen (const struct nsbox_cgroup *cg)
{
  bool v2;
  const struct nsbox_cgroup_dir *d = freezer_dir (cg, &v2);

  return d != NULL && is_frozen (d, v2);
}

int
nsbox_cgroup_list_pids (const struct nsbox_cgroup *cg, pid_t **pids, size_t *n, struct nsbox_error **err)
{
  const struct nsbox_cgroup_dir *d = cg->v2 >= 0 ? &cg->dirs[cg->v2] : cg->n_dirs ? &cg->dirs[0] : NULL;
  _cleanup_free_ pid_t *v = NULL;
  _cleanup_fclose_ FILE *f = NULL;
  size_t count = 0, cap = 0;
  long pid;
  int fd;

  *pids = NULL;
  *n = 0;
  if (d == NULL)
    return 0;
  /* cgroup.procs lists this directory only; a container may have made
   * cgroups below it, whose processes are still its own. */
  fd = openat (d->fd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
  if (fd < 0 || (f = fdopen (fd, "r")) == NULL)
    {
      if (fd >= 0)
        close (fd);
      return nsbox_error_errno (err, errno, "read `%s/cgroup.procs`", d->path);
    }
  while (fscanf (f, "%ld", &pid) == 1)
    {
      if (count == cap)
        {
          pid_t *grown = realloc (v, (cap = cap ? cap * 2 : 16) * sizeof *v);
          if (grown == NULL)
            return nsbox_error_oom (err);
          v = grown;
        }
      v[count++] = (pid_t) pid;
    }
  *pids = steal_pointer (&v);
  *n = count;
  return 0;
}

int
nsbox_cgroup_set_file (struct nsbox_cgroup *cg, const char *file, const char *value, struct nsbox_error **err)
{
  if (strchr (file, '/') != NULL || file[0] == '.')
    return nsbox_error_errno (err, EINVAL, "invalid cgroup file name `%s`", file);
  /* cgroup2 first: on a hybrid host a name may exist in both. */
  if (cg->v2 >= 0 && nsbox_cgroup_has_file (cg->dirs[cg->v2].fd, file))
    return nsbox_cgroup_write_at (cg->dirs[cg->v2].fd, cg->dirs[cg->v2].path, file, value, err);
  for (size_t i = 0; i < cg->n_dirs; i++)
    if (cg->dirs[i].version == 1 && nsbox_cgroup_has_file (cg->dirs[i].fd, file))
      return nsbox_cgroup_write_at (cg->dirs[i].fd, cg->dirs[i].path, file, value, err);
  return nsbox_error_errno (err, ENOENT, "no cgroup of this container has the file `%s` (controller not enabled?)",
                            file);
}

bool
nsbox_cgroup_is_v2 (const struct nsbox_cgroup *cg, const char *file)
{
  return cg->v2 >= 0 && nsbox_cgroup_has_file (cg->dirs[cg->v2].fd, file);
}

int
nsbox_cgroup_update_limits (struct nsbox_cgroup *cg, const struct nsbox_cgroup_limits *limits,
                            struct nsbox_error **err)
{
  for (size_t i = 0; i < cg->n_dirs; i++)
    {
      const struct nsbox_cgroup_dir *d = &cg->dirs[i];
      const struct nsbox_cgroup_limit_writers *w = d->version == 2 ? &nsbox_cgroup_v2_writers : &nsbox_cgroup_v1_writers;

      if ((d->controllers & NSBOX_CG_MEMORY) && limits->memory_bytes != 0 && w->memory (d, limits->memory_bytes, err) < 0)
        return -1;
      if ((d->controllers & NSBOX_CG_CPU) && limits->cpu_millis != 0 && w->cpu (d, limits->cpu_millis, err) < 0)
        return -1;
      if ((d->controllers & NSBOX_CG_PIDS) && limits->pids != 0 && limits->pids != NSBOX_UNLIMITED
          && w->pids (d, limits->pids, err) < 0)
        return -1;
    }
  return 0;
}

/* A directory made below a parent we also made: on v1 a cpuset one needs
 * its parent's CPUs and nodes before it takes a process, on v2 its parent
 * must hand it the controllers (only ever ours: nsbox does not change a
 * cgroup it did not create). */
static int
prepare_made (const struct nsbox_cgroup_mount *m, const char *path, bool parent_is_ours, struct nsbox_error **err)
{
  _cleanup_free_ char *parent = strndup (path, (size_t) (strrchr (path, '/') - path));
  _cleanup_close_ int parent_fd = -1, fd = -1;
  char buf[4096];

  if (parent == NULL)
    return nsbox_error_oom (err);
  parent_fd = open (parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (parent_fd < 0 || fd < 0)
    return nsbox_error_errno (err, errno, "open cgroup `%s`", fd < 0 ? path : parent);
  if (m->version == 1 && (m->controllers & NSBOX_CG_CPUSET))
    {
      struct nsbox_cgroup_dir d = { .version = 1, .path = (char *) path, .fd = fd };
      return nsbox_cgroup_v1_copy_cpuset (parent_fd, &d, err);
    }
  if (m->version == 2 && parent_is_ours && nsbox_cgroup_read_at (parent_fd, "cgroup.controllers", buf, sizeof buf) >= 0)
    {
      unsigned want = nsbox_cgroup_parse_controllers (buf) & (NSBOX_CG_MEMORY | NSBOX_CG_CPU | NSBOX_CG_PIDS);
      return nsbox_cgroup_v2_enable (parent_fd, parent, want, true, err);
    }
  return 0;
}

/* mkdir -p of one directory below a mount point, recording what it made. */
static int
make_below (const struct nsbox_cgroup_mount *m, const char *rel, char ***made, struct nsbox_error **err)
{
  _cleanup_free_ char *path = NULL;
  bool parent_is_ours = false;

  if (asprintf (&path, "%s/%s", m->mountpoint, rel) < 0)
    return nsbox_error_oom (err);
  for (char *p = path + strlen (m->mountpoint) + 1;; p++)
    {
      char saved = *p;
      if (saved != '/' && saved != '\0')
        continue;
      *p = '\0';
      if (mkdir (path, 0755) == 0)
        {
          if (nsbox_strv_append (made, path, err) < 0 || prepare_made (m, path, parent_is_ours, err) < 0)
            return -1;
          parent_is_ours = true;
        }
      else if (errno != EEXIST)
        return nsbox_error_errno (err, errno, "create cgroup `%s`", path);
      *p = saved;
      if (saved == '\0')
        return 0;
    }
}

int
nsbox_cgroup_make_parents (const char *parent, char ***made, struct nsbox_error **err)
{
  __attribute__ ((cleanup (nsbox_cgroup_mounts_release))) struct nsbox_cgroup_mounts mounts = { 0 };
  const char *rel = parent;

  while (*rel == '/')
    rel++;
  if (*rel == '\0')
    return 0;
  if (!nsbox_cgroup_path_is_clean (rel))
    return nsbox_error_errno (err, EINVAL, "cgroup path `%s` contains `.` or `..`", parent);
  if (nsbox_cgroup_load_mounts (&mounts, err) < 0)
    return -1;
  /* Where create may make a directory: the cgroup2 mount and the v1
   * hierarchies of the controllers nsbox uses. */
  for (size_t i = 0; i < mounts.n; i++)
    {
      const struct nsbox_cgroup_mount *m = &mounts.v[i];
      const unsigned used = NSBOX_CG_MEMORY | NSBOX_CG_CPU | NSBOX_CG_CPUACCT | NSBOX_CG_PIDS | NSBOX_CG_FREEZER
                            | NSBOX_CG_CPUSET | NSBOX_CG_DEVICES;

      if (m->version == 1 && !(m->controllers & used))
        continue;
      if (strcmp (m->root, "/") != 0)
        continue;
      if (make_below (m, rel, made, err) < 0)
        return -1;
    }
  return 0;
}

int
nsbox_cgroup_v2_fd (const struct nsbox_cgroup *cg)
{
  return cg->v2 >= 0 ? cg->dirs[cg->v2].fd : -1;
}

bool
nsbox_cgroup_is_v1 (const struct nsbox_cgroup *cg, const char *file)
{
  for (size_t i = 0; i < cg->n_dirs; i++)
    if (cg->dirs[i].version == 1 && nsbox_cgroup_has_file (cg->dirs[i].fd, file))
      return true;
  return false;
}
