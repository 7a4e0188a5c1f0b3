#include <criterion/criterion.h>
#include <string.h>

#include "base/cleanup.h"
#include "exec-parse.h"

Test (unit_exec_options, command_and_flags_fill_the_config, .init = exec_parse_clean_environment)
{
  struct nsbox_spec *o;
  const char *args[] = { "exec", "--rootfs", "/", "-e", "A=1", "-u", "1000:100", "--hostname", "h", "--timeout",
                         "1.5", "--tmpfs-size", "8m", "--tmpfs-exec", "--no-sys", "--no-init", "--json",
                         "--output-limit", "2k", "-v", "/a:/b:ro", "-w", "/work", "--", "prog", "-x", "--y", NULL };

  cr_assert_eq (exec_parse (args, &o, NULL), 0);
  cr_assert_str_eq (o->command[0], "prog");
  cr_assert_str_eq (o->command[1], "-x");
  cr_assert_str_eq (o->command[2], "--y", "options after the command belong to it");
  cr_assert_null (o->command[3]);
  cr_assert_str_eq (o->config.lower_dirs[0], "/");
  cr_assert_eq (o->config.uid, 1000);
  cr_assert_eq (o->config.gid, 100);
  cr_assert_str_eq (o->config.hostname, "h");
  cr_assert_eq (o->config.timeout_ms, 1500);
  cr_assert_eq (o->config.tmpfs_size, 8 << 20);
  cr_assert (o->config.tmpfs_exec);
  cr_assert_eq (o->config.sys_mode, NSBOX_SYS_NONE);
  cr_assert_not (o->config.use_init);
  cr_assert (o->json);
  cr_assert_eq (o->config.output, NSBOX_OUTPUT_CAPTURE);
  cr_assert_eq (o->config.output_limit, 2048);
  cr_assert_eq (o->config.n_mounts, 1);
  cr_assert (o->config.mounts[0].read_only);
  cr_assert_str_eq (o->config.workdir, "/work");
  nsbox_spec_free (o);
}

Test (unit_exec_options, environment_is_built_from_nothing, .init = exec_parse_clean_environment)
{
  struct nsbox_spec *o;
  const char *args[] = { "exec", "--rootfs", "/", "-t", "-e", "HOME=/home/x", "-e", "Z=1", "true", NULL };
  struct nsbox_sandbox_config c;

  cr_assert_eq (exec_parse (args, &o, NULL), 0);
  cr_assert_eq (nsbox_config_copy (&c, &o->config, NULL), 0);
  cr_assert_eq (nsbox_spec_build_environment (o, &c, NULL, NULL), 0);
  cr_assert_str_eq (c.env[0], "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  cr_assert_str_eq (c.env[1], "HOME=/home/x");
  cr_assert_str_eq (c.env[2], "TERM=xterm");
  cr_assert_str_eq (c.env[3], "Z=1");
  cr_assert_null (c.env[4]);
  cr_assert_null (o->config.env, "the spec itself is not completed");
  nsbox_config_release (&c);
  nsbox_spec_free (o);
}

Test (unit_exec_options, errors_name_the_problem, .init = exec_parse_clean_environment)
{
  struct nsbox_spec *o;
  _cleanup_free_ char *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL;
  const char *no_root[] = { "exec", NULL };
  const char *no_cmd[] = { "exec", "--rootfs", "/", NULL };
  const char *relative_workdir[] = { "exec", "--rootfs", "/", "-w", "tmp", "true", NULL };
  const char *unknown[] = { "exec", "--frobnicate", NULL };

  cr_assert_lt (exec_parse (no_root, &o, &m1), 0);
  cr_assert_not_null (strstr (m1, "--rootfs"), "%s", m1);
  nsbox_spec_free (o);
  cr_assert_lt (exec_parse (no_cmd, &o, &m2), 0);
  cr_assert_not_null (strstr (m2, "no command"), "%s", m2);
  nsbox_spec_free (o);
  cr_assert_lt (exec_parse (relative_workdir, &o, &m3), 0);
  cr_assert_not_null (strstr (m3, "absolute"), "%s", m3);
  nsbox_spec_free (o);
  cr_assert_lt (exec_parse (unknown, &o, &m4), 0);
  cr_assert_not_null (strstr (m4, "--frobnicate"), "%s", m4);
  nsbox_spec_free (o);
}

Test (unit_exec_options, without_rootfs_the_first_argument_is_an_image, .init = exec_parse_clean_environment)
{
  struct nsbox_spec *o;
  const char *with_command[] = { "exec", "-e", "A=1", "-u", "7", "python:3.12", "--", "python3", "-V", NULL };
  const char *bare[] = { "exec", "-w", "/src", "busybox", NULL };

  cr_assert_eq (exec_parse (with_command, &o, NULL), 0);
  cr_assert_str_eq (o->image, "python:3.12");
  cr_assert_str_eq (o->command[0], "python3");
  cr_assert_str_eq (o->command[1], "-V");
  cr_assert_null (o->command[2]);
  cr_assert (o->user_set);
  cr_assert_not (o->workdir_set);
  cr_assert_str_eq (o->user_env[0], "A=1");
  /* The config's argv and environment wait for the image's config. */
  cr_assert_null (o->config.argv);
  cr_assert_eq (o->config.n_lower_dirs, 0);
  nsbox_spec_free (o);
  cr_assert_eq (exec_parse (bare, &o, NULL), 0);
  cr_assert_str_eq (o->image, "busybox");
  cr_assert_null (o->command);
  cr_assert (o->workdir_set);
  nsbox_spec_free (o);
}

Test (unit_exec_options, lang_flags_and_program_arguments, .init = exec_parse_clean_environment)
{
  struct nsbox_spec *o;
  const char *args[] = { "exec", "--lang", "python", "--code", "main.py", "--stdin", "in.txt", "--profile", "strict",
                         "--checks", "report", "--log", "/l", "--memory", "64m", "--pids", "8", "-e", "A=1", "--",
                         "x", "--y", NULL };

  cr_assert_eq (exec_parse (args, &o, NULL), 0);
  cr_assert_str_eq (o->lang, "python");
  cr_assert_str_eq (o->code_path, "main.py");
  cr_assert_str_eq (o->stdin_path, "in.txt");
  cr_assert_str_eq (o->profile, "strict");
  cr_assert_str_eq (o->checks, "report");
  cr_assert_str_eq (o->log_path, "/l");
  cr_assert_eq (o->config.memory_bytes, 64 << 20);
  cr_assert_eq (o->config.pids, 8);
  cr_assert_str_eq (o->user_env[0], "A=1");
  cr_assert_str_eq (o->args[0], "x");
  cr_assert_str_eq (o->args[1], "--y");
  cr_assert_null (o->args[2]);
  cr_assert_null (o->command, "the policy supplies the command");
  cr_assert_not (o->rootfs_set);
  nsbox_spec_free (o);
}

Test (unit_exec_options, lang_flags_are_checked, .init = exec_parse_clean_environment)
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
      struct nsbox_spec *o;
      char *msg = NULL;

      cr_expect_lt (exec_parse (bad[i], &o, &msg), 0, "case %zu accepted", i);
      cr_expect_not_null (msg);
      free (msg);
      nsbox_spec_free (o);
    }
}

/* Bundled short flags give more options than arguments: found by fuzz-cli,
 * a heap overflow before the parser sized its table by characters. */
Test (unit_exec_options, bundled_short_flags_outnumber_the_arguments, .init = exec_parse_clean_environment)
{
  struct nsbox_spec *o;
  const char *args[] = { "exec", "-tititititititititititititititititititititititititititititititi", "--rootfs", "/",
                         "--", "true", NULL };

  cr_assert_eq (exec_parse (args, &o, NULL), 0);
  cr_expect (o->config.tty);
  cr_expect (o->config.interactive);
  nsbox_spec_free (o);
}

/* What the setuid helper is sent: the command line's own keys, in order,
 * aliases as the keys they set, never what the environment or the user's
 * default state root said. */
Test (unit_exec_options, the_helpers_request_is_the_command_lines_keys_only, .init = exec_parse_clean_environment)
{
  const char *args[] = { "exec", "-m", "64m", "--network", "none", "--pids-limit", "9", "-v", "/a:/b:ro",
                         "--rootfs", "/", "--", "sh", "-c", "x", NULL };
  const char *want[] = { "memory", "64m", "pids", "9", "volume", "/a:/b:ro", "rootfs", "/",
                         "argv", "sh", "argv", "-c", "argv", "x", NULL };
  struct nsbox_global_options global = { .state_root = "/tmp", .state_root_given = false };
  struct nsbox_exec_parsed parsed = { 0 };
  struct nsbox_spec *spec;
  char *message = NULL;
  size_t i;

  setenv ("NSBOX_SECCOMP_PROFILE_DIR", "/etc", 1);
  cr_assert_eq (nsbox_spec_new (&spec, NULL), 0);
  cr_assert_eq (nsbox_exec_args_parse (&global, 15, (char **) args, spec, &parsed, &message), 0, "%s", message);
  for (i = 0; want[i]; i++)
    cr_expect_str_eq (parsed.keys[i], want[i], "key %zu", i);
  cr_expect_null (parsed.keys[i], "more than asked: %s", parsed.keys[i]);
  cr_expect_null (parsed.config);
  nsbox_exec_parsed_release (&parsed);
  nsbox_spec_free (spec);
  /* --root given is the command line's, and the helper will refuse it. */
  global.state_root_given = true;
  cr_assert_eq (nsbox_spec_new (&spec, NULL), 0);
  cr_assert_eq (nsbox_exec_args_parse (&global, 15, (char **) args, spec, &parsed, &message), 0, "%s", message);
  cr_expect_str_eq (parsed.keys[0], "root");
  cr_expect_str_eq (parsed.keys[1], "/tmp");
  nsbox_exec_parsed_release (&parsed);
  nsbox_spec_free (spec);
  exec_parse_clean_environment ();
}
