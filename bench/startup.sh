#!/bin/bash
# bench/startup.sh - how fast does a sandbox start?  nsbox against crun, runc
# and bubblewrap on the same busybox root, and `python3 -c pass` in nsbox
# against the same interpreter run natively.  See bench/README.md.
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
top=$(cd -- "$here/.." && pwd)

runs=300
warmup=30
batch=25
workdir=/var/tmp/nsbox-bench
nsbox=$top/src/nsbox/nsbox
baseline=""
python_root=""
do_python=1
priority=normal
memory_limit=256m
memory_bytes=268435456
pids_limit=64
cpus=1

usage ()
{
  cat <<EOF
Usage: ${0##*/} [OPTIONS]

Times sequential start-ups of /bin/true in nsbox, crun, runc and bubblewrap on
one busybox root with the same isolation, and \`python3 -c pass\` in nsbox
against the same interpreter run natively (chroot into the same root).
Prints median, mean, p90, ratios against nsbox, sandboxes per second and the
peak RSS, and which features each runtime had on.  Run as root.

Options:
  -n, --runs N         timed runs per command (default $runs)
  -w, --warmup N       untimed runs per command first (default $warmup)
      --nsbox PATH     the nsbox binary (default: the build tree's)
      --baseline PATH  a second nsbox binary (e.g. a build of an older tree),
                       timed in the same run with the same options, so a
                       change's cost is measured against the same noise
      --dir DIR        work directory: roots, bundle, state (default $workdir)
      --python-root DIR  a root with /usr/bin/python3 (default: built in DIR)
      --no-python      skip the python3 comparison
      --fifo           run at SCHED_FIFO priority 10: on a machine busy with
                       other work this measures the start-ups rather than
                       the run queue (nice cannot: every sandbox calls
                       setsid and lands in an autogroup of its own).  A
                       SCHED_FIFO task cannot join a v1 cpu cgroup, so crun
                       and runc are skipped and nsbox runs --cpus unlimited;
                       an nsbox that joins its v1 cpu cgroup even so fails
                       here with EINVAL (the benchmark stops and says so)
  -h, --help           this text

Needs: busybox-static (the root), a C compiler, jq; crun, runc, bubblewrap
to compare (each one missing is skipped, and said so); mmdebstrap for the
python root.  On Debian: apt-get install crun runc bubblewrap jq mmdebstrap
(hyperfine is not needed: the timing loop is bench/startbench.c).
EOF
}

while (($#)); do
  case "$1" in
    -n | --runs) runs=$2; shift 2 ;;
    -w | --warmup) warmup=$2; shift 2 ;;
    --nsbox) nsbox=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --dir) workdir=$2; shift 2 ;;
    --python-root) python_root=$2; shift 2 ;;
    --no-python) do_python=0; shift ;;
    --fifo) priority=fifo; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "${0##*/}: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

die () { echo "${0##*/}: $*" >&2; exit 1; }
note () { echo "# $*"; }

[ "$(id -u)" = 0 ] || die "run as root: every runtime here needs it for its namespaces and cgroups"
[ -x "$nsbox" ] || die "no nsbox binary at $nsbox (build first, or --nsbox PATH)"
[ -z "$baseline" ] || [ -x "$baseline" ] || die "no nsbox binary at $baseline (--baseline)"
command -v jq >/dev/null || die "jq is missing: apt-get install jq"
command -v cc >/dev/null || die "a C compiler is missing: apt-get install gcc"

mkdir -p "$workdir"
workdir=$(cd -- "$workdir" && pwd)
# Each run is logged, as root's are by default, to a log of the bench's own.
printf '{"results_log": "%s/results.jsonl"}\n' "$workdir" >"$workdir/nsbox.conf"
: >"$workdir/results.jsonl"
export NSBOX_CONFIG=$workdir/nsbox.conf

# ---------------------------------------------------------------- cleanup
holder=""
cleanup ()
{
  if [ -n "$holder" ]; then
    kill "$holder" 2>/dev/null || true
    wait "$holder" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- tools
# Static: a child's ru_maxrss starts at its parent's RSS (exec records the
# old address space's peak), so the timing loop itself must stay small.
cc -O2 -static -o "$workdir/startbench" "$here/startbench.c" -lm 2>/dev/null ||
  cc -O2 -o "$workdir/startbench" "$here/startbench.c" -lm
# The floor: exec'ing and reaping a program that does nothing.
printf 'int main (void) { return 0; }\n' >"$workdir/empty.c"
cc -O2 -static -o "$workdir/empty" "$workdir/empty.c" 2>/dev/null || cc -O2 -o "$workdir/empty" "$workdir/empty.c"

declare -A have
for rt in crun runc bwrap; do
  if [ "$priority" = fifo ] && [ "$rt" != bwrap ]; then
    note "$rt skipped: with --fifo it cannot join its v1 cpu cgroup"
  elif command -v "$rt" >/dev/null; then
    have[$rt]=$(command -v "$rt")
  else
    pkg=$rt
    [ "$rt" = bwrap ] && pkg=bubblewrap
    note "$rt is not installed: skipped (apt-get install $pkg)"
  fi
done

# ---------------------------------------------------------------- roots
root=$workdir/busybox
"$top/rootfs-tools/mkroot-busybox" "$root"

if ((do_python)) && [ -z "$python_root" ]; then
  python_root=$workdir/python
  if [ ! -x "$python_root/usr/bin/python3" ]; then
    if [ -x "$top/rootfs-tools/mkroot-debian" ]; then
      "$top/rootfs-tools/mkroot-debian" minimal "$python_root" --include python3
    elif command -v mmdebstrap >/dev/null; then
      rm -rf "$python_root.tmp"
      mmdebstrap --quiet --variant=apt --include=python3 bookworm "$python_root.tmp"
      mv "$python_root.tmp" "$python_root"
    else
      note "no python root and no mmdebstrap: python3 comparison skipped (apt-get install mmdebstrap)"
      do_python=0
    fi
  fi
fi
if ((do_python)) && [ ! -x "$python_root/usr/bin/python3" ]; then
  die "$python_root has no /usr/bin/python3"
fi

# ---------------------------------------------------------------- nsbox features
# Only what this nsbox binary supports is switched on, for nsbox and for the
# OCI runtimes alike; the summary says which.
help=$("$nsbox" exec --help 2>&1 || true)
has_option () { grep -q -- "$1" <<<"$help"; }

nsbox_opts=()
features=()
use_memory=0 use_pids=0 use_cpus=0 use_seccomp=0
if has_option '--memory'; then
  use_memory=1
  nsbox_opts+=(--memory "$memory_limit")
  features+=("memory limit $memory_limit")
fi
if has_option '--cpus' && [ "$priority" = fifo ]; then
  nsbox_opts+=(--cpus unlimited)
  features+=("NO cpu limit (--fifo: a SCHED_FIFO task cannot join a v1 cpu cgroup)")
elif has_option '--cpus'; then
  use_cpus=1
  nsbox_opts+=(--cpus "$cpus")
  features+=("cpu bandwidth $cpus CPU")
fi
if has_option '--pids'; then
  use_pids=1
  nsbox_opts+=(--pids "$pids_limit")
  features+=("pids limit $pids_limit")
fi
seccomp_profile=""
if has_option '--seccomp'; then
  use_seccomp=1
  nsbox_opts+=(--seccomp default)
  features+=("seccomp: nsbox default profile")
  if [ -f "$top/policies/seccomp/default.json" ]; then
    seccomp_profile=$top/policies/seccomp/default.json
    export NSBOX_SECCOMP_PROFILE_DIR=$top/policies/seccomp
  fi
  # The build tree's precompiled filters, as `make install` ships them;
  # else a cache of the bench's own, filled by the warm-up runs.
  if [ -d "$top/seccomp-cache" ]; then
    export NSBOX_SECCOMP_CACHE_DIR=$top/seccomp-cache
  else
    export NSBOX_SECCOMP_CACHE_DIR=$workdir/seccomp-cache
    mkdir -p "$NSBOX_SECCOMP_CACHE_DIR"
  fi
fi
((use_memory)) || features+=("NO memory limit (this nsbox has no --memory)")
has_option '--cpus' || features+=("NO cpu limit (this nsbox has no --cpus)")
((use_pids)) || features+=("NO pids limit (this nsbox has no --pids)")
((use_seccomp)) || features+=("NO seccomp (this nsbox has no --seccomp)")

state=$workdir/state
mkdir -p "$state"

# ---------------------------------------------------------------- OCI bundle
# The same sandbox as nsbox's defaults: pid, network, ipc, uts and mount
# namespaces; read-only root; /proc, a tmpfs /dev with devpts and shm, tmpfs
# /tmp (noexec), read-only /sys; uid/gid 65534; no capabilities;
# no_new_privs; the masked and read-only /proc paths nsbox uses; and the
# limits and seccomp profile above when nsbox has them (nsbox's own default
# profile, translated to the OCI form, so both apply the same filter).
oci_config ()
{
  local args_json=$1 seccomp_json=null resources_json='{}'
  if ((use_seccomp)) && [ -n "$seccomp_profile" ]; then
    seccomp_json=$(jq -c '{defaultAction, defaultErrnoRet, architectures,
                          syscalls: [.syscalls[] | del(.comment)]}' "$seccomp_profile")
  fi
  if ((use_memory)); then
    # swap: memory+swap equal to the limit, i.e. none, as nsbox does
    resources_json=$(jq -c --argjson m "$memory_bytes" '. + {memory: {limit: $m, swap: $m}}' <<<"$resources_json")
  fi
  if ((use_cpus)); then
    resources_json=$(jq -c --argjson c "$cpus" '. + {cpu: {quota: ($c * 100000 | floor), period: 100000}}' \
                     <<<"$resources_json")
  fi
  if ((use_pids)); then
    resources_json=$(jq -c --argjson p "$pids_limit" '. + {pids: {limit: $p}}' <<<"$resources_json")
  fi
  jq -n --arg root "$root" --argjson args "$args_json" --argjson seccomp "$seccomp_json" \
     --argjson resources "$resources_json" '
  {
    ociVersion: "1.0.2",
    process: {
      terminal: false,
      user: {uid: 65534, gid: 65534},
      args: $args,
      env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/tmp"],
      cwd: "/",
      capabilities: {bounding: [], effective: [], inheritable: [], permitted: [], ambient: []},
      noNewPrivileges: true
    },
    root: {path: $root, readonly: true},
    hostname: "nsbox",
    mounts: [
      {destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]},
      {destination: "/dev", type: "tmpfs", source: "tmpfs",
       options: ["nosuid", "noexec", "strictatime", "mode=755", "size=65536k"]},
      {destination: "/dev/pts", type: "devpts", source: "devpts",
       options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
      {destination: "/dev/shm", type: "tmpfs", source: "shm",
       options: ["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"]},
      {destination: "/tmp", type: "tmpfs", source: "tmpfs",
       options: ["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"]},
      {destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]}
    ],
    linux: {
      namespaces: [{type: "pid"}, {type: "network"}, {type: "ipc"}, {type: "uts"}, {type: "mount"}],
      resources: $resources,
      maskedPaths: ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                    "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                    "/proc/sysrq-trigger", "/proc/interrupts", "/proc/kallsyms", "/proc/config.gz",
                    "/proc/mtrr", "/proc/kpagecount", "/proc/kpageflags", "/proc/kpagecgroup",
                    "/proc/vmallocinfo", "/proc/pagetypeinfo", "/proc/slabinfo", "/proc/buddyinfo",
                    "/proc/zoneinfo", "/sys/firmware", "/sys/devices/virtual/powercap",
                    "/sys/kernel/security"],
      readonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys"]
    }
  } | if $seccomp == null then . else .linux.seccomp = $seccomp end'
}

make_bundle ()
{
  local dir=$1 args_json=$2
  mkdir -p "$dir"
  oci_config "$args_json" >"$dir/config.json"
}
make_bundle "$workdir/bundle-true" '["/bin/true"]'

# crun 1.8 refuses hybrid cgroup hosts (v1 controllers plus an empty cgroup2
# at /sys/fs/cgroup/unified).  It runs in a private mount namespace, held
# open by a sleeping process, in which that cgroup2 mount is gone; the host's
# namespace is never touched.
crun_setup=-
if [ -n "${have[crun]:-}" ] && mountpoint -q /sys/fs/cgroup/unified 2>/dev/null; then
  unshare --mount --propagation private sh -c 'umount /sys/fs/cgroup/unified && exec sleep 2147483647' &
  holder=$!
  for _ in $(seq 100); do
    if [ "$(readlink "/proc/$holder/ns/mnt" 2>/dev/null)" != "$(readlink /proc/self/ns/mnt)" ] &&
       ! grep -q ' /sys/fs/cgroup/unified ' "/proc/$holder/mountinfo" 2>/dev/null; then
      break
    fi
    sleep 0.05
  done
  grep -q ' /sys/fs/cgroup/unified ' "/proc/$holder/mountinfo" && die "could not hide the cgroup2 mount from crun"
  crun_setup=mntns=/proc/$holder/ns/mnt
  note "crun runs in a private mount namespace without /sys/fs/cgroup/unified (hybrid host)"
fi

bwrap_args=(--unshare-all --ro-bind "$root" / --proc /proc --dev /dev --tmpfs /tmp --die-with-parent
            --new-session --cap-drop ALL --uid 65534 --gid 65534 --hostname nsbox)

# ---------------------------------------------------------------- spec lines
tab=$'\t'
spec_line ()
{
  local name=$1 setup=$2
  shift 2
  local IFS=$tab
  printf '%s\t%s\t%s\n' "$name" "$setup" "$*"
}

true_spec ()
{
  spec_line nsbox - "$nsbox" exec --rootfs "$root" "${nsbox_opts[@]}" -- /bin/true
  [ -n "$baseline" ] && spec_line "nsbox baseline" - "$baseline" exec --rootfs "$root" "${nsbox_opts[@]}" -- /bin/true
  [ -n "${have[bwrap]:-}" ] && spec_line bwrap - "${have[bwrap]}" "${bwrap_args[@]}" /bin/true
  [ -n "${have[crun]:-}" ] &&
    spec_line crun "$crun_setup" "${have[crun]}" --root "$state/crun" run --bundle "$workdir/bundle-true" nsbox-bench-crun
  [ -n "${have[runc]:-}" ] &&
    spec_line runc - "${have[runc]}" --root "$state/runc" run --bundle "$workdir/bundle-true" nsbox-bench-runc
  spec_line "empty program" - "$workdir/empty"
  return 0
}

run_bench ()
{
  local spec=$1
  local -a prefix=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp
                   ${NSBOX_SECCOMP_PROFILE_DIR:+NSBOX_SECCOMP_PROFILE_DIR=$NSBOX_SECCOMP_PROFILE_DIR}
                   ${NSBOX_SECCOMP_CACHE_DIR:+NSBOX_SECCOMP_CACHE_DIR=$NSBOX_SECCOMP_CACHE_DIR})
  [ "$priority" = fifo ] && prefix=(chrt -f 10 "${prefix[@]}")
  "${prefix[@]}" "$workdir/startbench" -n "$runs" -w "$warmup" -b "$batch" "$spec"
}

# ---------------------------------------------------------------- what ran
verify ()
{
  # What the workload of each runtime saw, so that the features claimed are
  # the features measured.
  local probe='s=/proc/self/status; echo "uid=$(id -u) $(grep -E "^(NoNewPrivs|Seccomp|CapEff):" $s | tr -s "\t" " " | tr "\n" " ")ro_root=$(touch /x 2>/dev/null && echo no || echo yes) net_ifs=$(($(wc -l </proc/net/dev)-2)) cgroup=$(grep -E ":(memory|pids|cpu[^:]*):" /proc/self/cgroup | tr "\n" " ")"'
  make_bundle "$workdir/bundle-probe" "$(jq -cn --arg p "$probe" '["/bin/sh", "-c", $p]')"
  printf '  %-6s %s\n' nsbox "$("$nsbox" exec --rootfs "$root" "${nsbox_opts[@]}" -- /bin/sh -c "$probe" 2>&1)"
  [ -n "${have[bwrap]:-}" ] && printf '  %-6s %s\n' bwrap "$("${have[bwrap]}" "${bwrap_args[@]}" /bin/sh -c "$probe" 2>&1)"
  if [ -n "${have[crun]:-}" ]; then
    local -a pre=()
    [ "$crun_setup" != - ] && pre=(nsenter --mount="${crun_setup#mntns=}")
    printf '  %-6s %s\n' crun "$("${pre[@]}" "${have[crun]}" --root "$state/crun" run --bundle "$workdir/bundle-probe" nsbox-bench-probe 2>&1)"
  fi
  [ -n "${have[runc]:-}" ] &&
    printf '  %-6s %s\n' runc "$("${have[runc]}" --root "$state/runc" run --bundle "$workdir/bundle-probe" nsbox-bench-probe 2>&1)"
  return 0
}

# ---------------------------------------------------------------- report
table ()
{
  # startbench lines -> table with ratios against the first line's median
  awk -F'\t' '
    BEGIN { printf "  %-22s %9s %9s %9s %9s %9s %8s %12s %10s\n", "command", "median", "mean", "p90", "min",
                   "stddev", "ratio", "sandboxes/s", "peak RSS" }
    { if (NR == 1) b = $3
      printf "  %-22s %7.2fms %7.2fms %7.2fms %7.2fms %7.2fms %7.1fx %12.0f %7.1f MB\n", $1, $3, $4, $5, $6, $8,
             $3 / b, $9, $10 / 1024 }'
}

echo "nsbox start-up benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  machine: $(nproc) CPUs, $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'),"\
     "load $(cut -d' ' -f1-3 /proc/loadavg), scheduling: $([ "$priority" = fifo ] && echo "SCHED_FIFO" || echo "normal")"
for b in "$nsbox" $baseline; do
  echo "  nsbox:   $b ($("$b" --version 2>/dev/null | head -1 || echo unknown), $(file -b "$b" | grep -o 'static-pie linked\|statically linked\|dynamically linked' || echo '?'))"
done
for rt in crun runc bwrap; do
  [ -n "${have[$rt]:-}" ] && echo "  $rt:$(printf '%*s' $((7 - ${#rt})) '') $("${have[$rt]}" --version 2>&1 | head -1)"
done
echo "  runs: $runs timed after $warmup warm-up runs per command, interleaved in batches of $batch"
echo
echo "Isolation, all runtimes: pid, net, ipc, uts and mount namespaces, read-only root, /proc, /dev, tmpfs /tmp,"
echo "uid 65534, no capabilities. Switched on as this nsbox supports them:"
for f in "${features[@]}"; do echo "  - $f"; done
echo "Per runtime: nsbox and crun/runc get the above (crun/runc from config.json, their cgroup made by the"
echo "runtime itself, seccomp from the same profile translated to OCI); bwrap has no cgroup and no seccomp"
echo "(it takes only a compiled filter), mounts no /sys and adds a user and cgroup namespace (--unshare-all)."
echo
echo "What each workload saw:"
verify
echo

spec=$workdir/true.spec
true_spec >"$spec"
echo "/bin/true on the busybox root:"
run_bench "$spec" >"$workdir/true.tsv"
table <"$workdir/true.tsv"

if ((do_python)); then
  pyspec=$workdir/python.spec
  {
    spec_line "nsbox python3" - "$nsbox" exec --rootfs "$python_root" "${nsbox_opts[@]}" -- /usr/bin/python3 -c pass
    spec_line "chroot python3" "chroot=$python_root" /usr/bin/python3 -c pass
    [ -x /usr/bin/python3 ] && spec_line "host python3" - /usr/bin/python3 -c pass
  } >"$pyspec"
  echo
  echo "python3 -c pass ($(chroot "$python_root" /usr/bin/python3 --version 2>&1) from $python_root; \"chroot\" runs the"
  echo "same binary natively, only chrooted; \"host\" is the host's /usr/bin/python3, for orientation):"
  run_bench "$pyspec" >"$workdir/python.tsv"
  table <"$workdir/python.tsv"
fi

# ---------------------------------------------------------------- targets
echo
echo "Targets (issue 4):"
awk -F'\t' '
  $1 == "nsbox" { m = $3; ps = $9; rss = $10 }
  $1 == "bwrap" { bw = $3 }
  $1 == "crun"  { cr = $3 }
  function verdict(ok) { return ok ? "met" : "MISSED" }
  END {
    printf "  nsbox median %.2f ms <= 2.5 ms: %s\n", m, verdict(m <= 2.5)
    printf "  %.0f sandboxes/s >= 330: %s\n", ps, verdict(ps >= 330)
    printf "  peak RSS %.2f MB <= 2 MB: %s (largest process of the tree; an upper bound on the launcher)\n",
           rss / 1024, verdict(rss <= 2048)
    if (bw) printf "  no slower than bwrap (%.2f ms): %s\n", bw, verdict(m <= bw)
    if (cr) printf "  >= 10x faster than crun (%.1fx): %s\n", cr / m, verdict(cr >= 10 * m)
  }' "$workdir/true.tsv"
if ((do_python)); then
  awk -F'\t' '
    $1 == "nsbox python3" { n = $3 } $1 == "chroot python3" { c = $3 }
    END { printf "  python3 -c pass %.2f ms over native (<= 1.5 ms): %s\n", n - c, (n - c <= 1.5) ? "met" : "MISSED" }' \
    "$workdir/python.tsv"
fi
