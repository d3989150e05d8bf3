--TEST--
Go scheduler: ephpm_kv.scheduler_tick_in_place=0 keeps the tick moving by yielding every 8 ms instead
--DESCRIPTION--
The fallback that Go versions without a known runtime layout use, forced by the
ini setting: the PHP thread parks once per yield, about 25 times in 200 ms of
back-to-back calls, and the store works as before (counts, not timings).
--SKIPIF--
<?php if (!is_dir('/proc/self/task')) die('skip needs /proc/self/task'); ?>
--INI--
ephpm_kv.gomaxprocs=2
ephpm_kv.scheduler_tick_in_place=0
--FILE--
<?php
function php_thread_parked(): int {
    $status = file_get_contents('/proc/self/task/' . getmypid() . '/status');
    preg_match('/^voluntary_ctxt_switches:\s+(\d+)$/m', $status, $m);
    return (int) $m[1];
}

ephpm_kv_set('k', 'v');
ob_start();
phpinfo(INFO_MODULES);
preg_match('/^Go scheduler => (.*)$/m', ob_get_clean(), $row);
echo $row[1], "\n";

$before = php_thread_parked();
$start = hrtime(true);
$got = 0;
while (hrtime(true) - $start < 200_000_000) {
    $got += ephpm_kv_get('k') === 'v';
}
$parked = php_thread_parked() - $before;
echo $parked >= 10 ? "the PHP thread yielded\n" : "the PHP thread parked only $parked times\n";
echo $got > 0 ? "reads answered\n" : "no read answered\n";
?>
--EXPECTF--
go%s, yields to the scheduler every 8 ms (ephpm_kv.scheduler_tick_in_place = 0)
the PHP thread yielded
reads answered
