#!/bin/bash
# check-install.sh BUILDDIR BUSYBOX_ROOT
#
# The installed libnsbox, as another program sees it: configure the
# distribution's files (make distdir) with --enable-libnsbox in a scratch
# directory, `make install` it into a
# prefix there, check that libnsbox.so exports exactly the functions nsbox.h
# declares (all nsbox_*), build tests/libnsbox/example.c through
# `pkg-config --cflags --libs libnsbox` and run its sandboxes on the busybox
# root (as root).  Run by `make check` as root, or `make check-libnsbox`.
set -euo pipefail
builddir=$1
busybox=$2
scratch=$(mktemp -d /tmp/nsbox-libnsbox.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix

fail() {
    echo "check-libnsbox: $*" >&2
    exit 1
}

# A build of our own: not the caller's make's jobs, nor its tree (which may
# be configured in place, and a configured source tree builds nowhere else).
unset MAKEFLAGS MFLAGS
make -s -C "$builddir" distdir distdir="$scratch/src" >/dev/null || fail "make distdir failed"
srcdir=$scratch/src
mkdir "$scratch/build"
(cd "$scratch/build" && "$srcdir/configure" --quiet --enable-libnsbox --enable-werror --prefix="$prefix" >/dev/null &&
    make -s -j"$(nproc)" install >/dev/null) || fail "configure --enable-libnsbox && make install failed"

lib=$prefix/lib/libnsbox.so
header=$prefix/include/nsbox/nsbox.h
for f in "$lib" "$header" "$prefix/lib/pkgconfig/libnsbox.pc"; do
    [ -e "$f" ] || fail "$f was not installed"
done
# A shared object with a soname that carries the ABI version.
readelf -d "$lib" | grep -q 'SONAME.*libnsbox\.so\.0' || fail "libnsbox.so has no versioned soname"

# Exactly the header's functions, every one of them nsbox_*.
nm -D --defined-only "$lib" | awk '{ print $NF }' | sort >"$scratch/exported"
sed -n 's/^NSBOX_PUBLIC [^(]*[ *]\(nsbox_[a-z0-9_]*\) (.*/\1/p' "$header" | sort >"$scratch/declared"
if grep -qv '^nsbox_' "$scratch/exported"; then
    fail "libnsbox.so exports more than nsbox_*: $(grep -v '^nsbox_' "$scratch/exported" | tr '\n' ' ')"
fi
diff -u "$scratch/declared" "$scratch/exported" >"$scratch/diff" ||
    fail "the exports of libnsbox.so (+) differ from nsbox.h's functions (-):
$(cat "$scratch/diff")"
echo "check-libnsbox: libnsbox.so exports the $(wc -l <"$scratch/exported") functions of nsbox.h and nothing else"

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2046 # pkg-config's words are meant to split
cc -std=c11 -Wall -Wextra -Werror $(pkg-config --cflags libnsbox) "$srcdir/tests/libnsbox/example.c" \
    -o "$scratch/example" $(pkg-config --libs libnsbox) || fail "example.c does not build against the installed header"

mkdir "$scratch/state" "$scratch/cache"
LD_LIBRARY_PATH=$prefix/lib "$scratch/example" "$busybox" "$scratch/state" "$scratch/cache" >"$scratch/out" ||
    fail "example failed: $(cat "$scratch/out")"
expect_line() {
    grep -qF -- "$1" "$scratch/out" || fail "example: no \`$1\` in:
$(cat "$scratch/out")"
}
expect_line "keys known: yes"
expect_line "keys: 5 exited hello from keys"
expect_line "json: 0 {\"status\": \"exited\", \"exit_code\": 0,"
expect_line "\"stdout\": \"hello from json\n65534\n\""
expect_line "list: 0 gc: 0"
# The sandboxes left nothing in their state root but its shared mount points.
left=$(find "$scratch/state" -mindepth 1 -not -name .root -not -name .upper)
[ -z "$left" ] || fail "left in the state root: $left"
echo "check-libnsbox: a program built with pkg-config ran two sandboxes through the installed libnsbox"
