--TEST--
Go scheduler: the tick of the worker's P is moved in place, so a busy script never parks its thread to yield
--DESCRIPTION--
The Go runtime takes the P of a thread whose scheduler tick has not moved for
10 ms. The extension keeps it moving: in place on the Go versions whose runtime
layout it knows and has verified in this process (phpinfo() says which), else by
yielding to the scheduler every 8 ms, which parks the PHP thread while two
runtime threads pass the P around. This counts the PHP thread's voluntary
context switches over 200 ms of back-to-back calls: about 25 yields would each
add one; in place there are none (counts, not timings).
--SKIPIF--
<?php
if (!is_dir('/proc/self/task')) die('skip needs /proc/self/task');
require __DIR__ . '/include/scheduler.inc';
// Only a Go version or platform without offsets skips; a failed check fails.
if (str_contains(ephpm_go_scheduler_row(), 'no known runtime layout')) die('skip no runtime layout for this Go build');
?>
--INI--
ephpm_kv.gomaxprocs=2
--FILE--
<?php
require __DIR__ . '/include/scheduler.inc';

ephpm_kv_set('k', 'v');
echo ephpm_go_scheduler_row(), "\n";

$before = ephpm_php_thread_switches()['voluntary'];
$calls = ephpm_read_for_200ms('v');
$parked = ephpm_php_thread_switches()['voluntary'] - $before;
echo $parked < 5 ? "the PHP thread never parked in $calls calls\n" : "the PHP thread parked $parked times\n";
?>
--EXPECTF--
go%s, scheduler tick moved in place (runtime layout verified)
the PHP thread never parked in %d calls
