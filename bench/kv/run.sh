#!/bin/sh
# ephpm_kv vs APCu micro-benchmark (issue 2). Prints a table; always informational.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
modules=${EPHPM_KV_MODULES:-$repo/build/modules}

# Without the module the APCu and PHP-array figures still print, ephpm columns say n/a.
# Load copies: a rebuild rewriting build/modules in place mid-run would crash this process.
if [ -f "$modules/ephpm_kv.so" ]; then
    snapshot=$(mktemp -d /tmp/ephpm-bench-kv-XXXXXX)
    trap 'rm -rf "$snapshot"' EXIT
    cp "$modules/ephpm_kv.so" "$modules/ephpm_kv_go.so" "$snapshot/"
    load="-d extension=$snapshot/ephpm_kv.so -d ephpm_kv.library=$snapshot/ephpm_kv_go.so"
else
    echo "note: $modules/ephpm_kv.so not found; measuring APCu only" >&2
    load=
fi

# Both scripts: APCu and (when built) ephpm_kv, no php.ini; "$@" sizes the stores.
bench_php() {
    # shellcheck disable=SC2086 # $load is a list of arguments
    php -n -d extension=apcu.so -d apc.enable_cli=1 -d apc.ttl=0 -d apc.serializer=php \
        -d memory_limit=-1 -d max_execution_time=0 $load "$@"
}

# apc.entries_hint sized for 1 M keys so APCu's hash chains stay short (fair comparison).
bench_php -d apc.shm_size=1G -d apc.entries_hint=2097152 \
    -d ephpm_kv.size=512M -d ephpm_kv.eviction_policy=noeviction "$here/kv_bench.php"
echo
# A store at capacity, as a cache (or a session store) runs: both 64 MB.
bench_php -d apc.shm_size=64M \
    -d ephpm_kv.size=64M -d ephpm_kv.eviction_policy=allkeys-lru "$here/full_store.php"
echo
# session_gc() over 100 k / 1 M sessions, ephpm vs files on tmpfs.
bench_php -d ephpm_kv.size=512M -d ephpm_kv.eviction_policy=noeviction "$here/session_gc.php"
echo
# A script calling the store now and then, not back to back: Go's scheduler bookkeeping.
bench_php "$here/spaced_calls.php"
