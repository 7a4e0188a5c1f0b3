#include <criterion/criterion.h>
#include <string.h>

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
