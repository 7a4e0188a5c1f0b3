/* What the workload sees from inside: identity, privileges, namespaces. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define ROOT sbx_root ("busybox")

Test (isolation, runs_as_nobody_without_supplementary_groups)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c", "id -u; id -g; grep ^Groups: /proc/self/status | tr -d ' \t'",
            NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  cr_assert_str_eq (r.out, "65534\n65534\nGroups:\n");
  sbx_release (&r);
}

Test (isolation, user_flag_sets_uid_and_gid)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--user", "1234:4321", "--", "sh", "-c", "id -u; id -g", NULL);
  cr_assert_str_eq (r.out, "1234\n4321\n");
  sbx_release (&r);
}

Test (isolation, every_capability_set_is_empty_and_no_new_privs_is_set)
{
  struct sbx r = { 0 };

  /* Even as uid 0 inside, nothing is left. */
  sbx_exec (&r, "--rootfs", ROOT, "--user", sbx_root_user (), "--", "grep", "-E", "^(Cap|NoNewPrivs)", "/proc/self/status", NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  cr_assert_str_eq (r.out, "CapInh:\t0000000000000000\n"
                           "CapPrm:\t0000000000000000\n"
                           "CapEff:\t0000000000000000\n"
                           "CapBnd:\t0000000000000000\n"
                           "CapAmb:\t0000000000000000\n"
                           "NoNewPrivs:\t1\n");
  sbx_release (&r);
}

Test (isolation, root_is_read_only)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--user", sbx_root_user (), "-v", sbx_probe_volume (), "--", "/probe", "write", "/newfile", NULL);
  cr_assert_str_eq (r.out, "EROFS\n", "%s", r.err);
  sbx_release (&r);
}

Test (isolation, tmp_is_writable_and_capped_at_its_size)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--tmpfs-size", "1m", "-v", sbx_probe_volume (), "--", "/probe", "fill", "/tmp/f",
            NULL);
  cr_assert_str_eq (r.out, "1048576 ENOSPC\n", "%s", r.err);
  sbx_release (&r);
}

Test (isolation, tmp_is_noexec_unless_asked)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c", "cp /bin/busybox /tmp/true && /tmp/true", NULL);
  cr_assert_eq (r.status, 126, "exec from /tmp must fail: %s", r.err);
  sbx_release (&r);
  sbx_exec (&r, "--rootfs", ROOT, "--tmpfs-exec", "--", "sh", "-c", "cp /bin/busybox /tmp/true && /tmp/true", NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  sbx_release (&r);
}

Test (isolation, only_loopback_exists_and_it_is_up)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c", "ls /sys/class/net; echo $(( $(cat /sys/class/net/lo/flags) & 9 ))",
            NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  /* IFF_UP (0x1) | IFF_LOOPBACK (0x8) */
  cr_assert_str_eq (r.out, "lo\n9\n");
  sbx_release (&r);
}

Test (isolation, pid_1_is_the_init_and_the_workload_pid_is_small)
{
  struct sbx r = { 0 };

  /* ls alone lists /proc: the count is init, sh and ls, whatever the timing. */
  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c", "echo $$; ls /proc > /tmp/p; grep -c '^[0-9]' /tmp/p", NULL);
  cr_assert_str_eq (r.out, "2\n3\n", "init, sh and ls: %s", r.out);
  sbx_release (&r);
  sbx_exec (&r, "--rootfs", ROOT, "--no-init", "--", "sh", "-c", "echo $$", NULL);
  cr_assert_str_eq (r.out, "1\n");
  sbx_release (&r);
}

Test (isolation, hostname_is_nsbox_or_the_given_one)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "hostname", NULL);
  cr_assert_str_eq (r.out, "nsbox\n");
  sbx_release (&r);
  sbx_exec (&r, "--rootfs", ROOT, "--hostname", "judge-7", "--", "hostname", NULL);
  cr_assert_str_eq (r.out, "judge-7\n");
  sbx_release (&r);
}

Test (isolation, exactly_fds_0_to_2_are_open)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--", "/probe", "fds", NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  /* stdin /dev/null, stdout and stderr the harness's pipes: nothing else. */
  cr_assert_eq (strncmp (r.out, "0=/dev/null\n1=pipe:[", 20), 0, "%s", r.out);
  cr_assert_not_null (strstr (r.out, "\n2=pipe:["), "%s", r.out);
  int lines = 0;
  for (const char *p = r.out; *p; p++)
    lines += *p == '\n';
  cr_assert_eq (lines, 3, "%s", r.out);
  sbx_release (&r);
}

Test (isolation, environment_is_only_what_was_asked_for)
{
  struct sbx r = { 0 };

  setenv ("NSBOX_TEST_SECRET", "leaked", 1);
  sbx_exec (&r, "--rootfs", ROOT, "-e", "GREETING=hi", "-e", "PATH=/bin", "--", "env", NULL);
  unsetenv ("NSBOX_TEST_SECRET");
  cr_assert_eq (r.status, 0, "%s", r.err);
  cr_assert_str_eq (r.out, "PATH=/bin\nHOME=/tmp\nGREETING=hi\n");
  sbx_release (&r);
}

Test (isolation, proc_hides_host_processes)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '; echo; set -- /proc/[0-9]*; echo $#",
            NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  /* PID 1 is nsbox's init (under a name of its own: hardening suite). */
  cr_assert_not_null (strstr (r.out, "nsbox-init"), "%s", r.out);
  /* init and sh: the shell expands the glob itself, after the pipeline */
  cr_assert_not_null (strstr (r.out, "\n2\n"), "%s", r.out);
  sbx_release (&r);
}

Test (isolation, ipc_and_uts_are_private)
{
  struct sbx r = { 0 };
  char host_ns[64], out[256];
  ssize_t n;

  n = readlink ("/proc/self/ns/ipc", host_ns, sizeof host_ns - 1);
  cr_assert_gt (n, 0);
  host_ns[n] = '\0';
  sbx_exec (&r, "--rootfs", ROOT, "--user", sbx_root_user (), "--", "readlink", "/proc/self/ns/ipc", NULL);
  snprintf (out, sizeof out, "%s\n", host_ns);
  cr_assert_str_neq (r.out, out);
  cr_assert_not_null (strstr (r.out, "ipc:["));
  sbx_release (&r);
}
