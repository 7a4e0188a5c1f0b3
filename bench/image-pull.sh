#!/bin/sh
# image-pull.sh - `nsbox pull` against `skopeo copy` + `umoci unpack`, from a local registry.
#
# Usage (as root): bench/image-pull.sh [RUNS]
# Environment: NSBOX_IMAGE_BIN (default: src/nsbox-image/nsbox-image of the build tree).
#
# Starts docker-registry on 127.0.0.1 (plain HTTP) in a temp dir, pushes an image of
# four gzip layers built from host directories (busybox, python3 stdlib, perl), then
# times, RUNS times each (median printed), with an empty store / destination each run:
#   nsbox    nsbox-image pull --tls-verify=false          (fetch, verify, unpack, record)
#   skopeo   skopeo copy docker://... oci:DIR + umoci unpack --image DIR BUNDLE
# and a warm `nsbox pull` of the same image (everything already stored).
set -eu

runs=${1:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${NSBOX_IMAGE_BIN:-$here/src/nsbox-image/nsbox-image}
[ "$(id -u)" = 0 ] || { echo "image-pull.sh: run as root (umoci unpack, layer ownership)" >&2; exit 1; }
for tool in docker-registry skopeo umoci python3; do
  command -v $tool >/dev/null || { echo "image-pull.sh: $tool not found" >&2; exit 1; }
done
[ -x "$bin" ] || { echo "image-pull.sh: $bin not built" >&2; exit 1; }

work=$(mktemp -d /tmp/nsbox-bench-pull.XXXXXX)
registry_pid=
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/data"
cat >"$work/config.yml" <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/data
http:
  addr: 127.0.0.1:$port
  secret: bench
YML
docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break
  sleep 0.1
done

# One image, four layers, as an OCI layout.
python3 - "$work/oci" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
out = sys.argv[1]
os.makedirs(out + "/blobs/sha256")
def blob(data):
    d = hashlib.sha256(data).hexdigest()
    open(out + "/blobs/sha256/" + d, "wb").write(data)
    return {"digest": "sha256:" + d, "size": len(data)}
layers, diffs = [], []
for src in ["/bin/busybox", "/usr/lib/python3.11", "/usr/share/perl", "/usr/lib/x86_64-linux-gnu/perl"]:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as t:
        t.add(src, arcname=src.lstrip("/"))
    diffs.append("sha256:" + hashlib.sha256(raw.getvalue()).hexdigest())
    layers.append(dict(blob(gzip.compress(raw.getvalue(), 6, mtime=0)),
                       mediaType="application/vnd.oci.image.layer.v1.tar+gzip"))
config = dict(blob(json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/busybox", "sh"]},
                               "rootfs": {"type": "layers", "diff_ids": diffs}}).encode()),
              mediaType="application/vnd.oci.image.config.v1+json")
manifest = dict(blob(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                                 "config": config, "layers": layers}).encode()),
                mediaType="application/vnd.oci.image.manifest.v1+json",
                annotations={"org.opencontainers.image.ref.name": "1"})
json.dump({"schemaVersion": 2, "manifests": [manifest]}, open(out + "/index.json", "w"))
json.dump({"imageLayoutVersion": "1.0.0"}, open(out + "/oci-layout", "w"))
PY
skopeo copy -q --dest-tls-verify=false "oci:$work/oci:1" "docker://127.0.0.1:$port/bench/image:1"
size=$(du -sm "$work/oci/blobs" | cut -f1)

now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for i in $(seq "$runs"); do
  rm -rf "$work/store"
  t0=$(now)
  "$bin" --store "$work/store" pull --quiet --tls-verify=false "127.0.0.1:$port/bench/image:1" >/dev/null
  t1=$(now)
  "$bin" --store "$work/store" pull --quiet --tls-verify=false "127.0.0.1:$port/bench/image:1" >/dev/null
  t2=$(now)
  awk "BEGIN { print $t1 - $t0 }" >>"$work/nsbox.times"
  awk "BEGIN { print $t2 - $t1 }" >>"$work/warm.times"

  rm -rf "$work/dest" "$work/bundle"
  t0=$(now)
  skopeo copy -q --src-tls-verify=false "docker://127.0.0.1:$port/bench/image:1" "oci:$work/dest:1"
  umoci unpack --image "$work/dest:1" "$work/bundle" >/dev/null
  t1=$(now)
  awk "BEGIN { print $t1 - $t0 }" >>"$work/skopeo.times"
done

nsbox=$(median <"$work/nsbox.times")
warm=$(median <"$work/warm.times")
skopeo=$(median <"$work/skopeo.times")
printf 'image: 4 gzip layers, %s MiB compressed; %s runs, median seconds\n' "$size" "$runs"
printf '%-44s %8.3f\n' "nsbox pull (cold store)" "$nsbox"
printf '%-44s %8.3f\n' "skopeo copy + umoci unpack" "$skopeo"
printf '%-44s %8.3f\n' "nsbox pull (everything stored)" "$warm"
awk "BEGIN { printf \"ratio skopeo+umoci / nsbox: %.2f\\n\", $skopeo / $nsbox }"
