/* Attacks from inside the sandbox that must fail. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define ROOT sbx_root ("busybox")

/* CVE-2019-5736: the init is nsbox's own process; its /proc/1/exe is the host
 * binary.  The workload must not open it, for writing or at all. */
Test (escape, host_nsbox_binary_is_unreachable_through_proc_exe)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--", "sh", "-c",
            "/probe open-write /proc/1/exe; /probe open-read /proc/1/exe; /probe readlink /proc/1/exe;"
            "/probe open-write /proc/self/exe; ls /proc/1/fd 2>/dev/null | wc -l",
            NULL);
  cr_assert_str_eq (r.out, "EACCES\nEACCES\nEACCES\nEACCES\n0\n", "%s", r.err);
  sbx_release (&r);
}

Test (escape, host_nsbox_binary_is_unreachable_even_as_uid_0)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--user", "0", "-v", sbx_probe_volume (), "--", "sh", "-c",
            "/probe open-write /proc/1/exe; /probe open-read /proc/1/exe", NULL);
  cr_assert_str_eq (r.out, "EACCES\nEACCES\n", "%s", r.err);
  sbx_release (&r);
}

/* CVE-2024-21626: no fd and no working directory of the host inside. */
Test (escape, no_host_fd_or_working_directory_leaks_in)
{
  struct sbx r = { 0 };
  int leak = open ("/etc", O_RDONLY | O_DIRECTORY);

  /* An fd nsbox inherits without close-on-exec must not reach the workload. */
  cr_assert_geq (leak, 3);
  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--", "sh", "-c",
            "/probe readlink /proc/self/cwd; /probe fds | cut -d= -f1 | tr '\\n' ' '", NULL);
  close (leak);
  cr_assert_str_eq (r.out, "/\n0 1 2 ", "%s", r.err);
  sbx_release (&r);
}

/* CVE-2021-30465: a symlink in the root must not redirect a bind mount onto the host. */
Test (escape, symlink_in_root_cannot_redirect_a_bind_mount)
{
  struct sbx r = { 0 };
  char *root = sbx_tmpdir ();
  char *src = sbx_tmpdir ();
  char cmd[8400], vol[4200], path[4200];
  struct stat st;

  snprintf (cmd, sizeof cmd, "cp -a %s/. %s/ && mkdir -p %s/var/tmp && ln -s /var/tmp %s/evil && echo inside > %s/marker",
            ROOT, root, root, root, src);
  cr_assert_eq (system (cmd), 0);
  snprintf (vol, sizeof vol, "%s:/evil/nsbox-escape-target:ro", src);
  sbx_exec (&r, "--rootfs", root, "-v", vol, "--", "cat", "/var/tmp/nsbox-escape-target/marker", NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  cr_assert_str_eq (r.out, "inside\n");
  cr_assert_neq (stat ("/var/tmp/nsbox-escape-target", &st), 0, "a host path was created or mounted");
  snprintf (path, sizeof path, "%s/var/tmp/nsbox-escape-target", root);
  cr_assert_neq (stat (path, &st), 0, "the root directory was written");
  sbx_release (&r);
  sbx_tmpdir_remove (root);
  sbx_tmpdir_remove (src);
}

/* The same link dangling inside the root: nsbox refuses rather than follow it
 * anywhere, and nothing is created on the host. */
Test (escape, dangling_symlink_in_root_is_refused_as_a_mount_target)
{
  struct sbx r = { 0 };
  char *root = sbx_tmpdir ();
  char cmd[8400], vol[4200];
  struct stat st;

  snprintf (cmd, sizeof cmd, "cp -a %s/. %s/ && ln -s /var/lib/nsbox-escape-dir %s/evil", ROOT, root, root);
  cr_assert_eq (system (cmd), 0);
  snprintf (vol, sizeof vol, "%s:/evil/sub:ro", ROOT);
  sbx_exec (&r, "--rootfs", root, "-v", vol, "--", "true", NULL);
  cr_assert_eq (r.status, 125, "%s", r.err);
  cr_assert_neq (stat ("/var/lib/nsbox-escape-dir", &st), 0, "a host path was created");
  sbx_release (&r);
  sbx_tmpdir_remove (root);
}

/* Without -t the workload never gets nsbox's terminal (its stdio are pipes
 * nsbox relays) and is in its own session: TIOCSTI cannot push keystrokes
 * into the caller's shell. */
Test (escape, tiocsti_on_the_callers_terminal_fails)
{
  const char *args[] = { "-i", "--rootfs", ROOT, "--user", "0", "-v", sbx_probe_volume (), "--",
                         "sh", "-c", "/probe tiocsti 0; /probe tiocsti 1", NULL };
  char out[4096];

  cr_assert_eq (sbx_exec_on_pty (args, NULL, out, sizeof out), 0, "%s", out);
  cr_assert_str_eq (out, "ENOTTY\r\nENOTTY\r\n");
}

Test (escape, host_mounts_are_invisible)
{
  struct sbx r = { 0 };

  /* Only the sandbox's own mount points: none of the host's is reachable. */
  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c",
            "awk '{print $5}' /proc/self/mountinfo | grep -cvE '^/$|^/(proc|dev|tmp|sys)(/|$)'", NULL);
  cr_assert_str_eq (r.out, "0\n", "%s", r.err);
  sbx_release (&r);
}
