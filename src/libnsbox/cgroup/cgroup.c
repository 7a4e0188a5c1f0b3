/* cgroup.c - placement, creation, joining, killing and removal of a sandbox's
 * cgroups on v2, v1 and hybrid hosts.  Detection lives in cgroup-detect.c,
 * file access in cgroup-files.c, the per-version files in cgroup-v1.c and
 * cgroup-v2.c. */
#define _GNU_SOURCE
#include "cgroup/cgroup.h"
#include "cgroup/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "sandbox/config.h"

#ifndef CGROUP_SUPER_MAGIC
#define CGROUP_SUPER_MAGIC 0x27e0eb
#endif
#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/* How long removal waits for a cgroup to drain after SIGKILL. */
#define DRAIN_TIMEOUT_MS 2000
#define DRAIN_STEP_MS 10

/* ---------------------------------------------------------------- creation */

static struct nsbox_cgroup_mount *
v2_mount (struct nsbox_cgroup_mounts *mounts)
{
  for (size_t i = 0; i < mounts->n; i++)
    if (mounts->v[i].version == 2 && mounts->v[i].own != NULL)
      return &mounts->v[i];
  return NULL;
}


static void
cgroup_free (struct nsbox_cgroup *cg)
{
  if (cg == NULL)
    return;
  for (size_t i = 0; i < cg->n_dirs; i++)
    {
      free (cg->dirs[i].path);
      if (cg->dirs[i].fd >= 0)
        close (cg->dirs[i].fd);
      if (cg->dirs[i].procs_fd >= 0)
        close (cg->dirs[i].procs_fd);
    }
  if (cg->memory_current_fd >= 0)
    close (cg->memory_current_fd);
  free (cg);
}

/* Creation failed half way: remove what exists, keep the first error. */
static void
cgroup_abandon (struct nsbox_cgroup **cg)
{
  _cleanup_error_ struct nsbox_error *ignored = NULL;

  if (*cg != NULL)
    nsbox_cgroup_destroy (steal_pointer (cg), &ignored);
}

/* mkdir `name` in `parent` and add it to cg (created directories are removed
 * by destroy, even when a later step fails). */
static int
make_dir (struct nsbox_cgroup *cg, int version, unsigned controllers, const char *parent, int parent_fd,
          const char *name, struct nsbox_error **err)
{
  struct nsbox_cgroup_dir *d = &cg->dirs[cg->n_dirs];
  _cleanup_free_ char *path = NULL;

  if (asprintf (&path, "%s/%s", parent, name) < 0)
    return nsbox_error_oom (err);
  if (mkdirat (parent_fd, name, 0755) < 0)
    return nsbox_error_errno (err, errno, "create cgroup `%s`", path);
  *d = (struct nsbox_cgroup_dir){
    .version = version, .controllers = controllers, .path = steal_pointer (&path), .fd = -1, .procs_fd = -1
  };
  cg->n_dirs++;
  d->fd = openat (parent_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (d->fd < 0)
    return nsbox_error_errno (err, errno, "open `%s`", d->path);
  d->procs_fd = openat (d->fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
  if (d->procs_fd < 0)
    return nsbox_error_errno (err, errno, "open `%s/cgroup.procs`", d->path);
  return 0;
}

/* The limits a directory's controllers take, in the version's own files. */
static int
set_limits (const struct nsbox_cgroup_dir *dir, const struct nsbox_cgroup_limit_writers *write,
            const struct nsbox_cgroup_limits *limits, struct nsbox_error **err)
{
  if ((dir->controllers & NSBOX_CG_MEMORY) && write->memory (dir, limits->memory_bytes, err) < 0)
    return -1;
  if ((dir->controllers & NSBOX_CG_CPU) && write->cpu (dir, limits->cpu_millis, err) < 0)
    return -1;
  if ((dir->controllers & NSBOX_CG_PIDS) && limits->pids != NSBOX_UNLIMITED && write->pids (dir, limits->pids, err) < 0)
    return -1;
  return 0;
}

static int
open_parent (const struct nsbox_cgroup_mount *m, const char *parent, char **dir, struct nsbox_error **err)
{
  int fd;

  if (nsbox_cgroup_parent_dir (m, parent, dir, err) < 0)
    return -1;
  fd = open (*dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open cgroup `%s`", *dir);
  return fd;
}

/* Controllers a limit needs: missing ones are an error, others only cost stats. */
static unsigned
required_controllers (const struct nsbox_cgroup_limits *limits)
{
  unsigned need = 0;

  if (limits->memory_bytes != NSBOX_UNLIMITED)
    need |= NSBOX_CG_MEMORY;
  if (limits->cpu_millis != NSBOX_UNLIMITED || limits->cpu_controller)
    need |= NSBOX_CG_CPU;
  if (limits->pids != NSBOX_UNLIMITED)
    need |= NSBOX_CG_PIDS;
  return need;
}

/* Whether our cgroup2 directory (on a hybrid host: in the otherwise empty
 * unified mount) can stand in for the v1 freezer and cpuacct: cgroup.kill
 * (5.14+) kills atomically and the core cpu.stat has exact CPU times.  Then
 * those two hierarchies are not worth a mkdir and an rmdir per sandbox. */
static bool
v2_covers_kill_and_cpu_time (const struct nsbox_cgroup *cg)
{
  int fd = cg->v2 >= 0 ? cg->dirs[cg->v2].fd : -1;

  return fd >= 0 && nsbox_cgroup_has_file (fd, "cgroup.kill") && nsbox_cgroup_has_file (fd, "cpu.stat");
}

/* Whether some v1 hierarchy will hold a directory of ours. */
static bool
v1_in_use (const struct nsbox_cgroup_mounts *mounts, unsigned wanted)
{
  for (size_t i = 0; i < mounts->n; i++)
    if (mounts->v[i].version == 1 && mounts->v[i].own != NULL && (mounts->v[i].controllers & wanted))
      return true;
  return false;
}

/* v1 hierarchies worth a directory: those of a limit, memory and pids for
 * their peaks and OOM count, the freezer unless cgroup2 covers it, and
 * cpuacct and cpuset, which a runtime inside reads with cpu and memory to
 * size itself (a JVM that misses one of the four sees none). */
static unsigned
wanted_v1 (const struct nsbox_cgroup_limits *limits, bool v2_covers)
{
  unsigned want = required_controllers (limits) | NSBOX_CG_MEMORY | NSBOX_CG_PIDS | NSBOX_CG_CPUACCT | NSBOX_CG_CPUSET;

  if (limits->devices_controller)
    want |= NSBOX_CG_DEVICES;
  if (!v2_covers)
    want |= NSBOX_CG_FREEZER;
  return want;
}

static int
create_v1 (struct nsbox_cgroup *cg, struct nsbox_cgroup_mounts *mounts, const char *parent, const char *name,
           const struct nsbox_cgroup_limits *limits, unsigned wanted, unsigned *have, struct nsbox_error **err)
{
  for (size_t i = 0; i < mounts->n; i++)
    {
      struct nsbox_cgroup_mount *m = &mounts->v[i];
      _cleanup_free_ char *dir = NULL;
      _cleanup_close_ int parent_fd = -1;
      unsigned use = m->controllers & wanted & ~*have;

      if (m->version != 1 || use == 0 || m->own == NULL)
        continue;
      parent_fd = open_parent (m, parent, &dir, err);
      if (parent_fd < 0)
        return -1;
      if (make_dir (cg, 1, use, dir, parent_fd, name, err) < 0)
        return -1;
      if ((use & NSBOX_CG_CPUSET) && nsbox_cgroup_v1_copy_cpuset (parent_fd, &cg->dirs[cg->n_dirs - 1], err) < 0)
        return -1;
      if (set_limits (&cg->dirs[cg->n_dirs - 1], &nsbox_cgroup_v1_writers, limits, err) < 0)
        return -1;
      *have |= use;
    }
  return 0;
}

static int
forget_error (struct nsbox_error **err)
{
  if (err != NULL)
    {
      nsbox_error_free (*err);
      *err = NULL;
    }
  return 0;
}

static int
create_v2 (struct nsbox_cgroup *cg, struct nsbox_cgroup_mounts *mounts, const char *parent, const char *name,
           const struct nsbox_cgroup_limits *limits, bool needed, unsigned *have, struct nsbox_error **err)
{
  struct nsbox_cgroup_mount *m = v2_mount (mounts);
  const unsigned v2_capable = NSBOX_CG_MEMORY | NSBOX_CG_CPU | NSBOX_CG_PIDS;
  _cleanup_free_ char *dir = NULL;
  _cleanup_close_ int parent_fd = -1;
  char buf[512];
  unsigned available, use;
  size_t before;
  bool optional;
  struct nsbox_cgroup_dir *d;

  if (m == NULL)
    return 0;
  /* On a hybrid host the cgroup2 directory only tracks the tree (cgroup.kill,
   * cpu.stat); when the controllers live on v1 a cgroup2 mount we cannot use
   * costs nothing (the v1 freezer and cpuacct stand in), and the check for
   * missing controllers speaks for it. */
  optional = !needed;
  parent_fd = open_parent (m, parent, &dir, err);
  if (parent_fd < 0)
    return optional ? forget_error (err) : -1;
  if (nsbox_cgroup_read_at (parent_fd, "cgroup.controllers", buf, sizeof buf) < 0)
    return nsbox_error_errno (err, errno, "read `%s/cgroup.controllers`", dir);
  available = nsbox_cgroup_parse_controllers (buf) & v2_capable;
  if (nsbox_cgroup_read_at (parent_fd, "cgroup.subtree_control", buf, sizeof buf) < 0)
    return nsbox_error_errno (err, errno, "read `%s/cgroup.subtree_control`", dir);
  /* Limits need their controller; memory and pids only for the numbers are
   * taken where already enabled, never worth an error.  cpu without a limit
   * costs nothing: CPU time comes from the core cpu.stat. */
  use = available & ~*have
        & (required_controllers (limits) | (nsbox_cgroup_parse_controllers (buf) & (NSBOX_CG_MEMORY | NSBOX_CG_PIDS)));
  if (use != 0 && nsbox_cgroup_v2_enable (parent_fd, dir, use, parent != NULL, err) < 0)
    return -1;
  before = cg->n_dirs;
  if (make_dir (cg, 2, use, dir, parent_fd, name, err) < 0)
    return (use == 0 && optional && cg->n_dirs == before) ? forget_error (err) : -1;
  d = &cg->dirs[cg->n_dirs - 1];
  cg->v2 = (int) (cg->n_dirs - 1);
  if (set_limits (d, &nsbox_cgroup_v2_writers, limits, err) < 0)
    return -1;
  if ((use & NSBOX_CG_MEMORY) && !nsbox_cgroup_has_file (d->fd, "memory.peak"))
    {
      cg->memory_current_fd = openat (d->fd, "memory.current", O_RDONLY | O_CLOEXEC);
      if (cg->memory_current_fd < 0)
        return nsbox_error_errno (err, errno, "open `%s/memory.current`", d->path);
    }
  *have |= use;
  return 0;
}

/* Where create_v2 and create_v1 may make a directory: the cgroup2 mount and
 * every v1 hierarchy with a controller they might want. */
static int
planned_paths (struct nsbox_cgroup_mounts *mounts, const char *parent, const char *name,
               const struct nsbox_cgroup_limits *limits, char ***paths, struct nsbox_error **err)
{
  _cleanup_strv_ char **v = calloc (mounts->n + 1, sizeof (char *));
  const struct nsbox_cgroup_mount *v2 = v2_mount (mounts);
  unsigned v1_wanted = wanted_v1 (limits, false);
  size_t n = 0;

  if (v == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; i < mounts->n; i++)
    {
      const struct nsbox_cgroup_mount *m = &mounts->v[i];
      _cleanup_free_ char *dir = NULL;

      if (m->own == NULL || (m->version == 1 && !(m->controllers & v1_wanted)) || (m->version == 2 && m != v2))
        continue;
      if (nsbox_cgroup_parent_dir (m, parent, &dir, NULL) < 0)
        continue; /* creation reports it, where it matters */
      if (asprintf (&v[n], "%s/%s", dir, name) < 0)
        {
          v[n] = NULL;
          return nsbox_error_oom (err);
        }
      n++;
    }
  *paths = steal_pointer (&v);
  return 0;
}

struct nsbox_cgroup_plan
{
  struct nsbox_cgroup_mounts mounts;
  char *parent; /* NULL = our own cgroup */
  char *name;
  struct nsbox_cgroup_limits limits;
  char **paths;
};

void
nsbox_cgroup_plan_free (struct nsbox_cgroup_plan *plan)
{
  if (plan == NULL)
    return;
  nsbox_cgroup_mounts_release (&plan->mounts);
  free (plan->parent);
  free (plan->name);
  nsbox_strv_freep (&plan->paths);
  free (plan);
}

static void
plan_freep (struct nsbox_cgroup_plan **plan)
{
  nsbox_cgroup_plan_free (*plan);
}

int
nsbox_cgroup_plan (const char *parent, const char *name, const struct nsbox_cgroup_limits *limits,
                   struct nsbox_cgroup_plan **out, struct nsbox_error **err)
{
  __attribute__ ((cleanup (plan_freep))) struct nsbox_cgroup_plan *plan = NULL;

  if (nsbox_cgroup_check_name (name, err) < 0)
    return -1;
  if (parent != NULL && !nsbox_cgroup_path_is_clean (parent))
    return nsbox_error_errno (err, EINVAL, "cgroup parent `%s` contains `.` or `..`", parent);
  plan = calloc (1, sizeof *plan);
  if (plan == NULL || (plan->name = strdup (name)) == NULL || (parent && (plan->parent = strdup (parent)) == NULL))
    return nsbox_error_oom (err);
  plan->limits = *limits;
  if (nsbox_cgroup_load_mounts (&plan->mounts, err) < 0)
    return nsbox_error_prefix (err, "detect cgroups");
  if (planned_paths (&plan->mounts, parent, name, limits, &plan->paths, err) < 0)
    return -1;
  *out = steal_pointer (&plan);
  return 0;
}

char *const *
nsbox_cgroup_plan_paths (const struct nsbox_cgroup_plan *plan)
{
  return plan->paths;
}

int
nsbox_cgroup_create (const char *parent, const char *name, const struct nsbox_cgroup_limits *limits,
                     struct nsbox_cgroup **out, struct nsbox_error **err)
{
  __attribute__ ((cleanup (plan_freep))) struct nsbox_cgroup_plan *plan = NULL;

  if (nsbox_cgroup_plan (parent, name, limits, &plan, err) < 0)
    return -1;
  return nsbox_cgroup_create_planned (plan, out, err);
}

int
nsbox_cgroup_create_planned (struct nsbox_cgroup_plan *plan, struct nsbox_cgroup **out, struct nsbox_error **err)
{
  __attribute__ ((cleanup (cgroup_abandon))) struct nsbox_cgroup *cg = NULL;
  struct nsbox_cgroup_mounts *mounts = &plan->mounts;
  const struct nsbox_cgroup_limits *limits = &plan->limits;
  const char *parent = plan->parent, *name = plan->name;
  unsigned have = 0, missing;
  bool v1;

  cg = calloc (1, sizeof *cg);
  if (cg == NULL)
    return nsbox_error_oom (err);
  cg->v2 = -1;
  cg->memory_current_fd = -1;
  cg->sampled_peak = -1;

  /* cgroup2 first: whether its directory has cgroup.kill and cpu.stat decides
   * which v1 hierarchies are needed.  A controller bound to a v1 hierarchy is
   * never listed in cgroup2's cgroup.controllers, so nothing is taken twice. */
  v1 = v1_in_use (mounts, wanted_v1 (limits, false));
  if (create_v2 (cg, mounts, parent, name, limits, !v1, &have, err) < 0)
    return -1;
  if (create_v1 (cg, mounts, parent, name, limits, wanted_v1 (limits, v2_covers_kill_and_cpu_time (cg)), &have,
                 err) < 0)
    return -1;
  missing = required_controllers (limits) & ~have;
  for (unsigned bit = 1; bit <= NSBOX_CG_LAST; bit <<= 1)
    if (missing & bit)
      return nsbox_error_errno (err, ENOTSUP,
                                "the %s controller is neither mounted as cgroup v1 nor available in cgroup v2 here;"
                                " drop the %s limit or run where it is available",
                                nsbox_cgroup_controller_name (bit), nsbox_cgroup_controller_name (bit));
  if (cg->n_dirs == 0)
    return nsbox_error_errno (err, ENOTSUP, "no cgroup hierarchy found in /proc/self/mountinfo");
  *out = steal_pointer (&cg);
  return 0;
}

/* ---------------------------------------------------------------- running */

int
nsbox_cgroup_add_process (const struct nsbox_cgroup *cg, pid_t pid, struct nsbox_error **err)
{
  char buf[24];
  int len = snprintf (buf, sizeof buf, "%d", (int) pid);

  for (size_t i = 0; i < cg->n_dirs; i++)
    if (write (cg->dirs[i].procs_fd, buf, (size_t) len) != len)
      return nsbox_error_errno (err, errno, "move the sandbox into `%s`", cg->dirs[i].path);
  return 0;
}

bool
nsbox_cgroup_needs_sampling (const struct nsbox_cgroup *cg)
{
  return cg->memory_current_fd >= 0;
}

void
nsbox_cgroup_sample (struct nsbox_cgroup *cg)
{
  char buf[32];
  ssize_t n;
  int64_t v;

  if (cg->memory_current_fd < 0)
    return;
  if (lseek (cg->memory_current_fd, 0, SEEK_SET) < 0)
    return;
  n = read (cg->memory_current_fd, buf, sizeof buf - 1);
  if (n <= 0)
    return;
  buf[n] = '\0';
  v = nsbox_cgroup_parse_number (buf);
  if (v > cg->sampled_peak)
    cg->sampled_peak = v;
}

int
nsbox_cgroup_read_stats (struct nsbox_cgroup *cg, struct nsbox_cgroup_stats *stats, struct nsbox_error **err)
{
  *stats = (struct nsbox_cgroup_stats){
    .memory_peak_bytes = -1, .oom_kills = -1, .have_cpu = false, .pids_peak = -1,
  };
  /* The cgroup2 directory first, on hybrid hosts too: its cpu.stat splits the
   * exact runtime into user and system, while cpuacct.usage_user/_sys are
   * tick samples that a throttled task skews by a third. */
  if (cg->v2 >= 0)
    nsbox_cgroup_v2_read_stats (&cg->dirs[cg->v2], stats);
  for (size_t i = 0; i < cg->n_dirs; i++)
    if (cg->dirs[i].version == 1)
      nsbox_cgroup_v1_read_stats (&cg->dirs[i], stats);
  if (cg->memory_current_fd >= 0)
    {
      nsbox_cgroup_sample (cg);
      stats->memory_peak_bytes = cg->sampled_peak;
      stats->memory_peak_sampled = true;
    }
  return 0;
}

/* ---------------------------------------------------------------- killing */

/* One round over every directory: the cgroup2 one first (cgroup.kill is
 * atomic against forks), then the v1 freezer, then the other v1 hierarchies
 * for anything that escaped.  Returns processes still listed anywhere. */
static int
kill_round (struct nsbox_cgroup *cg, int sig)
{
  int remaining = 0;

  if (cg->v2 >= 0)
    nsbox_cgroup_v2_kill_round (&cg->dirs[cg->v2], sig);
  for (size_t i = 0; i < cg->n_dirs; i++)
    if (cg->dirs[i].version == 1 && (cg->dirs[i].controllers & NSBOX_CG_FREEZER))
      nsbox_cgroup_v1_kill_round (&cg->dirs[i], sig);
  for (size_t i = 0; i < cg->n_dirs; i++)
    if (cg->dirs[i].version == 1 && !(cg->dirs[i].controllers & NSBOX_CG_FREEZER))
      nsbox_cgroup_v1_kill_round (&cg->dirs[i], sig);
  for (size_t i = 0; i < cg->n_dirs; i++)
    {
      int n = nsbox_cgroup_count_procs (cg->dirs[i].fd);
      if (n > 0)
        remaining += n;
    }
  return remaining;
}

static int
kill_until_empty (struct nsbox_cgroup *cg, struct nsbox_error **err)
{
  for (long waited = 0;; waited += DRAIN_STEP_MS)
    {
      if (kill_round (cg, SIGKILL) == 0)
        return 0;
      if (waited >= DRAIN_TIMEOUT_MS)
        return nsbox_error_errno (err, EBUSY, "processes remain in cgroup `%s` %d ms after SIGKILL",
                                  cg->dirs[0].path, DRAIN_TIMEOUT_MS);
      nsbox_cgroup_sleep_ms (DRAIN_STEP_MS);
    }
}

int
nsbox_cgroup_kill (struct nsbox_cgroup *cg, int signal, struct nsbox_error **err)
{
  const struct nsbox_cgroup_dir *d;
  int n;

  if (cg->n_dirs == 0)
    return 0;
  if (signal == SIGKILL)
    return kill_until_empty (cg, err);
  /* A polite signal (SIGTERM before the grace period) goes to each process once. */
  d = cg->v2 >= 0 ? &cg->dirs[cg->v2] : &cg->dirs[0];
  n = nsbox_cgroup_signal_procs (d->fd, signal);
  if (n < 0)
    return nsbox_error_errno (err, -n, "read `%s/cgroup.procs`", d->path);
  return 0;
}

/* ---------------------------------------------------------------- removal */

/* The workload may have made cgroups of its own below ours (if it could
 * write there); rmdir needs them gone first, deepest first. */
static int
remove_tree (const char *path)
{
  _cleanup_closedir_ DIR *d = opendir (path);
  struct dirent *e;

  if (d == NULL)
    return errno == ENOENT ? 0 : -errno;
  while ((e = readdir (d)) != NULL)
    {
      _cleanup_free_ char *sub = NULL;
      if (e->d_type != DT_DIR || strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
        continue;
      if (asprintf (&sub, "%s/%s", path, e->d_name) < 0)
        return -ENOMEM;
      remove_tree (sub);
    }
  if (rmdir (path) < 0 && errno != ENOENT)
    return -errno;
  return 0;
}

static int
remove_dirs (struct nsbox_cgroup *cg, struct nsbox_error **err)
{
  int ret = 0;

  for (size_t i = cg->n_dirs; i-- > 0;)
    {
      struct nsbox_cgroup_dir *d = &cg->dirs[i];
      int r;

      for (long waited = 0;; waited += DRAIN_STEP_MS)
        {
          r = remove_tree (d->path);
          if (r != -EBUSY || waited >= DRAIN_TIMEOUT_MS)
            break;
          /* Populated again (or still exiting): another round, then retry. */
          if (waited % 100 == 0)
            kill_round (cg, SIGKILL);
          nsbox_cgroup_sleep_ms (DRAIN_STEP_MS);
        }
      if (r < 0 && ret == 0)
        ret = nsbox_error_errno (err, -r, "remove cgroup `%s`", d->path);
    }
  return ret;
}

/* The usual end: the pid namespace is gone with its init, so every
 * directory is empty and a plain rmdir each is all it takes.  Returns false
 * when one is busy (a process left, or a cgroup made below ours): then the
 * slow path kills and removes what is left. */
static bool
remove_empty_dirs (struct nsbox_cgroup *cg)
{
  while (cg->n_dirs > 0)
    {
      struct nsbox_cgroup_dir *d = &cg->dirs[cg->n_dirs - 1];

      if (rmdir (d->path) < 0 && errno != ENOENT)
        return false;
      free (d->path);
      if (d->fd >= 0)
        close (d->fd);
      if (d->procs_fd >= 0)
        close (d->procs_fd);
      if ((int) cg->n_dirs - 1 == cg->v2)
        cg->v2 = -1;
      cg->n_dirs--;
    }
  return true;
}

int
nsbox_cgroup_destroy (struct nsbox_cgroup *cg, struct nsbox_error **err)
{
  _cleanup_error_ struct nsbox_error *kill_err = NULL;
  int ret = 0;

  if (cg == NULL)
    return 0;
  if (!remove_empty_dirs (cg))
    {
      /* A failed kill still leaves removal to try (and report). */
      kill_until_empty (cg, &kill_err);
      ret = remove_dirs (cg, err);
    }
  cgroup_free (cg);
  return ret;
}

char **
nsbox_cgroup_paths (const struct nsbox_cgroup *cg)
{
  char **v = calloc (cg->n_dirs + 1, sizeof *v);

  if (v == NULL)
    return NULL;
  for (size_t i = 0; i < cg->n_dirs; i++)
    {
      v[i] = strdup (cg->dirs[i].path);
      if (v[i] == NULL)
        {
          for (size_t j = 0; j < i; j++)
            free (v[j]);
          free (v);
          return NULL;
        }
    }
  return v;
}

/* gc: the paths come from a state file; act only on real cgroup directories
 * whose last component looks like one of ours. */
static int
adopt_path (struct nsbox_cgroup *cg, const char *path, bool any_name, struct nsbox_error **err)
{
  struct nsbox_cgroup_dir *d = &cg->dirs[cg->n_dirs];
  struct statfs sfs;
  const char *base = strrchr (path, '/');
  _cleanup_close_ int fd = -1;

  if (path[0] != '/' || base == NULL || (!any_name && strncmp (base + 1, "nsbox-", 6) != 0)
      || !nsbox_cgroup_path_is_clean (path))
    return nsbox_error_errno (err, EINVAL, "refusing to remove `%s`: not an nsbox cgroup path", path);
  fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 && errno == ENOENT)
    return 0;
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open cgroup `%s`", path);
  if (fstatfs (fd, &sfs) < 0)
    return nsbox_error_errno (err, errno, "statfs `%s`", path);
  if (sfs.f_type != CGROUP_SUPER_MAGIC && sfs.f_type != CGROUP2_SUPER_MAGIC)
    return nsbox_error_errno (err, EINVAL, "refusing to remove `%s`: not on a cgroup file system", path);
  *d = (struct nsbox_cgroup_dir){ .version = sfs.f_type == CGROUP2_SUPER_MAGIC ? 2 : 1, .procs_fd = -1 };
  d->path = strdup (path);
  if (d->path == NULL)
    return nsbox_error_oom (err);
  d->fd = steal_fd (&fd);
  d->controllers = nsbox_cgroup_controllers_of (d->fd, d->version);
  /* For a process joining later (the OCI runtime's exec); gc never writes it. */
  d->procs_fd = openat (d->fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
  if (d->version == 2 && cg->v2 < 0)
    cg->v2 = (int) cg->n_dirs;
  cg->n_dirs++;
  return 0;
}

int
nsbox_cgroup_find (const char *parent, const char *name, char ***paths, struct nsbox_error **err)
{
  __attribute__ ((cleanup (nsbox_cgroup_mounts_release))) struct nsbox_cgroup_mounts mounts = { 0 };
  _cleanup_strv_ char **found = calloc (1, sizeof (char *));
  size_t n = 0;

  if (found == NULL)
    return nsbox_error_oom (err);
  if (nsbox_cgroup_check_name (name, err) < 0 || nsbox_cgroup_load_mounts (&mounts, err) < 0)
    return -1;
  for (size_t i = 0; i < mounts.n; i++)
    {
      _cleanup_free_ char *dir = NULL;
      _cleanup_free_ char *path = NULL;
      char **grown;

      if (mounts.v[i].own == NULL || nsbox_cgroup_parent_dir (&mounts.v[i], parent, &dir, NULL) < 0)
        continue;
      if (asprintf (&path, "%s/%s", dir, name) < 0)
        return nsbox_error_oom (err);
      if (access (path, F_OK) < 0)
        continue;
      grown = realloc (found, (n + 2) * sizeof *grown);
      if (grown == NULL)
        return nsbox_error_oom (err);
      found = grown;
      found[n++] = steal_pointer (&path);
      found[n] = NULL;
    }
  *paths = steal_pointer (&found);
  return 0;
}

/* Every recorded path as one cgroup again; any_name: the caller made them
 * under names it chose (a container's cgroupsPath), not nsbox-*. */
static int
adopt_paths (char *const *paths, bool any_name, struct nsbox_cgroup **out, struct nsbox_error **err)
{
  struct nsbox_cgroup *cg = calloc (1, sizeof *cg);

  if (cg == NULL)
    return nsbox_error_oom (err);
  cg->v2 = -1;
  cg->memory_current_fd = -1;
  for (size_t i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      if (cg->n_dirs == NSBOX_CG_MAX_DIRS)
        {
          cgroup_free (cg);
          return nsbox_error_errno (err, E2BIG, "too many cgroup paths");
        }
      if (adopt_path (cg, paths[i], any_name, err) < 0)
        {
          cgroup_free (cg);
          return -1;
        }
    }
  *out = cg;
  return 0;
}

int
nsbox_cgroup_remove_paths (char *const *paths, struct nsbox_error **err)
{
  struct nsbox_cgroup *cg = NULL;

  if (adopt_paths (paths, false, &cg, err) < 0)
    return -1;
  return nsbox_cgroup_destroy (cg, err);
}

int
nsbox_cgroup_open_paths (char *const *paths, struct nsbox_cgroup **out, struct nsbox_error **err)
{
  return adopt_paths (paths, true, out, err);
}

void
nsbox_cgroup_close (struct nsbox_cgroup *cg)
{
  if (cg != NULL)
    cgroup_free (cg);
}
