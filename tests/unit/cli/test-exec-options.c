#include <criterion/criterion.h>
#include <string.h>

#include "base/cleanup.h"
#include "exec-options.h"

static int
parse (struct nsbox_exec_options *o, const char *const *args, struct nsbox_error **err)
{
  int argc = 0;

  while (args[argc])
    argc++;
  return nsbox_exec_parse (argc, (char **) args, o, err);
}

Test (unit_exec_options, command_and_flags_fill_the_config)
{
  struct nsbox_exec_options o;
  const char *args[] = { "exec", "--rootfs", "/", "-e", "A=1", "-u", "1000:100", "--hostname", "h", "--timeout",
                         "1.5", "--tmpfs-size", "8m", "--tmpfs-exec", "--no-sys", "--no-init", "--json",
                         "--output-limit", "2k", "-v", "/a:/b:ro", "-w", "/work", "--", "prog", "-x", "--y", NULL };

  cr_assert_eq (parse (&o, args, NULL), 0);
  cr_assert_str_eq (o.config.argv[0], "prog");
  cr_assert_str_eq (o.config.argv[1], "-x");
  cr_assert_str_eq (o.config.argv[2], "--y", "options after the command belong to it");
  cr_assert_null (o.config.argv[3]);
  cr_assert_str_eq (o.config.lower_dirs[0], "/");
  cr_assert_eq (o.config.uid, 1000);
  cr_assert_eq (o.config.gid, 100);
  cr_assert_str_eq (o.config.hostname, "h");
  cr_assert_eq (o.config.timeout_ms, 1500);
  cr_assert_eq (o.config.tmpfs_size, 8 << 20);
  cr_assert (o.config.tmpfs_exec);
  cr_assert_eq (o.config.sys_mode, NSBOX_SYS_NONE);
  cr_assert_not (o.config.use_init);
  cr_assert (o.json);
  cr_assert_eq (o.config.output, NSBOX_OUTPUT_CAPTURE);
  cr_assert_eq (o.config.output_limit, 2048);
  cr_assert_eq (o.config.n_mounts, 1);
  cr_assert (o.config.mounts[0].read_only);
  cr_assert_str_eq (o.config.workdir, "/work");
  nsbox_exec_options_release (&o);
}

Test (unit_exec_options, environment_is_built_from_nothing)
{
  struct nsbox_exec_options o;
  const char *args[] = { "exec", "--rootfs", "/", "-t", "-e", "HOME=/home/x", "-e", "Z=1", "true", NULL };

  cr_assert_eq (parse (&o, args, NULL), 0);
  cr_assert_str_eq (o.config.env[0], "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  cr_assert_str_eq (o.config.env[1], "HOME=/home/x");
  cr_assert_str_eq (o.config.env[2], "TERM=xterm");
  cr_assert_str_eq (o.config.env[3], "Z=1");
  cr_assert_null (o.config.env[4]);
  nsbox_exec_options_release (&o);
}

Test (unit_exec_options, errors_name_the_problem)
{
  struct nsbox_exec_options o;
  _cleanup_error_ struct nsbox_error *err = NULL;
  const char *no_root[] = { "exec", NULL };
  const char *no_cmd[] = { "exec", "--rootfs", "/", NULL };
  const char *relative_workdir[] = { "exec", "--rootfs", "/", "-w", "tmp", "true", NULL };
  const char *unknown[] = { "exec", "--frobnicate", NULL };

  cr_assert_lt (parse (&o, no_root, &err), 0);
  cr_assert_not_null (strstr (err->message, "--rootfs"));
  nsbox_exec_options_release (&o);
  cr_assert_lt (parse (&o, no_cmd, &err), 0);
  cr_assert_not_null (strstr (err->message, "no command"));
  nsbox_exec_options_release (&o);
  cr_assert_lt (parse (&o, relative_workdir, &err), 0);
  nsbox_exec_options_release (&o);
  cr_assert_lt (parse (&o, unknown, &err), 0);
  cr_assert_not_null (strstr (err->message, "--frobnicate"), "%s", err->message);
  nsbox_exec_options_release (&o);
}

Test (unit_exec_options, without_rootfs_the_first_argument_is_an_image)
{
  struct nsbox_exec_options o;
  _cleanup_error_ struct nsbox_error *err = NULL;
  const char *with_command[] = { "exec", "-e", "A=1", "-u", "7", "python:3.12", "--", "python3", "-V", NULL };
  const char *bare[] = { "exec", "-w", "/src", "busybox", NULL };

  cr_assert_eq (parse (&o, with_command, &err), 0);
  cr_assert_str_eq (o.image, "python:3.12");
  cr_assert_str_eq (o.command[0], "python3");
  cr_assert_str_eq (o.command[1], "-V");
  cr_assert_null (o.command[2]);
  cr_assert (o.user_set);
  cr_assert_not (o.workdir_set);
  cr_assert_str_eq (o.user_env[0], "A=1");
  /* The config's argv and environment wait for the image's config. */
  cr_assert_null (o.config.argv);
  cr_assert_eq (o.config.n_lower_dirs, 0);
  nsbox_exec_options_release (&o);
  cr_assert_eq (parse (&o, bare, &err), 0);
  cr_assert_str_eq (o.image, "busybox");
  cr_assert_null (o.command);
  cr_assert (o.workdir_set);
  nsbox_exec_options_release (&o);
}

Test (unit_exec_options, lang_flags_and_program_arguments)
{
  struct nsbox_exec_options o;
  const char *args[] = { "exec", "--lang", "python", "--code", "main.py", "--stdin", "in.txt", "--profile", "strict",
                         "--checks", "report", "--log", "/l", "--memory", "64m", "--pids", "8", "-e", "A=1", "--",
                         "x", "--y", NULL };

  cr_assert_eq (parse (&o, args, NULL), 0);
  cr_assert_str_eq (o.lang, "python");
  cr_assert_str_eq (o.code_path, "main.py");
  cr_assert_str_eq (o.stdin_path, "in.txt");
  cr_assert_str_eq (o.profile, "strict");
  cr_assert_str_eq (o.checks, "report");
  cr_assert_str_eq (o.log_path, "/l");
  cr_assert_eq (o.config.memory_bytes, 64 << 20);
  cr_assert_eq (o.config.pids, 8);
  cr_assert_str_eq (o.user_env[0], "A=1");
  cr_assert_str_eq (o.args[0], "x");
  cr_assert_str_eq (o.args[1], "--y");
  cr_assert_null (o.args[2]);
  cr_assert_null (o.config.argv, "the policy supplies the command");
  cr_assert_not (o.rootfs_set);
  nsbox_exec_options_release (&o);
}

Test (unit_exec_options, lang_flags_are_checked)
{
  const char *const *bad[] = {
    (const char *const[]){ "exec", "--lang", "python", NULL },
    (const char *const[]){ "exec", "--lang", "python", "--code", "a", "--profile", "lax", NULL },
    (const char *const[]){ "exec", "--lang", "python", "--code", "a", "--checks", "warn", NULL },
    (const char *const[]){ "exec", "--lang", "python", "--code", "a", "-t", NULL },
    (const char *const[]){ "exec", "--lang", "python", "--code", "a", "--pids", "0", NULL },
    (const char *const[]){ "exec", "--lang", "c", "--code", "a", "-v", "/tmp:/out", NULL },
    (const char *const[]){ "exec", "--rootfs", "/", "--code", "a", "--", "true", NULL },
    (const char *const[]){ "exec", "--rootfs", "/", "--profile", "strict", "--", "true", NULL },
  };

  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      struct nsbox_exec_options o;
      struct nsbox_error *err = NULL;

      cr_expect_lt (parse (&o, bad[i], &err), 0, "case %zu accepted", i);
      cr_expect_not_null (err);
      nsbox_error_free (err);
      nsbox_exec_options_release (&o);
    }
}
