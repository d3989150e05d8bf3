#!/usr/bin/env bash
# The README's demo (`make demo`): php-fpm with 4 workers behind nginx serves a
# hit counter kept in ephpm_kv; the responses show one counter and several
# worker pids. Needs `make build` first. DEMO_KEEP=1 keeps the stack running.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
exec go run ./tests/demo
