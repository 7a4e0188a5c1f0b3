#!/bin/bash
# bench/checks.sh - how long the pre-execution checks take, per language.
#
# For every language whose policy parses code (checks.syntax), a program of
# 200 lines (functions, loops, strings, comments, imports; the same shape in
# each language) is checked RUNS times with `nsbox check`: the whole command,
# process start, nsbox.conf and the policy included, the code parsed in the
# checker's confined child.  Median and 90th percentile in milliseconds.
# For reference, where the host has them, the same file through the
# language's own parser as the designs we replace use it (python3's ast
# module, node --check), started the same way.
#
# Usage (from a built tree): bench/checks.sh [--runs N]
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
top=$(cd -- "$here/.." && pwd)
nsbox=${NSBOX:-$top/src/nsbox/nsbox}
runs=50

while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench/checks.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/nsbox-bench-checks-XXXXXX)
trap 'rm -rf "$work"' EXIT
# Its own nsbox.conf: no results log, whatever the machine's says.
echo '{"results_log": false}' > "$work/nsbox.conf"
export NSBOX_CONFIG=$work/nsbox.conf

# repeat N TEMPLATE: the template N times with @ replaced by the index.
repeat() { local i; for ((i = 0; i < $1; i++)); do printf '%s\n' "${2//@/$i}"; done; }

program() { # LANG: a 200-line program
  case $1 in
    python)
      printf 'import math\nimport json\nfrom collections import Counter\n'
      repeat 19 '# step @: a comment that says import os and eval(x)
def step_@(values, scale=@):
    """Docstring @: open("/etc/passwd") is only text."""
    total = sum(v * scale for v in values if v % 2 == 0)
    label = f"step {@!r:>4} total={total:.2f}"
    table = {"k@": [1, 2, 3], "name": label}
    if total > 10 and label:
        return json.dumps(table) + str(math.sqrt(total))
    return Counter(label).most_common(1)
' ;;
    node|typescript)
      repeat 20 '// step @: require("child_process") is only a comment
function step@(values, scale = @) {
  const total = values.filter((v) => v % 2 === 0).reduce((a, v) => a + v * scale, 0);
  const label = `step ${@} total=${total.toFixed(2)}`;
  const table = { key@: [1, 2, 3], name: label, re: /[\"(]+\//g };
  if (total > 10 && label.length > 0) {
    return JSON.stringify(table) + Math.sqrt(total);
  }
  return label.split("").sort().join("");
}' ;;
    go)
      printf 'package main\n\nimport (\n\t"fmt"\n\t"math"\n\t"strings"\n)\n\n'
      repeat 19 '// step@: os.RemoveAll is only a comment
func step@(values []int, scale int) string {
	total := 0
	for _, v := range values {
		if v%2 == 0 {
			total += v * scale
		}
	}
	return fmt.Sprintf("step %d %v %s", @, math.Sqrt(float64(total)), strings.Repeat("x", @))
}'
      printf 'func main() { fmt.Println(step0([]int{1, 2}, 3)) }\n' ;;
    c|cpp)
      printf '#include <stdio.h>\n#include <string.h>\n#include <math.h>\n'
      repeat 20 '/* step @: system("ls") is only a comment */
static double step@(const int *values, int n, int scale) {
  double total = 0;
  for (int i = 0; i < n; i++) {
    if (values[i] % 2 == 0)
      total += values[i] * scale;
  }
  printf("step %d \"%s\"\n", @, "fork() failed");
  return sqrt(total);
}' ;;
    rust)
      printf 'use std::collections::HashMap;\n'
      repeat 20 '// step @: std::process::Command is only a comment
fn step@(values: &[i64], scale: i64) -> String {
    let total: i64 = values.iter().filter(|v| *v % 2 == 0).map(|v| v * scale).sum();
    let mut table: HashMap<&str, i64> = HashMap::new();
    table.insert("k@", total);
    if total > 10 {
        return format!("step {} {:?} {}", @, table, r#"raw "unsafe" text"#);
    }
    String::from("none")
}' ;;
    java)
      printf 'import java.util.*;\n\npublic class Main {\n'
      repeat 19 '    // step @: Runtime.getRuntime().exec is only a comment
    static String step@(int[] values, int scale) {
        long total = 0;
        for (int v : values) {
            if (v % 2 == 0) total += (long) v * scale;
        }
        Map<String, Long> table = new HashMap<>();
        table.put("k@", total);
        return String.format("step %d %s", @, table);
    }'
      printf '    public static void main(String[] a) { System.out.println(step0(new int[]{1, 2}, 3)); }\n}\n' ;;
  esac
}

# time_runs FILE CMD...: RUNS wall times in ms, one per line (bash's clock:
# no process is started to read it)
time_runs() {
  local out=$1 t0 t1 i
  shift
  : > "$out"
  for ((i = 0; i < runs; i++)); do
    t0=$EPOCHREALTIME
    "$@" > /dev/null 2>&1 || true
    t1=$EPOCHREALTIME
    echo "$t0 $t1" >> "$out.raw"
  done
  awk '{ printf "%.3f\n", ($2 - $1) * 1000 }' "$out.raw" > "$out"
  rm -f "$out.raw"
}
pct() { sort -n "$1" | awk -v p="$2" '{ v[NR] = $1 } END { i = int(NR * p + 0.999); if (i < 1) i = 1; print v[i] }'; }

ext() { case $1 in python) echo py ;; node) echo js ;; typescript) echo ts ;; rust) echo rs ;; *) echo "$1" ;; esac; }

printf '%-11s %6s %12s %12s   %s\n' LANGUAGE LINES "MEDIAN ms" "P90 ms" "REFERENCE (own parser, median ms)"
for lang in python node typescript go c cpp rust java; do
  file=$work/main.$(ext "$lang")
  program "$lang" | head -n 200 > "$file"
  lines=$(wc -l < "$file")
  time_runs "$work/t" "$nsbox" check --lang "$lang" "$file"
  ref=-
  case $lang in
    python) if [ -x /usr/bin/python3 ]; then
        time_runs "$work/r" /usr/bin/python3 -c 'import ast, sys; ast.parse(open(sys.argv[1]).read())' "$file"
        ref="python3 ast.parse $(pct "$work/r" 0.5)"
      fi ;;
    node) if [ -x /usr/bin/node ]; then
        time_runs "$work/r" /usr/bin/node --check "$file"
        ref="node --check $(pct "$work/r" 0.5)"
      fi ;;
  esac
  printf '%-11s %6s %12s %12s   %s\n' "$lang" "$lines" "$(pct "$work/t" 0.5)" "$(pct "$work/t" 0.9)" "$ref"
done
