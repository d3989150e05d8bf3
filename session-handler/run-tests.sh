#!/usr/bin/env bash
# Runs the package's PHPUnit suites (Debian's phpunit; no Composer install needed):
#   1. "in-memory": plain PHP, no extension (InMemoryKvOps, the no-extension errors, examples without the store)
#   2. "sapi": the same contract and handler tests against the real ephpm_kv extension, plus ePHPm's README
#      examples served by `php -S` workers and the locking test under concurrency.
# EPHPM_KV_MODULES: directory holding ephpm_kv.so and ephpm_kv_go.so (default: <repo>/build/modules).
# Extra arguments go to both phpunit runs (e.g. --filter Locking).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
modules="${EPHPM_KV_MODULES:-$repo/build/modules}"
php="${PHP:-php}"
phpunit="$(command -v phpunit || true)"

if [ -z "$phpunit" ]; then
    echo "run-tests.sh: phpunit not found: apt-get install phpunit" >&2
    exit 1
fi
for module in ephpm_kv.so ephpm_kv_go.so; do
    if [ ! -f "$modules/$module" ]; then
        echo "run-tests.sh: $modules/$module is missing: run make build first (or set EPHPM_KV_MODULES)" >&2
        exit 1
    fi
done
export EPHPM_KV_MODULES="$modules"

cd "$here"
echo "== session-handler: in-memory suite (no extension)"
"$php" "$phpunit" --configuration phpunit.xml.dist --testsuite in-memory "$@"

echo "== session-handler: sapi suite (ephpm_kv from $modules)"
"$php" -d "extension=$modules/ephpm_kv.so" -d "ephpm_kv.library=$modules/ephpm_kv_go.so" \
    "$phpunit" --configuration phpunit.xml.dist --testsuite sapi "$@"
