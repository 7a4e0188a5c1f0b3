#!/bin/bash
# check-cli-api.sh SRCDIR LANG_ARCHIVE EXPORT_LIST CLI_OBJECT...
#
# The CLI (src/nsbox/) uses libnsbox only through its public header nsbox.h,
# and the language product through lang/'s own headers (DESIGN.md), checked
# twice:
#  1. by the source: src/nsbox/*.[ch] include no header of the library but
#     nsbox.h, lang/*.h and base/cleanup.h (static inline owners only: no
#     symbol, so no way into the library);
#  2. by the linker: every nsbox_* symbol the CLI's objects need is in the
#     export list (libnsbox.sym), defined by libnsbox-lang, or the CLI's own.
set -euo pipefail
srcdir=$1 lang=$2 exports=$3
shift 3
status=0

for f in "$srcdir"/src/nsbox/*.[ch]; do
    while IFS= read -r inc; do
        case $inc in
            nsbox.h | lang/*.h | base/cleanup.h) continue ;;
            src/nsbox/git-commit.h) continue ;; # the CLI's own, generated in the build tree
        esac
        [ -e "$srcdir/src/nsbox/$inc" ] && continue
        echo "check-cli-api: ${f#"$srcdir"/} includes \"$inc\": the CLI uses the library through nsbox.h (and lang/)" >&2
        status=1
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
done

allowed=$(mktemp)
trap 'rm -f "$allowed"' EXIT
{
    sed -n 's/^[[:space:]]*\(nsbox_[a-z0-9_]*\);.*/\1/p' "$exports"
    nm --defined-only "$lang" "$@" | awk 'NF == 3 && $2 ~ /^[TDBR]$/ { print $3 }'
} | sort -u >"$allowed"
for sym in $(nm -u "$@" | awk '$1 == "U" && $2 ~ /^nsbox_/ { print $2 }' | sort -u); do
    if ! grep -qx "$sym" "$allowed"; then
        echo "check-cli-api: the CLI calls $sym, which nsbox.h does not export" >&2
        status=1
    fi
done
[ "$status" = 0 ] && echo "check-cli-api: the CLI uses nsbox.h and lang/ only"
exit "$status"
