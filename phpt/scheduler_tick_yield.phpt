--TEST--
Go scheduler: ephpm_kv.scheduler_tick_in_place=0 keeps the tick moving by yielding every 8 ms instead
--DESCRIPTION--
The fallback that Go versions without a known runtime layout use, forced by the
ini setting: each yield, about 25 in 200 ms of back-to-back calls, switches the
PHP thread out once — it parks (a voluntary switch) or, when the runtime thread
it woke hands the P back before it could park, that thread displaces it (a
nonvoluntary one; seen in 2 of 12 runs counting voluntary switches alone) —
and the store works as before (counts, not timings).
--SKIPIF--
<?php if (!is_dir('/proc/self/task')) die('skip needs /proc/self/task'); ?>
--INI--
ephpm_kv.gomaxprocs=2
ephpm_kv.scheduler_tick_in_place=0
--FILE--
<?php
require __DIR__ . '/include/scheduler.inc';

ephpm_kv_set('k', 'v');
echo ephpm_go_scheduler_row(), "\n";

$before = array_sum(ephpm_php_thread_switches());
$got = ephpm_read_for_200ms('v');
$switched = array_sum(ephpm_php_thread_switches()) - $before;
echo $switched >= 10 ? "the PHP thread yielded\n" : "the PHP thread was switched out only $switched times\n";
echo $got > 0 ? "reads answered\n" : "no read answered\n";
?>
--EXPECTF--
go%s, yields to the scheduler every 8 ms (ephpm_kv.scheduler_tick_in_place = 0)
the PHP thread yielded
reads answered
