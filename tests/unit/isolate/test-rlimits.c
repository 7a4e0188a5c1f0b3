/* rlimits: parsing, clamping to what the kernel allows (with a warning), and
 * applying in a child. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "isolate/rlimits.h"

static struct nsbox_rlimit
parse_ok (const char *text, enum nsbox_rlimit_kind want_kind)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_rlimit l = { 0 };
  enum nsbox_rlimit_kind kind;

  cr_assert_eq (nsbox_rlimit_parse (text, &kind, &l, &err), 0, "%s: %s", text, err ? err->message : "");
  cr_assert_eq (kind, want_kind);
  cr_assert (l.set);
  return l;
}

Test (unit_rlimits, soft_alone_sets_both_limits)
{
  struct nsbox_rlimit l = parse_ok ("nofile=1024", NSBOX_RLIMIT_NOFILE);

  cr_assert_eq (l.soft, 1024);
  cr_assert_eq (l.hard, 1024);
}

Test (unit_rlimits, soft_and_hard_with_size_suffixes_and_unlimited)
{
  struct nsbox_rlimit l = parse_ok ("fsize=1m:2g", NSBOX_RLIMIT_FSIZE);

  cr_assert_eq (l.soft, 1u << 20);
  cr_assert_eq (l.hard, 2ull << 30);
  l = parse_ok ("stack=8m:unlimited", NSBOX_RLIMIT_STACK);
  cr_assert_eq (l.hard, NSBOX_UNLIMITED);
  l = parse_ok ("core=0", NSBOX_RLIMIT_CORE);
  cr_assert_eq (l.soft, 0);
  l = parse_ok ("nproc=64", NSBOX_RLIMIT_NPROC);
  cr_assert_eq (l.hard, 64);
  l = parse_ok ("data=256m", NSBOX_RLIMIT_DATA);
  cr_assert_eq (l.soft, 256u << 20);
}

Test (unit_rlimits, bad_specs_are_refused)
{
  const char *bad[] = { "nofile", "nofile=", "nprocs=10", "cpu=5", "nofile=1k", "nofile=-1", "nofile=10:5",
                        "fsize=1x",  "core=1:", "=5", "nofile=99999999999999999999999" };

  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      _cleanup_error_ struct nsbox_error *err = NULL;
      struct nsbox_rlimit l = { 0 };
      enum nsbox_rlimit_kind kind;
      cr_assert_lt (nsbox_rlimit_parse (bad[i], &kind, &l, &err), 0, "`%s` accepted", bad[i]);
      cr_assert_eq (err->errno_value, EINVAL);
    }
}

Test (unit_rlimits, hard_limit_above_ours_is_clamped_with_a_warning)
{
  struct nsbox_rlimit limits[NSBOX_RLIMIT_COUNT] = { 0 };
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_strv_ char **warnings = NULL;
  struct nsbox_rlimits_plan plan;
  struct rlimit cur;

  cr_assert_eq (getrlimit (RLIMIT_NOFILE, &cur), 0);
  if (cur.rlim_max == RLIM_INFINITY)
    cr_skip_test ("no hard nofile limit to exceed");
  /* nofile cannot exceed fs.nr_open even with CAP_SYS_RESOURCE. */
  limits[NSBOX_RLIMIT_NOFILE] = (struct nsbox_rlimit){ .set = true, .soft = 1ull << 40, .hard = 1ull << 40 };
  cr_assert_eq (nsbox_rlimits_prepare (limits, &plan, &warnings, &err), 0);
  cr_assert (plan.set[NSBOX_RLIMIT_NOFILE]);
  cr_assert_lt (plan.value[NSBOX_RLIMIT_NOFILE].rlim_max, 1ull << 40);
  cr_assert_eq (plan.value[NSBOX_RLIMIT_NOFILE].rlim_cur, plan.value[NSBOX_RLIMIT_NOFILE].rlim_max);
  cr_assert_not_null (warnings);
  cr_assert_not_null (strstr (warnings[0], "nofile"), "%s", warnings[0]);
  cr_assert_not_null (strstr (warnings[0], "lowered"), "%s", warnings[0]);
  cr_assert_not_null (warnings[1], "the soft limit was lowered too");
}

Test (unit_rlimits, limits_within_ours_pass_unchanged_and_silently)
{
  struct nsbox_rlimit limits[NSBOX_RLIMIT_COUNT] = { 0 };
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_strv_ char **warnings = NULL;
  struct nsbox_rlimits_plan plan;

  limits[NSBOX_RLIMIT_NOFILE] = (struct nsbox_rlimit){ .set = true, .soft = 64, .hard = 128 };
  limits[NSBOX_RLIMIT_CORE] = (struct nsbox_rlimit){ .set = true, .soft = 0, .hard = 0 };
  cr_assert_eq (nsbox_rlimits_prepare (limits, &plan, &warnings, &err), 0);
  cr_assert_null (warnings);
  cr_assert_eq (plan.value[NSBOX_RLIMIT_NOFILE].rlim_cur, 64);
  cr_assert_eq (plan.value[NSBOX_RLIMIT_NOFILE].rlim_max, 128);
  cr_assert (plan.set[NSBOX_RLIMIT_CORE]);
  cr_assert (!plan.set[NSBOX_RLIMIT_STACK]);
}

Test (unit_rlimits, a_clamped_plan_applies_in_a_child)
{
  struct nsbox_rlimit limits[NSBOX_RLIMIT_COUNT] = { 0 };
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_strv_ char **warnings = NULL;
  struct nsbox_rlimits_plan plan;
  int status;
  pid_t pid;

  limits[NSBOX_RLIMIT_NOFILE] = (struct nsbox_rlimit){ .set = true, .soft = 32, .hard = NSBOX_UNLIMITED };
  limits[NSBOX_RLIMIT_CORE] = (struct nsbox_rlimit){ .set = true, .soft = 0, .hard = 0 };
  limits[NSBOX_RLIMIT_CPU] = (struct nsbox_rlimit){ .set = true, .soft = 7, .hard = 8 };
  cr_assert_eq (nsbox_rlimits_prepare (limits, &plan, &warnings, &err), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      struct rlimit r;
      int failed = -1;
      if (nsbox_rlimits_apply (&plan, &failed) < 0)
        _exit (10 + failed);
      getrlimit (RLIMIT_NOFILE, &r);
      if (r.rlim_cur != 32 || r.rlim_max != plan.value[NSBOX_RLIMIT_NOFILE].rlim_max)
        _exit (2);
      getrlimit (RLIMIT_CORE, &r);
      if (r.rlim_cur != 0 || r.rlim_max != 0)
        _exit (3);
      getrlimit (RLIMIT_CPU, &r);
      if (r.rlim_cur != 7 || r.rlim_max != 8)
        _exit (4);
      /* The soft nofile limit is real: the 33rd descriptor is refused. */
      for (int i = 0; i < 40; i++)
        if (dup (0) < 0)
          _exit (errno == EMFILE ? 0 : 5);
      _exit (6);
    }
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  cr_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0, "status %#x", status);
}

Test (unit_rlimits, names_match_the_option_spelling)
{
  cr_assert_str_eq (nsbox_rlimit_name (NSBOX_RLIMIT_NOFILE), "nofile");
  cr_assert_str_eq (nsbox_rlimit_name (NSBOX_RLIMIT_CPU), "cpu");
  cr_assert_eq (nsbox_rlimit_resource (NSBOX_RLIMIT_CORE), RLIMIT_CORE);
}
