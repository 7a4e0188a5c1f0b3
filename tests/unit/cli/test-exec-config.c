/* Every `nsbox exec` flag and its JSON key give the same spec: the round
 * trip through the CLI's command line and through a --config document. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "exec-parse.h"

/* ---- comparing two specs, field by field ------------------------------ */

static void
same_str (const char *what, const char *a, const char *b)
{
  if (a == NULL || b == NULL)
    cr_assert_eq (a, b, "%s: `%s` against `%s`", what, a ? a : "(null)", b ? b : "(null)");
  else
    cr_assert_str_eq (a, b, "%s", what);
}

static void
same_strv (const char *what, char *const *a, char *const *b)
{
  size_t i = 0;

  cr_assert_eq (a == NULL, b == NULL, "%s: one is empty", what);
  for (; a && a[i] && b[i]; i++)
    same_str (what, a[i], b[i]);
  cr_assert (a == NULL || (a[i] == NULL && b[i] == NULL), "%s: lengths differ", what);
}

static void
same_config (const struct nsbox_sandbox_config *a, const struct nsbox_sandbox_config *b)
{
  same_strv ("argv", a->argv, b->argv);
  same_strv ("env", a->env, b->env);
  same_str ("workdir", a->workdir, b->workdir);
  cr_assert_eq (a->uid, b->uid, "uid");
  cr_assert_eq (a->gid, b->gid, "gid");
  cr_assert_eq (a->userns, b->userns, "userns");
  same_str ("userns_pool", a->userns_pool, b->userns_pool);
  cr_assert_eq (a->userns_reserved, b->userns_reserved, "userns_reserved");
  cr_assert_eq (a->userns_block_index, b->userns_block_index, "userns_block_index");
  cr_assert_eq (a->userns_host_uid, b->userns_host_uid, "userns_host_uid");
  cr_assert_eq (a->userns_host_gid, b->userns_host_gid, "userns_host_gid");
  cr_assert_eq (a->use_init, b->use_init, "use_init");
  cr_assert_eq (a->n_lower_dirs, b->n_lower_dirs, "n_lower_dirs");
  for (size_t i = 0; i < a->n_lower_dirs; i++)
    same_str ("lower_dirs", a->lower_dirs[i], b->lower_dirs[i]);
  same_str ("hostname", a->hostname, b->hostname);
  same_str ("warm_cache_from", a->warm_cache_from, b->warm_cache_from);
  same_str ("warm_cache_at", a->warm_cache_at, b->warm_cache_at);
  cr_assert_eq (a->tmpfs_size, b->tmpfs_size, "tmpfs_size");
  cr_assert_eq (a->tmpfs_exec, b->tmpfs_exec, "tmpfs_exec");
  cr_assert_eq (a->sys_mode, b->sys_mode, "sys_mode");
  cr_assert_eq (a->n_mounts, b->n_mounts, "n_mounts");
  for (size_t i = 0; i < a->n_mounts; i++)
    {
      same_str ("mount source", a->mounts[i].source, b->mounts[i].source);
      same_str ("mount destination", a->mounts[i].destination, b->mounts[i].destination);
      cr_assert_eq (a->mounts[i].read_only, b->mounts[i].read_only, "mount read_only");
      cr_assert_eq (a->mounts[i].source_fd, b->mounts[i].source_fd, "mount source_fd");
      cr_assert_eq (a->mounts[i].from_nsbox, b->mounts[i].from_nsbox, "mount from_nsbox");
    }
  cr_assert_eq (a->n_files, b->n_files, "n_files");
  for (size_t i = 0; i < a->n_files; i++)
    {
      same_str ("file destination", a->files[i].destination, b->files[i].destination);
      cr_assert_eq (a->files[i].length, b->files[i].length, "file length");
      cr_assert_eq (memcmp (a->files[i].content, b->files[i].content, a->files[i].length), 0, "file content");
      cr_assert_eq (a->files[i].mode, b->files[i].mode, "file mode");
    }
  cr_assert_eq (a->tty, b->tty, "tty");
  cr_assert_eq (a->ptys, b->ptys, "ptys");
  cr_assert_eq (a->interactive, b->interactive, "interactive");
  cr_assert_eq (a->stdin_fd, b->stdin_fd, "stdin_fd");
  cr_assert_eq (a->output, b->output, "output");
  cr_assert_eq (a->output_limit, b->output_limit, "output_limit");
  cr_assert_eq (a->timeout_ms, b->timeout_ms, "timeout_ms");
  cr_assert_eq (a->kill_after_ms, b->kill_after_ms, "kill_after_ms");
  cr_assert_eq (a->memory_bytes, b->memory_bytes, "memory_bytes");
  cr_assert_eq (a->cpu_millis, b->cpu_millis, "cpu_millis");
  cr_assert_eq (a->cpus_explicit, b->cpus_explicit, "cpus_explicit");
  cr_assert_eq (a->pids, b->pids, "pids");
  for (int i = 0; i < NSBOX_RLIMIT_COUNT; i++)
    {
      cr_assert_eq (a->rlimits[i].set, b->rlimits[i].set, "rlimit %d set", i);
      cr_assert_eq (a->rlimits[i].soft, b->rlimits[i].soft, "rlimit %d soft", i);
      cr_assert_eq (a->rlimits[i].hard, b->rlimits[i].hard, "rlimit %d hard", i);
    }
  same_str ("cgroup_parent", a->cgroup_parent, b->cgroup_parent);
  cr_assert_eq (a->no_cgroup, b->no_cgroup, "no_cgroup");
  same_str ("seccomp_profile", a->seccomp_profile, b->seccomp_profile);
  same_str ("seccomp_profile_dir", a->seccomp_profile_dir, b->seccomp_profile_dir);
  same_str ("seccomp_cache_dir", a->seccomp_cache_dir, b->seccomp_cache_dir);
  same_str ("state_root", a->state_root, b->state_root);
  same_str ("id", a->id, b->id);
  same_str ("image_name", a->image_name, b->image_name);
  cr_assert_eq (a->owner_uid, b->owner_uid, "owner_uid");
  cr_assert_eq (a->restricted, b->restricted, "restricted");
}

/* A field added to either struct must be compared above: this trips first. */
_Static_assert (sizeof (struct nsbox_sandbox_config) == 488, "compare the new field in same_config, then update");
_Static_assert (sizeof (struct nsbox_spec) == 744, "compare the new field in same_spec, then update");

static void
same_spec (const struct nsbox_spec *a, const struct nsbox_spec *b)
{
  same_config (&a->config, &b->config);
  cr_assert_eq (a->json, b->json, "json");
  same_str ("report_path", a->report_path, b->report_path);
  same_str ("image", a->image, b->image);
  same_str ("entrypoint", a->entrypoint, b->entrypoint);
  cr_assert_eq (a->entrypoint_set, b->entrypoint_set, "entrypoint_set");
  same_str ("store", a->store, b->store);
  cr_assert_eq (a->rootfs_set, b->rootfs_set, "rootfs_set");
  same_strv ("command", a->command, b->command);
  same_strv ("user_env", a->user_env, b->user_env);
  cr_assert_eq (a->user_set, b->user_set, "user_set");
  cr_assert_eq (a->workdir_set, b->workdir_set, "workdir_set");
  same_str ("lang", a->lang, b->lang);
  same_str ("code_path", a->code_path, b->code_path);
  same_str ("stdin_path", a->stdin_path, b->stdin_path);
  same_strv ("stdin_each", a->stdin_each, b->stdin_each);
  cr_assert_eq (a->total_timeout_ms, b->total_timeout_ms, "total_timeout_ms");
  cr_assert_eq (a->code_fd, b->code_fd, "code_fd");
  cr_assert_eq (a->stdin_fd, b->stdin_fd, "stdin_fd");
  cr_assert_eq (a->stdin_each_fds, b->stdin_each_fds, "stdin_each_fds");
  same_str ("profile", a->profile, b->profile);
  same_str ("checks", a->checks, b->checks);
  same_str ("log_path", a->log_path, b->log_path);
  same_strv ("args", a->args, b->args);
  same_str ("conf_path", a->conf_path, b->conf_path);
  same_str ("lang_policy_dir", a->lang_policy_dir, b->lang_policy_dir);
  cr_assert_eq (a->stdin_read, b->stdin_read, "stdin_read");
  cr_assert_eq (a->limits_given, b->limits_given, "limits_given");
  cr_assert_eq (memcmp (a->given, b->given, sizeof a->given), 0, "the keys given");
}

/* ---- one sample per key ------------------------------------------------ */

/* How the command line says it (after "exec"; a key without a flag is said
 * by a positional argument, a global option or an environment variable), and
 * the JSON members after "nsbox": 1 that say the same. */
struct sample
{
  const char *key;
  const char *args[8];
  const char *json;
  const char *env;          /* NAME=VALUE the CLI reads, or NULL */
  const char *global_root;  /* nsbox --root */
  const char *global_store; /* nsbox --store */
};

static const struct sample samples[] = {
  { .key = "rootfs", .args = { "--rootfs", "/" }, .json = "\"rootfs\": \"/\"" },
  { .key = "image", .args = { "busybox:1.36" }, .json = "\"image\": \"busybox:1.36\"" },
  { .key = "entrypoint", .args = { "--entrypoint", "/bin/sh", "busybox" }, .json = "\"entrypoint\": \"/bin/sh\", \"image\": \"busybox\"" },
  { .key = "store", .args = { "img" }, .json = "\"image\": \"img\", \"store\": \"/srv/store\"", .global_store = "/srv/store" },
  { .key = "argv", .args = { "--rootfs", "/", "--", "sh", "-c", "echo" }, .json = "\"rootfs\": \"/\", \"argv\": [\"sh\", \"-c\", \"echo\"]" },
  { .key = "env", .args = { "-e", "A=1", "--env", "B=2" }, .json = "\"env\": [\"A=1\", \"B=2\"]" },
  { .key = "workdir", .args = { "-w", "/src" }, .json = "\"workdir\": \"/src\"" },
  { .key = "user", .args = { "-u", "1000:100" }, .json = "\"user\": \"1000:100\"" },
  { .key = "userns", .args = { "--userns", "host" }, .json = "\"userns\": \"host\"" },
  { .key = "hostname", .args = { "--hostname", "box" }, .json = "\"hostname\": \"box\"" },
  { .key = "mount", .args = { "--mount", "type=bind,src=/a,dst=/b,ro" }, .json = "\"mount\": [\"type=bind,src=/a,dst=/b,ro\"]" },
  { .key = "volume", .args = { "-v", "/a:/b:ro", "--volume", "/c:/d" }, .json = "\"volume\": [\"/a:/b:ro\", \"/c:/d\"]" },
  { .key = "tmpfs_size", .args = { "--tmpfs-size", "8m" }, .json = "\"tmpfs_size\": 8388608" },
  { .key = "tmpfs_exec", .args = { "--tmpfs-exec" }, .json = "\"tmpfs_exec\": true" },
  { .key = "no_sys", .args = { "--no-sys" }, .json = "\"no_sys\": true" },
  { .key = "no_init", .args = { "--no-init" }, .json = "\"no_init\": true" },
  { .key = "no_cgroup", .args = { "--no-cgroup" }, .json = "\"no_cgroup\": true" },
  { .key = "tty", .args = { "-t" }, .json = "\"tty\": true" },
  { .key = "interactive", .args = { "--interactive" }, .json = "\"interactive\": true" },
  { .key = "timeout", .args = { "--timeout", "1.5" }, .json = "\"timeout\": 1.5" },
  { .key = "kill_after", .args = { "--kill-after", "2" }, .json = "\"kill_after\": \"2\"" },
  { .key = "json", .args = { "--json" }, .json = "\"json\": true" },
  { .key = "output_limit", .args = { "--output-limit", "2k" }, .json = "\"output_limit\": \"2k\"" },
  { .key = "report", .args = { "--report", "/tmp/r.json" }, .json = "\"report\": \"/tmp/r.json\"" },
  { .key = "id", .args = { "--id", "job-1" }, .json = "\"id\": \"job-1\"" },
  { .key = "root", .args = { "--rootfs", "/", "true" }, .json = "\"rootfs\": \"/\", \"argv\": [\"true\"], \"root\": \"/tmp/st\"",
    .global_root = "/tmp/st" },
  { .key = "seccomp", .args = { "--seccomp", "strict" }, .json = "\"seccomp\": \"strict\"" },
  { .key = "lang_policy_dir", .args = { NULL }, .json = "\"lang_policy_dir\": \"/l\"", .env = "NSBOX_LANG_POLICY_DIR=/l" },
  { .key = "seccomp_profile_dir", .args = { NULL }, .json = "\"seccomp_profile_dir\": \"/p\"", .env = "NSBOX_SECCOMP_PROFILE_DIR=/p" },
  { .key = "seccomp_cache_dir", .args = { NULL }, .json = "\"seccomp_cache_dir\": \"/c\"", .env = "NSBOX_SECCOMP_CACHE_DIR=/c" },
  { .key = "memory", .args = { "--memory", "64m" }, .json = "\"memory\": 67108864" },
  { .key = "cpus", .args = { "--cpus", "0.25" }, .json = "\"cpus\": 0.25" },
  { .key = "pids", .args = { "--pids", "16" }, .json = "\"pids\": 16" },
  { .key = "ptys", .args = { "--ptys", "4" }, .json = "\"ptys\": 4" },
  { .key = "cpu_time", .args = { "--cpu-time", "3" }, .json = "\"cpu_time\": 3" },
  { .key = "rlimit", .args = { "--rlimit", "nofile=10:20", "--rlimit", "core=1m" }, .json = "\"rlimit\": [\"nofile=10:20\", \"core=1m\"]" },
  { .key = "cgroup_parent", .args = { "--cgroup-parent", "ci/jobs" }, .json = "\"cgroup_parent\": \"ci/jobs\"" },
  { .key = "lang", .args = { "--lang", "python" }, .json = "\"lang\": \"python\"" },
  { .key = "code", .args = { "--code", "main.py" }, .json = "\"code\": \"main.py\"" },
  { .key = "stdin", .args = { "--stdin", "in.txt" }, .json = "\"stdin\": \"in.txt\"" },
  { .key = "stdin_each", .args = { "--stdin-each", "tests/", "--stdin-each", "x.in" }, .json = "\"stdin_each\": [\"tests/\", \"x.in\"]" },
  { .key = "total_timeout", .args = { "--total-timeout", "30" }, .json = "\"total_timeout\": 30" },
  { .key = "profile", .args = { "--profile", "strict" }, .json = "\"profile\": \"strict\"" },
  { .key = "checks", .args = { "--checks", "block" }, .json = "\"checks\": \"block\"" },
  { .key = "log", .args = { "--log", "/var/log/r.jsonl" }, .json = "\"log\": \"/var/log/r.jsonl\"" },
  { .key = "args", .args = { "--lang", "go", "--", "x", "--y" }, .json = "\"lang\": \"go\", \"args\": [\"x\", \"--y\"]" },
  { .key = "conf", .args = { "--conf", "/etc/site.conf" }, .json = "\"conf\": \"/etc/site.conf\"" },
};

static const struct sample *
sample_for (const char *key)
{
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
    if (strcmp (samples[i].key, key) == 0)
      return &samples[i];
  return NULL;
}

/* The sample through the command line: no rules between keys here (a lone
 * --code is a fine spec, just not a runnable one). */
static struct nsbox_spec *
from_command_line (const struct sample *s)
{
  struct nsbox_global_options global = { .state_root = s->global_root, .store = s->global_store, .store_given = s->global_store != NULL };
  const char *args[10] = { "exec" };
  _cleanup_free_ char *message = NULL;
  struct nsbox_spec *spec;
  struct nsbox_exec_parsed parsed = { 0 };
  int n = 1;

  exec_parse_clean_environment ();
  if (s->env)
    cr_assert_eq (putenv ((char *) s->env), 0);
  for (size_t i = 0; i < 8 && s->args[i]; i++)
    args[n++] = s->args[i];
  cr_assert_eq (nsbox_spec_new (&spec, NULL), 0);
  cr_assert_eq (nsbox_exec_args_parse (&global, n, (char **) args, spec, &parsed, &message), 0, "%s: %s", s->key,
                message);
  nsbox_exec_parsed_release (&parsed);
  exec_parse_clean_environment ();
  return spec;
}

static struct nsbox_spec *
from_json (const char *members)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *text = NULL;
  struct nsbox_spec *spec;

  cr_assert_gt (asprintf (&text, "{\"nsbox\": 1, %s}", members), 0);
  cr_assert_eq (nsbox_spec_new (&spec, NULL), 0);
  cr_assert_eq (nsbox_spec_load_json (spec, text, "test", &err), 0, "%s: %s", members, err ? err->message : "");
  return spec;
}

Test (unit_exec_config, every_key_has_a_sample)
{
  const struct nsbox_spec_key *keys = nsbox_spec_keys ();

  for (size_t i = 0; keys[i].name; i++)
    cr_expect_not_null (sample_for (keys[i].name), "key `%s` (--%s) has no sample here: add one with its JSON",
                        keys[i].name, keys[i].flag ? keys[i].flag : "");
}

/* For each key, the spec from the flag equals the spec from the JSON, and
 * the key is really set (a sample that sets nothing proves nothing). */
Test (unit_exec_config, every_flag_round_trips_through_the_config)
{
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
    {
      struct nsbox_spec *a = from_command_line (&samples[i]);
      struct nsbox_spec *b = from_json (samples[i].json);

      cr_assert_eq (nsbox_spec_is_set (a, samples[i].key), 1, "the sample of `%s` does not set it", samples[i].key);
      same_spec (a, b);
      nsbox_spec_free (a);
      nsbox_spec_free (b);
    }
}

/* A flag's long name is its key with `_` for `-`: what the man page promises. */
Test (unit_exec_config, the_key_is_the_flag_spelled_with_underscores)
{
  const struct nsbox_spec_key *keys = nsbox_spec_keys ();

  for (size_t i = 0; keys[i].name; i++)
    {
      char name[64];

      if (keys[i].flag == NULL)
        continue;
      snprintf (name, sizeof name, "%s", keys[i].flag);
      for (char *p = name; *p; p++)
        if (*p == '-')
          *p = '_';
      cr_expect_str_eq (name, keys[i].name);
    }
}

static void
refused (const char *text, const char *expect)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_spec *spec;

  cr_assert_eq (nsbox_spec_new (&spec, NULL), 0);
  cr_expect_lt (nsbox_spec_load_json (spec, text, "job.json", &err), 0, "accepted: %s", text);
  if (err)
    cr_expect_not_null (strstr (err->message, expect), "`%s` does not say `%s`", err->message, expect);
  nsbox_spec_free (spec);
}

Test (unit_exec_config, mistakes_are_errors_that_name_the_key)
{
  refused ("{\"rootfs\": \"/\"}", "key `nsbox`: missing");
  refused ("{\"nsbox\": 2}", "key `nsbox`: must be 1");
  refused ("{\"nsbox\": \"1\"}", "key `nsbox`: must be 1");
  refused ("{\"nsbox\": 1, \"memroy\": \"1g\"}", "job.json: key `memroy`: unknown key");
  refused ("{\"nsbox\": 1, \"tty\": \"yes\"}", "key `tty`: expected true or false");
  refused ("{\"nsbox\": 1, \"hostname\": 7}", "key `hostname`: expected a string");
  refused ("{\"nsbox\": 1, \"memory\": true}", "key `memory`: expected a string or a number");
  refused ("{\"nsbox\": 1, \"env\": \"A=1\"}", "key `env`: expected an array of strings");
  refused ("{\"nsbox\": 1, \"env\": [\"A=1\", 2]}", "key `env`: expected an array of strings");
  refused ("{\"nsbox\": 1, \"memory\": \"1k\"}", "key `memory`: --memory `1k` is below the minimum");
  refused ("{\"nsbox\": 1, \"pids\": 1.5}", "key `pids`");
  refused ("{\"nsbox\": 1, \"id\": \"a\", \"id\": \"b\"}", "duplicate");
  refused ("[1]", "JSON object");
  refused ("{\"nsbox\": 1,", "job.json: line 1");
}

/* With --config, the flags win: one value replaces the file's, a list grows,
 * and a command on the command line replaces the file's argv. */
Test (unit_exec_config, flags_override_the_file, .init = exec_parse_clean_environment)
{
  char path[] = "/tmp/nsbox-config-XXXXXX";
  const char *doc = "{\"nsbox\": 1, \"rootfs\": \"/\", \"argv\": [\"from-file\"], \"memory\": \"64m\", "
                    "\"env\": [\"A=file\", \"B=file\"], \"hostname\": \"file\"}";
  const char *args[] = { "exec", "--memory", "128m", "--config", path, "-e", "A=flag", "--", "from-flags", "x",
                         NULL };
  const char *keep[] = { "exec", "--config", path, NULL };
  struct nsbox_spec *o;
  FILE *f;
  int fd = mkstemp (path);

  cr_assert_geq (fd, 0);
  f = fdopen (fd, "w");
  fputs (doc, f);
  fclose (f);
  cr_assert_eq (exec_parse (args, &o, NULL), 0);
  cr_expect_eq (o->config.memory_bytes, 128ULL << 20, "a flag before --config still wins");
  cr_expect_str_eq (o->config.hostname, "file");
  cr_expect_str_eq (o->user_env[0], "A=flag");
  cr_expect_str_eq (o->user_env[1], "B=file");
  cr_expect_str_eq (o->command[0], "from-flags", "the file names the root: the arguments are the command");
  cr_expect_str_eq (o->command[1], "x");
  cr_expect_null (o->command[2]);
  nsbox_spec_free (o);
  cr_assert_eq (exec_parse (keep, &o, NULL), 0);
  cr_expect_str_eq (o->command[0], "from-file");
  nsbox_spec_free (o);
  unlink (path);
}

/* The environment the CLI reads lies beneath the file. */
Test (unit_exec_config, the_file_overrides_the_environment, .init = exec_parse_clean_environment)
{
  char path[] = "/tmp/nsbox-config-XXXXXX";
  const char *args[] = { "exec", "--config", path, NULL };
  struct nsbox_spec *o;
  FILE *f;
  int fd = mkstemp (path);

  cr_assert_geq (fd, 0);
  f = fdopen (fd, "w");
  fputs ("{\"nsbox\": 1, \"rootfs\": \"/\", \"argv\": [\"true\"], \"conf\": \"/from/file.conf\"}", f);
  fclose (f);
  setenv ("NSBOX_CONFIG", "/from/env.conf", 1);
  setenv ("NSBOX_SECCOMP_CACHE_DIR", "/from/env", 1);
  cr_assert_eq (exec_parse (args, &o, NULL), 0);
  cr_expect_str_eq (o->conf_path, "/from/file.conf");
  cr_expect_str_eq (o->config.seccomp_cache_dir, "/from/env");
  nsbox_spec_free (o);
  unlink (path);
}

/* A run never changes its spec: the run works on a copy of the config. */
Test (unit_exec_config, a_config_copy_is_deep)
{
  struct nsbox_spec *o = from_json ("\"rootfs\": \"/\", \"argv\": [\"a\"], \"env\": [\"A=1\"], "
                                    "\"volume\": [\"/a:/b:ro\"], \"hostname\": \"h\", \"id\": \"x\", "
                                    "\"seccomp\": \"strict\", \"cgroup_parent\": \"p\"");
  struct nsbox_sandbox_config copy;

  o->config.files = calloc (1, sizeof *o->config.files);
  o->config.files[0] = (struct nsbox_file){ strdup ("/code/a"), strdup ("x\0y"), 3, 0444 };
  o->config.n_files = 1;
  cr_assert_eq (nsbox_config_copy (&copy, &o->config, NULL), 0);
  same_config (&copy, &o->config);
  cr_assert_neq (copy.lower_dirs[0], o->config.lower_dirs[0]);
  cr_assert_neq (copy.mounts[0].source, o->config.mounts[0].source);
  cr_assert_neq (copy.files[0].content, o->config.files[0].content);
  nsbox_config_release (&copy);
  nsbox_spec_free (o);
}

/* ---- docker's flags ------------------------------------------------------ */

static struct nsbox_spec *
parse_args (const char *const *args, const char *env)
{
  struct nsbox_global_options global = { .state_root = NULL };
  _cleanup_free_ char *message = NULL;
  struct nsbox_spec *spec;
  struct nsbox_exec_parsed parsed = { 0 };
  int n = 0;

  while (args[n])
    n++;
  exec_parse_clean_environment ();
  if (env)
    cr_assert_eq (putenv ((char *) env), 0);
  cr_assert_eq (nsbox_spec_new (&spec, NULL), 0);
  cr_assert_eq (nsbox_exec_args_parse (&global, n, (char **) args, spec, &parsed, &message), 0, "%s: %s", args[1],
                message);
  nsbox_exec_parsed_release (&parsed);
  exec_parse_clean_environment ();
  return spec;
}

/* Each alias gives exactly the spec its native flag gives. */
Test (unit_exec_config, docker_flags_give_the_native_flags_spec)
{
  static const struct
  {
    const char *alias[6], *native[6];
  } pairs[] = {
    { { "--pids-limit", "32" }, { "--pids", "32" } },
    { { "-m", "64m" }, { "--memory", "64m" } },
    { { "--name", "job-1" }, { "--id", "job-1" } },
    { { "--no-init", "--init" }, { NULL } },
    { { "--rm", "--read-only" }, { NULL } },
    { { "--network", "none", "--cap-drop", "ALL" }, { NULL } },
    { { "--cap-drop", "all" }, { NULL } },
    { { "--security-opt", "no-new-privileges", "--security-opt", "no-new-privileges:true" }, { NULL } },
    { { "--security-opt", "seccomp=strict" }, { "--seccomp", "strict" } },
    { { "--security-opt", "seccomp=unconfined" }, { "--seccomp", "unconfined" } },
    { { "--tmpfs", "/tmp" }, { NULL } },
    { { "--tmpfs", "/tmp:size=16m,exec" }, { "--tmpfs-size", "16m", "--tmpfs-exec" } },
    { { "--tmpfs", "/tmp:rw,nosuid,nodev,noexec,mode=1777,size=8m" }, { "--tmpfs-size", "8m" } },
  };

  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
    {
      const char *a[12] = { "exec" }, *b[12] = { "exec" };
      size_t na = 1, nb = 1;
      struct nsbox_spec *x, *y;

      for (size_t k = 0; k < 6 && pairs[i].alias[k]; k++)
        a[na++] = pairs[i].alias[k];
      for (size_t k = 0; k < 6 && pairs[i].native[k]; k++)
        b[nb++] = pairs[i].native[k];
      a[na++] = b[nb++] = "--rootfs";
      a[na++] = b[nb++] = "/";
      a[na++] = b[nb++] = "true";
      x = parse_args (a, NULL);
      y = parse_args (b, NULL);
      same_spec (x, y);
      nsbox_spec_free (x);
      nsbox_spec_free (y);
    }
}

Test (unit_exec_config, env_file_is_one_env_flag_per_line)
{
  char path[] = "/tmp/nsbox-env-file-XXXXXX";
  int fd = mkstemp (path);
  const char text[] = "# a comment\nA=1\n\nB=two words=x\nFROM_NSBOX\nUNSET_HERE_XYZ\n";
  const char *with_file[] = { "exec", "--env-file", path, "--rootfs", "/", "true", NULL };
  const char *with_flags[] = { "exec", "-e", "A=1", "-e", "B=two words=x", "-e", "FROM_NSBOX=yes", "--rootfs", "/", "true", NULL };
  struct nsbox_spec *x, *y;

  cr_assert_geq (fd, 0);
  cr_assert_eq (write (fd, text, sizeof text - 1), (ssize_t) sizeof text - 1);
  close (fd);
  unsetenv ("UNSET_HERE_XYZ");
  x = parse_args (with_file, "FROM_NSBOX=yes");
  y = parse_args (with_flags, NULL);
  same_spec (x, y);
  nsbox_spec_free (x);
  nsbox_spec_free (y);
  unlink (path);
}

/* What nsbox does not have is refused, naming what exists. */
Test (unit_exec_config, docker_flags_nsbox_cannot_honour_are_refused)
{
  static const struct
  {
    const char *args[3], *message;
  } cases[] = {
    { { "--network", "host" }, "--network `host`: a sandbox has no network, only its own loopback; `none` is the only value" },
    { { "--network", "bridge" }, "--network `bridge`: a sandbox has no network, only its own loopback; `none` is the only value" },
    { { "--cap-drop", "NET_RAW" }, "--cap-drop `NET_RAW`: every capability is dropped already; `ALL` is the only value" },
    { { "--security-opt", "apparmor=unconfined" }, "--security-opt `apparmor=unconfined`: nsbox takes seccomp=PROFILE and no-new-privileges (which is always on)" },
    { { "--security-opt", "no-new-privileges:false" }, "--security-opt `no-new-privileges:false`: nsbox takes seccomp=PROFILE and no-new-privileges (which is always on)" },
    { { "--tmpfs", "/run" }, "--tmpfs `/run`: /tmp is the only tmpfs of a sandbox (its size: --tmpfs-size)" },
    { { "--tmpfs", "/tmp:uid=5" }, "--tmpfs `/tmp:uid=5`: option `uid=5` (/tmp takes size=SIZE, exec and noexec)" },
    { { "--env-file", "/nonexistent/env" }, "--env-file `/nonexistent/env`: No such file or directory" },
    { { "--env-file", "/dev/zero" }, "--env-file `/dev/zero`: not a regular file of at most 1 MiB" },
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      const char *args[] = { "exec", cases[i].args[0], cases[i].args[1], "--rootfs", "/", "true", NULL };
      char *message = NULL;
      struct nsbox_spec *spec;

      cr_assert_lt (exec_parse (args, &spec, &message), 0, "%s %s accepted", cases[i].args[0], cases[i].args[1]);
      cr_expect_str_eq (message, cases[i].message);
      free (message);
      nsbox_spec_free (spec);
    }
}

/* --entrypoint replaces the image's Entrypoint and Cmd; "" clears it; with
 * --rootfs it comes first and may stand alone. */
Test (unit_exec_config, entrypoint_takes_the_command_as_its_arguments)
{
  const char *alone[] = { "exec", "--rootfs", "/", "--entrypoint", "/bin/true", NULL };
  const char *nothing[] = { "exec", "--rootfs", "/", "--entrypoint", "", NULL };
  const char *lang[] = { "exec", "--lang", "python", "--code", "x.py", "--entrypoint", "/bin/sh", NULL };
  char *message = NULL;
  struct nsbox_spec *spec;

  cr_assert_eq (exec_parse (alone, &spec, NULL), 0);
  cr_expect_str_eq (spec->entrypoint, "/bin/true");
  nsbox_spec_free (spec);
  cr_assert_lt (exec_parse (nothing, &spec, &message), 0, "an empty entrypoint and no command ran");
  free (message);
  nsbox_spec_free (spec);
  message = NULL;
  cr_assert_lt (exec_parse (lang, &spec, &message), 0);
  cr_expect_not_null (strstr (message, "--lang runs take the image and the command"), "%s", message);
  free (message);
  nsbox_spec_free (spec);
}
