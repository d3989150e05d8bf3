--TEST--
Go runtime threads stay asleep while PHP runs between calls (no per-burst scheduler wake-ups)
--DESCRIPTION--
A PHP request is a burst of calls into Go after a gap spent in C. Unless the
extension keeps the Go scheduler's view of its P fresh, the runtime takes the P
back in every gap and wakes its own threads for nothing: 2-3 context switches on
runtime threads per burst, tens of microseconds of CPU. This counts those
context switches over 2000 bursts (counts, not timings).
--SKIPIF--
<?php if (!is_dir('/proc/self/task')) die('skip needs /proc/self/task'); ?>
--FILE--
<?php
function runtime_thread_switches(): int {
    $sum = 0;
    foreach (glob('/proc/self/task/*') as $task) {
        if ((int) basename($task) === getmypid()) {
            continue; // the PHP thread itself
        }
        $status = @file_get_contents("$task/status");
        if ($status !== false && preg_match_all('/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/m', $status, $m)) {
            $sum += array_sum($m[1]);
        }
    }
    return $sum;
}

ephpm_kv_set('k', 'v');
// Run past the runtime's 10 ms staleness limit before counting.
$start = hrtime(true);
while (hrtime(true) - $start < 50_000_000) {
    ephpm_kv_exists('k');
    usleep(200);
}
$bursts = 2000;
$before = runtime_thread_switches();
for ($i = 0; $i < $bursts; $i++) {
    ephpm_kv_exists('k');
    ephpm_kv_get('k');
    usleep(200);
}
$perBurst = (runtime_thread_switches() - $before) / $bursts;
echo $perBurst < 0.5 ? "runtime threads slept\n" : sprintf("runtime threads switched %.2f times per burst\n", $perBurst);
?>
--EXPECT--
runtime threads slept
