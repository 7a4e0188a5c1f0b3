/* unit_checks: every listed dangerous pattern is found in each language,
 * ordinary programs are not flagged, and the score and block decision. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lang/checks.h"
#include "lang/policy.h"
#include "seccomp/seccomp.h"

static const char *const dirs[] = { NSBOX_TEST_SRCDIR "/policies/lang", NULL };

struct scan
{
  struct nsbox_violation *v;
  size_t n;
  unsigned syntax_line;
};

/* Scanned as nsbox does it: in the checker's sandbox. */
static struct scan
scan (const char *lang, const char *code)
{
  struct nsbox_lang_policy p;
  struct nsbox_error *err = NULL;
  struct nsbox_checks_found f;
  struct scan s;

  cr_assert_eq (nsbox_policy_find (lang, dirs, &p, &err), 0, "%s", err ? err->message : "");
  cr_assert_eq (nsbox_checks_scan (&p, code, strlen (code), &f, &err), 0, "%s", err ? err->message : "");
  nsbox_policy_release (&p);
  s = (struct scan){ f.violations, f.n, f.syntax_error_line };
  free (f.syntax_error);
  return s;
}

static bool
has_rule (const struct scan *s, const char *rule, enum nsbox_severity severity)
{
  for (size_t i = 0; i < s->n; i++)
    if (strcmp (s->v[i].rule, rule) == 0 && s->v[i].severity == severity)
      return true;
  return false;
}

/* What the policies promise to find, in the spellings that defeat matching
 * by name: aliases, attribute access, computed names, the bypasses that
 * passed the line patterns. */
static const struct
{
  const char *lang, *code, *rule;
} listed[] = {
  { "python", "import os\n", "python-import-os" },
  { "python", "import sys, os.path\n", "python-import-os" },
  { "python", "from os import system\n", "python-import-os" },
  { "python", "import os as o\n", "python-import-os" },
  { "python", "import subprocess\n", "python-import-subprocess" },
  { "python", "from subprocess import run as r\n", "python-import-subprocess" },
  { "python", "import shutil\n", "python-shutil" },
  { "python", "import socket\n", "python-import-socket" },
  { "python", "import urllib.request\n", "python-network" },
  { "python", "from http import client\n", "python-network" },
  { "python", "import requests\n", "python-network" },
  { "python", "import ctypes\n", "python-import-ctypes" },
  { "python", "import importlib\n", "python-importlib" },
  { "python", "m = __import__('os')\n", "python-import-os" },
  { "python", "m = __import__(name)\n", "python-importlib" },
  { "python", "import importlib as il\nil.import_module('o' + 's')\n", "python-importlib" },
  { "python", "eval('1+1')\n", "python-dynamic-code" },
  { "python", "exec (\"x=1\")\n", "python-dynamic-code" },
  { "python", "c = compile('1', 'f', 'eval')\n", "python-dynamic-code" },
  { "python", "getattr(__builtins__, 'ev' + 'al')('1')\n", "python-dynamic-code" },
  { "python", "getattr(__builtins__, 'exec')('1')\n", "python-dynamic-code" },
  { "python", "import builtins as b\nb.eval('1')\n", "python-dynamic-code" },
  { "python", "e = eval\ne('1')\n", "python-dynamic-code" },
  { "python", "globals()['__builtins__']\n", "python-dynamic-code" },
  { "python", "__builtins__.__dict__[name]\n", "python-dynamic-code" },
  { "python", "().__class__.__bases__[0].__subclasses__()\n", "python-dynamic-code" },
  { "python", "print(f\"{eval('1')}\")\n", "python-dynamic-code" },
  { "python", "\xef\xbd\x85\xef\xbd\x96\xef\xbd\x81\xef\xbd\x8c('1')\n", "python-dynamic-code" },
  { "node", "const cp = require('child_process');\n", "node-child-process" },
  { "node", "import { exec } from \"node:child_process\";\n", "node-child-process" },
  { "node", "const { spawn: s } = require(`child_process`);\n", "node-child-process" },
  { "node", "require(\"child\" + \"_process\");\n", "node-eval" },
  { "node", "const r = require;\nr(name);\n", "node-eval" },
  { "node", "const net = require('net');\n", "node-net" },
  { "node", "const http = require('http');\n", "node-http" },
  { "node", "import('https').then(() => 0);\n", "node-http" },
  { "node", "const vm = require('vm');\n", "node-vm" },
  { "node", "eval('1')\n", "node-eval" },
  { "node", "globalThis['ev' + 'al']('1');\n", "node-eval" },
  { "node", "window.eval('1');\n", "node-eval" },
  { "node", "setTimeout('alert(1)', 1);\n", "node-eval" },
  { "node", "const f = new Function('return 1');\n", "node-function" },
  { "node", "(() => 0).constructor('return 1')();\n", "node-function" },
  { "node", "process.binding('spawn_sync');\n", "node-process-binding" },
  { "typescript", "import * as cp from 'child_process';\n", "node-child-process" },
  { "typescript", "import cp = require('child_process');\n", "node-child-process" },
  { "typescript", "const f = Function('return 1');\n", "node-function" },
  { "go", "import \"os/exec\"\n", "go-os-exec" },
  { "go", "import (\n\t\"fmt\"\n\t\"syscall\"\n)\n", "go-syscall" },
  { "go", "import \"unsafe\"\n", "go-unsafe" },
  { "go", "import \"net\"\n", "go-net" },
  { "go", "import h \"net/http\"\n", "go-net" },
  { "go", "import \"plugin\"\n", "go-plugin" },
  { "go", "import \"os\"\nfunc f() { os.Remove(\"x\") }\n", "go-os-remove" },
  { "go", "import x \"os\"\nfunc f() { x.RemoveAll(\"/\") }\n", "go-os-remove" },
  { "go", "import . \"os\"\nfunc f() { RemoveAll(\"/\") }\n", "go-os-remove" },
  { "go", "import \"os\"\nfunc f() { os.StartProcess(\"/bin/sh\", nil, nil) }\n", "go-os-process" },
  { "go", "//go:linkname f runtime.f\n", "go-linkname" },
  { "c", "int main(){ system(\"ls\"); }\n", "c-system" },
  { "c", "int (*f)(const char *) = system;\n", "c-system" },
  { "c", "execve(\"/bin/sh\", a, e);\n", "c-exec" },
  { "c", "execlp(\"sh\", \"sh\", 0);\n", "c-exec" },
  { "c", "pid_t p = fork();\n", "c-fork" },
  { "c", "int s = socket(AF_INET, SOCK_STREAM, 0);\n", "c-socket" },
  { "c", "#include <sys/socket.h>\n", "c-socket" },
  { "c", "asm(\"nop\");\n", "c-asm" },
  { "c", "__asm__ volatile (\"syscall\");\n", "c-asm" },
  { "c", "#define J(a, b) a##b\nJ(sys, tem)(\"ls\");\n", "c-token-paste" },
  { "c", "syscall(59, p, a, e);\n", "c-syscall" },
  { "c", "void *h = dlopen(\"libc.so.6\", 2);\n", "c-dlopen" },
  { "cpp", "std::system(\"ls\");\n", "c-system" },
  { "cpp", "::system(\"ls\");\n", "c-system" },
  { "cpp", "if (fork() == 0) {}\n", "c-fork" },
  { "cpp", "execv(p, a);\n", "c-exec" },
  { "cpp", "socket(AF_UNIX, SOCK_STREAM, 0);\n", "c-socket" },
  { "cpp", "asm volatile(\"syscall\" ::: \"memory\");\n", "c-asm" },
  { "rust", "use std::process::Command;\n", "rust-process" },
  { "rust", "use std::{io, process::Command as C};\n", "rust-process" },
  { "rust", "use std as s;\nfn main() { s::process::Command::new(\"ls\"); }\n", "rust-process" },
  { "rust", "fn main() { std::process::Command::new(\"ls\").spawn(); }\n", "rust-process" },
  { "rust", "use std::net::TcpStream;\n", "rust-net" },
  { "rust", "unsafe { *p = 1; }\n", "rust-unsafe" },
  { "rust", "unsafe fn f() {}\n", "rust-unsafe" },
  { "rust", "extern \"C\" { fn system(s: *const u8) -> i32; }\n", "rust-ffi" },
  { "rust", "fn main() { std::arch::asm!(\"nop\"); }\n", "rust-asm" },
  { "java", "Runtime.getRuntime().exec(\"ls\");\n", "java-runtime-exec" },
  { "java", "Runtime rt = Runtime.getRuntime();\nrt.exec(\"ls\");\n", "java-runtime-exec" },
  { "java", "Function<String, Process> f = Runtime.getRuntime()::exec;\n", "java-runtime-exec" },
  { "java", "new ProcessBuilder(\"ls\").start();\n", "java-process-builder" },
  { "java", "import java.net.Socket;\n", "java-net" },
  { "java", "java.net.Socket s = new java.net.Socket(\"h\", 1);\n", "java-net" },
  { "java", "import java.lang.reflect.Method;\n", "java-reflection" },
  { "java", "Class.forName(\"x\").getDeclaredMethod(\"y\");\n", "java-reflection" },
  { "java", "f.setAccessible(true);\n", "java-reflection" },
  { "java", "class A { native void f(); }\n", "java-native" },
};

Test (unit_checks, every_listed_spelling_is_found_as_critical)
{
  for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++)
    {
      struct scan s = scan (listed[i].lang, listed[i].code);

      cr_expect (has_rule (&s, listed[i].rule, NSBOX_SEVERITY_CRITICAL), "%s: `%s` not found as critical in: %s",
                 listed[i].lang, listed[i].rule, listed[i].code);
      cr_expect (nsbox_checks_block (NSBOX_CHECKS_BLOCK, NSBOX_SEVERITY_CRITICAL, s.v, s.n), "%s: %s does not block",
                 listed[i].lang, listed[i].code);
      cr_expect_not (nsbox_checks_block (NSBOX_CHECKS_REPORT, NSBOX_SEVERITY_LOW, s.v, s.n));
      nsbox_violations_free (s.v, s.n);
    }
}

/* Ordinary programs, including the ones the integration suite runs. */
static const struct
{
  const char *lang, *code;
} clean[] = {
  { "python", "import json, math\nimport numpy as np\nname = 'x'\nprint(f'hello {name}')\n"
              "data = json.loads('[1]')\nopened = 'open' + 'ing'\nx.reopen\nmodel.eval()\nre.compile('x')\n" },
  { "python", "# import os, eval(x), subprocess.run\n\"\"\"import socket\"\"\"\ns = 'open (\"/etc/passwd\")'\n" },
  { "python", "import osmium\nimport json as jos\nfrom typing import List\nevaluate(1)\n" },
  { "node", "const lines = [];\nprocess.stdin.on('data', d => lines.push(d));\nconsole.log('hello');\n"
            "const fsx = require('fsx');\nretrieval(1);\nconst o = { eval: 1, exec() { return 0; } };\n"
            "// require('child_process')\nconst t = `eval(${o.eval})`;\n" },
  { "typescript", "const s: string = 'x';\nfunction f(n: number): number { return n + 1; }\nconsole.log(f(1));\n" },
  { "typescript", "class M {\n  eval(): this { return this; }\n  public exec(n: number): number { return n; }\n}\n" },
  { "cpp", "struct P { int open; char exec[8]; };\nint main() { P p{}; int kill = p.open; return kill; }\n" },
  { "go", "package main\nimport (\n\t\"bufio\"\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n"
          "func main() { r := bufio.NewReader(os.Stdin); s, _ := r.ReadString('\\n'); fmt.Println(strings.TrimSpace(s)) }\n" },
  { "c", "#include <stdio.h>\n#include <stdlib.h>\nint main(void) { char b[64]; if (fgets(b, sizeof b, stdin)) "
         "printf(\"%s\", b); int filesystem = 0; my_system(); __asm__ __volatile__(\"\" ::: \"memory\"); "
         "return filesystem; }\n" },
  { "cpp", "#include <iostream>\n#include <string>\nint main() { std::string s; std::getline(std::cin, s); "
           "std::cout << s << '\\n'; int forks = 0; return forks; }\n" },
  { "rust", "use std::io::{self, Read};\nfn main() { let mut s = String::new(); "
            "io::stdin().read_to_string(&mut s).unwrap(); println!(\"{}\", s.trim()); let unsafely = 1; }\n" },
  { "java", "import java.util.Scanner;\npublic class Main { public static void main(String[] a) { "
            "Scanner s = new Scanner(System.in); System.out.println(s.nextLine()); } }\n" },
};

Test (unit_checks, ordinary_programs_have_no_violations)
{
  for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++)
    {
      struct scan s = scan (clean[i].lang, clean[i].code);

      cr_expect_eq (s.n, 0, "%s: %zu violations, first `%s` line %u: %s", clean[i].lang, s.n, s.n ? s.v[0].rule : "",
                    s.n ? s.v[0].line : 0, s.n ? s.v[0].message : "");
      cr_expect_eq (s.syntax_line, 0, "%s: a syntax error in %s", clean[i].lang, clean[i].code);
      nsbox_violations_free (s.v, s.n);
    }
}

Test (unit_checks, violations_carry_line_and_message)
{
  struct scan s = scan ("python", "print(1)\n\nimport subprocess\n");

  cr_assert_eq (s.n, 1);
  cr_expect_str_eq (s.v[0].rule, "python-import-subprocess");
  cr_expect_eq (s.v[0].line, 3);
  cr_expect_not_null (strstr (s.v[0].message, "subprocess"));
  nsbox_violations_free (s.v, s.n);
}

Test (unit_checks, lower_severities_report_but_do_not_block)
{
  struct scan s = scan ("python", "import pickle\nimport threading\n");

  cr_assert (has_rule (&s, "python-pickle", NSBOX_SEVERITY_MEDIUM));
  cr_assert (has_rule (&s, "python-threads", NSBOX_SEVERITY_LOW));
  cr_expect_not (nsbox_checks_block (NSBOX_CHECKS_BLOCK, NSBOX_SEVERITY_CRITICAL, s.v, s.n));
  cr_expect_eq (nsbox_checks_risk_score (s.v, s.n), 15);
  nsbox_violations_free (s.v, s.n);
}

Test (unit_checks, risk_score_counts_each_rule_once_and_caps_at_100)
{
  struct scan s = scan ("python", "import os\nimport os\n");

  cr_expect_eq (s.n, 1, "a name is listed where it first appears");
  cr_expect_eq (nsbox_checks_risk_score (s.v, s.n), 40);
  nsbox_violations_free (s.v, s.n);
  s = scan ("python", "import os\nimport subprocess\nimport socket\nimport ctypes\n");
  cr_expect_eq (nsbox_checks_risk_score (s.v, s.n), 100);
  nsbox_violations_free (s.v, s.n);
  cr_expect_eq (nsbox_checks_risk_score (NULL, 0), 0);
}

Test (unit_checks, code_over_the_size_limit_is_one_critical_violation)
{
  struct nsbox_lang_policy p;
  struct nsbox_error *err = NULL;
  struct nsbox_checks_found f;
  size_t len = 100 * 1024 + 1;
  char *code = malloc (len);

  memset (code, '#', len);
  cr_assert_eq (nsbox_policy_find ("python", dirs, &p, &err), 0);
  cr_assert_eq (nsbox_checks_scan (&p, code, len, &f, &err), 0);
  cr_assert_eq (f.n, 1);
  cr_expect_str_eq (f.violations[0].rule, NSBOX_CHECK_CODE_SIZE);
  cr_expect_eq (f.violations[0].severity, NSBOX_SEVERITY_CRITICAL);
  cr_expect_eq (f.violations[0].line, 0);
  nsbox_checks_found_release (&f);
  cr_assert_eq (nsbox_checks_scan (&p, code, len - 1, &f, &err), 0);
  cr_expect_eq (f.n, 0, "exactly the limit is allowed");
  nsbox_checks_found_release (&f);
  nsbox_policy_release (&p);
  free (code);
}

Test (unit_checks, listing_stops_at_the_cap)
{
  size_t lines = NSBOX_CHECKS_MAX_LISTED + 50;
  char *code = malloc (lines * 20 + 1), *p = code;
  struct scan s;

  for (size_t i = 0; i < lines; i++)
    p += sprintf (p, "import os.m%zu\n", i);
  s = scan ("python", code);
  cr_expect_eq (s.n, NSBOX_CHECKS_MAX_LISTED);
  nsbox_violations_free (s.v, s.n);
  free (code);
}

Test (unit_checks, a_nul_byte_does_not_hide_later_lines)
{
  struct nsbox_lang_policy p;
  struct nsbox_error *err = NULL;
  struct nsbox_checks_found f;
  static const char code[] = "x = 1\0hidden\nimport socket\n";

  cr_assert_eq (nsbox_policy_find ("python", dirs, &p, &err), 0);
  cr_assert_eq (nsbox_checks_scan (&p, code, sizeof code - 1, &f, &err), 0);
  cr_assert_eq (f.n, 1);
  cr_expect_eq (f.violations[0].line, 2);
  nsbox_checks_found_release (&f);
  nsbox_policy_release (&p);
}

Test (unit_checks, modes_parse)
{
  enum nsbox_check_mode m;
  struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_check_mode_parse ("block", &m, &err), 0);
  cr_expect_eq (m, NSBOX_CHECKS_BLOCK);
  cr_assert_eq (nsbox_check_mode_parse ("off", &m, &err), 0);
  cr_expect_eq (m, NSBOX_CHECKS_OFF);
  cr_assert_lt (nsbox_check_mode_parse ("warn", &m, &err), 0);
  cr_expect_not_null (strstr (err->message, "warn"));
  nsbox_error_free (err);
}

/* Errors the parser finds before any sandbox starts, each with its line. */
static const struct
{
  const char *lang, *code;
  unsigned line;
} syntax_errors[] = {
  { "python", "if x:\nprint(1)\n", 2 },
  { "python", "x = 1\n    y = 2\n", 2 },
  { "python", "if x:\n        a = 1\n    b = 2\n", 3 },
  { "python", "print((1)\n", 1 },
  { "python", "s = 'never closed\n", 1 },
  { "python", "s = \"\"\"\nnever closed\n", 1 },
  { "python", "x = [1, 2)\n", 1 },
  { "node", "function f() {\n  return 1;\n", 1 },
  { "node", "const s = 'x;\n", 1 },
  { "node", "const t = `a ${b`;\n", 1 },
  { "typescript", "let a: number[] = [1, 2;\n", 1 },
  { "go", "package main\nfunc main() {\n\tfmt.Println(\"x)\n}\n", 3 },
  { "go", "package main\nimport (\n\t\"fmt\"\nimport \"os\"\n", 2 }, /* the fuzzer's hang: an unclosed ( */
  { "c", "int main(void) { return 0;\n", 1 },
  { "c", "/* never closed\nint x;\n", 1 },
  { "cpp", "int main() { std::vector<int> v{1, 2; }\n", 1 },
  { "rust", "fn main() { let s = \"x; }\n", 1 },
  { "java", "class A { void f() { } \n", 1 },
};

Test (unit_checks, syntax_errors_are_found_with_their_line)
{
  for (size_t i = 0; i < sizeof syntax_errors / sizeof syntax_errors[0]; i++)
    {
      struct scan s = scan (syntax_errors[i].lang, syntax_errors[i].code);

      cr_expect_eq (s.syntax_line, syntax_errors[i].line, "%s: syntax error on line %u, not %u, in: %s",
                    syntax_errors[i].lang, s.syntax_line, syntax_errors[i].line, syntax_errors[i].code);
      nsbox_violations_free (s.v, s.n);
    }
}

/* Valid code that a careless tokenizer would call broken. */
static const struct
{
  const char *lang, *code;
} tricky[] = {
  { "python", "x = f\"{ {'a': 1}['a'] } {y!r:>{w}} {{literal}}\"\nif x:\n    pass\n\n# trailing\n" },
  { "python", "s = r'\\d+\\'' + b'\\x00' + '''a\n'b'\n'''\nt = (1,\n     2)\n" },
  { "python", "def f(a,\n      b):\n\treturn a \\\n  + b\n" },
  { "node", "const re = /[\"'(]+\\//g; const d = a / b / c;\nconst t = `x ${ `y ${z}` } w`;\n" },
  { "node", "if (/\\)/.test(s)) { x = s.replace(/[{}]/g, ''); }\n" },
  { "go", "package main\nvar s = `raw \"with\" {braces`\nvar r = '\\''\nfunc main() {}\n" },
  { "c", "#define OPEN (\nchar c = '\\'';\nconst char *s = \"a\\\"b(\";\nint x = 1;\n" },
  { "c", "#error don't build this (yet\n#pragma message(\"it's fine\nint x;\n" },
  { "c", "int f(int a,\n#if WIDE\n      long b)\n#else\n      int b)\n#endif\n{ return a + (int) b; }\n" },
  { "cpp", "auto s = R\"d(raw \") ( string)d\";\nint n = 1'000'000;\n" },
  { "rust", "fn f<'a>(s: &'a str) -> char { let _ = r#\"raw \" }\"#; 'x' }\n/* outer /* nested */ */\n" },
  { "java", "class A { String t = \"\"\"\n  text ( block\n  \"\"\"; char c = '{'; }\n" },
};

Test (unit_checks, valid_tricky_code_is_no_syntax_error)
{
  for (size_t i = 0; i < sizeof tricky / sizeof tricky[0]; i++)
    {
      struct scan s = scan (tricky[i].lang, tricky[i].code);

      cr_expect_eq (s.syntax_line, 0, "%s: a syntax error on line %u in valid code: %s", tricky[i].lang, s.syntax_line,
                    tricky[i].code);
      nsbox_violations_free (s.v, s.n);
    }
}

Test (unit_checks, an_allow_list_refuses_every_other_import)
{
  struct scan s = scan ("python-data", "import numpy as np\nimport pandas as pd\nfrom math import sqrt\n"
                                       "from collections import Counter\nprint(np.mean([sqrt(4)]))\n");

  cr_expect_eq (s.n, 0, "%zu findings, first %s", s.n, s.n ? s.v[0].message : "");
  nsbox_violations_free (s.v, s.n);
  s = scan ("python-data", "import numpy\nimport scipy\n");
  cr_assert_eq (s.n, 1);
  cr_expect_str_eq (s.v[0].rule, NSBOX_CHECK_IMPORT_NOT_ALLOWED);
  cr_expect_eq (s.v[0].line, 2);
  cr_expect_not_null (strstr (s.v[0].message, "scipy"));
  nsbox_violations_free (s.v, s.n);
}

Test (unit_checks, strict_blocks_high_findings_standard_only_critical)
{
  struct scan s = scan ("python", "print(open('/tmp/x').read())\n");

  cr_assert (has_rule (&s, "python-open", NSBOX_SEVERITY_HIGH));
  cr_expect_not_null (s.v[0].recommendation);
  cr_expect_not (nsbox_checks_block (NSBOX_CHECKS_BLOCK, NSBOX_SEVERITY_CRITICAL, s.v, s.n));
  cr_expect (nsbox_checks_block (NSBOX_CHECKS_BLOCK, NSBOX_SEVERITY_HIGH, s.v, s.n));
  nsbox_violations_free (s.v, s.n);
}

/* The checker's child reads hostile code: once confined, any system call but
 * exit kills it (here an open, a write, a fork), and exit still works. */
static int
confined_child_status (int attempt)
{
  pid_t pid = fork ();
  int status;

  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || nsbox_seccomp_install_compute_only () < 0)
        _exit (3);
      if (attempt == 1)
        syscall (SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY);
      else if (attempt == 2)
        syscall (SYS_write, 2, "x", 1);
      else if (attempt == 3)
        syscall (SYS_clone, SIGCHLD, 0, 0, 0, 0);
      _exit (7);
    }
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  return status;
}

Test (unit_checks, the_checker_child_can_do_nothing_but_exit)
{
  int status = confined_child_status (0);

  cr_expect (WIFEXITED (status) && WEXITSTATUS (status) == 7, "exit: status %#x", status);
  for (int attempt = 1; attempt <= 3; attempt++)
    {
      status = confined_child_status (attempt);
      cr_expect (WIFSIGNALED (status) && WTERMSIG (status) == SIGSYS, "attempt %d: status %#x", attempt, status);
    }
}
