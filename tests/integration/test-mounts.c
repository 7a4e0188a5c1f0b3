/* The file system view: bind mounts, /proc, /dev, /sys, workdir. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#define ROOT sbx_root ("busybox")

static void
write_host_file (const char *dir, const char *name, const char *content)
{
  char path[4096];
  FILE *f;

  snprintf (path, sizeof path, "%s/%s", dir, name);
  f = fopen (path, "w");
  cr_assert_not_null (f);
  fputs (content, f);
  fclose (f);
}

Test (mounts, read_only_bind_mount_cannot_be_written)
{
  struct sbx r = { 0 };
  char *dir = sbx_tmpdir ();
  char vol[4200];

  write_host_file (dir, "data.txt", "from-host\n");
  snprintf (vol, sizeof vol, "%s:/data:ro", dir);
  sbx_exec (&r, "--rootfs", ROOT, "--user", "0", "-v", vol, "--", "sh", "-c",
            "cat /data/data.txt; echo x > /data/new 2>/dev/null || echo refused", NULL);
  cr_assert_str_eq (r.out, "from-host\nrefused\n", "%s", r.err);
  cr_assert_neq (access ("/data/new", F_OK), 0);
  sbx_release (&r);
  sbx_tmpdir_remove (dir);
}

Test (mounts, read_write_bind_mount_reaches_the_host)
{
  struct sbx r = { 0 };
  char *dir = sbx_tmpdir ();
  char spec[4200], path[4200];
  struct stat st;

  chmod (dir, 0777);
  snprintf (spec, sizeof spec, "type=bind,src=%s,dst=/out", dir);
  sbx_exec (&r, "--rootfs", ROOT, "--json", "--mount", spec, "--", "sh", "-c", "echo result > /out/r.txt", NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  snprintf (path, sizeof path, "%s/r.txt", dir);
  cr_assert_eq (stat (path, &st), 0);
  /* Written as the sandbox's own host uid, not the host's nobody. */
  cr_assert_eq (st.st_uid, (uid_t) sbx_host_uid (&r));
  cr_assert_neq (st.st_uid, 65534);
  sbx_release (&r);
  sbx_tmpdir_remove (dir);
}

Test (mounts, missing_destination_is_created_without_writing_the_root)
{
  struct sbx r = { 0 };
  char *dir = sbx_tmpdir ();
  char vol[4200], probe_path[4200];

  write_host_file (dir, "f", "here\n");
  snprintf (vol, sizeof vol, "%s:/not/in/image:ro", dir);
  sbx_exec (&r, "--rootfs", ROOT, "--user", "0", "-v", vol, "-v", sbx_probe_volume (), "--", "sh", "-c",
            "cat /not/in/image/f; /probe write /still-read-only", NULL);
  cr_assert_str_eq (r.out, "here\nEROFS\n", "%s", r.err);
  snprintf (probe_path, sizeof probe_path, "%s/not", ROOT);
  cr_assert_neq (access (probe_path, F_OK), 0, "the image directory itself must stay untouched");
  sbx_release (&r);
  sbx_tmpdir_remove (dir);
}

Test (mounts, workdir_is_the_starting_directory)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--workdir", "/tmp", "--", "pwd", NULL);
  cr_assert_str_eq (r.out, "/tmp\n");
  sbx_release (&r);
}

/* Root inside with the host's ids (uid 0 owns these files): masked. */
Test (mounts, proc_sensitive_paths_are_masked)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--userns", "host", "--user", "0", "--", "sh", "-c",
            "for f in kcore keys timer_list sched_debug kallsyms interrupts; do"
            "  [ -e /proc/$f ] && echo $f $(wc -c < /proc/$f);"
            "done; ls /proc/acpi 2>/dev/null | wc -l",
            NULL);
  /* Which of them exist depends on the kernel's configuration; those that do are empty. */
  cr_assert_not_null (strstr (r.out, "keys 0\n"), "%s %s", r.out, r.err);
  cr_assert_not_null (strstr (r.out, "timer_list 0\n"), "%s", r.out);
  cr_assert_not_null (strstr (r.out, "interrupts 0\n"), "%s", r.out);
  for (const char *line = r.out; *line; line = strchr (line, '\n') + 1)
    cr_assert (strncmp (strchr (line, ' ') ? strchr (line, ' ') : line, " 0\n", 3) == 0 || strcmp (line, "0\n") == 0,
               "unmasked: %s", line);
  sbx_release (&r);
}

/* For any user but root, nsbox masks only what the user could open: the
 * owner-only proc files stay unmasked and must stay closed to it. */
Test (mounts, proc_owner_only_files_stay_closed_to_the_default_user)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "-v", sbx_probe_volume (), "--", "sh", "-c",
            "for f in kcore kpagecount kpageflags slabinfo vmallocinfo timer_list pagetypeinfo; do"
            "  [ -e /proc/$f ] && /probe open-read /proc/$f;"
            "done; [ -e /proc/sysrq-trigger ] && /probe open-write /proc/sysrq-trigger; true",
            NULL);
  cr_assert_gt (strlen (r.out), 0, "no owner-only proc file here: %s", r.err);
  for (const char *line = r.out; *line; line = strchr (line, '\n') + 1)
    cr_assert (strncmp (line, "EACCES\n", 7) == 0, "opened: %s", r.out);
  sbx_release (&r);
}

/* Root inside its own user namespace: no more than the host's nobody. */
Test (mounts, proc_sensitive_paths_are_closed_to_root_in_its_user_namespace)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--user", "0", "--", "sh", "-c",
            "for f in kcore keys timer_list sched_debug kallsyms interrupts; do"
            "  [ -e /proc/$f ] && echo $f $(cat /proc/$f 2>/dev/null | wc -c);"
            "done; true",
            NULL);
  cr_assert_gt (strlen (r.out), 0, "%s", r.err);
  for (const char *line = r.out; *line; line = strchr (line, '\n') + 1)
    {
      const char *count = strchr (line, ' ');
      cr_assert (count && strncmp (count, " 0\n", 3) == 0, "readable: %s", r.out);
    }
  sbx_release (&r);
}

static const char *const write_knobs
    = "/probe open-write /proc/sys/kernel/hostname; /probe open-write /proc/sys/vm/drop_caches;"
      "/probe open-write /proc/irq/default_smp_affinity";

/* uid 0 of the host owns them: only the read-only mount stops it. */
Test (mounts, proc_kernel_knobs_are_read_only)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--userns", "host", "--user", "0", "-v", sbx_probe_volume (), "--", "sh", "-c",
            write_knobs, NULL);
  cr_assert_str_eq (r.out, "EROFS\nEROFS\nEROFS\n", "%s", r.err);
  sbx_release (&r);
}

/* Root inside is not their owner: it cannot even open them for writing. */
Test (mounts, proc_kernel_knobs_are_closed_to_root_in_its_user_namespace)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--user", "0", "-v", sbx_probe_volume (), "--", "sh", "-c", write_knobs, NULL);
  cr_assert_str_eq (r.out, "EACCES\nEACCES\nEACCES\n", "%s", r.err);
  sbx_release (&r);
}

Test (mounts, dev_holds_only_the_minimal_set)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "ls", "/dev", NULL);
  cr_assert_str_eq (r.out, "fd\nfull\nnull\nptmx\npts\nrandom\nshm\nstderr\nstdin\nstdout\ntty\nurandom\nzero\n");
  sbx_release (&r);
}

Test (mounts, no_disk_memory_or_kernel_log_devices)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--user", "0", "-v", sbx_probe_volume (), "--", "sh", "-c",
            "/probe open-read /dev/mem; /probe open-read /dev/kmsg; /probe open-read /dev/vda; ls /sys/block | wc -l",
            NULL);
  /* /sys/block lists the host's disks (sysfs is per network namespace, not per
   * device), but without device nodes and with no capabilities none can be opened. */
  cr_assert_eq (strncmp (r.out, "ENOENT\nENOENT\nENOENT\n", 21), 0, "%s", r.out);
  sbx_release (&r);
}

Test (mounts, dev_null_and_shm_work)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--", "sh", "-c",
            "echo gone > /dev/null && head -c 4 /dev/zero | wc -c && echo s > /dev/shm/x && cat /dev/shm/x", NULL);
  cr_assert_str_eq (r.out, "4\ns\n", "%s", r.err);
  sbx_release (&r);
}

Test (mounts, sys_is_read_only_or_absent)
{
  struct sbx r = { 0 };

  sbx_exec (&r, "--rootfs", ROOT, "--userns", "host", "--user", "0", "-v", sbx_probe_volume (), "--", "sh", "-c",
            "/probe open-write /sys/class/net/lo/mtu; ls /sys/class/net", NULL);
  cr_assert_str_eq (r.out, "EROFS\nlo\n", "%s", r.err);
  sbx_release (&r);
  /* In its own user namespace, root inside does not own sysfs's files either. */
  sbx_exec (&r, "--rootfs", ROOT, "--user", "0", "-v", sbx_probe_volume (), "--", "sh", "-c",
            "/probe open-write /sys/class/net/lo/mtu", NULL);
  cr_assert_str_eq (r.out, "EACCES\n", "%s", r.err);
  sbx_release (&r);
  sbx_exec (&r, "--rootfs", ROOT, "--no-sys", "--", "sh", "-c", "ls /sys | wc -l", NULL);
  cr_assert_str_eq (r.out, "0\n");
  sbx_release (&r);
}
