#!/bin/sh
# Import a python image: `nsbox image import` against `skopeo copy` + `umoci unpack`.
#
# usage: bench/image-import.sh [RUNS]     (default 5; run as root from a built tree)
# needs: python3, skopeo, umoci (apt-get install skopeo umoci)
#
# The image is the host's own python3 (interpreter, shared libraries, standard library:
# thousands of files) as a one-layer gzip OCI layout, built here so the bench needs no registry.
# Each run starts from an empty store / empty destination, so every tool verifies, stores
# and unpacks everything.
set -eu
runs=${1:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
nsbox_image=${NSBOX_IMAGE_BIN:-$top/src/nsbox-image/nsbox-image}
for tool in python3 skopeo umoci; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
[ -x "$nsbox_image" ] || { echo "bench: build first ($nsbox_image missing)" >&2; exit 2; }

work=$(mktemp -d /var/tmp/nsbox-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

# The python tree: the interpreter, its libraries and the standard library.
# The distribution's interpreter (not a pyenv/venv shim that may come first in PATH).
py=$(readlink -f "${PYTHON:-/usr/bin/python3}")
ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
mkdir -p "$work/root/usr/bin" "$work/root/usr/lib"
cp -a "$py" "$work/root/usr/bin/"
cp -a "/usr/lib/python$ver" "$work/root/usr/lib/"
for lib in $(ldd "$py" 2>/dev/null | awk '/=>/ { print $3 } /^\t\// { print $1 }'); do
  mkdir -p "$work/root$(dirname "$lib")"
  cp -L "$lib" "$work/root$lib"
done
python3 "$top/tests/image/mkimage.py" oci "$work/layout" --layer "dir:$work/root" --tag py --compress gzip
files=$(find "$work/root" | wc -l)
size=$(du -sh "$work/layout/blobs" | cut -f1)
echo "image: python $ver, $files files, $size compressed; $runs runs each"

now() { date +%s.%N; }
measure() { # name command...
  name=$1; shift
  total=0; best=
  i=0
  while [ "$i" -lt "$runs" ]; do
    rm -rf "$work/store" "$work/umoci" "$work/bundle"
    sync
    t0=$(now); "$@" >/dev/null; t1=$(now)
    t=$(echo "$t1 - $t0" | bc)
    total=$(echo "$total + $t" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    i=$((i + 1))
  done
  printf '%-28s best %6.3f s   mean %6.3f s\n' "$name" "$best" "$(echo "$total / $runs" | bc -l)"
}

nsbox_import() { "$nsbox_image" --store "$work/store" image import "oci:$work/layout:py" --name py; }
skopeo_umoci() {
  skopeo copy --quiet "oci:$work/layout:py" "oci:$work/umoci:py" &&
    umoci unpack --image "$work/umoci:py" "$work/bundle"
}

measure "nsbox image import" nsbox_import
measure "skopeo copy + umoci unpack" skopeo_umoci
