/* unit_nsconf: nsbox.conf parsing, its errors, and the ceilings. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "sandbox/config.h"
#include "lang/nsconf.h"

static const char *
conf_error (const char *text)
{
  static char msg[1024];
  struct nsbox_conf c;
  struct nsbox_error *err = NULL;

  cr_assert_lt (nsbox_conf_parse (text, strlen (text), "/etc/nsbox/nsbox.conf", &c, &err), 0, "accepted: %s", text);
  snprintf (msg, sizeof msg, "%s", err->message);
  nsbox_error_free (err);
  nsbox_conf_release (&c);
  return msg;
}

Test (unit_nsconf, built_in_values_are_safe)
{
  struct nsbox_conf c;

  nsbox_conf_init (&c);
  cr_expect_eq (c.ceilings.memory_bytes, 4ULL << 30);
  cr_expect_eq (c.ceilings.timeout_ms, 600000);
  cr_expect_eq (c.ceilings.pids, 1024);
  cr_expect_null (c.results_log);
  cr_expect_null (c.path);
  nsbox_conf_release (&c);
}

Test (unit_nsconf, every_key_parses)
{
  static const char text[]
      = "{\"store\": \"/var/lib/nsbox\", \"default_profile\": \"strict\", \"results_log\": \"/var/log/nsbox.jsonl\","
        " \"policy_dir\": \"/srv/lang\", \"ceilings\": {\"memory\": \"2g\", \"timeout\": 90, \"pids\": 128,"
        " \"cpus\": 1.5, \"cpu_time\": 60, \"tmpfs_size\": \"256m\", \"output_limit\": 1048576}}";
  struct nsbox_conf c;
  struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_conf_parse (text, sizeof text - 1, "t.conf", &c, &err), 0, "%s", err ? err->message : "");
  cr_expect_str_eq (c.store, "/var/lib/nsbox");
  cr_expect_str_eq (c.default_profile, "strict");
  cr_expect_str_eq (c.results_log, "/var/log/nsbox.jsonl");
  cr_expect_str_eq (c.policy_dir, "/srv/lang");
  cr_expect_eq (c.ceilings.memory_bytes, 2ULL << 30);
  cr_expect_eq (c.ceilings.timeout_ms, 90000);
  cr_expect_eq (c.ceilings.pids, 128);
  cr_expect_eq (c.ceilings.cpu_millis, 1500);
  cr_expect_eq (c.ceilings.cpu_time_s, 60);
  cr_expect_eq (c.ceilings.tmpfs_size, 256u << 20);
  cr_expect_eq (c.ceilings.output_limit, 1u << 20);
  nsbox_conf_release (&c);
}

Test (unit_nsconf, unknown_and_bad_keys_name_file_and_key)
{
  static const struct
  {
    const char *doc, *key;
  } cases[] = {
    { "{\"stor\": \"/x\"}", "`stor`" },
    { "{\"ceilings\": {\"mem\": \"1g\"}}", "`ceilings.mem`" },
    { "{\"ceilings\": {\"memory\": \"much\"}}", "`ceilings.memory`" },
    { "{\"ceilings\": {\"memory\": 0}}", "`ceilings.memory`" },
    { "{\"ceilings\": {\"timeout\": \"soon\"}}", "`ceilings.timeout`" },
    { "{\"ceilings\": {\"pids\": -3}}", "`ceilings.pids`" },
    { "{\"ceilings\": {\"cpus\": 0}}", "`ceilings.cpus`" },
    { "{\"ceilings\": 5}", "`ceilings`" },
    { "{\"default_profile\": \"lax\"}", "`default_profile`" },
    { "{\"results_log\": \"relative.log\"}", "`results_log`" },
    { "{\"store\": 3}", "`store`" },
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      const char *m = conf_error (cases[i].doc);
      cr_expect_not_null (strstr (m, "/etc/nsbox/nsbox.conf"), "case %zu: %s", i, m);
      cr_expect_not_null (strstr (m, cases[i].key), "case %zu: `%s` not in %s", i, cases[i].key, m);
    }
  cr_expect_not_null (strstr (conf_error ("[1]"), "must be a JSON object"));
  cr_expect_not_null (strstr (conf_error ("{\"store\": \"/a\",}"), "invalid JSON"));
}

Test (unit_nsconf, a_missing_default_file_means_built_in_values)
{
  struct nsbox_conf c;
  struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_conf_load ("/nonexistent/nsbox.conf", false, &c, &err), 0);
  cr_expect_null (c.path);
  cr_expect_eq (c.ceilings.pids, NSBOX_CEILING_PIDS);
  nsbox_conf_release (&c);
  cr_assert_lt (nsbox_conf_load ("/nonexistent/nsbox.conf", true, &c, &err), 0);
  cr_expect_not_null (strstr (err->message, "/nonexistent/nsbox.conf"), "%s", err->message);
  nsbox_error_free (err);
  nsbox_conf_release (&c);
}

static const char *
check_error (const char *conf_text, void (*set) (struct nsbox_sandbox_config *), unsigned which)
{
  static char msg[1024];
  struct nsbox_conf c;
  struct nsbox_sandbox_config cfg;
  struct nsbox_error *err = NULL;
  int r;

  cr_assert_eq (nsbox_conf_parse (conf_text, strlen (conf_text), "/etc/nsbox/nsbox.conf", &c, &err), 0);
  nsbox_config_init (&cfg);
  set (&cfg);
  cr_assert_eq (nsbox_conf_check (&c, &cfg, 0, &err), 0, "limits not given are not looked at");
  r = nsbox_conf_check (&c, &cfg, which, &err);
  msg[0] = '\0';
  if (r < 0)
    {
      snprintf (msg, sizeof msg, "%s", err->message);
      nsbox_error_free (err);
    }
  nsbox_config_release (&cfg);
  nsbox_conf_release (&c);
  return msg;
}

static void set_memory_2g (struct nsbox_sandbox_config *c) { c->memory_bytes = 2ULL << 30; }
static void set_memory_1g (struct nsbox_sandbox_config *c) { c->memory_bytes = 1ULL << 30; }
static void set_timeout_61 (struct nsbox_sandbox_config *c) { c->timeout_ms = 61000; }
static void set_pids_65 (struct nsbox_sandbox_config *c) { c->pids = 65; }
static void set_tmpfs_2g (struct nsbox_sandbox_config *c) { c->tmpfs_size = 2ULL << 30; }
static void set_unlimited (struct nsbox_sandbox_config *c) { c->memory_bytes = NSBOX_UNLIMITED; c->timeout_ms = 0; }

Test (unit_nsconf, limits_over_a_ceiling_are_refused_naming_it)
{
  static const char conf[]
      = "{\"ceilings\": {\"memory\": \"1g\", \"timeout\": 60, \"pids\": 64, \"tmpfs_size\": \"1g\"}}";
  const char *m;

  m = check_error (conf, set_memory_2g, NSBOX_LIMIT_MEMORY);
  cr_expect_str_eq (m, "memory 2g exceeds the ceiling 1g (ceilings.memory in /etc/nsbox/nsbox.conf)");
  cr_expect_str_eq (check_error (conf, set_memory_1g, NSBOX_LIMIT_MEMORY), "", "equal to the ceiling is allowed");
  m = check_error (conf, set_timeout_61, NSBOX_LIMIT_TIMEOUT);
  cr_expect_not_null (strstr (m, "ceilings.timeout"), "%s", m);
  cr_expect_not_null (strstr (m, "61"), "%s", m);
  m = check_error (conf, set_pids_65, NSBOX_LIMIT_PIDS);
  cr_expect_not_null (strstr (m, "ceilings.pids"), "%s", m);
  m = check_error (conf, set_tmpfs_2g, NSBOX_LIMIT_TMPFS);
  cr_expect_not_null (strstr (m, "ceilings.tmpfs_size"), "%s", m);
}

Test (unit_nsconf, asking_for_no_limit_exceeds_a_ceiling)
{
  static const char conf[] = "{\"ceilings\": {\"memory\": \"1g\", \"timeout\": 60}}";

  cr_expect_str_eq (check_error (conf, set_unlimited, NSBOX_LIMIT_MEMORY),
                    "memory unlimited exceeds the ceiling 1g (ceilings.memory in /etc/nsbox/nsbox.conf)");
  cr_expect_str_eq (check_error (conf, set_unlimited, NSBOX_LIMIT_TIMEOUT),
                    "timeout unlimited exceeds the ceiling 60 (ceilings.timeout in /etc/nsbox/nsbox.conf)");
}

static void set_ptys_9 (struct nsbox_sandbox_config *c) { c->ptys = 9; }

Test (unit_nsconf, ptys_have_a_ceiling_and_the_default_follows_it)
{
  static const char conf[] = "{\"ceilings\": {\"ptys\": 8}}";
  struct nsbox_sandbox_config cfg;
  struct nsbox_conf c;
  struct nsbox_error *err = NULL;

  cr_expect_str_eq (check_error (conf, set_ptys_9, NSBOX_LIMIT_PTYS),
                    "ptys 9 exceeds the ceiling 8 (ceilings.ptys in /etc/nsbox/nsbox.conf)");
  cr_assert_eq (nsbox_conf_parse (conf, strlen (conf), "/etc/nsbox/nsbox.conf", &c, &err), 0);
  nsbox_config_init (&cfg);
  cr_expect_eq (cfg.ptys, NSBOX_DEFAULT_PTYS);
  /* Not given: the default is lowered to the ceiling; given: left for the check. */
  cr_assert_eq (nsbox_conf_apply_defaults (&c, &cfg, 0, NULL), 0);
  cr_expect_eq (cfg.ptys, 8);
  cfg.ptys = 9;
  cr_assert_eq (nsbox_conf_apply_defaults (&c, &cfg, NSBOX_LIMIT_PTYS, NULL), 0);
  cr_expect_eq (cfg.ptys, 9);
  nsbox_config_release (&cfg);
  nsbox_conf_release (&c);
  cr_assert_neq (nsbox_conf_parse ("{\"ceilings\": {\"ptys\": 0}}", 25, "x", &c, &err), 0);
  nsbox_error_free (err);
  nsbox_conf_release (&c);
}

Test (unit_nsconf, the_helper_section_parses_and_its_errors_name_the_key)
{
  static const char text[]
      = "{\"helper\": {\"state_root\": \"/run/nsbox\", \"audit_log\": \"/var/log/a.jsonl\", \"syslog\": true,"
        " \"rootfs\": [\"/srv/a\", \"/srv/b\"], \"seccomp_profile_dir\": \"/p\", \"seccomp_cache_dir\": \"/c\","
        " \"quotas\": [{\"user\": \"alice\", \"concurrent\": 2}, {\"group\": \"judges\", \"per_minute\": 10,"
        " \"cpu_seconds_per_hour\": 60}, {\"concurrent\": 1}]}}";
  struct nsbox_conf c;
  struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_conf_parse (text, sizeof text - 1, "t.conf", &c, &err), 0, "%s", err ? err->message : "");
  cr_expect_str_eq (c.helper.state_root, "/run/nsbox");
  cr_expect_str_eq (c.helper.audit_log, "/var/log/a.jsonl");
  cr_expect (c.helper.syslog);
  cr_expect_str_eq (c.helper.rootfs[1], "/srv/b");
  cr_expect_null (c.helper.rootfs[2]);
  cr_assert_eq (c.helper.n_quotas, 3);
  cr_expect_str_eq (c.helper.quotas[0].user, "alice");
  cr_expect_eq (c.helper.quotas[0].concurrent, 2);
  cr_expect_str_eq (c.helper.quotas[1].group, "judges");
  cr_expect_eq (c.helper.quotas[1].per_minute, 10);
  cr_expect_eq (c.helper.quotas[1].cpu_seconds_per_hour, 60);
  cr_expect_null (c.helper.quotas[2].user);
  cr_expect_null (c.helper.quotas[2].group);
  nsbox_conf_release (&c);
  cr_expect_not_null (strstr (conf_error ("{\"helper\": {\"rootfs\": [\"rel\"]}}"), "`helper.rootfs`"));
  cr_expect_not_null (strstr (conf_error ("{\"helper\": {\"audit\": 1}}"), "`helper.audit`"));
  cr_expect_not_null (strstr (conf_error ("{\"helper\": {\"quotas\": {}}}"), "`helper.quotas`"));
  cr_expect_not_null (strstr (conf_error ("{\"helper\": {\"quotas\": [{\"concurrent\": -1}]}}"), "concurrent"));
  cr_expect_not_null (
      strstr (conf_error ("{\"helper\": {\"quotas\": [{\"user\": \"a\", \"group\": \"b\"}]}}"), "not both"));
}

/* The setuid helper's sandbox: limits not given are lowered to the
 * ceilings, and then every one is checked. */
Test (unit_nsconf, a_restricted_config_is_held_to_every_ceiling)
{
  struct nsbox_conf conf;
  struct nsbox_sandbox_config c;
  struct nsbox_error *err = NULL;
  static const char text[] = "{\"ceilings\": {\"memory\": \"256m\", \"timeout\": 30, \"pids\": 64, \"cpus\": 1,"
                             " \"cpu_time\": 20, \"tmpfs_size\": \"32m\", \"output_limit\": 4096, \"ptys\": 4}}";

  cr_assert_eq (nsbox_conf_parse (text, sizeof text - 1, "t.conf", &conf, &err), 0);
  nsbox_config_init (&c);
  c.restricted = true;
  c.memory_bytes = NSBOX_UNLIMITED;
  c.cpu_millis = NSBOX_UNLIMITED;
  c.timeout_ms = 0;
  cr_assert_eq (nsbox_conf_enforce (&conf, &c, 0, &err), 0, "%s", err ? err->message : "");
  cr_expect_eq (c.memory_bytes, 256u << 20);
  cr_expect_eq (c.timeout_ms, 30000);
  cr_expect_eq (c.pids, 64);
  cr_expect_eq (c.cpu_millis, 1000);
  cr_expect (c.rlimits[NSBOX_RLIMIT_CPU].set);
  cr_expect_eq (c.rlimits[NSBOX_RLIMIT_CPU].soft, 20);
  cr_expect_eq (c.tmpfs_size, 32u << 20);
  cr_expect_eq (c.output_limit, 4096);
  cr_expect_eq (c.ptys, 4);
  /* Given above its ceiling, or unlimited: refused. */
  c.memory_bytes = NSBOX_UNLIMITED;
  cr_expect_lt (nsbox_conf_enforce (&conf, &c, NSBOX_LIMIT_MEMORY, &err), 0);
  cr_expect_not_null (err && strstr (err->message, "ceilings.memory"));
  nsbox_error_free (err);
  err = NULL;
  /* Not restricted: only what was given is checked, nothing lowered. */
  c.restricted = false;
  c.memory_bytes = 1ULL << 40;
  cr_expect_eq (nsbox_conf_enforce (&conf, &c, 0, &err), 0);
  cr_expect_eq (c.memory_bytes, 1ULL << 40);
  nsbox_config_release (&c);
  nsbox_conf_release (&conf);
}

/* Off unless named; a directory is required, the size has a default. */
Test (unit_nsconf, the_compile_cache_is_opt_in_and_checked)
{
  static const char text[] = "{\"compile_cache\": {\"dir\": \"/var/cache/nsbox/compile\"}}";
  struct nsbox_conf c;
  struct nsbox_error *err = NULL;

  nsbox_conf_init (&c);
  cr_expect_null (c.compile_cache_dir, "on without nsbox.conf");
  nsbox_conf_release (&c);
  cr_assert_eq (nsbox_conf_parse (text, sizeof text - 1, "t.conf", &c, &err), 0, "%s", err ? err->message : "");
  cr_expect_str_eq (c.compile_cache_dir, "/var/cache/nsbox/compile");
  cr_expect_eq (c.compile_cache_size, NSBOX_COMPILE_CACHE_DEFAULT_SIZE);
  nsbox_conf_release (&c);
  cr_expect_not_null (strstr (conf_error ("{\"compile_cache\": {\"size\": \"1g\"}}"), "compile_cache.dir"));
  cr_expect_not_null (strstr (conf_error ("{\"compile_cache\": {\"dir\": \"cache\"}}"), "absolute"));
  cr_expect_not_null (strstr (conf_error ("{\"compile_cache\": {\"dir\": \"/c\", \"size\": 0}}"), "compile_cache.size"));
  cr_expect_not_null (strstr (conf_error ("{\"compile_cache\": {\"dir\": \"/c\", \"ttl\": 1}}"), "unknown key"));
}

/* Root's runs are logged unless nsbox.conf says false; a user's only where
 * nsbox.conf names a log. */
Test (unit_nsconf, the_results_log_is_on_for_root_unless_false)
{
  static const char off[] = "{\"results_log\": false}", named[] = "{\"results_log\": \"/srv/log/runs.jsonl\"}";
  struct nsbox_conf c;
  struct nsbox_error *err = NULL;

  nsbox_conf_init (&c);
  cr_expect_str_eq (nsbox_conf_results_log (&c, true), NSBOX_DEFAULT_RESULTS_LOG);
  cr_expect_null (nsbox_conf_results_log (&c, false));
  nsbox_conf_release (&c);
  cr_assert_eq (nsbox_conf_parse (off, sizeof off - 1, "t.conf", &c, &err), 0, "%s", err ? err->message : "");
  cr_expect_null (nsbox_conf_results_log (&c, true));
  nsbox_conf_release (&c);
  cr_assert_eq (nsbox_conf_parse (named, sizeof named - 1, "t.conf", &c, &err), 0, "%s", err ? err->message : "");
  cr_expect_str_eq (nsbox_conf_results_log (&c, true), "/srv/log/runs.jsonl");
  cr_expect_str_eq (nsbox_conf_results_log (&c, false), "/srv/log/runs.jsonl");
  nsbox_conf_release (&c);
  cr_expect_not_null (strstr (conf_error ("{\"results_log\": true}"), "results_log"));
  cr_expect_not_null (strstr (conf_error ("{\"results_log\": \"runs.jsonl\"}"), "absolute"));
}
