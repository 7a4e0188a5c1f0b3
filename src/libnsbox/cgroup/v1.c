/* cgroup-v1.c - limits, statistics and killing in v1 hierarchies (one per
 * controller, or co-mounted like cpu,cpuacct). */
#define _GNU_SOURCE
#include "cgroup/internal.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/config.h"

#define FREEZE_WAIT_MS 200

static int
write_u64 (const struct nsbox_cgroup_dir *dir, const char *file, uint64_t value, struct nsbox_error **err)
{
  char buf[32];

  snprintf (buf, sizeof buf, "%" PRIu64, value);
  return nsbox_cgroup_write_at (dir->fd, dir->path, file, buf, err);
}

static int
set_memory (const struct nsbox_cgroup_dir *dir, uint64_t bytes, struct nsbox_error **err)
{
  /* A new cgroup inherits the parent's OOM killer setting; a disabled killer
   * would leave an over-limit sandbox hanging instead of reporting oom. */
  if (nsbox_cgroup_write_at (dir->fd, dir->path, "memory.oom_control", "0", err) < 0)
    return -1;
  if (bytes == NSBOX_UNLIMITED)
    return 0;
  /* memsw must stay >= the memory limit, so the memory limit goes first
   * (both start unlimited in a new cgroup). */
  if (write_u64 (dir, "memory.limit_in_bytes", bytes, err) < 0)
    return -1;
  /* Without swap accounting (swapaccount=0, or no swap support) the file does
   * not exist and there is no swap to limit through it. */
  if (nsbox_cgroup_has_file (dir->fd, "memory.memsw.limit_in_bytes")
      && write_u64 (dir, "memory.memsw.limit_in_bytes", bytes, err) < 0)
    return -1;
  return 0;
}

static int
set_cpu (const struct nsbox_cgroup_dir *dir, uint64_t millis, struct nsbox_error **err)
{
  uint64_t quota;

  if (millis == NSBOX_UNLIMITED)
    return 0;
  if (nsbox_cgroup_cpu_quota_us (millis, &quota, err) < 0)
    return -1;
  if (write_u64 (dir, "cpu.cfs_period_us", NSBOX_CG_CPU_PERIOD_US, err) < 0)
    return -1;
  return write_u64 (dir, "cpu.cfs_quota_us", quota, err);
}

static int
set_pids (const struct nsbox_cgroup_dir *dir, uint64_t pids, struct nsbox_error **err)
{
  return write_u64 (dir, "pids.max", pids, err);
}

int
nsbox_cgroup_v1_copy_cpuset (int parent_fd, const struct nsbox_cgroup_dir *dir, struct nsbox_error **err)
{
  static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
  char value[4096];

  for (size_t i = 0; i < sizeof files / sizeof *files; i++)
    {
      ssize_t n = nsbox_cgroup_read_at (parent_fd, files[i], value, sizeof value);

      if (n < 0)
        return nsbox_error_errno (err, (int) -n, "read the parent's %s of `%s`", files[i], dir->path);
      if (nsbox_cgroup_write_at (dir->fd, dir->path, files[i], value, err) < 0)
        return -1;
    }
  return 0;
}

const struct nsbox_cgroup_limit_writers nsbox_cgroup_v1_writers = { set_memory, set_cpu, set_pids };

static void
read_cpu (const struct nsbox_cgroup_dir *dir, struct nsbox_cgroup_stats *stats)
{
  int64_t user = nsbox_cgroup_read_number_at (dir->fd, "cpuacct.usage_user");
  int64_t sys = nsbox_cgroup_read_number_at (dir->fd, "cpuacct.usage_sys");
  long hz;

  if (user >= 0 && sys >= 0)
    {
      stats->have_cpu = true;
      stats->cpu_user_s = (double) user / 1e9;
      stats->cpu_system_s = (double) sys / 1e9;
      return;
    }
  /* Kernels before 4.6 only have cpuacct.stat, in clock ticks. */
  user = nsbox_cgroup_read_key_at (dir->fd, "cpuacct.stat", "user");
  sys = nsbox_cgroup_read_key_at (dir->fd, "cpuacct.stat", "system");
  hz = sysconf (_SC_CLK_TCK);
  if (user >= 0 && sys >= 0 && hz > 0)
    {
      stats->have_cpu = true;
      stats->cpu_user_s = (double) user / (double) hz;
      stats->cpu_system_s = (double) sys / (double) hz;
    }
}

void
nsbox_cgroup_v1_read_stats (const struct nsbox_cgroup_dir *dir, struct nsbox_cgroup_stats *stats)
{
  if (dir->controllers & NSBOX_CG_MEMORY)
    {
      stats->memory_peak_bytes = nsbox_cgroup_read_number_at (dir->fd, "memory.max_usage_in_bytes");
      /* oom_kill in memory.oom_control (4.13+) counts kills of tasks in this
       * cgroup and below; older kernels have no count, and failcnt (limit hits
       * that reclaim may have absorbed) is not one, so it stays unknown. */
      stats->oom_kills = nsbox_cgroup_read_key_at (dir->fd, "memory.oom_control", "oom_kill");
    }
  if ((dir->controllers & NSBOX_CG_CPUACCT) && !stats->have_cpu)
    read_cpu (dir, stats);
  /* pids.peak is not in every kernel's v1 pids controller. */
  if (dir->controllers & NSBOX_CG_PIDS)
    stats->pids_peak = nsbox_cgroup_read_number_at (dir->fd, "pids.peak");
}

static bool
wait_frozen (const struct nsbox_cgroup_dir *dir)
{
  char state[32];

  for (int waited = 0; waited < FREEZE_WAIT_MS; waited++)
    {
      if (nsbox_cgroup_read_at (dir->fd, "freezer.state", state, sizeof state) > 0
          && strncmp (state, "FROZEN", 6) == 0)
        return true;
      nsbox_cgroup_sleep_ms (1);
    }
  return false;
}

int
nsbox_cgroup_v1_kill_round (const struct nsbox_cgroup_dir *dir, int sig)
{
  int n;

  if (!(dir->controllers & NSBOX_CG_FREEZER))
    return nsbox_cgroup_signal_procs (dir->fd, sig);
  /* Frozen, nothing can fork past the listing and no listed pid can exit and
   * be reused before its signal arrives; thawing lets SIGKILL take effect. */
  if (nsbox_cgroup_write_at (dir->fd, dir->path, "freezer.state", "FROZEN", NULL) == 0)
    wait_frozen (dir);
  n = nsbox_cgroup_signal_procs (dir->fd, sig);
  nsbox_cgroup_write_at (dir->fd, dir->path, "freezer.state", "THAWED", NULL);
  return n;
}
