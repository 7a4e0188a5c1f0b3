#!/bin/bash
# bench/lang.sh - the main job, timed: code in, result out, per language.
#
# For every shipped language, a hello world and a small CPU-bound program
# (a sieve counting the primes below 10^6, the same loops in each), and for
# Go also a program importing encoding/json, regexp and text/template (the
# standard library's larger packages).  RUNS times each, median wall
# seconds of:
#   nsbox          nsbox exec --lang L --code F: checks, compile sandbox, run
#                  sandbox, the image's warm caches as the policy mounts them
#   cached         the same with a compile cache (nsbox.conf compile_cache)
#                  that already holds the artifact: no compile sandbox
#   native         the policy's own compile and run commands, as root in a
#                  chroot of the same image (bench/nativerun.c: a private
#                  mount namespace with a tmpfs /tmp, no process before the
#                  toolchain's): the toolchain with no sandbox at all
#   nat-run        for a compiled language, the artifact's run step alone,
#                  natively: what a compile cache hit is up against
#   bwrap, crun, runc   the same commands in one sandbox each on the same
#                  root (read-only), /tmp a tmpfs, no network, uid 65534: what
#                  a plain runtime does with the same toolchain (without the
#                  overlay of the image's Go cache: they have none)
# then nsbox's distance from native and cached's from nat-run in ms, and the
# runtimes' ratios to nsbox; last, a judge's run: one Go program compiled
# once and run on 100 inputs (--stdin-each).  The runs of a program take
# turns across the columns (bench/startbench.c, one run each in turn), so
# that a burst of load falls on all of them alike.  See bench/README.md.
#
# Usage (as root, from a built tree):
#   bench/lang.sh [--runs N] [--store DIR] [--only PROGRAM,...]
# The store must hold the images the policies name (rootfs-tools/mkimage LANG
# --import; `make check` builds them into test-store-lang/).
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
top=$(cd -- "$here/.." && pwd)
nsbox=${NSBOX:-$top/src/nsbox/nsbox}
runs=5
store=${NSBOX_STORE:-/var/lib/nsbox}
only=

while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --store) store=$2; shift 2 ;;
    --only) only=,$2,; shift 2 ;;
    -h | --help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "lang.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $EUID -eq 0 ]] || { echo "lang.sh: run as root" >&2; exit 1; }
[[ -x "$nsbox" ]] || { echo "lang.sh: build first ($nsbox missing)" >&2; exit 1; }
for tool in bwrap crun runc jq bc cc; do
  command -v "$tool" >/dev/null || { echo "lang.sh: $tool not found" >&2; exit 1; }
done

work=$(mktemp -d /var/tmp/nsbox-bench-lang.XXXXXX)
chmod 0755 "$work" # the code is bound into the sandboxes, read there by uid 65534
holder= # the process that holds crun's mount namespace, below
cleanup () {
  [[ -z "$holder" ]] || { kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null; } || true
  rm -rf --one-file-system -- "$work"
}
trap cleanup EXIT INT TERM
export NSBOX_STORE=$store NSBOX_CONFIG=$work/plain.conf
# Each run is logged, as root's are by default, to a log of the bench's own.
printf '{"policy_dir": "%s/policies/lang", "results_log": "%s/results.jsonl"}\n' "$top" "$work" >"$work/plain.conf"
printf '{"policy_dir": "%s/policies/lang", "results_log": "%s/results.jsonl", "compile_cache": {"dir": "%s/cache", "size": "256m"}}\n' \
  "$top" "$work" "$work" >"$work/cached.conf"
export NSBOX_SECCOMP_PROFILE_DIR=${NSBOX_SECCOMP_PROFILE_DIR:-$top/policies/seccomp}
cc -O2 -o "$work/nativerun" "$here/nativerun.c"
cc -O2 -static -o "$work/startbench" "$here/startbench.c" -lm 2>/dev/null ||
  cc -O2 -o "$work/startbench" "$here/startbench.c" -lm

# ---- the programs: $work/PROGRAM/<the policy's file name>
program () { # NAME LANG: the code on stdin
  mkdir -p "$work/$1"
  cat >"$work/$1/$(basename "$(jq -r .file "$top/policies/lang/$2.json")")"
}
program python-hello python <<<'print("hello from python")'
program python-primes python <<'EOF'
n = 1000000
s = bytearray(n + 1)
count = 0
for i in range(2, n + 1):
    if not s[i]:
        count += 1
        for j in range(i * i, n + 1, i):
            s[j] = 1
print(count)
EOF
program node-hello node <<<'console.log("hello from node");'
program node-primes node <<'EOF'
const n = 1000000;
const s = new Uint8Array(n + 1);
let count = 0;
for (let i = 2; i <= n; i++) {
  if (!s[i]) {
    count++;
    for (let j = i * i; j <= n; j += i) s[j] = 1;
  }
}
console.log(count);
EOF
program ts-hello typescript <<<'const who: string = "typescript"; console.log(`hello from ${who}`);'
program ts-primes typescript <<'EOF'
const n: number = 1000000;
const s = new Uint8Array(n + 1);
let count: number = 0;
for (let i = 2; i <= n; i++) {
  if (!s[i]) {
    count++;
    for (let j = i * i; j <= n; j += i) s[j] = 1;
  }
}
console.log(count);
EOF
program go-hello go <<'EOF'
package main

import "fmt"

func main() { fmt.Println("hello from go") }
EOF
program go-primes go <<'EOF'
package main

import "fmt"

func main() {
	const n = 1000000
	s := make([]bool, n+1)
	count := 0
	for i := 2; i <= n; i++ {
		if !s[i] {
			count++
			for j := i * i; j <= n; j += i {
				s[j] = true
			}
		}
	}
	fmt.Println(count)
}
EOF
program go-std go <<'EOF'
package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"text/template"
)

func main() {
	var b strings.Builder
	t := template.Must(template.New("t").Parse(`{{.Name}} {{len .Items}}`))
	if err := t.Execute(&b, map[string]any{"Name": "std", "Items": []int{1, 2, 3}}); err != nil {
		panic(err)
	}
	j, _ := json.Marshal(map[string]string{"out": b.String()})
	fmt.Println(regexp.MustCompile(`[a-z]+`).FindString(string(j)), string(j))
}
EOF
program c-hello c <<<'#include <stdio.h>
int main (void) { puts ("hello from c"); return 0; }'
program c-primes c <<'EOF'
#include <stdio.h>
#include <stdlib.h>
int main (void) {
  const long n = 1000000;
  char *s = calloc (n + 1, 1);
  long count = 0;
  for (long i = 2; i <= n; i++)
    if (!s[i]) {
      count++;
      for (long j = i * i; j <= n; j += i) s[j] = 1;
    }
  printf ("%ld\n", count);
  return 0;
}
EOF
program cpp-hello cpp <<<'#include <iostream>
int main () { std::cout << "hello from cpp" << std::endl; }'
program cpp-primes cpp <<'EOF'
#include <iostream>
#include <vector>
int main () {
  const long n = 1000000;
  std::vector<bool> s (n + 1);
  long count = 0;
  for (long i = 2; i <= n; i++)
    if (!s[i]) {
      count++;
      for (long j = i * i; j <= n; j += i) s[j] = true;
    }
  std::cout << count << std::endl;
}
EOF
program rust-hello rust <<<'fn main() { println!("hello from rust"); }'
program rust-primes rust <<'EOF'
fn main() {
    let n: usize = 1000000;
    let mut s = vec![false; n + 1];
    let mut count = 0;
    for i in 2..=n {
        if !s[i] {
            count += 1;
            let mut j = i * i;
            while j <= n {
                s[j] = true;
                j += i;
            }
        }
    }
    println!("{}", count);
}
EOF
program java-hello java <<'EOF'
public class Main {
  public static void main(String[] a) { System.out.println("hello from java"); }
}
EOF
program java-primes java <<'EOF'
public class Main {
  public static void main(String[] a) {
    final int n = 1000000;
    boolean[] s = new boolean[n + 1];
    int count = 0;
    for (int i = 2; i <= n; i++)
      if (!s[i]) {
        count++;
        for (long j = (long) i * i; j <= n; j += i) s[(int) j] = true;
      }
    System.out.println(count);
  }
}
EOF
# The judge's program: the sum of two numbers, read from stdin.
program judge go <<'EOF'
package main

import "fmt"

func main() {
	var a, b int
	fmt.Scan(&a, &b)
	fmt.Println(a + b)
}
EOF
mkdir -p "$work/judge-inputs"
for i in $(seq -w 1 100); do echo "$((10#$i)) $((10#$i * 2))" >"$work/judge-inputs/$i"; done

# ---- the commands a policy runs, over /srv/PROGRAM
# With a compile step: a shell script, the step (in a subshell with its env)
# then the run step, /code/ read from /srv/PROGRAM/ and /out written to
# /tmp/out.  Without one: the run step's argv itself, one word a line.
policy_script () { # LANG PROGRAM [OUT]: OUT, default /tmp/out, is where /out goes
  jq -r --arg dir "/srv/$2/" --arg out "${3:-/tmp/out}" '
    def paths: map(sub("^/code/"; $dir) | sub("=/code/"; "=" + $dir) | sub("^/out"; $out) | sub("=/out"; "=" + $out));
    def assign: map(@sh "export \\(.)") | join("; ");
    "mkdir -p \($out)"
    + (if .compile then " && (" + ((.compile.env // []) | assign | if . == "" then "" else . + "; " end)
                               + (.compile.argv | paths | @sh) + ")" else "" end)
    + " && " + (.run.argv | paths | @sh)' "$top/policies/lang/$1.json"
}

policy_argv () { # LANG PROGRAM: the words to run, one a line
  if jq -e .compile "$top/policies/lang/$1.json" >/dev/null; then
    printf '%s\n' /bin/sh -c "$(policy_script "$1" "$2")"
  else
    jq -r --arg dir "/srv/$2/" '.run.argv | map(sub("^/code/"; $dir))[]' "$top/policies/lang/$1.json"
  fi
}

policy_run_argv () { # LANG PROGRAM: the run step's words over an artifact in /srv/PROGRAM/out
  jq -r --arg out "/srv/$2/out" '.run.argv | map(sub("^/out"; $out) | sub("=/out"; "=" + $out))[]' \
    "$top/policies/lang/$1.json"
}

policy_env () { # LANG: the policy's env, one K=V a line
  jq -r '(.env // [])[]' "$top/policies/lang/$1.json"
}

# The compile step's warm_cache, as "FROM:AT" (or nothing).
policy_warm_cache () {
  jq -r '.compile.warm_cache // empty | "\(.from):\(.at)"' "$top/policies/lang/$1.json"
}

layer_of () { # IMAGE: its one layer's directory in the store
  local layers
  layers=$("$nsbox" image inspect "$1" | jq -r '.layers | length, .[0]')
  [[ "$(head -n1 <<<"$layers")" == 1 ]] || { echo "lang.sh: $1 has more than one layer" >&2; exit 1; }
  echo "$store/layers/$(tail -n1 <<<"$layers")"
}

# The toolchain with no sandbox (bench/nativerun.c): ROOT read-only in a
# private mount namespace, /tmp a tmpfs, /srv the programs, the warm cache
# as an overlay like the policy's; the words of native_argv.
native_argv () { # ROOT WARM ENV-LINES PROGRAM-WORDS...
  local root=$1 warm=$2 envs=$3 kv
  shift 3
  native=("$work/nativerun" "$root" "$work")
  [[ -z "$warm" ]] || native+=(--warm "$warm")
  while IFS= read -r kv; do [[ -z "$kv" ]] || native+=(--env "$kv"); done <<<"$envs"
  native+=(-- "$@")
}

# A bundle for crun and runc: the root read-only, /tmp a tmpfs (exec, as the
# compile steps need), the code at /srv, no network, uid 65534.
make_bundle () { # DIR ROOT SCRIPT ENV...
  local dir=$1 root=$2 script=$3
  shift 3
  mkdir -p "$dir"
  (cd "$dir" && runc spec)
  jq --arg root "$root" --arg script "$script" --arg work "$work" '
      .root = {path: $root, readonly: true}
      | .process.terminal = false
      | .process.args = ["sh", "-c", $script]
      | .process.env = (["PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/tmp"] + $ARGS.positional)
      | .process.user = {uid: 65534, gid: 65534}
      | .mounts += [{destination: "/tmp", type: "tmpfs", source: "tmpfs",
                     options: ["nosuid", "nodev", "mode=1777", "size=512m"]},
                    {destination: "/srv", type: "bind", source: $work, options: ["rbind", "ro"]}]
      | .linux.resources = {memory: {limit: 2147483648}, pids: {limit: 64}}' \
    "$dir/config.json" --args "$@" >"$dir/config.json.new"
  mv "$dir/config.json.new" "$dir/config.json"
}

# crun 1.8 refuses a hybrid host (v1 controllers beside an empty cgroup2 at
# /sys/fs/cgroup/unified): there it runs where that mount is hidden (the
# unshare and umount cost a few ms of each run's seconds).
# In a private mount namespace held open by a sleeping process (startbench
# joins it before crun's exec): the host's namespace is never touched, and
# crun's runs pay for no extra process.
crun_setup=-
if mountpoint -q /sys/fs/cgroup/unified 2>/dev/null; then
  unshare --mount --propagation private sh -c 'umount /sys/fs/cgroup/unified && exec sleep 2147483647' &
  holder=$!
  for _ in $(seq 100); do
    if [[ "$(readlink "/proc/$holder/ns/mnt" 2>/dev/null)" != "$(readlink /proc/self/ns/mnt)" ]] &&
      ! grep -q ' /sys/fs/cgroup/unified ' "/proc/$holder/mountinfo" 2>/dev/null; then
      break
    fi
    sleep 0.05
  done
  ! grep -q ' /sys/fs/cgroup/unified ' "/proc/$holder/mountinfo" ||
    { echo "lang.sh: could not hide the cgroup2 mount from crun" >&2; exit 1; }
  crun_setup=mntns=/proc/$holder/ns/mnt
fi

# ---- timing: a spec of commands for startbench, each first run once here
# to check that it prints what it must.
spec_add () { # SPEC NAME EXPECTED SETUP WORD...: SETUP is - or mntns=PATH
  local spec=$1 name=$2 expected=$3 setup=$4 out word line
  shift 4
  local -a pre=()
  [[ "$setup" == - ]] || pre=(nsenter --mount="${setup#mntns=}")
  out=$("${pre[@]}" "$@" 2>&1) || { echo "lang.sh: $name failed: $out" >&2; exit 1; }
  [[ "$out" == *"$expected"* ]] || { echo "lang.sh: $name printed: $out" >&2; exit 1; }
  line="$name"$'\t'"$setup"
  for word in "$@"; do
    [[ "$word" != *[$'\t\n']* ]] || { echo "lang.sh: $name: a tab or newline in \`$word\`" >&2; exit 1; }
    line+=$'\t'"$word"
  done
  printf '%s\n' "$line" >>"$spec"
}

# The spec's commands, RUNS times each in turns: NAME MEDIAN_SECONDS lines.
spec_medians () { # SPEC
  "$work/startbench" -q -n "$runs" -w 0 -b 1 "$1" | awk -F'\t' '{ printf "%s %.4f\n", $1, $3 / 1000 }'
}

opt () { if [[ $1 == - ]]; then echo -; else printf '%.3f' "$1"; fi; }
ms () { printf '%+.0f' "$(echo "($1 - $2) * 1000" | bc -l)"; }
ratio () { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }

bench_case () { # PROGRAM LANG EXPECTED
  local name=$1 lang=$2 expected=$3
  [[ -z "$only" || "$only" == *",$name,"* ]] || return 0
  local image root script warm code compiled spec="$work/spec-$name" kv
  local -A med=([cached]=- [natrun]=-)
  local -a words env bwrap_env=()
  image=$(jq -r .image "$top/policies/lang/$lang.json")
  root=$(layer_of "$image")
  script=$(policy_script "$lang" "$name")
  warm=$(policy_warm_cache "$lang")
  mapfile -t env < <(policy_env "$lang")
  mapfile -t words < <(policy_argv "$lang" "$name")
  code="$work/$name/$(basename "$(jq -r .file "$top/policies/lang/$lang.json")")"
  compiled=$(jq -r '.compile // empty | "yes"' "$top/policies/lang/$lang.json")
  : >"$spec"
  spec_add "$spec" nsbox "$expected" - "$nsbox" exec --lang "$lang" --code "$code"
  if [[ -n "$compiled" ]]; then
    spec_add "$spec" cached "$expected" - "$nsbox" exec --conf "$work/cached.conf" --lang "$lang" --code "$code"
  fi
  native_argv "$root" "$warm" "$(policy_env "$lang")" "${words[@]}"
  spec_add "$spec" native "$expected" - "${native[@]}"
  if [[ -n "$compiled" ]]; then
    # The artifact's run alone, natively: what a compile cache hit is up against.
    native_argv "$root" "$warm" "$(policy_env "$lang")" /bin/sh -c "$(policy_script "$lang" "$name" "/srv/$name/out")"
    "${native[@]}" >/dev/null 2>&1 || { echo "lang.sh: $name: the native compile into /srv failed" >&2; exit 1; }
    mapfile -t words < <(policy_run_argv "$lang" "$name")
    native_argv "$root" "" "$(policy_env "$lang")" "${words[@]}"
    spec_add "$spec" natrun "$expected" - "${native[@]}"
  fi
  for kv in "${env[@]}"; do bwrap_env+=(--setenv "${kv%%=*}" "${kv#*=}"); done
  spec_add "$spec" bwrap "$expected" - "$(command -v bwrap)" --ro-bind "$root" / --tmpfs /tmp --proc /proc \
    --dev /dev --ro-bind "$work" /srv --unshare-all --die-with-parent --clearenv \
    --setenv PATH /usr/local/bin:/usr/bin:/bin --setenv HOME /tmp "${bwrap_env[@]}" \
    --uid 65534 --gid 65534 -- /bin/sh -c "$script"
  make_bundle "$work/bundle-$name" "$root" "$script" "${env[@]}"
  spec_add "$spec" crun "$expected" "$crun_setup" "$(command -v crun)" --root "$work/crun" run \
    --bundle "$work/bundle-$name" "bench-$name-$$"
  spec_add "$spec" runc "$expected" - "$(command -v runc)" --root "$work/runc" run --bundle "$work/bundle-$name" \
    "bench-$name-$$"
  while read -r kv; do med[${kv% *}]=${kv#* }; done < <(spec_medians "$spec")
  printf '%-13s %7.3f %7s %7.3f %7s %7.3f %7.3f %7.3f  %7s %7s  %6s %6s %6s\n' "$name" "${med[nsbox]}" \
    "$(opt "${med[cached]}")" "${med[native]}" "$(opt "${med[natrun]}")" "${med[bwrap]}" "${med[crun]}" \
    "${med[runc]}" "$(ms "${med[nsbox]}" "${med[native]}")" \
    "$(if [[ ${med[cached]} == - ]]; then echo -; else ms "${med[cached]}" "${med[natrun]}"; fi)" \
    "$(ratio "${med[bwrap]}" "${med[nsbox]}")" "$(ratio "${med[crun]}" "${med[nsbox]}")" \
    "$(ratio "${med[runc]}" "${med[nsbox]}")"
}

echo "nsbox lang bench: $runs runs each, median wall seconds ($(nproc) CPUs, $(uname -r))"
printf '%-13s %7s %7s %7s %7s %7s %7s %7s  %7s %7s  %6s %6s %6s\n' program nsbox cached native nat-run bwrap \
  crun runc "n-nat" "c-run" bwrap/n crun/n runc/n
printf '%-13s %7s %7s %7s %7s %7s %7s %7s  %7s %7s  %6s %6s %6s\n' "" s s s s s s s ms ms "" "" ""
# What the native column pays before the toolchain starts: the namespace,
# its mounts and the chroot, with nothing run (/bin/true).
native_argv "$(layer_of nsbox/python:latest)" "" "" /bin/true
: >"$work/spec-floor"
spec_add "$work/spec-floor" floor "" - "${native[@]}"
floor=$(spec_medians "$work/spec-floor" | cut -d' ' -f2)
printf '%-13s %7s %7s %7.3f   (native with nothing to run: unshare, mounts, chroot; in every native figure)\n' \
  "native-floor" - - "$floor"
bench_case python-hello python "hello from python"
bench_case python-primes python 78498
bench_case node-hello node "hello from node"
bench_case node-primes node 78498
bench_case ts-hello typescript "hello from typescript"
bench_case ts-primes typescript 78498
bench_case go-hello go "hello from go"
bench_case go-primes go 78498
bench_case go-std go '{"out":"std 3"}'
bench_case c-hello c "hello from c"
bench_case c-primes c 78498
bench_case cpp-hello cpp "hello from cpp"
bench_case cpp-primes cpp 78498
bench_case rust-hello rust "hello from rust"
bench_case rust-primes rust 78498
bench_case java-hello java "hello from java"
bench_case java-primes java 78498

# ---- the judge: one compile, 100 runs
if [[ -z "$only" || "$only" == *",judge,"* ]]; then
  report=$("$nsbox" exec --json --lang go --code "$work/judge/main.go" --stdin-each "$work/judge-inputs") ||
    { echo "lang.sh: the judge's run failed: $report" >&2; exit 1; }
  [[ "$(jq '[.runs[] | select(.stdout == ((.input | split("/") | last | tonumber) * 3 | tostring) + "\n")] | length' \
    <<<"$report")" == 100 ]] || { echo "lang.sh: a judge's run printed the wrong sum" >&2; exit 1; }
  root=$(layer_of nsbox/go:latest)
  native_argv "$root" "$(policy_warm_cache go)" "$(policy_env go)" /bin/sh -c \
    "$(policy_script go judge | sed 's|/tmp/out/main|/srv/judge/main|g')"
  "${native[@]}" </dev/null >/dev/null
  native_argv "$root" "" "$(policy_env go)" /srv/judge/main
  native=("${native[0]}" "${native[1]}" "${native[2]}" --stdin /srv/judge-inputs/001 "${native[@]:3}")
  : >"$work/spec-judge"
  spec_add "$work/spec-judge" judge-native 3 - "${native[@]}"
  one=$(spec_medians "$work/spec-judge" | cut -d' ' -f2)
  jq -r --arg native "$one" '
    (.compile.wall_time_s) as $c | (.total_time_s) as $t | ([.runs[].wall_time_s] | add) as $r |
    "judge: Go, compiled once, 100 inputs: total \($t * 1000 | round / 1000) s = compile \($c) s + runs \($r * 1000 | round / 1000) s + the rest;"
    + " per input \((($t - $c) / 100) * 1000 | round) ms (the program natively: \(($native | tonumber) * 1000 | round) ms)"' \
    <<<"$report"
fi
