/* The limit flags of `nsbox exec` and their defaults. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/cleanup.h"
#include "exec-parse.h"
#include "lang/nsconf.h"

Test (unit_limit_options, defaults_keep_a_host_safe, .init = exec_parse_clean_environment)
{
  struct nsbox_spec *o;
  const char *args[] = { "exec", "--rootfs", "/", "--", "true", NULL };

  cr_assert_eq (exec_parse (args, &o, NULL), 0);
  cr_assert_eq (o->config.memory_bytes, 512ULL << 20);
  cr_assert_eq (o->config.cpu_millis, 1000);
  cr_assert_eq (o->config.pids, 256);
  cr_assert (o->config.rlimits[NSBOX_RLIMIT_CORE].set);
  cr_assert_eq (o->config.rlimits[NSBOX_RLIMIT_CORE].hard, 0);
  cr_assert_not (o->config.rlimits[NSBOX_RLIMIT_CPU].set);
  cr_assert_null (o->config.cgroup_parent);
  nsbox_spec_free (o);
}

Test (unit_limit_options, flags_fill_the_config, .init = exec_parse_clean_environment)
{
  struct nsbox_spec *o;
  const char *args[] = { "exec",     "--rootfs",      "/",     "--memory",        "64m",         "--cpus",
                         "0.25",     "--pids",        "16",    "--cpu-time",      "3",           "--rlimit",
                         "nofile=10:20", "--rlimit",  "core=1m", "--cgroup-parent", "ci/sandboxes", "--",
                         "true",     NULL };

  cr_assert_eq (exec_parse (args, &o, NULL), 0);
  cr_assert_eq (o->config.memory_bytes, 64ULL << 20);
  cr_assert_eq (o->config.cpu_millis, 250);
  cr_assert_eq (o->config.pids, 16);
  cr_assert (o->config.rlimits[NSBOX_RLIMIT_CPU].set);
  cr_assert_eq (o->config.rlimits[NSBOX_RLIMIT_CPU].soft, 3);
  cr_assert_eq (o->config.rlimits[NSBOX_RLIMIT_CPU].hard, 4, "SIGKILL one second after SIGXCPU");
  cr_assert_eq (o->config.rlimits[NSBOX_RLIMIT_NOFILE].soft, 10);
  cr_assert_eq (o->config.rlimits[NSBOX_RLIMIT_NOFILE].hard, 20);
  cr_assert_eq (o->config.rlimits[NSBOX_RLIMIT_CORE].soft, 1 << 20);
  cr_assert_str_eq (o->config.cgroup_parent, "ci/sandboxes");
  nsbox_spec_free (o);
}

Test (unit_limit_options, unlimited_lifts_cgroup_limits, .init = exec_parse_clean_environment)
{
  struct nsbox_spec *o;
  const char *args[] = { "exec", "--rootfs", "/", "--memory", "unlimited", "--cpus", "unlimited", "--pids", "max",
                         "--", "true", NULL };

  cr_assert_eq (exec_parse (args, &o, NULL), 0);
  cr_assert_eq (o->config.memory_bytes, NSBOX_UNLIMITED);
  cr_assert_eq (o->config.cpu_millis, NSBOX_UNLIMITED);
  cr_assert_eq (o->config.pids, NSBOX_UNLIMITED);
  nsbox_spec_free (o);
}

Test (unit_limit_options, nonsense_is_refused, .init = exec_parse_clean_environment)
{
  const char *bad[][2] = { { "--memory", "1k" },  { "--memory", "-5m" },   { "--cpus", "0" },
                           { "--cpus", "inf" },   { "--cpus", "1x" },      { "--pids", "0" },
                           { "--pids", "-1" },    { "--cpu-time", "0" },   { "--cpu-time", "1.5" },
                           { "--rlimit", "cpu=1" }, { "--rlimit", "nofile" }, { "--cgroup-parent", "" } };

  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      struct nsbox_spec *o;
      _cleanup_free_ char *err = NULL;
      const char *args[] = { "exec", "--rootfs", "/", bad[i][0], bad[i][1], "--", "true", NULL };
      cr_assert_lt (exec_parse (args, &o, &err), 0, "%s %s accepted", bad[i][0], bad[i][1]);
      cr_assert_not_null (err);
      nsbox_spec_free (o);
    }
}

Test (unit_limit_options, ptys_default_flag_and_bounds, .init = exec_parse_clean_environment)
{
  struct nsbox_spec *o;
  char *message = NULL;
  const char *plain[] = { "exec", "--rootfs", "/", "--", "true", NULL };
  const char *four[] = { "exec", "--rootfs", "/", "--ptys", "4", "--", "true", NULL };
  const char *zero[] = { "exec", "--rootfs", "/", "--ptys", "0", "--", "true", NULL };
  const char *huge[] = { "exec", "--rootfs", "/", "--ptys", "2000000", "--", "true", NULL };
  const char *unlimited[] = { "exec", "--rootfs", "/", "--ptys", "unlimited", "--", "true", NULL };
  const char *const *bad[] = { zero, huge, unlimited };

  cr_assert_eq (exec_parse (plain, &o, NULL), 0);
  cr_assert_eq (o->config.ptys, 16);
  cr_assert_eq (o->limits_given & NSBOX_LIMIT_PTYS, 0);
  nsbox_spec_free (o);
  cr_assert_eq (exec_parse (four, &o, NULL), 0);
  cr_assert_eq (o->config.ptys, 4);
  cr_assert_neq (o->limits_given & NSBOX_LIMIT_PTYS, 0);
  nsbox_spec_free (o);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      cr_assert_lt (exec_parse (bad[i], &o, &message), 0, "%s accepted", bad[i][4]);
      cr_assert_not_null (strstr (message, "--ptys"), "%s", message);
      free (message);
      message = NULL;
      nsbox_spec_free (o);
    }
}
