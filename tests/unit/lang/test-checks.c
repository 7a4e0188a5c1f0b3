/* unit_checks: every listed dangerous pattern is found in each language,
 * ordinary programs are not flagged, and the score and block decision. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/checks.h"
#include "lang/policy.h"

static const char *const dirs[] = { NSBOX_TEST_SRCDIR "/policies/lang", NULL };

struct scan
{
  struct nsbox_violation *v;
  size_t n;
};

static struct scan
scan (const char *lang, const char *code)
{
  struct nsbox_lang_policy p;
  struct nsbox_error *err = NULL;
  struct scan s = { NULL, 0 };

  cr_assert_eq (nsbox_policy_find (lang, dirs, &p, &err), 0, "%s", err ? err->message : "");
  cr_assert_eq (nsbox_checks_scan (&p, code, strlen (code), &s.v, &s.n, &err), 0);
  nsbox_policy_release (&p);
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

/* The patterns the policies promise to find, one snippet each. */
static const struct
{
  const char *lang, *code, *rule;
} listed[] = {
  { "python", "import os\n", "python-import-os" },
  { "python", "import sys, os.path\n", "python-import-os" },
  { "python", "from os import system\n", "python-import-os" },
  { "python", "import subprocess\n", "python-import-subprocess" },
  { "python", "from subprocess import run\n", "python-import-subprocess" },
  { "python", "import socket\n", "python-import-socket" },
  { "python", "import ctypes\n", "python-import-ctypes" },
  { "python", "eval('1+1')\n", "python-dynamic-code" },
  { "python", "exec (\"x=1\")\n", "python-dynamic-code" },
  { "python", "c = compile('1', 'f', 'eval')\n", "python-dynamic-code" },
  { "python", "m = __import__('os')\n", "python-dynamic-code" },
  { "python", "with open('/etc/passwd') as f: pass\n", "python-open" },
  { "node", "const cp = require('child_process');\n", "node-child-process" },
  { "node", "import { exec } from \"node:child_process\";\n", "node-child-process" },
  { "node", "const fs = require(\"fs\");\n", "node-fs" },
  { "node", "const fsp = require('fs/promises');\n", "node-fs" },
  { "node", "const net = require('net');\n", "node-net" },
  { "node", "const http = require('http');\n", "node-http" },
  { "node", "import('https').then(() => 0);\n", "node-http" },
  { "node", "const vm = require('vm');\n", "node-vm" },
  { "node", "eval('1')\n", "node-eval" },
  { "node", "const f = new Function('return 1');\n", "node-function" },
  { "typescript", "import * as cp from 'child_process';\n", "node-child-process" },
  { "typescript", "import fs from 'fs';\n", "node-fs" },
  { "typescript", "const f = Function('return 1');\n", "node-function" },
  { "go", "import \"os/exec\"\n", "go-os-exec" },
  { "go", "import (\n\t\"fmt\"\n\t\"syscall\"\n)\n", "go-syscall" },
  { "go", "import \"unsafe\"\n", "go-unsafe" },
  { "go", "\t\"net\"\n", "go-net" },
  { "go", "\t\"net/http\"\n", "go-net" },
  { "c", "int main(){ system(\"ls\"); }\n", "c-system" },
  { "c", "execve(\"/bin/sh\", a, e);\n", "c-exec" },
  { "c", "execlp(\"sh\", \"sh\", 0);\n", "c-exec" },
  { "c", "pid_t p = fork();\n", "c-fork" },
  { "c", "int s = socket(AF_INET, SOCK_STREAM, 0);\n", "c-socket" },
  { "c", "#include <sys/socket.h>\n", "c-socket" },
  { "c", "asm(\"nop\");\n", "c-asm" },
  { "c", "__asm__ volatile (\"syscall\");\n", "c-asm" },
  { "cpp", "std::system(\"ls\");\n", "c-system" },
  { "cpp", "if (fork() == 0) {}\n", "c-fork" },
  { "cpp", "execv(p, a);\n", "c-exec" },
  { "cpp", "socket(AF_UNIX, SOCK_STREAM, 0);\n", "c-socket" },
  { "cpp", "asm volatile(\"\");\n", "c-asm" },
  { "rust", "use std::process::Command;\n", "rust-process" },
  { "rust", "std::process::exit(1);\n", "rust-process" },
  { "rust", "use std::{io, process};\n", "rust-process" },
  { "rust", "use std::net::TcpStream;\n", "rust-net" },
  { "rust", "unsafe { *p = 1; }\n", "rust-unsafe" },
  { "rust", "unsafe fn f() {}\n", "rust-unsafe" },
  { "java", "Runtime.getRuntime().exec(\"ls\");\n", "java-runtime-exec" },
  { "java", "new ProcessBuilder(\"ls\").start();\n", "java-process-builder" },
  { "java", "import java.net.Socket;\n", "java-net" },
  { "java", "import java.lang.reflect.Method;\n", "java-reflection" },
  { "java", "Class.forName(\"x\").getDeclaredMethod(\"y\");\n", "java-reflection" },
  { "java", "f.setAccessible(true);\n", "java-reflection" },
};

Test (unit_checks, every_listed_pattern_is_found_as_critical)
{
  for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++)
    {
      struct scan s = scan (listed[i].lang, listed[i].code);

      cr_expect (has_rule (&s, listed[i].rule, NSBOX_SEVERITY_CRITICAL), "%s: `%s` not found as critical in: %s",
                 listed[i].lang, listed[i].rule, listed[i].code);
      cr_expect (nsbox_checks_block (NSBOX_CHECKS_BLOCK, s.v, s.n), "%s: %s does not block", listed[i].lang,
                 listed[i].code);
      cr_expect_not (nsbox_checks_block (NSBOX_CHECKS_REPORT, s.v, s.n));
      nsbox_violations_free (s.v, s.n);
    }
}

/* Ordinary programs, including the ones the integration suite runs. */
static const struct
{
  const char *lang, *code;
} clean[] = {
  { "python", "import sys, json, math\nimport numpy as np\nname = input()\nprint(f'hello {name}', file=sys.stdout)\n"
              "data = json.loads('[1]')\nopened = 'open' + 'ing'\nx.reopen\n" },
  { "python", "import osmium\nimport json as jos\nfrom typing import List\nevaluate(1)\n" },
  { "node", "const lines = [];\nprocess.stdin.on('data', d => lines.push(d));\nconsole.log('hello');\n"
            "const fsx = require('fsx');\nretrieval(1);\n" },
  { "typescript", "const s: string = 'x';\nfunction f(n: number): number { return n + 1; }\nconsole.log(f(1));\n" },
  { "go", "package main\nimport (\n\t\"bufio\"\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n"
          "func main() { r := bufio.NewReader(os.Stdin); s, _ := r.ReadString('\\n'); fmt.Println(strings.TrimSpace(s)) }\n" },
  { "c", "#include <stdio.h>\n#include <stdlib.h>\nint main(void) { char b[64]; if (fgets(b, sizeof b, stdin)) "
         "printf(\"%s\", b); int filesystem = 0; my_system(); return filesystem; }\n" },
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

      cr_expect_eq (s.n, 0, "%s: %zu violations, first `%s` line %u", clean[i].lang, s.n, s.n ? s.v[0].rule : "",
                    s.n ? s.v[0].line : 0);
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
  cr_expect_not (nsbox_checks_block (NSBOX_CHECKS_BLOCK, s.v, s.n));
  cr_expect_eq (nsbox_checks_risk_score (s.v, s.n), 15);
  nsbox_violations_free (s.v, s.n);
}

Test (unit_checks, risk_score_counts_each_rule_once_and_caps_at_100)
{
  struct scan s = scan ("python", "import os\nimport os\n");

  cr_expect_eq (s.n, 2, "listed once per line");
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
  struct nsbox_violation *v = NULL;
  size_t n = 0, len = 100 * 1024 + 1;
  char *code = malloc (len);

  memset (code, '#', len);
  cr_assert_eq (nsbox_policy_find ("python", dirs, &p, &err), 0);
  cr_assert_eq (nsbox_checks_scan (&p, code, len, &v, &n, &err), 0);
  cr_assert_eq (n, 1);
  cr_expect_str_eq (v[0].rule, NSBOX_CHECK_CODE_SIZE);
  cr_expect_eq (v[0].severity, NSBOX_SEVERITY_CRITICAL);
  cr_expect_eq (v[0].line, 0);
  nsbox_violations_free (v, n);
  cr_assert_eq (nsbox_checks_scan (&p, code, len - 1, &v, &n, &err), 0);
  cr_expect_eq (n, 0, "exactly the limit is allowed");
  nsbox_violations_free (v, n);
  nsbox_policy_release (&p);
  free (code);
}

Test (unit_checks, listing_stops_at_the_cap)
{
  size_t lines = NSBOX_CHECKS_MAX_LISTED + 50;
  char *code = malloc (lines * 10 + 1), *p = code;
  struct scan s;

  for (size_t i = 0; i < lines; i++)
    p += sprintf (p, "import os\n");
  s = scan ("python", code);
  cr_expect_eq (s.n, NSBOX_CHECKS_MAX_LISTED);
  nsbox_violations_free (s.v, s.n);
  free (code);
}

Test (unit_checks, a_nul_byte_does_not_hide_later_lines)
{
  struct nsbox_lang_policy p;
  struct nsbox_error *err = NULL;
  struct nsbox_violation *v = NULL;
  size_t n = 0;
  static const char code[] = "x = 1\0hidden\nimport socket\n";

  cr_assert_eq (nsbox_policy_find ("python", dirs, &p, &err), 0);
  cr_assert_eq (nsbox_checks_scan (&p, code, sizeof code - 1, &v, &n, &err), 0);
  cr_assert_eq (n, 1);
  cr_expect_eq (v[0].line, 2);
  nsbox_violations_free (v, n);
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
