#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "sandbox/config.h"

Test (unit_config, users_are_numeric_uid_and_optional_gid)
{
  uid_t u;
  gid_t g;

  cr_assert_eq (nsbox_parse_user ("1000", &u, &g, NULL), 0);
  cr_assert_eq (u, 1000);
  cr_assert_eq (g, 1000);
  cr_assert_eq (nsbox_parse_user ("0:5", &u, &g, NULL), 0);
  cr_assert_eq (u, 0);
  cr_assert_eq (g, 5);
  cr_assert_lt (nsbox_parse_user ("root", &u, &g, NULL), 0);
  cr_assert_lt (nsbox_parse_user ("4294967295", &u, &g, NULL), 0, "(uid_t)-1 means 'unchanged' to setresuid");
  cr_assert_lt (nsbox_parse_user ("1:", &u, &g, NULL), 0);
}

Test (unit_config, long_mount_syntax)
{
  struct nsbox_bind_mount m;

  cr_assert_eq (nsbox_parse_mount ("type=bind,src=/a,dst=/b,ro", false, &m, NULL), 0);
  cr_assert_str_eq (m.source, "/a");
  cr_assert_str_eq (m.destination, "/b");
  cr_assert (m.read_only);
  free (m.source);
  free (m.destination);
  cr_assert_lt (nsbox_parse_mount ("type=tmpfs,dst=/b", false, &m, NULL), 0);
  cr_assert_lt (nsbox_parse_mount ("src=/a,dst=/b", false, &m, NULL), 0, "type=bind is required");
  cr_assert_lt (nsbox_parse_mount ("type=bind,src=/a,dst=relative", false, &m, NULL), 0);
  cr_assert_lt (nsbox_parse_mount ("type=bind,src=/a,dst=/", false, &m, NULL), 0);
  cr_assert_lt (nsbox_parse_mount ("type=bind,src=/a,dst=/b,exec", false, &m, NULL), 0);
}

Test (unit_config, short_volume_syntax)
{
  struct nsbox_bind_mount m;

  cr_assert_eq (nsbox_parse_mount ("/host:/in", true, &m, NULL), 0);
  cr_assert_not (m.read_only);
  free (m.source);
  free (m.destination);
  cr_assert_eq (nsbox_parse_mount ("/host:/in:ro", true, &m, NULL), 0);
  cr_assert (m.read_only);
  free (m.source);
  free (m.destination);
  cr_assert_lt (nsbox_parse_mount ("/host", true, &m, NULL), 0);
  cr_assert_lt (nsbox_parse_mount ("/host:/in:rx", true, &m, NULL), 0);
}

Test (unit_config, env_set_replaces_an_earlier_key)
{
  _cleanup_strv_ char **env = NULL;

  cr_assert_eq (nsbox_env_set (&env, "A=1", NULL), 0);
  cr_assert_eq (nsbox_env_set (&env, "AB=2", NULL), 0);
  cr_assert_eq (nsbox_env_set (&env, "A=3", NULL), 0);
  cr_assert_eq (nsbox_strv_length (env), 2);
  cr_assert_str_eq (env[0], "A=3");
  cr_assert_str_eq (env[1], "AB=2");
  cr_assert_lt (nsbox_env_set (&env, "=x", NULL), 0);
  cr_assert_lt (nsbox_env_set (&env, "NOEQUALS", NULL), 0);
}

Test (unit_config, defaults_are_the_safe_ones)
{
  struct nsbox_sandbox_config c;

  nsbox_config_init (&c);
  cr_assert_eq (c.uid, 65534);
  cr_assert_eq (c.gid, 65534);
  cr_assert (c.use_init);
  cr_assert_eq (c.tmpfs_size, 64ULL << 20);
  cr_assert_not (c.tmpfs_exec);
  cr_assert_eq (c.sys_mode, NSBOX_SYS_READ_ONLY);
  cr_assert_eq (c.output_limit, 1ULL << 20);
  cr_assert_eq (c.kill_after_ms, 500);
  nsbox_config_release (&c);
}

static void
assert_destination_refused (const char *dst, const char *expected)
{
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_lt (nsbox_config_check_destination (dst, &err), 0, "`%s` was accepted", dst);
  cr_expect_str_eq (err->message, expected);
}

/* As runc: /proc and /sys are the sandbox's own, whatever the spelling. */
Test (unit_config, destinations_in_proc_and_sys_are_refused)
{
  assert_destination_refused ("/proc", "the destination `/proc` is in /proc, which nsbox mounts itself");
  assert_destination_refused ("/proc/sys", "the destination `/proc/sys` is in /proc, which nsbox mounts itself");
  assert_destination_refused ("/sys", "the destination `/sys` is in /sys, which nsbox mounts itself");
  assert_destination_refused ("//sys/fs/cgroup/", "the destination `//sys/fs/cgroup/` is in /sys, which nsbox mounts itself");
  assert_destination_refused ("/tmp/../proc/self", "the destination `/tmp/../proc/self` is in /proc, which nsbox mounts itself");
  assert_destination_refused ("/../../proc", "the destination `/../../proc` is in /proc, which nsbox mounts itself");
  assert_destination_refused ("/./proc/./1", "the destination `/./proc/./1` is in /proc, which nsbox mounts itself");
  assert_destination_refused ("/proc/..", "cannot mount over the root");
  cr_expect_eq (nsbox_config_check_destination ("/procedures", NULL), 0);
  cr_expect_eq (nsbox_config_check_destination ("/data/proc", NULL), 0);
  cr_expect_eq (nsbox_config_check_destination ("/system", NULL), 0);
}

/* A config filled by any other path than the flags (JSON, a policy) is
 * checked the same way before a sandbox starts. */
Test (unit_config, validate_refuses_what_no_sandbox_may_get)
{
  struct nsbox_sandbox_config c;
  struct nsbox_bind_mount m = { .source = (char *) "/srv", .destination = (char *) "/proc/sys/kernel" };
  _cleanup_error_ struct nsbox_error *err = NULL;

  nsbox_config_init (&c);
  cr_expect_eq (nsbox_config_validate (&c, NULL), 0);
  c.mounts = &m;
  c.n_mounts = 1;
  cr_assert_lt (nsbox_config_validate (&c, &err), 0);
  cr_expect_str_eq (err->message, "mount `/srv` on `/proc/sys/kernel`: the destination `/proc/sys/kernel` is in /proc, "
                                  "which nsbox mounts itself");
  c.mounts = NULL;
  c.n_mounts = 0;
  nsbox_error_free (steal_pointer (&err));
  c.tmpfs_size = 0;
  cr_assert_lt (nsbox_config_validate (&c, &err), 0);
  cr_expect_str_eq (err->message, "a /tmp size of 0 means no limit at all to tmpfs: give a size, e.g. 64m");
  nsbox_config_release (&c);
}

/* The setuid helper's config (restricted): what no caller of it may get,
 * however the config was filled. */
Test (unit_config, a_restricted_config_refuses_what_a_helper_caller_may_not_have)
{
  struct nsbox_sandbox_config c;
  struct nsbox_bind_mount path_bind = { .source = (char *) "/etc", .destination = (char *) "/e", .source_fd = -1 };
  struct nsbox_bind_mount fd_bind = { .source = (char *) "/home/u", .destination = (char *) "/d", .source_fd = 7 };
  struct nsbox_bind_mount artifact = { .source = (char *) "/run/nsbox/.artifacts/x", .destination = (char *) "/out",
                                       .source_fd = -1, .from_nsbox = true };
  static const struct
  {
    const char *what, *says;
  } cases[] = {
    { "uid 0", "never runs a workload as root" },
    { "host ids", "a user namespace of its own" },
    { "no cgroup", "a cgroup of its own making" },
    { "cgroup parent", "a cgroup of its own making" },
    { "unconfined", "only the site's named profiles" },
    { "a profile path", "only the site's named profiles" },
    { "a bind of a path", "never a path" },
  };

  if (geteuid () != 0)
    cr_skip_test ("the modes of a restricted config are root's");
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      _cleanup_error_ struct nsbox_error *err = NULL;

      nsbox_config_init (&c);
      c.restricted = true;
      cr_expect_eq (nsbox_config_validate (&c, NULL), 0, "the defaults are allowed");
      switch (i)
        {
        case 0: c.uid = 0; break;
        case 1: c.userns = NSBOX_USERNS_HOST; break;
        case 2: c.no_cgroup = true; break;
        case 3: c.cgroup_parent = strdup ("/x"); break;
        case 4: c.seccomp_profile = strdup ("unconfined"); break;
        case 5: c.seccomp_profile = strdup ("/tmp/p.json"); break;
        default: c.mounts = &path_bind; c.n_mounts = 1; break;
        }
      cr_expect_lt (nsbox_config_validate (&c, &err), 0, "%s accepted", cases[i].what);
      cr_expect (err && strstr (err->message, cases[i].says), "%s: %s", cases[i].what, err ? err->message : "");
      if (c.mounts == &path_bind)
        c.mounts = NULL, c.n_mounts = 0;
      nsbox_config_release (&c);
    }
  /* A bind of what the caller opened, and nsbox's own artifact directory, are fine. */
  nsbox_config_init (&c);
  c.restricted = true;
  c.uid = 1000;
  struct nsbox_bind_mount ok[] = { fd_bind, artifact };
  c.mounts = ok;
  c.n_mounts = 2;
  cr_expect_eq (nsbox_config_validate (&c, NULL), 0);
  c.mounts = NULL;
  c.n_mounts = 0;
  nsbox_config_release (&c);
}
