/* Detection and placement logic of the cgroup module, from recorded
 * /proc/self/mountinfo and /proc/self/cgroup texts. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/internal.h"
#include "base/cleanup.h"

/* Our own build machines: v1 controllers, cpu and cpuacct separate, an
 * empty cgroup2 at /sys/fs/cgroup/unified, memory in a foreign cgroup. */
static const char hybrid_mountinfo[]
    = "25 1 259:1 / / rw,relatime - ext4 /dev/root rw\n"
      "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
      "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
      "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
      "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
      "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
      "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
      "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
      "38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
      "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
      "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
      "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
static const char hybrid_self[] = "9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n"
                                  "4:memory:/process_api/7ccb931e38c2\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n";

/* systemd's classic layout: cpu and cpuacct co-mounted, optional fields present. */
static const char comounted_mountinfo[]
    = "30 24 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:12 - cgroup cgroup rw,cpu,cpuacct\n"
      "31 24 0:27 / /sys/fs/cgroup/memory rw,nosuid shared:13 master:2 - cgroup cgroup rw,memory\n";
static const char comounted_self[] = "5:memory:/user.slice\n4:cpu,cpuacct:/user.slice\n";

static const char v2_mountinfo[]
    = "29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
      "rw,nsdelegate,memory_recursiveprot\n";
static const char v2_self[] = "0::/system.slice/ci.service\n";

static void
parse (const char *mountinfo, const char *self, struct nsbox_cgroup_mounts *m)
{
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_cgroup_parse_mountinfo (mountinfo, m, &err), 0);
  cr_assert_eq (nsbox_cgroup_parse_self (self, m, &err), 0);
}

static struct nsbox_cgroup_mount *
find (struct nsbox_cgroup_mounts *m, const char *mountpoint)
{
  for (size_t i = 0; i < m->n; i++)
    if (strcmp (m->v[i].mountpoint, mountpoint) == 0)
      return &m->v[i];
  return NULL;
}

Test (unit_cgroup, controller_lists_parse_from_options_and_v2_files)
{
  cr_assert_eq (nsbox_cgroup_parse_controllers ("rw,cpu,cpuacct"), NSBOX_CG_CPU | NSBOX_CG_CPUACCT);
  cr_assert_eq (nsbox_cgroup_parse_controllers ("cpuset cpu io memory hugetlb pids rdma misc\n"),
                NSBOX_CG_CPU | NSBOX_CG_MEMORY | NSBOX_CG_PIDS | NSBOX_CG_CPUSET);
  cr_assert_eq (nsbox_cgroup_parse_controllers ("rw,name=systemd"), 0);
  cr_assert_eq (nsbox_cgroup_parse_controllers ("rw,cpuset"), NSBOX_CG_CPUSET, "cpuset is not cpu");
  cr_assert_eq (nsbox_cgroup_parse_controllers (""), 0);
}

Test (unit_cgroup, hybrid_host_maps_each_controller_to_its_v1_mount_and_keeps_cgroup2)
{
  __attribute__ ((cleanup (nsbox_cgroup_mounts_release))) struct nsbox_cgroup_mounts m = { 0 };
  struct nsbox_cgroup_mount *mem, *cpu, *acct, *uni;

  parse (hybrid_mountinfo, hybrid_self, &m);
  /* blkio and name=systemd carry nothing nsbox uses (cpuset does: the
   * sandbox's own, for the runtimes inside to read; devices: an OCI
   * container's device rules). */
  cr_assert_eq (m.n, 8);
  cr_assert_eq (find (&m, "/sys/fs/cgroup/devices")->controllers, NSBOX_CG_DEVICES);
  cr_assert_eq (find (&m, "/sys/fs/cgroup/cpuset")->controllers, NSBOX_CG_CPUSET);
  mem = find (&m, "/sys/fs/cgroup/memory");
  cpu = find (&m, "/sys/fs/cgroup/cpu");
  acct = find (&m, "/sys/fs/cgroup/cpuacct");
  uni = find (&m, "/sys/fs/cgroup/unified");
  cr_assert (mem && cpu && acct && uni);
  cr_assert_eq (mem->version, 1);
  cr_assert_eq (mem->controllers, NSBOX_CG_MEMORY);
  cr_assert_str_eq (mem->own, "/process_api/7ccb931e38c2");
  cr_assert_eq (cpu->controllers, NSBOX_CG_CPU);
  cr_assert_str_eq (cpu->own, "/");
  cr_assert_eq (acct->controllers, NSBOX_CG_CPUACCT);
  cr_assert_eq (uni->version, 2);
  cr_assert_str_eq (uni->own, "/");
  cr_assert_str_eq (find (&m, "/sys/fs/cgroup/freezer")->own, "/");
}

Test (unit_cgroup, comounted_cpu_cpuacct_is_one_hierarchy)
{
  __attribute__ ((cleanup (nsbox_cgroup_mounts_release))) struct nsbox_cgroup_mounts m = { 0 };
  struct nsbox_cgroup_mount *cpu;

  parse (comounted_mountinfo, comounted_self, &m);
  cr_assert_eq (m.n, 2);
  cpu = find (&m, "/sys/fs/cgroup/cpu,cpuacct");
  cr_assert_not_null (cpu);
  cr_assert_eq (cpu->controllers, NSBOX_CG_CPU | NSBOX_CG_CPUACCT);
  cr_assert_str_eq (cpu->own, "/user.slice");
}

Test (unit_cgroup, pure_v2_host_has_one_unified_mount)
{
  __attribute__ ((cleanup (nsbox_cgroup_mounts_release))) struct nsbox_cgroup_mounts m = { 0 };
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *dir = NULL;

  parse (v2_mountinfo, v2_self, &m);
  cr_assert_eq (m.n, 1);
  cr_assert_eq (m.v[0].version, 2);
  cr_assert_str_eq (m.v[0].own, "/system.slice/ci.service");
  cr_assert_eq (nsbox_cgroup_parent_dir (&m.v[0], NULL, &dir, &err), 0);
  cr_assert_str_eq (dir, "/sys/fs/cgroup/system.slice/ci.service");
}

Test (unit_cgroup, escaped_mount_points_are_decoded)
{
  __attribute__ ((cleanup (nsbox_cgroup_mounts_release))) struct nsbox_cgroup_mounts m = { 0 };

  parse ("40 31 0:37 / /mnt/my\\040cgroups rw - cgroup2 none rw\n", "0::/a\n", &m);
  cr_assert_eq (m.n, 1);
  cr_assert_str_eq (m.v[0].mountpoint, "/mnt/my cgroups");
}

Test (unit_cgroup, own_cgroup_maps_through_the_mount_root)
{
  struct nsbox_cgroup_mount m = { .version = 2, .mountpoint = "/sys/fs/cgroup", .root = "/ci", .own = "/ci/job7" };
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *dir = NULL;

  cr_assert_eq (nsbox_cgroup_parent_dir (&m, NULL, &dir, &err), 0);
  cr_assert_str_eq (dir, "/sys/fs/cgroup/job7");
}

Test (unit_cgroup, own_cgroup_outside_the_mount_is_an_error_naming_cgroup_parent)
{
  struct nsbox_cgroup_mount m = { .version = 2, .mountpoint = "/sys/fs/cgroup", .root = "/ci", .own = "/cid" };
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *dir = NULL;

  cr_assert_lt (nsbox_cgroup_parent_dir (&m, NULL, &dir, &err), 0);
  cr_assert_not_null (strstr (err->message, "--cgroup-parent"), "%s", err->message);
}

Test (unit_cgroup, cgroup_namespace_dotdot_paths_are_refused)
{
  struct nsbox_cgroup_mount m = { .version = 2, .mountpoint = "/sys/fs/cgroup", .root = "/", .own = "/../.." };
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *dir = NULL;

  cr_assert_lt (nsbox_cgroup_parent_dir (&m, NULL, &dir, &err), 0);
}

Test (unit_cgroup, parent_override_is_relative_to_the_hierarchy_root)
{
  struct nsbox_cgroup_mount m = { .version = 1, .mountpoint = "/sys/fs/cgroup/memory", .root = "/", .own = "/x" };
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *dir = NULL;

  cr_assert_eq (nsbox_cgroup_parent_dir (&m, "/sandboxes/", &dir, &err), 0);
  cr_assert_str_eq (dir, "/sys/fs/cgroup/memory/sandboxes");
}

Test (unit_cgroup, parent_override_cannot_climb_out_of_the_mount)
{
  struct nsbox_cgroup_mount m = { .version = 1, .mountpoint = "/sys/fs/cgroup/memory", .root = "/", .own = "/" };
  const char *bad[] = { "..", "a/../../etc", "/./a", "a/.." };

  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      _cleanup_error_ struct nsbox_error *err = NULL;
      _cleanup_free_ char *dir = NULL;
      cr_assert_lt (nsbox_cgroup_parent_dir (&m, bad[i], &dir, &err), 0, "%s accepted", bad[i]);
      cr_assert_eq (err->errno_value, EINVAL);
    }
}

Test (unit_cgroup, names_are_single_plain_components)
{
  const char *bad[] = { "", ".", "..", "a/b", ".hidden", "a b", "x\n" };

  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      _cleanup_error_ struct nsbox_error *err = NULL;
      cr_assert_lt (nsbox_cgroup_check_name (bad[i], &err), 0, "`%s` accepted", bad[i]);
    }
  cr_assert_eq (nsbox_cgroup_check_name ("nsbox-3f2a9c", NULL), 0);
}

Test (unit_cgroup, garbage_lines_are_skipped)
{
  __attribute__ ((cleanup (nsbox_cgroup_mounts_release))) struct nsbox_cgroup_mounts m = { 0 };

  parse ("garbage\n1 2 3\n\n 40 31 0:37 / /c rw - cgroup2\n", "nonsense\n0::\n", &m);
  cr_assert_eq (m.n, 0);
}
