/* lang: nsbox exec --lang with real toolchains.
 *
 * Each language runs on its policy's image, resolved from a store the way
 * every language run does (NSBOX_TEST_LANG_STORE, filled by `make
 * lang-test-images`); without that image, on a root of the same packages
 * (nsbox/python -> test-roots/lang-python, `make lang-test-roots`) given with
 * --rootfs.  A test whose toolchain was built neither way is skipped and says
 * which. */
#define _GNU_SOURCE
#include "harness.h"
#include "base/sha256.h"
#include "image/resolve.h"
#include "sandbox/state.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdint.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef NSBOX_TEST_SRCDIR
#define NSBOX_TEST_SRCDIR "."
#endif

static char *work;  /* this test's directory */
static char conf[4200];

static void
write_text (const char *path, const char *text)
{
  FILE *f = fopen (path, "w");

  cr_assert_not_null (f, "%s", path);
  fputs (text, f);
  cr_assert_eq (fclose (f), 0);
}

/* A path in the test's directory; lives until the test process ends. */
static const char *
in_work (const char *name)
{
  char *p = NULL;

  cr_assert_geq (asprintf (&p, "%s/%s", work, name), 0);
  return p;
}

/* The shipped policies: the source tree's, or where NSBOX_LANG_POLICY_DIR
 * says (tests/rootless/run-rootless gives its user a copy it can read). */
static void
write_conf (const char *extra)
{
  const char *dir = getenv ("NSBOX_LANG_POLICY_DIR");
  char text[8192];

  /* No line in the machine's results log (on by default for root). */
  if (dir && *dir)
    snprintf (text, sizeof text, "{\"policy_dir\": \"%s\", \"results_log\": false%s%s}", dir, extra ? ", " : "",
              extra ? extra : "");
  else
    snprintf (text, sizeof text, "{\"policy_dir\": \"%s/policies/lang\", \"results_log\": false%s%s}",
              NSBOX_TEST_SRCDIR, extra ? ", " : "", extra ? extra : "");
  write_text (conf, text);
}

static void
setup (void)
{
  work = sbx_tmpdir ();
  snprintf (conf, sizeof conf, "%s/nsbox.conf", work);
  write_conf (NULL);
  setenv ("NSBOX_CONFIG", conf, 1);
}

static bool
dir_is_empty (const char *path)
{
  DIR *d = opendir (path);
  struct dirent *e;
  bool empty = true;

  cr_assert_not_null (d);
  while ((e = readdir (d)))
    if (strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
      empty = false;
  closedir (d);
  return empty;
}

/* Artifact directories of nsbox processes that have ended, in a state root:
 * other tests' runs may be under way there, ours are over. */
static int
orphaned_artifacts (const char *state_root)
{
  char base[4300];
  DIR *d;
  struct dirent *e;
  int n = 0;

  snprintf (base, sizeof base, "%s/%s", state_root, NSBOX_STATE_ARTIFACTS);
  d = opendir (base);
  if (d == NULL)
    return 0;
  while ((e = readdir (d)))
    if (e->d_name[0] != '.' && nsbox_state_artifact_owner_runs (e->d_name) != 1)
      n++;
  closedir (d);
  return n;
}

static void
teardown (void)
{
  cr_expect_eq (orphaned_artifacts ("/run/nsbox"), 0, "an artifact directory was left in /run/nsbox/.artifacts");
  sbx_tmpdir_remove (work);
}

TestSuite (lang, .init = setup, .fini = teardown, .timeout = 240);

/* The image a language's policy names, as the test root built from it. */
static const char *
image_base (const char *lang)
{
  if (strcmp (lang, "c") == 0 || strcmp (lang, "cpp") == 0)
    return "gcc";
  if (strcmp (lang, "typescript") == 0 || strcmp (lang, "typescript-checked") == 0)
    return "node";
  return lang;
}

static bool
image_in_store (const char *store, const char *reference)
{
  struct nsbox_image *image = NULL;
  struct nsbox_error *err = NULL;

  if (nsbox_image_resolve (store, reference, &image, &err) < 0)
    {
      nsbox_error_free (err);
      return false;
    }
  nsbox_image_free (image);
  return true;
}

/* The root a language runs on: NULL when its image is in the test store
 * (NSBOX_STORE then points there), else a toolchain root for --rootfs. */
static const char *
lang_root (const char *lang)
{
  static __thread char path[4200];
  const char *store = getenv ("NSBOX_TEST_LANG_STORE");
  const char *roots = getenv ("NSBOX_TEST_ROOTS");
  struct stat st;

  snprintf (path, sizeof path, "nsbox/%s:latest", image_base (lang));
  if (store && *store && image_in_store (store, path))
    {
      setenv ("NSBOX_STORE", store, 1);
      return NULL;
    }
  if (roots == NULL)
    cr_skip_test ("NSBOX_TEST_ROOTS is not set: run the suite through `make check`");
  snprintf (path, sizeof path, "%s/lang-%s", roots, image_base (lang));
  if (stat (path, &st) < 0)
    cr_skip_test ("the %s toolchain was not built: no image nsbox/%s:latest in NSBOX_TEST_LANG_STORE (make "
                  "lang-test-images) and no %s (make lang-test-roots)",
                  lang, image_base (lang), path);
  return path;
}

/* Append "--rootfs ROOT" unless the language's image comes from the store. */
static void
add_root (const char **args, size_t *n, const char *lang)
{
  const char *root = lang_root (lang);

  if (root)
    {
      args[(*n)++] = "--rootfs";
      args[(*n)++] = root;
    }
  args[*n] = NULL;
}

/* nsbox exec --json --lang LANG --code FILE [--rootfs ROOT] EXTRA... */
static void
run_lang (struct sbx *r, const char *lang, const char *code, const char *const *extra)
{
  const char *args[64] = { "--json", "--lang", lang, "--code", in_work ("code") };
  size_t n = 5;

  add_root (args, &n, lang);

  write_text (in_work ("code"), code);
  for (size_t i = 0; extra && extra[i]; i++)
    args[n++] = extra[i];
  args[n] = NULL;
  sbx_execv (r, args);
}

static json_t *
field (const struct sbx *r, const char *a, const char *b)
{
  json_t *v = json_object_get (r->report, a);

  return b ? json_object_get (v, b) : v;
}

static bool
has_violation (const struct sbx *r, const char *rule)
{
  json_t *v = json_object_get (r->report, "violations"), *item;
  size_t i;

  json_array_foreach (v, i, item)
  {
    if (strcmp (json_string_value (json_object_get (item, "rule")), rule) == 0)
      return true;
  }
  return false;
}

/* ------------------------------------------------------------------ programs */

struct program
{
  const char *lang;
  const char *hello;   /* prints "hello from LANG" */
  const char *echo;    /* prints "got: " and the first line of stdin */
  const char *spin;    /* never ends */
  const char *hog;     /* allocates and touches memory without end */
  const char *broken;  /* a compile error (or a runtime error for interpreted languages) */
  const char *error_text; /* what the report's stderr shows for it */
  uint64_t memory_mb, timeout_s, pids;
};

static const struct program programs[] = {
  { "python", "print('hello from python')\n",
    "import sys\nprint('got: ' + sys.stdin.readline().strip())\n",
    "while True:\n    pass\n",
    "chunks = []\nwhile True:\n    chunks.append(b'x' * (16 << 20))\n",
    "print('before')\nprint(1 / 0)\n", "ZeroDivisionError", 512, 30, 16 },
  { "node", "console.log('hello from node');\n",
    "process.stdin.once('data', d => console.log('got: ' + String(d).split('\\n')[0]));\n",
    "for (;;) {}\n",
    "const a = [];\nfor (;;) a.push(Buffer.alloc(16 << 20, 1));\n",
    "throw new Error('boom');\n", "boom", 256, 20, 32 },
  { "typescript", "const who: string = 'typescript';\nconsole.log(`hello from ${who}`);\n",
    "process.stdin.once('data', (d: any) => console.log('got: ' + String(d).split('\\n')[0]));\n",
    "for (;;) {}\n",
    "const a: any[] = [];\nfor (;;) a.push(Buffer.alloc(16 << 20, 1));\n",
    "const n: number = ;\nconsole.log(n);\n", "ERROR", 256, 20, 32 },
  /* tsc with @types/node: Node's modules import with their types. */
  { "typescript-checked",
    "import { EOL } from 'os';\nconst who: string = 'typescript-checked';\nprocess.stdout.write(`hello from ${who}${EOL}`);\n",
    "process.stdin.once('data', (d: Buffer) => console.log('got: ' + d.toString().split('\\n')[0]));\n",
    "for (;;) {}\n",
    "const a: Buffer[] = [];\nfor (;;) a.push(Buffer.alloc(16 << 20, 1));\n",
    "const n: number = 'not a number';\nconsole.log(n);\n", "TS2322", 256, 20, 32 },
  { "go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello from go\") }\n",
    "package main\n\nimport (\n\t\"bufio\"\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\ts := bufio.NewScanner(os.Stdin)\n"
    "\ts.Scan()\n\tfmt.Println(\"got: \" + s.Text())\n}\n",
    "package main\n\nfunc main() {\n\tfor {\n\t}\n}\n",
    "package main\n\nfunc main() {\n\tvar all [][]byte\n\tfor {\n\t\tb := make([]byte, 16<<20)\n"
    "\t\tfor i := range b {\n\t\t\tb[i] = 1\n\t\t}\n\t\tall = append(all, b)\n\t}\n}\n",
    "package main\n\nfunc main() { undefinedThing() }\n", "undefined", 512, 30, 64 },
  { "c", "#include <stdio.h>\nint main(void) { puts(\"hello from c\"); return 0; }\n",
    "#include <stdio.h>\n#include <string.h>\nint main(void) {\n  char b[256] = \"\";\n  if (!fgets(b, sizeof b, stdin)) return 2;\n"
    "  b[strcspn(b, \"\\n\")] = 0;\n  printf(\"got: %s\\n\", b);\n  return 0;\n}\n",
    "int main(void) { for (;;) { __asm__ __volatile__(\"\" ::: \"memory\"); } }\n",
    "#include <stdlib.h>\n#include <string.h>\nint main(void) {\n  for (;;) {\n    char *p = malloc(16 << 20);\n"
    "    if (!p) return 3;\n    memset(p, 1, 16 << 20);\n  }\n}\n",
    "int main(void) { return undeclared; }\n", "undeclared", 256, 20, 16 },
  { "cpp", "#include <iostream>\nint main() { std::cout << \"hello from cpp\" << std::endl; }\n",
    "#include <iostream>\n#include <string>\nint main() { std::string s; std::getline(std::cin, s); "
    "std::cout << \"got: \" << s << std::endl; }\n",
    "int main() { volatile unsigned long n = 0; for (;;) n++; }\n",
    "#include <vector>\n#include <cstring>\nint main() {\n  std::vector<char *> all;\n  for (;;) {\n"
    "    char *p = new char[16 << 20];\n    std::memset(p, 1, 16 << 20);\n    all.push_back(p);\n  }\n}\n",
    "int main() { std::vector<int> v; }\n", "error", 512, 30, 16 },
  { "rust", "fn main() {\n    println!(\"hello from rust\");\n}\n",
    "use std::io::BufRead;\nfn main() {\n    let mut s = String::new();\n"
    "    std::io::stdin().lock().read_line(&mut s).unwrap();\n    println!(\"got: {}\", s.trim_end());\n}\n",
    "fn main() {\n    let mut n: u64 = 1;\n    loop {\n        n = n.wrapping_mul(3).wrapping_add(1);\n"
    "        if n == 0 {\n            println!(\"{}\", n);\n        }\n    }\n}\n",
    "fn main() {\n    let mut all: Vec<Vec<u8>> = Vec::new();\n    loop {\n        all.push(vec![1u8; 16 << 20]);\n"
    "    }\n}\n",
    "fn main() {\n    let x: i32 = \"text\";\n}\n", "error[E0308]", 1024, 60, 64 },
  { "java", "public class Main {\n  public static void main(String[] a) {\n    System.out.println(\"hello from java\");\n  }\n}\n",
    "import java.io.*;\npublic class Main {\n  public static void main(String[] a) throws IOException {\n"
    "    BufferedReader r = new BufferedReader(new InputStreamReader(System.in));\n"
    "    System.out.println(\"got: \" + r.readLine());\n  }\n}\n",
    "public class Main {\n  public static void main(String[] a) {\n    long n = 0;\n    while (true) { n++; }\n  }\n}\n",
    "import java.util.*;\npublic class Main {\n  public static void main(String[] a) {\n"
    "    List<byte[]> all = new ArrayList<>();\n    while (true) {\n      byte[] b = new byte[16 << 20];\n"
    "      Arrays.fill(b, (byte) 1);\n      all.add(b);\n    }\n  }\n}\n",
    "public class Main {\n  public static void main(String[] a) {\n    int x = \"text\";\n  }\n}\n", "error:", 1024,
    60, 64 },
};

static const struct program *
program (const char *lang)
{
  for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++)
    if (strcmp (programs[i].lang, lang) == 0)
      return &programs[i];
  cr_assert_fail ("no program for %s", lang);
  return NULL;
}

static bool
compiled (const char *lang)
{
  return strcmp (lang, "python") != 0 && strcmp (lang, "node") != 0;
}

/* ------------------------------------------------------------------ per language */

static void
check_hello (const char *lang)
{
  const struct program *p = program (lang);
  struct sbx r = { 0 };
  char expect[64];

  run_lang (&r, lang, p->hello, NULL);
  snprintf (expect, sizeof expect, "hello from %s\n", lang);
  cr_expect_str_eq (sbx_str (&r, "status"), "exited", "stderr: %s", sbx_str (&r, "stderr"));
  cr_expect_eq (sbx_int (&r, "exit_code"), 0);
  cr_expect_str_eq (sbx_str (&r, "stdout"), expect);
  cr_expect_str_eq (sbx_str (&r, "language"), lang);
  cr_expect_str_eq (sbx_str (&r, "profile"), "standard");
  cr_expect_eq (json_array_size (field (&r, "violations", NULL)), 0);
  cr_expect_eq (json_integer_value (field (&r, "limits", "memory_bytes")), (json_int_t) p->memory_mb << 20);
  cr_expect_float_eq (json_number_value (field (&r, "limits", "timeout_s")), (double) p->timeout_s, 1e-6);
  cr_expect_eq (json_integer_value (field (&r, "limits", "pids")), (json_int_t) p->pids);
  if (compiled (lang))
    cr_expect_str_eq (json_string_value (field (&r, "compile", "status")), "exited");
  else
    cr_expect (json_is_null (field (&r, "compile", NULL)));
  /* What the caller waited for covers both steps. */
  cr_expect_geq (json_number_value (field (&r, "total_time_s", NULL)),
                 json_number_value (field (&r, "wall_time_s", NULL))
                     + (compiled (lang) ? json_number_value (field (&r, "compile", "wall_time_s")) : 0),
                 "total_time_s");
  cr_expect_eq (r.status, 0);
  sbx_release (&r);
}

static void
check_stdin (const char *lang)
{
  struct sbx r = { 0 };
  const char *const extra[] = { "--stdin", in_work ("input"), NULL };

  write_text (in_work ("input"), "line one\nline two\n");
  run_lang (&r, lang, program (lang)->echo, extra);
  cr_expect_str_eq (sbx_str (&r, "status"), "exited", "stderr: %s", sbx_str (&r, "stderr"));
  cr_expect_str_eq (sbx_str (&r, "stdout"), "got: line one\n", "stderr: %s", sbx_str (&r, "stderr"));
  sbx_release (&r);
}

static void
check_timeout (const char *lang)
{
  struct sbx r = { 0 };
  const char *const extra[] = { "--timeout", "1", NULL };

  run_lang (&r, lang, program (lang)->spin, extra);
  cr_expect_str_eq (sbx_str (&r, "status"), "timeout", "stderr: %s", sbx_str (&r, "stderr"));
  cr_expect (sbx_bool (&r, "timed_out"));
  cr_expect_float_eq (json_number_value (field (&r, "limits", "timeout_s")), 1.0, 1e-6, "the flag overrides the policy");
  cr_expect_lt (json_number_value (field (&r, "wall_time_s", NULL)), 10.0);
  cr_expect_eq (r.status, 124);
  sbx_release (&r);
}

/* Needs the cgroup memory limit (rlimits only: RLIMIT_DATA); the JVM may
 * stop itself first with its own OutOfMemoryError, which is the same limit
 * reported by the workload. */
static void
check_memory (const char *lang)
{
  struct sbx r = { 0 };
  /* The timeout bounds the test where no memory limit could be set. */
  const char *const extra[] = { "--memory", "128m", "--timeout", "15", NULL };
  const char *status;

  run_lang (&r, lang, program (lang)->hog, extra);
  status = sbx_str (&r, "status");
  cr_expect_eq (json_integer_value (field (&r, "limits", "memory_bytes")), 128 << 20);
  if (sbx_rlimits_only ())
    /* RLIMIT_DATA: the allocation fails and the program ends of it, long
     * before the timeout (no OOM kill: that is the cgroup's). */
    cr_expect (strcmp (status, "exited") == 0 || strcmp (status, "signaled") == 0, "%s, stderr: %s", status,
               sbx_str (&r, "stderr"));
  else if (strcmp (lang, "java") == 0)
    {
      /* It sizes its heap from the limit it reads in /sys/fs/cgroup, so it
       * raises its own error where the kernel would kill a JVM sized for
       * the host. */
      cr_expect_str_eq (status, "exited", "stderr: %s", sbx_str (&r, "stderr"));
      cr_expect_not_null (strstr (sbx_str (&r, "stderr"), "OutOfMemoryError"), "stderr: %s", sbx_str (&r, "stderr"));
    }
  else
    cr_expect_str_eq (status, "oom", "stderr: %s", sbx_str (&r, "stderr"));
  cr_expect_neq (r.status, 0);
  sbx_release (&r);
}

static void
check_error (const char *lang)
{
  const struct program *p = program (lang);
  struct sbx r = { 0 };

  run_lang (&r, lang, p->broken, NULL);
  cr_expect_not_null (strstr (sbx_str (&r, "stderr"), p->error_text), "`%s` not in stderr: %s", p->error_text,
                      sbx_str (&r, "stderr"));
  if (compiled (lang))
    {
      cr_expect_str_eq (sbx_str (&r, "status"), "compile-error");
      cr_expect_eq (r.status, 123);
      cr_expect_str_eq (sbx_str (&r, "stdout"), "", "the program did not run");
      cr_expect_str_eq (json_string_value (field (&r, "compile", "status")), "exited");
      cr_expect_neq (json_integer_value (field (&r, "compile", "exit_code")), 0);
    }
  else
    {
      cr_expect_str_eq (sbx_str (&r, "status"), "exited");
      cr_expect_eq (sbx_int (&r, "exit_code"), 1);
      cr_expect_eq (r.status, 1);
    }
  sbx_release (&r);
}

#define LANGUAGE_TESTS(id, name)                                                                                      \
  Test (lang, id##_hello) { check_hello (name); }                                                                   \
  Test (lang, id##_reads_stdin) { check_stdin (name); }                                                             \
  Test (lang, id##_timeout) { check_timeout (name); }                                                               \
  Test (lang, id##_memory_limit) { check_memory (name); }                                                           \
  Test (lang, id##_error_is_reported) { check_error (name); }

LANGUAGE_TESTS (python, "python")
LANGUAGE_TESTS (node, "node")
LANGUAGE_TESTS (typescript, "typescript")
LANGUAGE_TESTS (typescript_checked, "typescript-checked")
LANGUAGE_TESTS (go, "go")
LANGUAGE_TESTS (c, "c")
LANGUAGE_TESTS (cpp, "cpp")
LANGUAGE_TESTS (rust, "rust")
LANGUAGE_TESTS (java, "java")

/* ------------------------------------------------------------------ checks */

static const struct
{
  const char *lang, *code, *rule;
} dangerous[] = {
  { "python", "import os\n", "python-import-os" },
  { "python", "import subprocess\n", "python-import-subprocess" },
  { "python", "import socket\n", "python-import-socket" },
  { "python", "import ctypes\n", "python-import-ctypes" },
  { "python", "eval('1')\n", "python-dynamic-code" },
  { "python", "exec('x = 1')\n", "python-dynamic-code" },
  { "python", "compile('1', 'f', 'eval')\n", "python-dynamic-code" },
  { "python", "__import__('sys')\n", "python-importlib" },
  { "python", "open('/etc/passwd').read()\n", "python-open" },
  { "node", "require('child_process').execSync('id');\n", "node-child-process" },
  { "node", "require('fs').readFileSync('/etc/passwd');\n", "node-fs" },
  { "node", "require('net').connect(80, '10.0.0.1');\n", "node-net" },
  { "node", "require('http').get('http://10.0.0.1/');\n", "node-http" },
  { "node", "require('vm').runInNewContext('1');\n", "node-vm" },
  { "node", "eval('1');\n", "node-eval" },
  { "node", "new Function('return 1')();\n", "node-function" },
  { "typescript", "import * as cp from 'child_process';\n", "node-child-process" },
  { "go", "package main\nimport \"os/exec\"\nfunc main() { exec.Command(\"id\").Run() }\n", "go-os-exec" },
  { "go", "package main\nimport \"syscall\"\nfunc main() { syscall.Getpid() }\n", "go-syscall" },
  { "go", "package main\nimport \"unsafe\"\nfunc main() { _ = unsafe.Sizeof(0) }\n", "go-unsafe" },
  { "go", "package main\nimport \"net\"\nfunc main() { net.Dial(\"tcp\", \"10.0.0.1:80\") }\n", "go-net" },
  { "c", "#include <stdlib.h>\nint main(void) { return system(\"id\"); }\n", "c-system" },
  { "c", "#include <unistd.h>\nint main(void) { execl(\"/bin/sh\", \"sh\", (char *) 0); }\n", "c-exec" },
  { "c", "#include <unistd.h>\nint main(void) { fork(); }\n", "c-fork" },
  { "c", "#include <sys/socket.h>\nint main(void) { return socket(2, 1, 0); }\n", "c-socket" },
  { "c", "int main(void) { __asm__(\"nop\"); }\n", "c-asm" },
  { "cpp", "#include <cstdlib>\nint main() { return std::system(\"id\"); }\n", "c-system" },
  { "rust", "use std::process::Command;\nfn main() { Command::new(\"id\").status().unwrap(); }\n", "rust-process" },
  { "rust", "use std::net::TcpStream;\nfn main() { let _ = TcpStream::connect(\"10.0.0.1:80\"); }\n", "rust-net" },
  { "rust", "fn main() { unsafe { std::ptr::null::<u8>().read(); } }\n", "rust-unsafe" },
  { "java", "public class Main { public static void main(String[] a) throws Exception { "
            "Runtime.getRuntime().exec(\"id\"); } }\n",
    "java-runtime-exec" },
  { "java", "public class Main { public static void main(String[] a) throws Exception { "
            "new ProcessBuilder(\"id\").start(); } }\n",
    "java-process-builder" },
  { "java", "import java.net.Socket;\npublic class Main { public static void main(String[] a) {} }\n", "java-net" },
  { "java", "public class Main { public static void main(String[] a) throws Exception { "
            "Class.forName(\"Main\").getDeclaredMethod(\"main\"); } }\n",
    "java-reflection" },
};

/* Blocked before any sandbox starts: the root does not matter, so every
 * pattern is tested even where a toolchain was not built. */
Test (lang, strict_blocks_each_listed_pattern)
{
  for (size_t i = 0; i < sizeof dangerous / sizeof dangerous[0]; i++)
    {
      struct sbx r = { 0 };

      write_text (in_work ("code"), dangerous[i].code);
      sbx_exec (&r, "--json", "--lang", dangerous[i].lang, "--code", in_work ("code"), "--profile", "strict",
                "--rootfs", sbx_root ("busybox"), NULL);
      cr_expect_str_eq (sbx_str (&r, "status"), "blocked", "%s: %s", dangerous[i].lang, dangerous[i].code);
      cr_expect_eq (r.status, 122);
      cr_expect (has_violation (&r, dangerous[i].rule), "%s not reported for %s", dangerous[i].rule,
                 dangerous[i].code);
      cr_expect_geq (sbx_int (&r, "risk_score"), 20, "high or critical");
      cr_expect_str_eq (sbx_str (&r, "profile"), "strict");
      cr_expect_str_eq (sbx_str (&r, "stdout"), "");
      sbx_release (&r);
    }
}

Test (lang, strict_block_in_pass_through_mode_names_the_rule)
{
  struct sbx r = { 0 };

  write_text (in_work ("code"), "print(1)\nimport socket\n");
  sbx_exec (&r, "--lang", "python", "--code", in_work ("code"), "--profile", "strict", "--rootfs",
            sbx_root ("busybox"), NULL);
  cr_expect_eq (r.status, 122);
  cr_expect_str_eq (r.out, "");
  cr_expect_not_null (strstr (r.err, "python-import-socket"), "%s", r.err);
  cr_expect_not_null (strstr (r.err, "line 2"), "%s", r.err);
  sbx_release (&r);
}

/* Standard reports what is below critical and runs the code anyway. */
static const struct
{
  const char *lang, *code, *rule, *out;
  int risk;
} reported[] = {
  { "python", "print(len(open('/code/main.py').read()) > 0)\n", "python-open", "True\n", 20 },
  { "node", "const fs = require('fs');\nconsole.log(fs.existsSync('/code/main.js'));\n", "node-fs", "true\n", 20 },
  { "typescript", "const fs = require('fs');\nconsole.log(fs.existsSync('/code/main.ts'));\n", "node-fs", "true\n", 20 },
  { "go", "package main\nimport (\n\t\"fmt\"\n\t\"reflect\"\n)\nfunc main() { fmt.Println(reflect.TypeOf(1)) }\n",
    "go-reflect", "int\n", 5 },
  { "c", "#include <stdio.h>\nint main(void) { FILE *f = fopen(\"/code/main.c\", \"r\"); puts(f ? \"ran\" : \"no\"); }\n",
    "c-files", "ran\n", 10 },
  { "cpp", "#include <cstdio>\nint main() { std::FILE *f = fopen(\"/code/main.cpp\", \"r\"); std::puts(f ? \"ran\" : \"no\"); }\n",
    "c-files", "ran\n", 10 },
  { "rust", "fn main() { println!(\"{}\", std::fs::metadata(\"/code/main.rs\").is_ok()); }\n", "rust-fs", "true\n", 20 },
  { "java", "import java.io.File;\npublic class Main { public static void main(String[] a) { "
            "System.out.println(new File(\"/code\").isDirectory()); } }\n",
    "java-files", "true\n", 20 },
};

static void
check_reported (size_t i)
{
  struct sbx r = { 0 };

  run_lang (&r, reported[i].lang, reported[i].code, NULL);
  cr_expect_str_eq (sbx_str (&r, "status"), "exited", "stderr: %s", sbx_str (&r, "stderr"));
  cr_expect_str_eq (sbx_str (&r, "stdout"), reported[i].out, "stderr: %s", sbx_str (&r, "stderr"));
  cr_expect (has_violation (&r, reported[i].rule), "%s not reported", reported[i].rule);
  cr_expect_eq (sbx_int (&r, "risk_score"), reported[i].risk);
  sbx_release (&r);
}

Test (lang, standard_reports_and_runs_python) { check_reported (0); }
Test (lang, standard_reports_and_runs_node) { check_reported (1); }
Test (lang, standard_reports_and_runs_typescript) { check_reported (2); }
Test (lang, standard_reports_and_runs_go) { check_reported (3); }
Test (lang, standard_reports_and_runs_c) { check_reported (4); }
Test (lang, standard_reports_and_runs_cpp) { check_reported (5); }
Test (lang, standard_reports_and_runs_rust) { check_reported (6); }
Test (lang, standard_reports_and_runs_java) { check_reported (7); }

/* Standard blocks what is critical: the bypasses of line patterns included. */
Test (lang, standard_blocks_critical_findings_before_any_sandbox)
{
  static const struct
  {
    const char *lang, *code, *rule;
  } cases[] = {
    { "python", "import subprocess\nsubprocess.run(['id'])\n", "python-import-subprocess" },
    { "python", "getattr(__builtins__, 'ev' + 'al')('1')\n", "python-dynamic-code" },
    { "node", "require('child' + '_process').execSync('id');\n", "node-eval" },
    { "go", "package main\nimport \"os\"\nfunc main() { os.StartProcess(\"/bin/sh\", nil, nil) }\n", "go-os-process" },
    { "c", "#include <stdlib.h>\nint (*f)(const char *) = system;\nint main(void) { return f(\"id\"); }\n", "c-system" },
    { "rust", "use std as s;\nfn main() { s::process::Command::new(\"id\").status().unwrap(); }\n", "rust-process" },
    { "java", "public class Main { public static void main(String[] a) throws Exception { "
              "java.util.function.Function<String, Process> f = Runtime.getRuntime()::exec; f.apply(\"id\"); } }\n",
      "java-runtime-exec" },
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      struct sbx r = { 0 };

      write_text (in_work ("code"), cases[i].code);
      sbx_exec (&r, "--json", "--lang", cases[i].lang, "--code", in_work ("code"), "--rootfs", sbx_root ("busybox"),
                NULL);
      cr_expect_str_eq (sbx_str (&r, "status"), "blocked", "%s: %s", cases[i].lang, cases[i].code);
      cr_expect_eq (r.status, 122);
      cr_expect_str_eq (sbx_str (&r, "profile"), "standard");
      cr_expect (has_violation (&r, cases[i].rule), "%s not reported for %s", cases[i].rule, cases[i].code);
      cr_expect (json_is_null (field (&r, "isolation", NULL)), "%s: a sandbox started", cases[i].code);
      sbx_release (&r);
    }
}

/* A syntax error the checks' parser finds ends the run before any sandbox:
 * status syntax-error, its line and message, exit status 123. */
Test (lang, a_syntax_error_stops_the_run_before_any_sandbox)
{
  struct sbx r = { 0 };
  json_t *e;

  write_text (in_work ("code"), "print('a')\nif True:\nprint('b')\n");
  sbx_exec (&r, "--json", "--lang", "python", "--code", in_work ("code"), "--rootfs", sbx_root ("busybox"), NULL);
  cr_expect_str_eq (sbx_str (&r, "status"), "syntax-error");
  cr_expect_eq (r.status, 123);
  e = field (&r, "syntax_error", NULL);
  cr_assert (json_is_object (e));
  cr_expect_eq (json_integer_value (json_object_get (e, "line")), 3);
  cr_expect_str_eq (json_string_value (json_object_get (e, "message")), "expected an indented block");
  cr_expect (json_is_null (field (&r, "isolation", NULL)));
  sbx_release (&r);
  /* Checks off: nothing is parsed, and the interpreter reports it. */
  run_lang (&r, "python", "print('a')\nif True:\nprint('b')\n", (const char *const[]){ "--checks", "off", NULL });
  cr_expect_str_eq (sbx_str (&r, "status"), "exited");
  cr_expect_not_null (strstr (sbx_str (&r, "stderr"), "IndentationError"), "%s", sbx_str (&r, "stderr"));
  sbx_release (&r);
}

Test (lang, strict_halves_memory_and_time)
{
  struct sbx r = { 0 };
  const char *const extra[] = { "--profile", "strict", NULL };

  run_lang (&r, "python", "print(open('/proc/self/status').read().count('Seccomp:\\t2'))\n", extra);
  cr_expect_str_eq (sbx_str (&r, "status"), "blocked", "open() is high: strict blocks it");
  sbx_release (&r);
  run_lang (&r, "python", "print('ok')\n", extra);
  cr_expect_str_eq (sbx_str (&r, "status"), "exited", "stderr: %s", sbx_str (&r, "stderr"));
  cr_expect_str_eq (sbx_str (&r, "stdout"), "ok\n");
  cr_expect_eq (json_integer_value (field (&r, "limits", "memory_bytes")), 256 << 20);
  cr_expect_float_eq (json_number_value (field (&r, "limits", "timeout_s")), 15.0, 1e-6);
  cr_expect_eq (json_integer_value (field (&r, "limits", "pids")), 16);
  sbx_release (&r);
}

Test (lang, checks_off_reports_nothing)
{
  struct sbx r = { 0 };
  const char *const extra[] = { "--profile", "strict", "--checks", "off", NULL };

  run_lang (&r, "python", "import os\nprint('ran')\n", extra);
  cr_expect_str_eq (sbx_str (&r, "status"), "exited", "stderr: %s", sbx_str (&r, "stderr"));
  cr_expect_eq (json_array_size (field (&r, "violations", NULL)), 0);
  sbx_release (&r);
}

/* ------------------------------------------------------------------ compile once, run many */

/* Adds the two numbers of its stdin's line; spins on "spin". */
static const char *const adder = "#include <stdio.h>\n#include <string.h>\n"
                                 "int main (void) { char b[64]; int x, y;\n"
                                 "  if (!fgets (b, sizeof b, stdin)) return 3;\n"
                                 "  if (!strncmp (b, \"spin\", 4)) for (;;);\n"
                                 "  if (sscanf (b, \"%d %d\", &x, &y) != 2) return 4;\n"
                                 "  printf (\"%d\\n\", x + y); return 0; }\n";

/* DIR/01 ... one file per line of `lines`, named 01, 02 ... */
static const char *
inputs_dir (const char *name, const char *const *lines)
{
  const char *dir = in_work (name);

  cr_assert_eq (mkdir (dir, 0755), 0);
  for (int i = 0; lines[i]; i++)
    {
      char path[4400];

      snprintf (path, sizeof path, "%s/%02d", dir, i + 1);
      write_text (path, lines[i]);
    }
  return dir;
}

static json_t *
run_of (const struct sbx *r, size_t i)
{
  return json_array_get (json_object_get (r->report, "runs"), i);
}

static const char *
run_str (const struct sbx *r, size_t i, const char *key)
{
  const char *v = json_string_value (json_object_get (run_of (r, i), key));

  return v ? v : "(none)";
}

/* The judge's loop: one compile, then each input in a fresh sandbox under
 * the run step's limits; the report's own status is the first failing run's. */
Test (lang, stdin_each_compiles_once_and_runs_every_input)
{
  struct sbx r = { 0 };
  const char *dir = inputs_dir ("tests", (const char *const[]){ "1 2\n", "3 4\n", "spin\n", "5 6\n", NULL });

  run_lang (&r, "c", adder, (const char *const[]){ "--timeout", "1", "--stdin-each", dir, NULL });
  cr_assert_str_eq (json_string_value (field (&r, "compile", "status")), "exited", "%s", r.out);
  cr_assert_eq (json_array_size (json_object_get (r.report, "runs")), 4, "%s", r.out);
  cr_expect_str_eq (run_str (&r, 0, "stdout"), "3\n");
  cr_expect_str_eq (run_str (&r, 1, "stdout"), "7\n");
  cr_expect_str_eq (run_str (&r, 2, "status"), "timeout");
  cr_expect_str_eq (run_str (&r, 3, "status"), "exited", "a timeout stops no later input");
  cr_expect_str_eq (run_str (&r, 3, "stdout"), "11\n");
  cr_expect_not_null (strstr (run_str (&r, 0, "input"), "/tests/01"), "%s", run_str (&r, 0, "input"));
  cr_expect_str_eq (sbx_str (&r, "status"), "timeout", "the verdict is the first run that failed");
  cr_expect_eq (r.status, 124);
  sbx_release (&r);
}

/* --total-timeout bounds all runs: the one under way is cut to what is left,
 * and those after it are reported as skipped. */
Test (lang, total_timeout_cuts_the_runs_and_skips_the_rest)
{
  struct sbx r = { 0 };
  const char *dir = inputs_dir ("tests", (const char *const[]){ "1 2\n", "spin\n", "3 4\n", NULL });
  double spun;

  run_lang (&r, "c", adder,
            (const char *const[]){ "--timeout", "10", "--total-timeout", "1", "--stdin-each", dir, NULL });
  cr_assert_eq (json_array_size (json_object_get (r.report, "runs")), 3, "%s", r.out);
  cr_expect_str_eq (run_str (&r, 0, "stdout"), "3\n");
  cr_expect_str_eq (run_str (&r, 1, "status"), "timeout");
  spun = json_number_value (json_object_get (run_of (&r, 1), "wall_time_s"));
  cr_expect (spun < 2.0, "the run was not cut to the total: %.3f s", spun);
  cr_expect_str_eq (run_str (&r, 2, "status"), "skipped");
  cr_expect_null (json_object_get (run_of (&r, 2), "stdout"));
  cr_expect_eq (json_real_value (field (&r, "limits", "total_timeout_s")), 1.0);
  sbx_release (&r);
}

/* What cannot be a run's stdin is refused before the compile step starts. */
Test (lang, stdin_each_refuses_what_is_not_a_file_before_compiling)
{
  struct sbx r = { 0 };
  const char *fifo = in_work ("fifo"), *in = in_work ("in");

  cr_assert_eq (mkfifo (fifo, 0600), 0);
  write_text (in, "1 2\n");
  run_lang (&r, "c", adder, (const char *const[]){ "--stdin-each", fifo, NULL });
  cr_expect_eq (r.status, 125);
  cr_expect_str_eq (sbx_str (&r, "status"), "error");
  cr_expect (!json_is_object (field (&r, "compile", NULL)), "a compile step ran: %s", r.out);
  cr_expect_not_null (strstr (json_string_value (field (&r, "error", "message")), "not a regular file"), "%s", r.out);
  sbx_release (&r);
  run_lang (&r, "c", adder, (const char *const[]){ "--stdin", in, "--stdin-each", in, NULL });
  cr_expect_eq (r.status, 125);
  cr_expect_not_null (strstr (r.out, "--stdin-each"), "%s", r.out);
  sbx_release (&r);
}

/* ------------------------------------------------------------------ the compile cache */

static bool
compile_cached (const struct sbx *r)
{
  return json_is_true (field (r, "compile", "cached"));
}

/* The same code on the same image is compiled once; other code is not
 * taken for it; the cache is root's alone. */
Test (lang, the_same_code_compiles_once_then_comes_from_the_compile_cache)
{
  struct sbx r = { 0 };
  const char *cache = in_work ("ccache");
  char extra[4400];
  struct stat st;

  if (sbx_rootless () || sbx_through_helper ())
    cr_skip_test ("only root's runs use the compile cache (and the setuid helper reads the site's nsbox.conf)");
  snprintf (extra, sizeof extra, "\"compile_cache\": {\"dir\": \"%s\", \"size\": \"64m\"}", cache);
  write_conf (extra);
  if (lang_root ("c") != NULL)
    cr_skip_test ("artifacts are keyed on an image's layers: no nsbox/gcc image in NSBOX_TEST_LANG_STORE");
  run_lang (&r, "c", program ("c")->hello, NULL);
  cr_assert_str_eq (sbx_str (&r, "stdout"), "hello from c\n", "%s", r.out);
  cr_expect_not (compile_cached (&r), "a first compile came from the cache");
  sbx_release (&r);
  run_lang (&r, "c", program ("c")->hello, NULL);
  cr_expect_str_eq (sbx_str (&r, "stdout"), "hello from c\n", "%s", r.out);
  cr_expect (compile_cached (&r), "the second compile ran: %s", r.out);
  sbx_release (&r);
  run_lang (&r, "c", program ("c")->echo, NULL);
  cr_expect_not (compile_cached (&r), "other code took the cached artifact");
  sbx_release (&r);
  cr_assert_eq (stat (cache, &st), 0);
  cr_expect_eq (st.st_uid, 0);
  cr_expect_eq (st.st_mode & 07777, 0700);
}

/* ------------------------------------------------------------------ warm caches */

/* A policy "warm" whose compile step reads and writes the image's
 * /var/cache/warm through a warm cache at /tmp/warm and records what it saw,
 * and whose run step prints that record and the image's own directory. */
static void
write_warm_policy (const char *from)
{
  char dir[4300], path[4400], text[4400];

  snprintf (dir, sizeof dir, "%s", in_work ("policies"));
  cr_assert_eq (mkdir (dir, 0755), 0);
  snprintf (path, sizeof path, "%s/warm.json", dir);
  snprintf (text, sizeof text,
            "{\"name\": \"warm\", \"image\": \"x\", \"file\": \"/code/main.sh\","
            " \"compile\": {\"argv\": [\"sh\", \"-c\", \"mkdir -p /tmp/warm; cat /tmp/warm/seed > /out/seen 2>&1;"
            " echo poisoned > /tmp/warm/seed && echo new > /tmp/warm/added && cat /tmp/warm/seed >> /out/seen\"],"
            "   \"warm_cache\": {\"from\": \"%s\", \"at\": \"/tmp/warm\"}},"
            " \"run\": {\"argv\": [\"sh\", \"-c\", \"cat /out/seen; cat /var/cache/warm/seed; ls /var/cache/warm\"]}}",
            from);
  write_text (path, text);
  snprintf (text, sizeof text, "{\"policy_dir\": \"%s\", \"results_log\": false}", dir);
  write_text (conf, text);
}

/* The busybox root with a cache anyone may write, as the Go image's is. */
static const char *
root_with_cache (void)
{
  const char *root = in_work ("root");
  char cmd[9000];

  snprintf (cmd, sizeof cmd,
            "cp -a '%s' '%s' && mkdir -p '%s/var/cache/warm' && echo 'from the image' > '%s/var/cache/warm/seed'"
            " && chmod 0777 '%s/var/cache/warm' && chmod 0666 '%s/var/cache/warm/seed'",
            sbx_root ("busybox"), root, root, root, root, root);
  cr_assert_eq (system (cmd), 0, "%s", cmd);
  return root;
}

/* The compile step sees the image's directory and writes it as its own;
 * the image, and the run step after it, see it as built.  Rootless, the
 * image's files belong to ids the user namespace does not map, which an
 * overlay cannot copy up: the step runs cold there. */
Test (lang, a_warm_cache_is_writable_in_its_step_and_unchanged_after)
{
  struct sbx r = { 0 };
  const char *root;
  char seed[4400];
  FILE *f;

  if (sbx_through_helper ())
    cr_skip_test ("a policy of the test's own: the setuid helper takes the site's policies only");
  root = root_with_cache ();
  write_warm_policy ("/var/cache/warm");
  write_text (in_work ("code"), "true\n");
  sbx_execv (&r, (const char *const[]){ "--json", "--lang", "warm", "--code", in_work ("code"), "--rootfs", root, NULL });
  cr_assert_str_eq (sbx_str (&r, "status"), "exited", "%s", r.out);
  if (sbx_rootless ())
    cr_expect_str_eq (sbx_str (&r, "stdout"),
                      "cat: can't open '/tmp/warm/seed': No such file or directory\npoisoned\nfrom the image\nseed\n");
  else
    cr_expect_str_eq (sbx_str (&r, "stdout"), "from the image\npoisoned\nfrom the image\nseed\n");
  snprintf (seed, sizeof seed, "%s/var/cache/warm/seed", root);
  f = fopen (seed, "r");
  cr_assert_not_null (f);
  cr_expect_not_null (fgets (seed, sizeof seed, f));
  fclose (f);
  cr_expect_str_eq (seed, "from the image\n", "the image's file was changed");
  sbx_release (&r);
}

/* An image without the directory runs cold: the step makes its own. */
Test (lang, without_the_cache_in_the_image_the_step_runs_cold)
{
  struct sbx r = { 0 };
  const char *args[] = { "--json", "--lang", "warm", "--code", in_work ("code"), "--rootfs", sbx_root ("busybox"),
                         NULL };

  if (sbx_through_helper ())
    cr_skip_test ("a policy of the test's own: the setuid helper takes the site's policies only");
  write_warm_policy ("/var/cache/none");
  write_text (in_work ("code"), "true\n");
  sbx_execv (&r, args);
  cr_assert_str_eq (sbx_str (&r, "status"), "exited", "%s", r.out);
  cr_expect_eq (strncmp (sbx_str (&r, "stdout"), "cat: can't open '/tmp/warm/seed'", 31), 0, "%s",
                sbx_str (&r, "stdout"));
  sbx_release (&r);
}

/* ------------------------------------------------------------------ runtimes see their limits */

/* The flags a JVM chose for itself in a sandbox of 512m and one CPU. */
Test (lang, a_jvm_sizes_its_heap_and_processors_from_the_sandbox_cgroup)
{
  struct sbx r = { 0 };
  const char *root = lang_root ("java");
  const char *args[] = { "--json", "--memory", "512m", "--cpus", "1", root ? "--rootfs" : "nsbox/java:latest",
                         root ? root : "java", root ? "java" : "-XX:+PrintFlagsFinal",
                         root ? "-XX:+PrintFlagsFinal" : "-version", root ? "-version" : NULL, NULL };
  const char *heap, *cpus;
  unsigned long long max_heap = 0;

  if (sbx_rlimits_only ())
    cr_skip_test ("no cgroup for the sandbox here: only rlimits");
  sbx_execv (&r, args);
  cr_assert_str_eq (sbx_str (&r, "status"), "exited", "stderr: %s", sbx_str (&r, "stderr"));
  heap = strstr (sbx_str (&r, "stdout"), " MaxHeapSize ");
  cr_assert_not_null (heap, "stdout: %s", sbx_str (&r, "stdout"));
  cr_assert_eq (sscanf (heap, " MaxHeapSize = %llu", &max_heap), 1);
  cr_expect (max_heap > 0 && max_heap < 512ull << 20, "MaxHeapSize %llu is not below the 512m limit", max_heap);
  sbx_release (&r);

  /* And its processor count from the CPU quota. */
  run_lang (&r, "java",
            "public class Main { public static void main(String[] a) { "
            "System.out.println(Runtime.getRuntime().availableProcessors()); } }\n",
            (const char *const[]){ "--cpus", "1", NULL });
  cpus = sbx_str (&r, "stdout");
  cr_expect_str_eq (cpus, "1\n", "stderr: %s", sbx_str (&r, "stderr"));
  sbx_release (&r);
}

/* ------------------------------------------------------------------ python specifics */

Test (lang, numpy_and_pandas_work)
{
  struct sbx r = { 0 };

  run_lang (&r, "python",
            "import numpy as np\nimport pandas as pd\n"
            "a = np.arange(10).reshape(2, 5)\nprint(int(a.sum()), a.shape)\n"
            "df = pd.DataFrame({'x': [1, 2, 3], 'y': [4.0, 5.0, 6.0]})\nprint(df['y'].mean(), len(df))\n",
            NULL);
  cr_expect_str_eq (sbx_str (&r, "status"), "exited", "stderr: %s", sbx_str (&r, "stderr"));
  cr_expect_str_eq (sbx_str (&r, "stdout"), "45 (2, 5)\n5.0 3\n", "stderr: %s", sbx_str (&r, "stderr"));
  sbx_release (&r);
}

Test (lang, arguments_after_the_options_reach_the_program)
{
  struct sbx r = { 0 };
  const char *const extra[] = { "--", "a", "b c", NULL };

  run_lang (&r, "python", "import sys\nprint(sys.argv[1:])\n", extra);
  cr_expect_str_eq (sbx_str (&r, "stdout"), "['a', 'b c']\n", "stderr: %s", sbx_str (&r, "stderr"));
  sbx_release (&r);
}

Test (lang, the_code_is_read_only_and_no_host_path_is_exposed)
{
  struct sbx r = { 0 };

  run_lang (&r, "python",
            "import sys\nsrc = sys.argv[0]\n"
            "try:\n    f = __builtins__.open(src, 'a')\n    print('writable')\nexcept OSError as e:\n    print('ro')\n"
            "print(sorted(__builtins__.open('/proc/self/mountinfo').read().count(p) for p in ['" NSBOX_TEST_SRCDIR
            "']))\n",
            NULL);
  cr_expect_str_eq (sbx_str (&r, "stdout"), "ro\n[0]\n", "stderr: %s", sbx_str (&r, "stderr"));
  sbx_release (&r);
}

Test (lang, eight_parallel_python_runs_all_complete)
{
  enum { N = 8 };
  struct sbx r[N];
  pid_t pids[N];
  int fds[N];

  lang_root ("python");
  write_text (in_work ("code"), "import sys, time\nn = int(sys.stdin.readline())\ntime.sleep(0.5)\n"
                                "print(sum(range(n)))\n");
  for (int i = 0; i < N; i++)
    {
      char input[64], name[32], number[32];
      const char *args[16] = { "--json", "--lang", "python", "--code", in_work ("code"), "--stdin", NULL };
      size_t n = 7;

      memset (&r[i], 0, sizeof r[i]);
      snprintf (name, sizeof name, "in%d", i);
      snprintf (number, sizeof number, "%d\n", 1000 * (i + 1));
      snprintf (input, sizeof input, "%s", in_work (name));
      write_text (input, number);
      args[6] = input;
      add_root (args, &n, "python");
      snprintf (name, sizeof name, "out%d", i);
      fds[i] = open (in_work (name), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      cr_assert_geq (fds[i], 0);
      pids[i] = sbx_spawn (&r[i], fds[i], args);
    }
  for (int i = 0; i < N; i++)
    {
      char buf[65536] = "", expect[64];
      ssize_t n;
      json_t *j;
      long long want = 0;

      sbx_wait (&r[i], pids[i]);
      n = pread (fds[i], buf, sizeof buf - 1, 0);
      close (fds[i]);
      cr_assert_gt (n, 0);
      j = json_loads (buf, 0, NULL);
      cr_assert_not_null (j, "%s", buf);
      for (long long k = 0; k < 1000 * (i + 1); k++)
        want += k;
      snprintf (expect, sizeof expect, "%lld\n", want);
      cr_expect_str_eq (json_string_value (json_object_get (j, "status")), "exited", "run %d: %s", i, buf);
      cr_expect_str_eq (json_string_value (json_object_get (j, "stdout")), expect, "run %d: %s", i, buf);
      cr_expect_eq (r[i].status, 0);
      json_decref (j);
    }
}

/* ------------------------------------------------------------------ CLI, configuration, log */

/* Run `nsbox ARGS...` with `input` on its stdin; returns the exit status. */
static int
run_cli (const char *const *args, const char *input, char **out, char **err)
{
  char path_out[4300], path_err[4300], path_in[4300];
  size_t n = 0;
  const char *argv[32];
  pid_t pid;
  int status;
  FILE *f;

  snprintf (path_out, sizeof path_out, "%s", in_work ("cli.out"));
  snprintf (path_err, sizeof path_err, "%s", in_work ("cli.err"));
  snprintf (path_in, sizeof path_in, "%s", in_work ("cli.in"));
  write_text (path_in, input ? input : "");
  argv[n++] = sbx_nsbox ();
  for (size_t i = 0; args[i]; i++)
    argv[n++] = args[i];
  argv[n] = NULL;
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int in = open (path_in, O_RDONLY), o = open (path_out, O_WRONLY | O_CREAT | O_TRUNC, 0600),
          e = open (path_err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2 (in, 0);
      dup2 (o, 1);
      dup2 (e, 2);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  for (int k = 0; k < 2; k++)
    {
      char **dst = k ? err : out;
      size_t len = 0;
      f = fopen (k ? path_err : path_out, "r");
      cr_assert_not_null (f);
      *dst = NULL;
      if (getdelim (dst, &len, '\0', f) < 0)
        {
          free (*dst);
          *dst = strdup ("");
        }
      fclose (f);
    }
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

Test (lang, code_can_come_from_stdin)
{
  const char *args[16] = { "exec", "--json", "--lang", "python", "--code", "-" };
  size_t n = 6;
  char *out, *err;
  json_t *j;

  add_root (args, &n, "python");
  cr_assert_eq (run_cli (args, "print('from stdin')\n", &out, &err), 0, "%s", err);
  j = json_loads (out, 0, NULL);
  cr_assert_not_null (j, "%s", out);
  cr_expect_str_eq (json_string_value (json_object_get (j, "stdout")), "from stdin\n");
  json_decref (j);
  free (out);
  free (err);
}

Test (lang, pass_through_output_and_compile_errors)
{
  const char *args[16] = { "exec", "--lang", "c", "--code", in_work ("code") };
  size_t n = 5;
  char *out, *err;

  add_root (args, &n, "c");
  write_text (in_work ("code"), program ("c")->hello);
  cr_expect_eq (run_cli (args, NULL, &out, &err), 0, "%s", err);
  cr_expect_str_eq (out, "hello from c\n");
  free (out);
  free (err);
  write_text (in_work ("code"), program ("c")->broken);
  cr_expect_eq (run_cli (args, NULL, &out, &err), 123);
  cr_expect_str_eq (out, "");
  cr_expect_not_null (strstr (err, "undeclared"), "%s", err);
  cr_expect_not_null (strstr (err, "nsbox: compile step failed"), "%s", err);
  free (out);
  free (err);
}

Test (lang, a_bad_nsbox_conf_is_a_clear_error)
{
  const char *args[] = { "exec", "--lang", "python", "--code", in_work ("code"), "--rootfs", sbx_root ("busybox"),
                         NULL };
  char *out, *err;

  write_text (in_work ("code"), "print(1)\n");
  write_conf ("\"ceilings\": {\"memroy\": \"1g\"}");
  cr_expect_eq (run_cli (args, NULL, &out, &err), 125);
  cr_expect_not_null (strstr (err, conf), "%s", err);
  cr_expect_not_null (strstr (err, "`ceilings.memroy`"), "%s", err);
  free (out);
  free (err);
  write_conf ("\"default_profile\": \"paranoid\"");
  cr_expect_eq (run_cli (args, NULL, &out, &err), 125);
  cr_expect_not_null (strstr (err, "`default_profile`"), "%s", err);
  free (out);
  free (err);
}

Test (lang, a_bad_policy_is_a_clear_error)
{
  char dir[4300], path[4400], text[4400];
  const char *args[] = { "exec", "--lang", "python", "--code", in_work ("code"), "--rootfs", sbx_root ("busybox"),
                         NULL };
  char *out, *err;

  snprintf (dir, sizeof dir, "%s", in_work ("policies"));
  /* 0755: nsbox may run as another user (tests/rootless/run-rootless). */
  cr_assert_eq (mkdir (dir, 0755), 0);
  snprintf (path, sizeof path, "%s/python.json", dir);
  write_text (path, "{\"name\": \"python\", \"image\": \"x\", \"file\": \"/code/a.py\", "
                    "\"run\": {\"argv\": [\"python3\"], \"timeout\": \"forever\"}}");
  snprintf (text, sizeof text, "{\"policy_dir\": \"%s\", \"results_log\": false}", dir);
  write_text (conf, text);
  write_text (in_work ("code"), "print(1)\n");
  cr_expect_eq (run_cli (args, NULL, &out, &err), 125);
  cr_expect_not_null (strstr (err, path), "%s", err);
  cr_expect_not_null (strstr (err, "`run.timeout`"), "%s", err);
  free (out);
  free (err);
}

Test (lang, limits_above_a_ceiling_are_refused_and_policy_values_clamped)
{
  const char *args[16] = { "exec", "--lang", "python", "--code", in_work ("code"), "--memory", "1g" };
  size_t n = 7;
  struct sbx r = { 0 };
  char *out, *err;

  if (sbx_through_helper ())
    cr_skip_test ("a caller's own nsbox.conf: the setuid helper reads the site's only (suid/* tests its ceilings)");

  add_root (args, &n, "python");
  write_text (in_work ("code"), "print('ok')\n");
  write_conf ("\"ceilings\": {\"memory\": \"256m\", \"timeout\": 10}");
  cr_expect_eq (run_cli (args, NULL, &out, &err), 125);
  cr_expect_not_null (strstr (err, "memory 1g exceeds the ceiling 256m (ceilings.memory in "), "%s", err);
  cr_expect_not_null (strstr (err, conf), "%s", err);
  free (out);
  free (err);
  run_lang (&r, "python", "print('ok')\n", NULL);
  cr_expect_str_eq (sbx_str (&r, "stdout"), "ok\n");
  cr_expect_eq (json_integer_value (field (&r, "limits", "memory_bytes")), 256 << 20);
  cr_expect_float_eq (json_number_value (field (&r, "limits", "timeout_s")), 10.0, 1e-6);
  sbx_release (&r);
}

Test (lang, unknown_language_is_a_clear_error)
{
  const char *args[] = { "exec", "--lang", "cobol", "--code", in_work ("code"), "--rootfs", sbx_root ("busybox"), NULL };
  char *out, *err;

  write_text (in_work ("code"), "x\n");
  cr_expect_eq (run_cli (args, NULL, &out, &err), 125);
  cr_expect_not_null (strstr (err, "no policy for the language `cobol`"), "%s", err);
  free (out);
  free (err);
}

Test (lang, langs_lists_every_language)
{
  const char *args[] = { "langs", NULL };
  const char *names[] = { "python", "node", "typescript", "typescript-checked", "go", "c", "cpp", "rust", "java" };
  char *out, *err;

  cr_assert_eq (run_cli (args, NULL, &out, &err), 0, "%s", err);
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    cr_expect_not_null (strstr (out, names[i]), "%s missing: %s", names[i], out);
  cr_expect_not_null (strstr (out, "nsbox/python:latest"), "%s", out);
  cr_expect_not_null (strstr (out, "512m"), "%s", out);
  cr_expect_not_null (strstr (out, "Go 1.23"), "the toolchain column: %s", out);
  free (out);
  free (err);
}

/* The fast TypeScript policy strips the types (esbuild) and does not check
 * them: a type error compiles and runs; the checked policy refuses it. */
Test (lang, typescript_types_are_stripped_not_checked)
{
  struct sbx r = { 0 };

  run_lang (&r, "typescript", "const n: number = 'not a number';\nconsole.log(n);\n", NULL);
  cr_expect_str_eq (sbx_str (&r, "status"), "exited", "esbuild does not type-check; stderr: %s", sbx_str (&r, "stderr"));
  cr_expect_str_eq (sbx_str (&r, "stdout"), "not a number\n");
  sbx_release (&r);
}

static void
sha256_text (const char *text, char hex[NSBOX_SHA256_HEX_SIZE])
{
  uint8_t digest[NSBOX_SHA256_DIGEST_SIZE];

  nsbox_sha256 (text, strlen (text), digest);
  nsbox_sha256_hex (digest, hex);
}

Test (lang, runs_are_logged_and_summarised)
{
  const char *log = in_work ("results.jsonl");
  const char *stats[] = { "stats", "--log", log, "--format", "json", NULL };
  const char *prom[] = { "stats", "--log", log, "--format", "prometheus", "--since", "1h", NULL };
  struct sbx r = { 0 };
  const char *const extra[] = { "--log", log, NULL };
  const char *const strict[] = { "--log", log, "--profile", "strict", NULL };
  char *out, *err, code_sha256[NSBOX_SHA256_HEX_SIZE], blocked_id[sizeof r.id];
  json_t *j;

  if (sbx_through_helper ())
    cr_skip_test ("--log: the setuid helper writes no file a caller names");

  run_lang (&r, "python", "print('ok')\n", extra);
  sbx_release (&r);
  run_lang (&r, "python", "import socket\n", strict);
  cr_expect_str_eq (sbx_str (&r, "status"), "blocked");
  sha256_text ("import socket\n", code_sha256);
  /* The report says which checks ran and what they decided. */
  cr_expect_str_eq (json_string_value (field (&r, "checks", "mode")), "block");
  cr_expect_eq (json_integer_value (field (&r, "checks", "findings")), 1);
  cr_expect (json_is_true (field (&r, "checks", "blocked")));
  snprintf (blocked_id, sizeof blocked_id, "%s", r.id);
  sbx_release (&r);
  run_lang (&r, "python", "raise SystemExit(3)\n", (const char *const[]){ "--log", log, "--checks", "off", NULL });
  cr_expect_str_eq (json_string_value (field (&r, "checks", "mode")), "off");
  sbx_release (&r);
  {
    /* The blocked run's line: the rule it broke and the code's SHA-256. */
    FILE *f = fopen (log, "r");
    char line[8192] = "";
    json_t *second;

    cr_assert_not_null (f);
    for (int i = 0; i < 2; i++)
      cr_assert_not_null (fgets (line, sizeof line, f));
    fclose (f);
    second = json_loads (line, 0, NULL);
    cr_assert_not_null (second, "%s", line);
    cr_expect_str_eq (json_string_value (json_object_get (second, "checks")), "block");
    cr_expect_str_eq (json_string_value (json_array_get (json_object_get (second, "rules"), 0)),
                      "python-import-socket", "%s", line);
    cr_expect_str_eq (json_string_value (json_object_get (second, "code_sha256")), code_sha256, "%s", line);
    cr_expect_str_eq (json_string_value (json_object_get (second, "id")), blocked_id, "%s", line);
    if (lang_root ("python") == NULL)
      cr_expect_eq (strncmp (json_string_value (json_object_get (second, "image_digest")), "sha256:", 7), 0, "%s", line);
    else
      cr_expect_str_eq (json_string_value (json_object_get (second, "rootfs")), lang_root ("python"), "%s", line);
    json_decref (second);
  }
  cr_assert_eq (run_cli (stats, NULL, &out, &err), 0, "%s", err);
  j = json_loads (out, 0, NULL);
  cr_assert_not_null (j, "%s", out);
  cr_expect_eq (json_integer_value (json_object_get (j, "runs")), 3);
  cr_expect_eq (json_integer_value (json_object_get (json_object_get (j, "counts"), "success")), 1);
  cr_expect_eq (json_integer_value (json_object_get (json_object_get (j, "counts"), "failure")), 1);
  cr_expect_eq (json_integer_value (json_object_get (json_object_get (j, "counts"), "blocked")), 1);
  cr_expect_not_null (json_object_get (json_object_get (j, "by_language"), "python"));
  json_decref (j);
  free (out);
  free (err);
  cr_assert_eq (run_cli (prom, NULL, &out, &err), 0, "%s", err);
  cr_expect_not_null (strstr (out, "nsbox_runs_total{language=\"python\",status=\"exited\"} 2\n"), "%s", out);
  cr_expect_not_null (strstr (out, "nsbox_runs_total{language=\"python\",status=\"blocked\"} 1\n"), "%s", out);
  free (out);
  free (err);
}

Test (lang, workdir_defaults_to_tmp_and_follows_the_flag)
{
  struct sbx r = { 0 };
  const char *const extra[] = { "-w", "/code", NULL };
  const char *code = "from pathlib import Path\nprint(Path.cwd())\n";

  run_lang (&r, "python", code, NULL);
  cr_expect_str_eq (sbx_str (&r, "stdout"), "/tmp\n", "stderr: %s", sbx_str (&r, "stderr"));
  sbx_release (&r);
  run_lang (&r, "python", code, extra);
  cr_expect_str_eq (sbx_str (&r, "stdout"), "/code\n", "stderr: %s", sbx_str (&r, "stderr"));
  sbx_release (&r);
}

/* A language of our own, "shell", on the busybox root: /code/main.sh runs
 * with "compile" in the compile step and "run" in the run step. */
static void
use_shell_policy (int run_timeout_s)
{
  char dir[4300], path[4400], text[4400];

  snprintf (dir, sizeof dir, "%s", in_work ("policies"));
  /* 0755: nsbox may run as another user (tests/rootless/run-rootless). */
  cr_assert_eq (mkdir (dir, 0755), 0);
  snprintf (path, sizeof path, "%s/shell.json", dir);
  snprintf (text, sizeof text,
            "{\"name\": \"shell\", \"image\": \"none\", \"file\": \"/code/main.sh\", \"artifact_size\": \"1m\","
            " \"compile\": {\"argv\": [\"sh\", \"/code/main.sh\", \"compile\"], \"timeout\": 10},"
            " \"run\": {\"argv\": [\"sh\", \"/code/main.sh\", \"run\"], \"timeout\": %d}}",
            run_timeout_s);
  write_text (path, text);
  snprintf (text, sizeof text, "{\"policy_dir\": \"%s\", \"results_log\": false}", dir);
  write_text (conf, text);
}

/* A policy of our own on the busybox root: what the compile step leaves in
 * /out is all the run step gets (not its /tmp), read-only, and no more than
 * artifact_size. */
Test (lang, the_artifact_is_bounded_and_read_only_in_the_run_step)
{
  struct sbx r = { 0 };

  if (sbx_through_helper ())
    cr_skip_test ("a policy of the test's own: the setuid helper takes the site's policies only");

  use_shell_policy (10);
  write_text (in_work ("code"),
              "if [ \"$1\" = compile ]; then\n"
              "  echo built > /out/artifact\n"
              "  echo secret > /tmp/left-behind\n"
              "  head -c 4000000 /dev/zero > /out/big 2>/dev/null || true\n"
              "  exit 0\n"
              "fi\n"
              "cat /out/artifact\n"
              "[ \"$(wc -c < /out/big)\" -le 1048576 ] && echo bounded\n"
              "if echo x > /out/new 2>/dev/null; then echo writable; else echo read-only; fi\n"
              "if [ -e /tmp/left-behind ]; then echo shared; else echo separate; fi\n"
              "echo \"$2\"\n");
  sbx_exec (&r, "--json", "--lang", "shell", "--code", in_work ("code"), "--rootfs", sbx_root ("busybox"), "--",
            "arg", NULL);
  cr_expect_str_eq (sbx_str (&r, "status"), "exited", "stderr: %s", sbx_str (&r, "stderr"));
  /* Rootless, the artifact is a plain directory: its size is not bounded. */
  cr_expect_str_eq (sbx_str (&r, "stdout"),
                    sbx_rootless () ? "built\nread-only\nseparate\narg\n"
                                             : "built\nbounded\nread-only\nseparate\narg\n",
                    "stderr: %s", sbx_str (&r, "stderr"));
  sbx_release (&r);
}

/* A language run described by a config file: the same run as the flags. */
Test (lang, a_language_run_from_a_config_file)
{
  struct sbx r = { 0 };
  char doc[16384];
  const char *args[] = { "--json", "--config", in_work ("job.json"), NULL };

  if (sbx_through_helper ())
    cr_skip_test ("--config: the setuid helper takes the command line's flags only");

  use_shell_policy (10);
  write_text (in_work ("code"), "if [ \"$1\" = compile ]; then echo built > /out/artifact; exit 0; fi\n"
                                "cat /out/artifact; echo \"$2 $3\"; cat\n");
  write_text (in_work ("input"), "from stdin\n");
  snprintf (doc, sizeof doc,
            "{\"nsbox\": 1, \"lang\": \"shell\", \"code\": \"%s\", \"stdin\": \"%s\", \"rootfs\": \"%s\","
            " \"args\": [\"one\", \"two\"], \"profile\": \"standard\", \"checks\": \"off\", \"conf\": \"%s\"}",
            in_work ("code"), in_work ("input"), sbx_root ("busybox"), conf);
  write_text (in_work ("job.json"), doc);
  unsetenv ("NSBOX_CONFIG");
  sbx_execv (&r, args);
  cr_expect_eq (r.status, 0, "stderr: %s", r.err);
  cr_expect_str_eq (sbx_str (&r, "status"), "exited");
  cr_expect_str_eq (sbx_str (&r, "language"), "shell");
  cr_expect_str_eq (sbx_str (&r, "stdout"), "built\none two\nfrom stdin\n", "stderr: %s", sbx_str (&r, "stderr"));
  sbx_release (&r);
}

/* nsbox killed while the run step runs: the artifact tmpfs stays mounted
 * below the state root under the dead nsbox's name, and `nsbox gc` unmounts
 * and removes it. */
Test (lang, gc_removes_the_artifact_of_a_killed_nsbox)
{
  char text[4400], state[4300], buf[256] = { 0 };
  const char *argv[16];
  struct pollfd p;
  int out[2], status;
  size_t got = 0;
  pid_t nsbox;
  FILE *gc;

  use_shell_policy (60);
  write_text (in_work ("code"), "if [ \"$1\" = compile ]; then echo built > /out/artifact; exit 0; fi\n"
                                "cat /out/artifact; sleep 60\n");
  snprintf (state, sizeof state, "%s", in_work ("state"));
  argv[0] = sbx_nsbox ();
  argv[1] = "--root";
  argv[2] = state;
  argv[3] = "exec";
  argv[4] = "--lang";
  argv[5] = "shell";
  argv[6] = "--code";
  argv[7] = in_work ("code");
  argv[8] = "--rootfs";
  argv[9] = sbx_root ("busybox");
  argv[10] = NULL;
  cr_assert_eq (pipe2 (out, O_CLOEXEC), 0);
  nsbox = fork ();
  cr_assert_geq (nsbox, 0);
  if (nsbox == 0)
    {
      dup2 (out[1], 1);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  close (out[1]);
  p = (struct pollfd){ .fd = out[0], .events = POLLIN };
  while (strstr (buf, "built\n") == NULL && got < sizeof buf - 1)
    {
      ssize_t n;
      cr_assert_gt (poll (&p, 1, 20000), 0, "the run step never started");
      n = read (out[0], buf + got, sizeof buf - 1 - got);
      cr_assert_gt (n, 0, "nsbox ended early: %s", buf);
      got += (size_t) n;
    }
  cr_assert_eq (kill (nsbox, SIGKILL), 0);
  cr_assert_eq (waitpid (nsbox, &status, 0), nsbox);
  close (out[0]);
  cr_assert_eq (orphaned_artifacts (state), 1, "the killed nsbox left no artifact to collect");

  snprintf (text, sizeof text, "'%s' --root '%s' gc", sbx_nsbox (), state);
  gc = popen (text, "r");
  cr_assert_not_null (gc);
  got = fread (buf, 1, sizeof buf - 1, gc);
  buf[got] = '\0';
  cr_assert_eq (pclose (gc), 0, "%s", buf);
  cr_assert_not_null (strstr (buf, "removed artifact "), "%s", buf);
  cr_assert_eq (orphaned_artifacts (state), 0);
  cr_assert (dir_is_empty (strcat (state, "/" NSBOX_STATE_ARTIFACTS)), "left in %s", state);
  {
    FILE *f = fopen ("/proc/self/mountinfo", "r");
    char line[8192];

    while (f && fgets (line, sizeof line, f))
      cr_expect_null (strstr (line, state), "artifact mount left behind: %s", line);
    if (f)
      fclose (f);
  }
}
