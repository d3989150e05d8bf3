<?php
/*
 * Writes into a FULL store: what a cache (or a session store) at capacity pays for every
 * new key, against the same writes into a store with room. Started by bench/kv/run.sh
 * with a 64 MB ephpm_kv store under allkeys-lru and a 64 MB APCu (apc.ttl=0: APCu empties
 * its whole cache when it runs out of memory). Prints numbers measured in this run only.
 */
declare(strict_types=1);

require __DIR__ . '/common.php';

const VALUE_BYTES = 100;
const OPS_PER_ROUND = 100_000;
const ROUNDS = 5;
// Making room touches the least recently used entry and a few index slots, cold memory by
// definition: some cost is inherent, a cost that grows with the number of entries is not.
const TARGET_FULL_VS_ROOM = 3.0;
const LARGE_VALUES = [10_000, 100_000];

$haveEphpm = function_exists('ephpm_kv_set');
mt_srand(20261130);
$value = substr(str_repeat(sprintf('%08x', mt_rand()), 13), 0, VALUE_BYTES);

/** Keys never written before: "<prefix><round>:<i>". */
function fresh_keys(string $prefix, int $round): array
{
    $keys = [];
    for ($i = 0; $i < OPS_PER_ROUND; $i++) {
        $keys[] = sprintf('%s%04d:%08x', $prefix, $round, $i);
    }
    return $keys;
}

function ephpm_sets(array $keys, string $value, int $ttl): float
{
    $t = hrtime(true);
    foreach ($keys as $k) { ephpm_kv_set($k, $value, $ttl); }
    return (hrtime(true) - $t) / count($keys);
}

function apcu_stores(array $keys, string $value, int $ttl): float
{
    $t = hrtime(true);
    foreach ($keys as $k) { apcu_store($k, $value, $ttl); }
    return (hrtime(true) - $t) / count($keys);
}

function apcu_expunges(): int
{
    return (int)(apcu_cache_info(true)['expunges'] ?? 0);
}

function ephpm_entries(): int
{
    return (int)ephpm_kv_info()['entries'];
}

function apcu_entries(): int
{
    return (int)apcu_cache_info(true)['num_entries'];
}

function ephpm_removals(): int
{
    $info = ephpm_kv_info();
    return (int)$info['evictions'] + (int)$info['expirations'];
}

/**
 * Median ns per write of ROUNDS rounds of fresh keys: $room after emptying the store
 * before each round, $full once the store has had to make room.
 *
 * @return array{room: float, full: float, entries: int}
 */
function measure_store(string $name, callable $write, callable $empty, callable $removed, callable $entries): array
{
    $room = [];
    $full = [];
    for ($r = 0; $r < ROUNDS; $r++) {
        $empty();
        $room[] = $write(fresh_keys("$name:room:", $r));
    }
    $empty();
    for ($fill = 0; $removed() === 0; $fill++) {
        $write(fresh_keys("$name:fill:", $fill));
    }
    for ($r = 0; $r < ROUNDS; $r++) {
        $full[] = $write(fresh_keys("$name:full:", $r));
    }
    return ['room' => median($room), 'full' => median($full), 'entries' => $entries()];
}

$results = [];
foreach ([['no TTL', 0], ['TTL 1 h, like sessions', 3600]] as [$label, $ttl]) {
    if ($haveEphpm) {
        $baseRemoved = 0;
        $results[$label]['ephpm_kv'] = measure_store('e', fn(array $k) => ephpm_sets($k, $value, $ttl),
            function () use (&$baseRemoved) { ephpm_kv_flush_all(); $baseRemoved = ephpm_removals(); },
            function () use (&$baseRemoved) { return ephpm_removals() - $baseRemoved; },
            'ephpm_entries');
    }
    $baseExpunges = 0;
    $results[$label]['APCu'] = measure_store('a', fn(array $k) => apcu_stores($k, $value, $ttl),
        function () use (&$baseExpunges) { apcu_clear_cache(); $baseExpunges = apcu_expunges(); },
        function () use (&$baseExpunges) { return apcu_expunges() - $baseExpunges; },
        'apcu_entries');
}

/*
 * One large value into a full store of small values of mixed sizes written over random keys,
 * so that the least recently used entries lie all over the memory: how many entries go.
 */
function scramble(callable $set): void
{
    mt_srand(7);
    for ($i = 0; $i < 1_500_000; $i++) {
        $set('m' . mt_rand(0, 599_999), str_repeat('v', mt_rand(50, 300)));
    }
}
/**
 * Fills the store with scramble(), then writes one value of each size of LARGE_VALUES: for
 * each, [µs, entries the write removed, entries held before]. Also returns the seconds the
 * fill took.
 *
 * @return array{0: float, 1: array<int, array{float, int, int}>}
 */
function large_values(callable $empty, callable $set, callable $entries): array
{
    $empty();
    $t = hrtime(true);
    scramble($set);
    $fillSeconds = (hrtime(true) - $t) / 1e9;
    $byBytes = [];
    foreach (LARGE_VALUES as $bytes) {
        $held = $entries();
        $t = hrtime(true);
        $set("large$bytes", str_repeat('L', $bytes));
        $us = (hrtime(true) - $t) / 1000;
        $byBytes[$bytes] = [$us, max(0, $held + 1 - $entries()), $held];
    }
    return [$fillSeconds, $byBytes];
}
$large = [];
$fillSeconds = [];
if ($haveEphpm) {
    [$fillSeconds['ephpm_kv'], $large['ephpm_kv']] = large_values('ephpm_kv_flush_all',
        fn($k, $v) => ephpm_kv_set($k, $v), 'ephpm_entries');
}
$expunges = 0;
[$fillSeconds['APCu'], $large['APCu']] = large_values(
    function () use (&$expunges) { apcu_clear_cache(); $expunges = apcu_expunges(); },
    fn($k, $v) => apcu_store($k, $v), 'apcu_entries');
$apcuWipes = apcu_expunges() - $expunges;

printf("writes of new keys into a full store  (PHP %s, APCu %s, ephpm_kv %s)\n",
    PHP_VERSION, phpversion('apcu'), $haveEphpm ? (phpversion('ephpm_kv') ?: 'loaded') : 'NOT LOADED');
printf("%d-byte values, %s store each; ns/write = median of %d rounds of %d new keys;\n",
    VALUE_BYTES, ini_get('apc.shm_size'), ROUNDS, OPS_PER_ROUND);
echo "\"with room\" = the same writes into the emptied store. ephpm_kv evicts per\n";
echo "eviction_policy (allkeys-lru); APCu (apc.ttl=0) empties its whole cache when full.\n\n";
printf("%-24s %-9s %14s %14s %10s %12s\n", 'values', 'store', 'with room ns', 'full ns', 'full/room', 'entries held');
foreach ($results as $label => $stores) {
    foreach ($stores as $store => $m) {
        printf("%-24s %-9s %14.1f %14.1f %10.2f %12d\n", $label, $store, $m['room'], $m['full'],
            $m['full'] / $m['room'], $m['entries']);
    }
}
echo "\none large value into a full store of 50-300-byte values over random keys\n";
echo "(filled by 1.5 M writes over 600 k keys; then the 10 KB value is written, then the 100 KB one):\n";
printf("%-10s %-9s %12s %16s %14s\n", 'value', 'store', 'us', 'entries removed', 'entries held');
foreach (LARGE_VALUES as $bytes) {
    foreach ($large as $store => $byBytes) {
        [$us, $removed, $held] = $byBytes[$bytes];
        printf("%-10s %-9s %12.1f %16d %14d\n", sprintf('%d KB', $bytes / 1000), $store, $us, $removed, $held);
    }
}
foreach ($fillSeconds as $store => $seconds) {
    printf("filling took %-9s %6.1f s (%.2f us a write)\n", "$store:", $seconds, $seconds * 1e6 / 1_500_000);
}
printf("(APCu emptied its whole cache %d times while it was filled: what it holds is what came after)\n",
    $apcuWipes);
echo "\ntargets (information only):\n";
foreach ($results as $label => $stores) {
    if (!isset($stores['ephpm_kv'])) {
        printf("  n/a  ephpm_kv write into a full store, %s (not loaded)\n", $label);
        continue;
    }
    $m = $stores['ephpm_kv'];
    $ratio = $m['full'] / $m['room'];
    printf("  %-4s ephpm_kv write into a full store / with room, %s: %.2fx (target <= %.2fx)\n",
        $ratio <= TARGET_FULL_VS_ROOM ? 'PASS' : 'MISS', $label, $ratio, TARGET_FULL_VS_ROOM);
}
