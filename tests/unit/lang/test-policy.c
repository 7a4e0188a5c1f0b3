/* unit_policy: the language policy parser, the shipped policies, the search path. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "sandbox/config.h"
#include "lang/policy.h"

#define SHIPPED NSBOX_TEST_SRCDIR "/policies/lang"

static const char *const shipped_dirs[] = { SHIPPED, NULL };

static const char *
parse_error (const char *text)
{
  static char msg[4096];
  struct nsbox_lang_policy p;
  struct nsbox_error *err = NULL;

  cr_assert_lt (nsbox_policy_parse (text, strlen (text), "/etc/nsbox/lang/x.json", &p, &err), 0,
                "accepted: %s", text);
  snprintf (msg, sizeof msg, "%s", err->message);
  nsbox_error_free (err);
  nsbox_policy_release (&p);
  return msg;
}

#define MINIMAL_HEAD "{\"name\": \"x\", \"image\": \"i\", \"file\": \"/code/x\", \"run\": {\"argv\": [\"x\"]}"

static void
load (const char *lang, struct nsbox_lang_policy *p)
{
  struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_policy_find (lang, shipped_dirs, p, &err), 0, "%s: %s", lang, err ? err->message : "");
}

Test (unit_policy, every_shipped_policy_parses_with_its_limits)
{
  static const struct
  {
    const char *name, *image, *file;
    uint64_t memory_mb, timeout_s, pids;
    bool compile;
  } expect[] = {
    { "python", "nsbox/python:latest", "/code/main.py", 512, 30, 16, false },
    { "node", "nsbox/node:latest", "/code/main.js", 256, 20, 32, false },
    { "typescript", "nsbox/node:latest", "/code/main.ts", 256, 20, 32, true },
    { "go", "nsbox/go:latest", "/code/main.go", 512, 30, 64, true },
    { "c", "nsbox/gcc:latest", "/code/main.c", 256, 20, 16, true },
    { "cpp", "nsbox/gcc:latest", "/code/main.cpp", 512, 30, 16, true },
    { "rust", "nsbox/rust:latest", "/code/main.rs", 1024, 60, 64, true },
    { "java", "nsbox/java:latest", "/code/Main.java", 1024, 60, 64, true },
  };

  for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
    {
      struct nsbox_lang_policy p;

      load (expect[i].name, &p);
      cr_expect_str_eq (p.name, expect[i].name);
      cr_expect_str_eq (p.image, expect[i].image);
      cr_expect_str_eq (p.file, expect[i].file);
      cr_expect_eq (p.run.memory_bytes, expect[i].memory_mb << 20, "%s memory", p.name);
      cr_expect_eq (p.run.timeout_ms, expect[i].timeout_s * 1000, "%s timeout", p.name);
      cr_expect_eq (p.run.pids, expect[i].pids, "%s pids", p.name);
      cr_expect_eq (p.has_compile, expect[i].compile, "%s compile", p.name);
      cr_expect_eq (p.max_code_bytes, 100 * 1024, "%s max code size", p.name);
      cr_expect_str_eq (p.seccomp_standard, "default");
      cr_expect_str_eq (p.seccomp_strict, "strict");
      cr_expect_gt (p.n_rules, 4, "%s has its rules", p.name);
      nsbox_policy_release (&p);
    }
}

/* Go compiles through the image's nsbox-go-build (rootfs-tools/mkimage), which reads the
 * standard library the image build compiled and writes only its archive to /tmp: nothing on
 * /tmp is executed and no cache is mounted writable. */
Test (unit_policy, go_compiles_with_the_image_build_script_on_a_noexec_tmpfs)
{
  struct nsbox_lang_policy p;

  load ("go", &p);
  cr_expect_str_eq (p.compile.argv[0], "nsbox-go-build");
  cr_expect_not (p.compile.tmpfs_exec);
  cr_expect_null (p.compile.warm_cache_from);
  cr_expect_not (p.run.tmpfs_exec, "the run step needs no exec on /tmp");
  nsbox_policy_release (&p);
}

Test (unit_policy, a_warm_cache_is_mounted_below_tmp_from_a_plain_path)
{
  static const char *const bad[][2] = {
    { "{\"from\": \"/var/c\", \"at\": \"/usr/x\"}", "below /tmp/" },
    { "{\"from\": \"/var/c\", \"at\": \"/tmp\"}", "below /tmp/" },
    { "{\"from\": \"/var/c\", \"at\": \"/tmp/../etc\"}", "below /tmp/" },
    { "{\"from\": \"var/c\", \"at\": \"/tmp/c\"}", "absolute path" },
    { "{\"from\": \"/var/../c\", \"at\": \"/tmp/c\"}", "absolute path" },
    { "{\"from\": \"/var/c,upperdir=/x\", \"at\": \"/tmp/c\"}", "absolute path" },
    { "{\"from\": \"/var/c\"}", "`compile.warm_cache.at`" },
  };
  char text[1024];

  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      snprintf (text, sizeof text, MINIMAL_HEAD ", \"compile\": {\"argv\": [\"c\"], \"warm_cache\": %s}}", bad[i][0]);
      cr_expect_not_null (strstr (parse_error (text), bad[i][1]), "%s: %s", bad[i][0], parse_error (text));
    }
}

Test (unit_policy, aliases_find_their_policy)
{
  static const char *const pairs[][2] = { { "javascript", "node" }, { "js", "node" }, { "ts", "typescript" },
                                          { "c++", "cpp" },         { "golang", "go" } };

  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
    {
      struct nsbox_lang_policy p;

      load (pairs[i][0], &p);
      cr_expect_str_eq (p.name, pairs[i][1]);
      nsbox_policy_release (&p);
    }
}

Test (unit_policy, unknown_language_names_the_directories)
{
  struct nsbox_lang_policy p;
  struct nsbox_error *err = NULL;

  cr_assert_lt (nsbox_policy_find ("cobol", shipped_dirs, &p, &err), 0);
  cr_expect_not_null (strstr (err->message, "cobol"));
  cr_expect_not_null (strstr (err->message, SHIPPED), "%s", err->message);
  nsbox_error_free (err);
}

Test (unit_policy, list_is_sorted_and_complete)
{
  struct nsbox_lang_policy *list = NULL;
  struct nsbox_error *err = NULL;
  size_t n = 0;

  cr_assert_eq (nsbox_policy_list (shipped_dirs, &list, &n, &err), 0);
  cr_assert_eq (n, 10);
  for (size_t i = 1; i < n; i++)
    cr_expect_lt (strcmp (list[i - 1].name, list[i].name), 0);
  nsbox_policy_list_free (list, n);
}

Test (unit_policy, an_earlier_directory_overrides_a_file)
{
  char dir[] = "/tmp/nsbox-policy-XXXXXX";
  char path[128];
  const char *dirs[] = { dir, SHIPPED, NULL };
  struct nsbox_lang_policy p;
  struct nsbox_error *err = NULL;
  FILE *f;

  cr_assert_not_null (mkdtemp (dir));
  snprintf (path, sizeof path, "%s/python.json", dir);
  f = fopen (path, "w");
  fputs ("{\"name\": \"python\", \"image\": \"site/python:3\", \"file\": \"/code/a.py\","
         " \"run\": {\"argv\": [\"python3\", \"/code/a.py\"], \"memory\": \"128m\"}}",
         f);
  fclose (f);
  cr_assert_eq (nsbox_policy_find ("python", dirs, &p, &err), 0);
  cr_expect_str_eq (p.image, "site/python:3");
  cr_expect_eq (p.run.memory_bytes, 128u << 20);
  cr_expect_str_eq (p.path, path);
  nsbox_policy_release (&p);
  unlink (path);
  rmdir (dir);
}

Test (unit_policy, unknown_keys_are_errors_naming_file_and_key)
{
  const char *m = parse_error (MINIMAL_HEAD ", \"imagee\": \"x\"}");
  cr_expect_not_null (strstr (m, "/etc/nsbox/lang/x.json"), "%s", m);
  cr_expect_not_null (strstr (m, "`imagee`"), "%s", m);
  cr_expect_not_null (strstr (m, "unknown key"), "%s", m);

  m = parse_error (MINIMAL_HEAD ", \"compile\": {\"argv\": [\"cc\"], \"memroy\": \"1g\"}}");
  cr_expect_not_null (strstr (m, "`compile.memroy`"), "%s", m);

  m = parse_error (MINIMAL_HEAD ", \"checks\": {\"rules\": [{\"id\": \"a\", \"pattern\": \"x\", \"severity\": \"low\","
                                " \"sev\": 1}]}}");
  cr_expect_not_null (strstr (m, "`checks.rules[0].sev`"), "%s", m);
}

Test (unit_policy, bad_values_are_errors_naming_the_key)
{
  static const struct
  {
    const char *doc, *key;
  } cases[] = {
    { "{\"name\": \"x\", \"image\": \"i\", \"file\": \"/code/x\"}", "`run`" },
    { "{\"name\": \"x\", \"image\": \"i\", \"file\": \"code/x\", \"run\": {\"argv\": [\"x\"]}}", "`file`" },
    { "{\"name\": \"X Y\", \"image\": \"i\", \"file\": \"/c/x\", \"run\": {\"argv\": [\"x\"]}}", "`name`" },
    { "{\"name\": \"x\", \"image\": \"i\", \"file\": \"/c/x\", \"run\": {\"argv\": []}}", "`run.argv`" },
    { MINIMAL_HEAD ", \"compile\": {\"argv\": [\"cc\"], \"memory\": \"lots\"}}", "`compile.memory`" },
    { MINIMAL_HEAD ", \"compile\": {\"argv\": [\"cc\"], \"timeout\": -1}}", "`compile.timeout`" },
    { MINIMAL_HEAD ", \"compile\": {\"argv\": [\"cc\"], \"pids\": 0}}", "`compile.pids`" },
    { MINIMAL_HEAD ", \"compile\": {\"argv\": [\"cc\"], \"tmpfs\": {\"exec\": \"yes\"}}}", "`compile.tmpfs.exec`" },
    { MINIMAL_HEAD ", \"env\": [\"NOEQUALS\"]}", "`env`" },
    { MINIMAL_HEAD ", \"checks\": {\"max_code_size\": 0}}", "`checks.max_code_size`" },
    { MINIMAL_HEAD ", \"checks\": {\"rules\": [{\"id\": \"a\", \"pattern\": \"(\", \"severity\": \"low\"}]}}",
      "`checks.rules[0].pattern`" },
    { MINIMAL_HEAD ", \"checks\": {\"rules\": [{\"id\": \"a\", \"pattern\": \"x\", \"severity\": \"fatal\"}]}}",
      "`checks.rules[0].severity`" },
    { MINIMAL_HEAD ", \"checks\": {\"rules\": [{\"pattern\": \"x\", \"severity\": \"low\"}]}}",
      "`checks.rules[0].id`" },
    { MINIMAL_HEAD ", \"checks\": {\"rules\": [{\"id\": \"a\", \"pattern\": \"x\", \"severity\": \"low\"},"
                   " {\"id\": \"a\", \"pattern\": \"y\", \"severity\": \"low\"}]}}",
      "`checks.rules[1]`" },
    { MINIMAL_HEAD ", \"checks\": {\"syntax\": \"cobol\"}}", "`checks.syntax`" },
    { MINIMAL_HEAD ", \"checks\": {\"rules\": [{\"id\": \"a\", \"imports\": [\"os\"], \"severity\": \"low\"}]}}",
      "`checks.rules[0].imports`" },
    { MINIMAL_HEAD ", \"checks\": {\"syntax\": \"python\", \"rules\": [{\"id\": \"a\", \"uses\": [\"o*s\"], "
                   "\"severity\": \"low\"}]}}",
      "`checks.rules[0].uses`" },
    { MINIMAL_HEAD ", \"checks\": {\"syntax\": \"python\", \"rules\": [{\"id\": \"a\", \"severity\": \"low\"}]}}",
      "`checks.rules[0].pattern`" },
    { MINIMAL_HEAD ", \"checks\": {\"allow_imports\": [\"math\"]}}", "`checks.allow_imports`" },
    { MINIMAL_HEAD ", \"seccomp\": {\"strict\": 3}}", "`seccomp.strict`" },
    { MINIMAL_HEAD ", \"support_files\": {\"rel/x\": \"c\"}}", "`support_files.rel/x`" },
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      const char *m = parse_error (cases[i].doc);
      cr_expect_not_null (strstr (m, cases[i].key), "case %zu: `%s` not in: %s", i, cases[i].key, m);
      cr_expect_not_null (strstr (m, "x.json"), "case %zu: no file in: %s", i, m);
    }
}

/* Found by tests/fuzz (fuzz-policy, a timeout): glibc's regcomp() copies the tree for every
 * `+`, so a run of them took minutes and gigabytes.  Such a pattern, nested intervals and
 * back-references (exponential in regexec on the checked code) are refused at once. */
Test (unit_policy, patterns_that_would_not_compile_in_time_are_refused, .timeout = 10)
{
  static const char *const patterns[] = {
    "import++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++",
    "((a{100}){100}){100}",
    "(((((((((((((((((((((((((x+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+",
    /* A loop over what can match nothing: few nodes, but regcomp spends about their cube on
     * the empty transitions (fuzz-policy again: the first took 2 s, fourteen `+` minutes). */
    "imqort[[:space:]]*++++++++++++++[[:space:]]*x",
    "a**",
    "(a|b*)+",
    "(x?){2,9}",
    /* glibc reads `{,m}` as `{0,m}` and `{,}` as `*` (fuzz-policy: 2 GB for this first one). */
    "((a{,20}){,20}){,20}",
    "a{,}{,}",
    "(x?){,}",
    /* No loop and no nesting, but regcomp's empty transitions grow with the square of the
     * optional copies: 530 MB for this one. */
    "a{0,5000}",
  };
  char doc[2048];

  for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++)
    {
      const char *m;

      snprintf (doc, sizeof doc,
                MINIMAL_HEAD ", \"checks\": {\"rules\": [{\"id\": \"a\", \"pattern\": \"%s\", \"severity\": \"low\"}]}}",
                patterns[i]);
      m = parse_error (doc);
      cr_expect_not_null (strstr (m, "repeats too much to compile"), "pattern %zu: %s", i, m);
      cr_expect_not_null (strstr (m, "`checks.rules[0].pattern`"), "pattern %zu: %s", i, m);
    }
  /* The same square for what can match nothing in a row, however it nests (three thousand
   * `a?` took 71 MB), and the cube for anchors (fuzz-regex: 48 MB for three hundred `^`). */
  static const char *const empty_runs[][2] = { { "a?", "" }, { "^", "" }, { "(a?", ")" }, { "(^|)", "" } };

  for (size_t i = 0; i < sizeof empty_runs / sizeof empty_runs[0]; i++)
    {
      char many[1201] = "";
      const char *m;

      for (int k = 0; k < 150; k++)
        strcat (many, empty_runs[i][0]);
      for (int k = 0; k < 150; k++)
        strcat (many, empty_runs[i][1]);
      snprintf (doc, sizeof doc,
                MINIMAL_HEAD ", \"checks\": {\"rules\": [{\"id\": \"a\", \"pattern\": \"x%sy\", \"severity\": \"low\"}]}}",
                many);
      m = parse_error (doc);
      cr_expect_not_null (strstr (m, "repeats too much to compile"), "150 %s: %s", empty_runs[i][0], m);
    }
  snprintf (doc, sizeof doc,
            MINIMAL_HEAD ", \"checks\": {\"rules\": [{\"id\": \"a\", \"pattern\": \"(a)\\\\1\", \"severity\": \"low\"}]}}");
  cr_expect_not_null (strstr (parse_error (doc), "back-reference"), "%s", doc);
}

/* What a policy author writes stays well inside the bound: an address, a bounded name. */
Test (unit_policy, patterns_of_common_size_are_accepted)
{
  static const char *const doc
      = MINIMAL_HEAD ", \"checks\": {\"rules\": [{\"id\": \"a\", \"pattern\": "
                     "\"(^|[^0-9])[0-9]{1,3}(\\\\.[0-9]{1,3}){3}([^0-9]|$)\", \"severity\": \"low\"}, "
                     "{\"id\": \"b\", \"pattern\": \"import[[:space:]]+[a-z_]{1,40}\", \"severity\": \"low\"}]}}";
  struct nsbox_lang_policy p = { 0 };
  struct nsbox_error *err = NULL;

  cr_expect_eq (nsbox_policy_parse (doc, strlen (doc), "x.json", &p, &err), 0, "%s",
                err ? err->message : "");
  nsbox_error_free (err);
  nsbox_policy_release (&p);
}

Test (unit_policy, invalid_json_names_file_line_and_column)
{
  const char *m = parse_error ("{\"name\": \"x\",\n \"image\" \"i\"}");
  cr_expect_not_null (strstr (m, "x.json:2:"), "%s", m);
}

Test (unit_policy, duplicate_keys_are_refused)
{
  const char *m = parse_error (MINIMAL_HEAD ", \"image\": \"j\"}");
  cr_expect_not_null (strstr (m, "x.json"), "%s", m);
}
