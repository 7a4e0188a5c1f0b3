#!/bin/sh
# Shell features under the default seccomp profile: pipes, subshells, job
# control-less background jobs, here-documents, traps.
set -e
n=$(seq 1 100 | sort -rn | head -n 1)
[ "$n" = 100 ]
( sleep 0.1; echo sub ) > /tmp/shell-sub &
wait
[ "$(cat /tmp/shell-sub)" = sub ]
trap 'echo trapped > /tmp/shell-trap' USR1
kill -USR1 $$
[ "$(cat /tmp/shell-trap)" = trapped ]
cat <<END | tr a-z A-Z > /tmp/shell-heredoc
here
END
[ "$(cat /tmp/shell-heredoc)" = HERE ]
rm -f /tmp/shell-sub /tmp/shell-trap /tmp/shell-heredoc
echo "OK shell"
