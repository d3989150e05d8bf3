<?php
/*
 * Calls spaced in time: one read every GAP, the process asleep in between (as a script
 * waiting on a database or a queue is). Reports the CPU every thread of the process
 * uses per call, the sleep's own system calls included, for ephpm_kv_get() and
 * apcu_fetch() in the same rounds: the difference is what keeping Go's runtime in the
 * process costs a script that does not call it back to back (its scheduler's
 * bookkeeping, gosrc/capi/schedtick.go). Started by bench/kv/run.sh; prints numbers
 * measured in this run only.
 */
declare(strict_types=1);

require __DIR__ . '/common.php';

const GAPS_US = [100, 500, 1_000, 2_000, 5_000, 20_000];
const ROUNDS = 5;
const BLOCK_US = 300_000; // each block of calls sleeps this long in all

if (!function_exists('ephpm_kv_get')) {
    echo "calls spaced in time: n/a (ephpm_kv not loaded)\n";
    exit(0);
}

/* CPU time of all threads of this process, ns: the scheduler's exact count, which
 * getrusage() splits by tick samples. Go's runtime threads are threads of this process. */
function process_cpu_ns(): int
{
    $ns = 0;
    foreach (glob('/proc/self/task/*/schedstat') as $f) {
        $stat = @file_get_contents($f); // a thread may exit between glob and read
        if ($stat !== false) {
            $ns += (int) strtok($stat, ' ');
        }
    }
    return $ns;
}

/* CPU ns per call of $read made every $gapUs microseconds. */
function cpu_per_call(callable $read, int $gapUs): float
{
    $calls = max(15, intdiv(BLOCK_US, $gapUs));
    $read(); // the first call of a block follows the other handler's block
    $before = process_cpu_ns();
    for ($i = 0; $i < $calls; $i++) {
        usleep($gapUs);
        $read();
    }
    return (process_cpu_ns() - $before) / $calls;
}

ephpm_kv_set('spaced', 'value');
apcu_store('spaced', 'value');
$readers = [
    'ephpm' => static fn() => ephpm_kv_get('spaced'),
    'apcu' => static fn() => apcu_fetch('spaced'),
];

$cpu = [];
for ($round = 0; $round < ROUNDS; $round++) {
    foreach (GAPS_US as $gap) {
        $order = $round % 2 ? array_reverse($readers) : $readers;
        foreach ($order as $name => $read) {
            $cpu[$gap][$name][] = cpu_per_call($read, $gap);
        }
    }
}

printf("calls spaced in time: one read every gap, asleep in between; CPU of all threads per call\n");
printf("(the sleep's own system calls included), median of %d rounds, ephpm_kv_get vs apcu_fetch:\n", ROUNDS);
printf("%-10s %14s %14s %16s %12s\n", 'gap', 'ephpm_kv us', 'APCu us', 'ephpm - APCu us', 'ephpm/APCu');
foreach (GAPS_US as $gap) {
    $e = median($cpu[$gap]['ephpm']) / 1000;
    $a = median($cpu[$gap]['apcu']) / 1000;
    printf("%-10s %14.1f %14.1f %16.1f %12.2f\n",
        $gap >= 1000 ? ($gap / 1000) . ' ms' : $gap . ' us', $e, $a, $e - $a, $e / $a);
}
