<?php
/*
 * ephpm_kv vs APCu micro-benchmark (issue 2). Prints numbers and ratios measured in
 * this run; targets are reported as PASS/MISS for information and never fail the run.
 * Started by bench/kv/run.sh, which supplies the ini settings.
 */
declare(strict_types=1);

require __DIR__ . '/common.php';

const VALUE_BYTES = 100;
const SMALL_KEYS = 1 << 10;       // "1 k keys"
const LARGE_KEYS = 1 << 20;       // "1 M keys"
const OPS_PER_ROUND = 200_000;
const ROUNDS = 7;
const LARGE_ROUNDS = 5;

const TARGET_VS_APCU = 1.3;
const TARGET_SCALING = 1.2;
const TARGET_OVERHEAD_BYTES = 64;

$haveEphpm = function_exists('ephpm_kv_get');
if (!function_exists('apcu_fetch') || !apcu_enabled()) {
    fwrite(STDERR, "APCu is not available/enabled (needs apc.enable_cli=1)\n");
    exit(1);
}

mt_srand(20240611);

/** Deterministic, random-looking keys of similar length ("kv:" + 16 hex + ":" + n). */
function make_keys(string $prefix, int $count): array
{
    $keys = [];
    for ($i = 0; $i < $count; $i++) {
        $keys[] = sprintf('%s%08x%08x:%d', $prefix, mt_rand(), mt_rand(), $i);
    }
    return $keys;
}

function make_value(): string
{
    $v = '';
    while (strlen($v) < VALUE_BYTES) {
        $v .= sprintf('%08x', mt_rand());
    }
    return substr($v, 0, VALUE_BYTES);
}

/*
 * Each loop is written out (no callbacks) so that the only difference from the empty
 * loop is the call being measured. Every loop reads the key from the same array with
 * the same index arithmetic; the empty loop's time is subtracted.
 */
function loop_empty(array $keys, int $n): int
{
    $mask = count($keys) - 1;
    $t = hrtime(true);
    for ($i = 0; $i < $n; $i++) { $k = $keys[$i & $mask]; }
    return hrtime(true) - $t;
}
function loop_array_read(array $keys, int $n, array $table): int
{
    $mask = count($keys) - 1;
    $t = hrtime(true);
    for ($i = 0; $i < $n; $i++) { $v = $table[$keys[$i & $mask]]; }
    return hrtime(true) - $t;
}
function loop_ephpm_get(array $keys, int $n): int
{
    $mask = count($keys) - 1;
    $t = hrtime(true);
    for ($i = 0; $i < $n; $i++) { $v = ephpm_kv_get($keys[$i & $mask]); }
    return hrtime(true) - $t;
}
function loop_apcu_fetch(array $keys, int $n): int
{
    $mask = count($keys) - 1;
    $t = hrtime(true);
    for ($i = 0; $i < $n; $i++) { $v = apcu_fetch($keys[$i & $mask]); }
    return hrtime(true) - $t;
}
function loop_ephpm_set(array $keys, int $n, string $value): int
{
    $mask = count($keys) - 1;
    $t = hrtime(true);
    for ($i = 0; $i < $n; $i++) { $v = ephpm_kv_set($keys[$i & $mask], $value); }
    return hrtime(true) - $t;
}
function loop_apcu_store(array $keys, int $n, string $value): int
{
    $mask = count($keys) - 1;
    $t = hrtime(true);
    for ($i = 0; $i < $n; $i++) { $v = apcu_store($keys[$i & $mask], $value); }
    return hrtime(true) - $t;
}
function loop_ephpm_incr(array $keys, int $n): int
{
    $mask = count($keys) - 1;
    $t = hrtime(true);
    for ($i = 0; $i < $n; $i++) { $v = ephpm_kv_incr($keys[$i & $mask]); }
    return hrtime(true) - $t;
}
function loop_apcu_inc(array $keys, int $n): int
{
    $mask = count($keys) - 1;
    $t = hrtime(true);
    for ($i = 0; $i < $n; $i++) { $v = apcu_inc($keys[$i & $mask]); }
    return hrtime(true) - $t;
}

/**
 * Runs the named loops round-robin (so drift hits all alike), one warm-up round first,
 * and returns the median ns/op of each with the median empty-loop ns/op subtracted.
 *
 * @param array<string, callable(int): int> $loops  name => fn(int $n): elapsed ns
 * @return array<string, float> name => ns/op; '_empty' => raw empty-loop ns/op
 */
function measure(array $loops, callable $empty, int $n, int $rounds): array
{
    $samples = ['_empty' => []];
    foreach ($loops as $name => $_) {
        $samples[$name] = [];
    }
    for ($r = -1; $r < $rounds; $r++) {
        $e = $empty($n) / $n;
        if ($r >= 0) { $samples['_empty'][] = $e; }
        foreach ($loops as $name => $loop) {
            $ns = $loop($n) / $n;
            if ($r >= 0) { $samples[$name][] = $ns; }
        }
    }
    $emptyNs = median($samples['_empty']);
    $result = ['_empty' => $emptyNs];
    foreach ($loops as $name => $_) {
        $result[$name] = max(0.0, median($samples[$name]) - $emptyNs);
    }
    return $result;
}

function verdict(bool $ok): string { return $ok ? 'PASS' : 'MISS'; }
function fmt_ns(?float $ns): string { return $ns === null ? 'n/a' : sprintf('%.1f', $ns); }
function fmt_ratio(?float $a, ?float $b): string
{
    return ($a === null || $b === null || $b <= 0) ? 'n/a' : sprintf('%.2f', $a / $b);
}

function apcu_used_bytes(): int
{
    $sma = apcu_sma_info(true);
    return (int)($sma['num_seg'] * $sma['seg_size'] - $sma['avail_mem']);
}

function fill(array $keys, string $value, bool $ephpm): void
{
    foreach ($keys as $k) {
        $ok = $ephpm ? ephpm_kv_set($k, $value) : apcu_store($k, $value);
        if (!$ok) {
            fwrite(STDERR, sprintf("%s store failed while filling (%s): raise its size\n",
                $ephpm ? 'ephpm_kv' : 'APCu', $k));
            exit(1);
        }
    }
}

// ---------------------------------------------------------------- phase 1: 1 k keys
$value = make_value();
$smallKeys = make_keys('kv:', SMALL_KEYS);
$counterKeys = make_keys('ctr:', SMALL_KEYS);
$table = array_fill_keys($smallKeys, $value);

apcu_clear_cache();
fill($smallKeys, $value, false);
foreach ($counterKeys as $k) { apcu_store($k, 0); }
if ($haveEphpm) {
    ephpm_kv_flush_all();
    fill($smallKeys, $value, true);
    foreach ($counterKeys as $k) { ephpm_kv_set($k, '0'); }
}

$n = OPS_PER_ROUND;
$loops = [
    'array_read'  => fn(int $n) => loop_array_read($smallKeys, $n, $table),
    'apcu_fetch'  => fn(int $n) => loop_apcu_fetch($smallKeys, $n),
    'apcu_store'  => fn(int $n) => loop_apcu_store($smallKeys, $n, $value),
    'apcu_inc'    => fn(int $n) => loop_apcu_inc($counterKeys, $n),
];
if ($haveEphpm) {
    $loops += [
        'ephpm_get'  => fn(int $n) => loop_ephpm_get($smallKeys, $n),
        'ephpm_set'  => fn(int $n) => loop_ephpm_set($smallKeys, $n, $value),
        'ephpm_incr' => fn(int $n) => loop_ephpm_incr($counterKeys, $n),
    ];
}
$small = measure($loops, fn(int $n) => loop_empty($smallKeys, $n), $n, ROUNDS);

// ---------------------------------------------------------------- phase 2: 1 M keys
/*
 * Two readings with 1 M keys stored: uniform reads over all of them (each get touches
 * cold memory, as a big real cache does) and reads of the same 1 k hot keys as phase 1
 * (isolates how the index itself scales with size).
 */
$largeKeys = array_merge($smallKeys, make_keys('big:', LARGE_KEYS - SMALL_KEYS));
$payloadBytes = 0;
foreach ($largeKeys as $k) { $payloadBytes += strlen($k) + VALUE_BYTES; }

$large = [];
$overhead = [];

apcu_clear_cache();
$apcuBase = apcu_used_bytes();
fill($largeKeys, $value, false);
$overhead['apcu'] = (apcu_used_bytes() - $apcuBase - $payloadBytes) / LARGE_KEYS;
$largeLoops = [
    'apcu_fetch_all' => fn(int $n) => loop_apcu_fetch($largeKeys, $n),
    'apcu_fetch_hot' => fn(int $n) => loop_apcu_fetch($smallKeys, $n),
];
$large += measure(['apcu_fetch_hot' => $largeLoops['apcu_fetch_hot']],
    fn(int $n) => loop_empty($smallKeys, $n), OPS_PER_ROUND, LARGE_ROUNDS);
$large += measure(['apcu_fetch_all' => $largeLoops['apcu_fetch_all']],
    fn(int $n) => loop_empty($largeKeys, $n), LARGE_KEYS, LARGE_ROUNDS);
apcu_clear_cache();

$info = null;
if ($haveEphpm) {
    ephpm_kv_flush_all();
    fill($largeKeys, $value, true);
    $info = ephpm_kv_info();
    $entries = (int)$info['entries'];
    if ($entries !== LARGE_KEYS) {
        fwrite(STDERR, "ephpm_kv holds $entries entries, expected " . LARGE_KEYS . " (evicted?)\n");
    }
    $overhead['ephpm'] = ($info['memory_used'] - $payloadBytes) / $entries;
    if (isset($info['memory_total'], $info['memory_free'])) {
        $overhead['ephpm_all'] = ($info['memory_total'] - $info['memory_free'] - $payloadBytes) / $entries;
    }
    $m = measure(['ephpm_get_hot' => fn(int $n) => loop_ephpm_get($smallKeys, $n)],
        fn(int $n) => loop_empty($smallKeys, $n), OPS_PER_ROUND, LARGE_ROUNDS);
    $large['ephpm_get_hot'] = $m['ephpm_get_hot'];
    $m = measure(['ephpm_get_all' => fn(int $n) => loop_ephpm_get($largeKeys, $n)],
        fn(int $n) => loop_empty($largeKeys, $n), LARGE_KEYS, LARGE_ROUNDS);
    $large['ephpm_get_all'] = $m['ephpm_get_all'];
    $large['_empty_all'] = $m['_empty'];
    ephpm_kv_flush_all();
}

// ---------------------------------------------------------------- report
$e = fn(string $k) => $small[$k] ?? null;
$l = fn(string $k) => $large[$k] ?? null;

printf("ephpm_kv vs APCu micro-benchmark  (PHP %s, APCu %s, ephpm_kv %s)\n",
    PHP_VERSION, phpversion('apcu'), $haveEphpm ? (phpversion('ephpm_kv') ?: 'loaded') : 'NOT LOADED');
printf("%d-byte values; ns/op = median of %d rounds (%d ops each, 1 warm-up round discarded),\n",
    VALUE_BYTES, ROUNDS, OPS_PER_ROUND);
printf("loop overhead subtracted (empty loop over the same keys: %.1f ns/op with 1 k keys%s).\n\n",
    $small['_empty'], isset($large['_empty_all']) ? sprintf(', %.1f ns/op with 1 M keys', $large['_empty_all']) : '');

printf("%-22s %12s %12s %12s\n", 'operation (1 k keys)', 'ephpm_kv', 'APCu', 'ephpm/APCu');
foreach ([['get  (fetch)', 'ephpm_get', 'apcu_fetch'],
          ['set  (store)', 'ephpm_set', 'apcu_store'],
          ['incr (inc)', 'ephpm_incr', 'apcu_inc']] as [$label, $a, $b]) {
    printf("%-22s %12s %12s %12s\n", $label, fmt_ns($e($a)), fmt_ns($e($b)), fmt_ratio($e($a), $e($b)));
}
printf("%-22s %12s   (plain PHP array, same process; get/array = %s)\n\n", 'PHP array read',
    fmt_ns($e('array_read')), fmt_ratio($e('ephpm_get'), $e('array_read')));

printf("%-36s %12s %12s\n", 'get latency, ns/op', 'ephpm_kv', 'APCu');
printf("%-36s %12s %12s\n", '1 k keys stored', fmt_ns($e('ephpm_get')), fmt_ns($e('apcu_fetch')));
printf("%-36s %12s %12s\n", '1 M keys stored, reads over all 1 M', fmt_ns($l('ephpm_get_all')), fmt_ns($l('apcu_fetch_all')));
printf("%-36s %12s %12s\n", '1 M keys stored, reads of 1 k hot', fmt_ns($l('ephpm_get_hot')), fmt_ns($l('apcu_fetch_hot')));
printf("%-36s %12s %12s\n", 'ratio 1 M (all) / 1 k', fmt_ratio($l('ephpm_get_all'), $e('ephpm_get')),
    fmt_ratio($l('apcu_fetch_all'), $e('apcu_fetch')));
printf("%-36s %12s %12s\n\n", 'ratio 1 M (hot) / 1 k', fmt_ratio($l('ephpm_get_hot'), $e('ephpm_get')),
    fmt_ratio($l('apcu_fetch_hot'), $e('apcu_fetch')));

printf("memory overhead per entry beyond key+value, %d entries, avg key+value %.1f bytes:\n",
    LARGE_KEYS, $payloadBytes / LARGE_KEYS);
printf("  ephpm_kv (memory_used - sum(key+value)) / entries:        %s bytes\n",
    isset($overhead['ephpm']) ? sprintf('%.1f', $overhead['ephpm']) : 'n/a');
if (isset($overhead['ephpm_all'])) {
    printf("  ephpm_kv (memory_total - memory_free - sum) / entries:    %.1f bytes (whole mapping incl. index)\n",
        $overhead['ephpm_all']);
}
printf("  APCu     (used shm - sum(key+value)) / entries:           %.1f bytes (for context)\n\n",
    $overhead['apcu']);

echo "targets (information only; exit status is 0 either way):\n";
$target = function (string $what, ?float $got, float $limit, string $unit) {
    if ($got === null) {
        printf("  %-4s %-44s (no ephpm_kv figure)\n", 'n/a', $what);
        return;
    }
    printf("  %-4s %-44s %s%s (target <= %s%s)\n", verdict($got <= $limit), $what,
        $unit === 'x' ? sprintf('%.2f', $got) : sprintf('%.1f', $got), $unit,
        $unit === 'x' ? sprintf('%.2f', $limit) : (string)$limit, $unit);
};
$ratio = fn(?float $a, ?float $b) => ($a === null || $b === null || $b <= 0) ? null : $a / $b;
$target('get vs apcu_fetch', $ratio($e('ephpm_get'), $e('apcu_fetch')), TARGET_VS_APCU, 'x');
$target('set vs apcu_store', $ratio($e('ephpm_set'), $e('apcu_store')), TARGET_VS_APCU, 'x');
$target('get latency 1 M keys (reads over all) / 1 k', $ratio($l('ephpm_get_all'), $e('ephpm_get')), TARGET_SCALING, 'x');
$target('get latency 1 M keys (1 k hot reads) / 1 k', $ratio($l('ephpm_get_hot'), $e('ephpm_get')), TARGET_SCALING, 'x');
$target('memory overhead per entry', $overhead['ephpm'] ?? null, TARGET_OVERHEAD_BYTES, ' B');
