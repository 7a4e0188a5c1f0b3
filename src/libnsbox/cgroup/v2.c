/* cgroup-v2.c - limits, statistics and killing in the unified hierarchy. */
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

static const char *const v2_names[] = { "memory", "cpu", "pids" };
static const unsigned v2_bits[] = { NSBOX_CG_MEMORY, NSBOX_CG_CPU, NSBOX_CG_PIDS };

static bool
cgroup_has_processes (int dirfd)
{
  return nsbox_cgroup_read_key_at (dirfd, "cgroup.events", "populated") > 0 && nsbox_cgroup_count_procs (dirfd) > 0;
}

/* Make `controllers` available to children of `parent`.  nsbox only writes
 * cgroup.subtree_control of a parent the user named (--cgroup-parent): the
 * cgroup nsbox runs in belongs to whoever put it there. */
int
nsbox_cgroup_v2_enable (int parent_fd, const char *parent, unsigned controllers, bool may_enable,
                        struct nsbox_error **err)
{
  char buf[512];
  unsigned enabled;
  bool is_root;

  if (nsbox_cgroup_read_at (parent_fd, "cgroup.subtree_control", buf, sizeof buf) < 0)
    return nsbox_error_errno (err, errno, "read `%s/cgroup.subtree_control`", parent);
  enabled = nsbox_cgroup_parse_controllers (buf);
  /* The root cgroup has no cgroup.events; it is exempt from the rule below. */
  is_root = !nsbox_cgroup_has_file (parent_fd, "cgroup.events");

  for (size_t i = 0; i < sizeof v2_bits / sizeof v2_bits[0]; i++)
    {
      char change[32];

      if (!(controllers & v2_bits[i]) || (enabled & v2_bits[i]))
        continue;
      if (!is_root && cgroup_has_processes (parent_fd))
        return nsbox_error_errno (
            err, EBUSY,
            "cgroup `%s` holds processes, so the kernel's no-internal-processes rule forbids enabling the %s "
            "controller for its children; pass --cgroup-parent with an empty cgroup that has it enabled "
            "(or one nsbox may enable it in)",
            parent, v2_names[i]);
      if (!may_enable)
        return nsbox_error_errno (err, EPERM,
                                  "the %s controller is not enabled for children of cgroup `%s` "
                                  "(cgroup.subtree_control) and nsbox does not change cgroups it did not create; "
                                  "enable it there or pass --cgroup-parent",
                                  v2_names[i], parent);
      snprintf (change, sizeof change, "+%s", v2_names[i]);
      if (nsbox_cgroup_write_at (parent_fd, parent, "cgroup.subtree_control", change, err) < 0)
        return nsbox_error_prefix (err, "enable the %s controller for children of `%s`", v2_names[i], parent);
    }
  return 0;
}

static int
write_value (const struct nsbox_cgroup_dir *dir, const char *file, uint64_t value, struct nsbox_error **err)
{
  char buf[32];

  if (value == NSBOX_UNLIMITED)
    snprintf (buf, sizeof buf, "max");
  else
    snprintf (buf, sizeof buf, "%" PRIu64, value);
  return nsbox_cgroup_write_at (dir->fd, dir->path, file, buf, err);
}

static int
set_memory (const struct nsbox_cgroup_dir *dir, uint64_t bytes, struct nsbox_error **err)
{
  if (bytes == NSBOX_UNLIMITED)
    return 0;
  if (write_value (dir, "memory.max", bytes, err) < 0)
    return -1;
  /* No swap file: without swap accounting (or swap) there is nothing to limit. */
  if (nsbox_cgroup_has_file (dir->fd, "memory.swap.max") && write_value (dir, "memory.swap.max", 0, err) < 0)
    return -1;
  return 0;
}

static int
set_cpu (const struct nsbox_cgroup_dir *dir, uint64_t millis, struct nsbox_error **err)
{
  char buf[64];
  uint64_t quota;

  if (millis == NSBOX_UNLIMITED)
    return 0;
  if (nsbox_cgroup_cpu_quota_us (millis, &quota, err) < 0)
    return -1;
  snprintf (buf, sizeof buf, "%" PRIu64 " %d", quota, NSBOX_CG_CPU_PERIOD_US);
  return nsbox_cgroup_write_at (dir->fd, dir->path, "cpu.max", buf, err);
}

static int
set_pids (const struct nsbox_cgroup_dir *dir, uint64_t pids, struct nsbox_error **err)
{
  return write_value (dir, "pids.max", pids, err);
}

const struct nsbox_cgroup_limit_writers nsbox_cgroup_v2_writers = { set_memory, set_cpu, set_pids };

void
nsbox_cgroup_v2_read_stats (const struct nsbox_cgroup_dir *dir, struct nsbox_cgroup_stats *stats)
{
  if (dir->controllers & NSBOX_CG_MEMORY)
    {
      /* Absent before 5.19: the caller samples memory.current instead. */
      stats->memory_peak_bytes = nsbox_cgroup_read_number_at (dir->fd, "memory.peak");
      /* memory.events (not .local) counts kills anywhere below us too. */
      stats->oom_kills = nsbox_cgroup_read_key_at (dir->fd, "memory.events", "oom_kill");
    }
  /* cpu.stat's usage lines are part of the core, with or without the cpu controller. */
  if (!stats->have_cpu)
    {
      int64_t user = nsbox_cgroup_read_key_at (dir->fd, "cpu.stat", "user_usec");
      int64_t sys = nsbox_cgroup_read_key_at (dir->fd, "cpu.stat", "system_usec");
      if (user >= 0 && sys >= 0)
        {
          stats->have_cpu = true;
          stats->cpu_user_s = (double) user / 1e6;
          stats->cpu_system_s = (double) sys / 1e6;
        }
    }
  if (dir->controllers & NSBOX_CG_PIDS)
    stats->pids_peak = nsbox_cgroup_read_number_at (dir->fd, "pids.peak");
}

static void
wait_frozen (const struct nsbox_cgroup_dir *dir)
{
  for (int waited = 0; waited < FREEZE_WAIT_MS; waited++)
    {
      if (nsbox_cgroup_read_key_at (dir->fd, "cgroup.events", "frozen") == 1)
        return;
      nsbox_cgroup_sleep_ms (1);
    }
}

int
nsbox_cgroup_v2_kill_round (const struct nsbox_cgroup_dir *dir, int sig)
{
  int n;

  /* cgroup.kill (5.14+) kills the whole subtree atomically against forks. */
  if (sig == SIGKILL && nsbox_cgroup_write_at (dir->fd, dir->path, "cgroup.kill", "1", NULL) == 0)
    return 1;
  if (nsbox_cgroup_write_at (dir->fd, dir->path, "cgroup.freeze", "1", NULL) == 0)
    wait_frozen (dir);
  n = nsbox_cgroup_signal_procs (dir->fd, sig);
  nsbox_cgroup_write_at (dir->fd, dir->path, "cgroup.freeze", "0", NULL);
  return n;
}
