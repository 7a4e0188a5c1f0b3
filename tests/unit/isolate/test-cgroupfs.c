/* Which hierarchies the sandbox sees at /sys/fs/cgroup (isolate/cgroupfs.c):
 * those of /proc/self/cgroup whose cgroup is the sandbox's, and no other. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/cleanup.h"
#include "isolate/cgroupfs.h"

#define NAME "nsbox-abc"

static void
parse (const char *text, struct nsbox_cgroupfs *view)
{
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_cgroupfs_parse (text, NAME, view, &err), 0, "%s", err ? err->message : "");
}

Test (unit_cgroupfs, a_hybrid_host_shows_the_sandboxs_hierarchies_only)
{
  struct nsbox_cgroupfs view;

  parse ("12:name=systemd:/user.slice/nsbox-abc\n"
         "11:cpu,cpuacct:/a/nsbox-abc\n"
         "10:memory:/a/nsbox-abc\n"
         "9:blkio:/a\n"
         "8:pids:/nsbox-abc/other\n"
         "0::/a/nsbox-abc\n",
         &view);
  cr_assert_not (view.v2_only);
  cr_assert_eq (view.n, 3);
  cr_assert_eq (view.h[0].version, 1);
  cr_assert_str_eq (view.h[0].controllers, "cpu,cpuacct");
  cr_assert_str_eq (view.h[1].controllers, "memory");
  cr_assert_eq (view.h[2].version, 2, "the cgroup2 hierarchy of a hybrid host");
}

Test (unit_cgroupfs, a_pure_v2_host_has_one_hierarchy)
{
  struct nsbox_cgroupfs view;

  parse ("0::/system.slice/x.service/nsbox-abc\n", &view);
  cr_assert (view.v2_only);
  cr_assert_eq (view.n, 1);
  cr_assert_eq (view.h[0].version, 2);
}

Test (unit_cgroupfs, no_cgroup_of_the_sandbox_shows_nothing)
{
  struct nsbox_cgroupfs view;

  parse ("0::/user.slice/nsbox-abcd\n4:memory:/nsbox-ab\n", &view);
  cr_assert_eq (view.n, 0, "a name that only begins like the sandbox's is another cgroup");
}

Test (unit_cgroupfs, malformed_lines_are_refused)
{
  struct nsbox_cgroupfs view;
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_lt (nsbox_cgroupfs_parse ("garbage\n", NAME, &view, &err), 0);
}
