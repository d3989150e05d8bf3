#!/bin/sh
# Runs both benchmarks (see bench/README.md). Informational: timings never fail the run;
# a non-zero exit means a benchmark could not run at all.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
go=$(command -v go || echo /usr/local/go/bin/go)

echo "== bench/kv: ephpm_kv_* vs APCu (php CLI) =="
"$here/kv/run.sh"
echo
echo "== bench/session: session save handlers under php-fpm + nginx + wrk =="
cd "$repo" && "$go" run ./bench/session "$@"
