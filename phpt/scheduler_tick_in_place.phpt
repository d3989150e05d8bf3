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
ephpm_kv_exists('k');
ob_start();
phpinfo(INFO_MODULES);
// Only a Go version or platform without offsets skips; a failed check fails.
if (str_contains(ob_get_clean(), 'no known runtime layout')) die('skip no runtime layout for this Go build');
?>
--INI--
ephpm_kv.gomaxprocs=2
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
$calls = 0;
$start = hrtime(true);
while (hrtime(true) - $start < 200_000_000) {
    ephpm_kv_get('k');
    $calls++;
}
$parked = php_thread_parked() - $before;
echo $parked < 5 ? "the PHP thread never parked in $calls calls\n" : "the PHP thread parked $parked times\n";
?>
--EXPECTF--
go%s, scheduler tick moved in place (runtime layout verified)
the PHP thread never parked in %d calls
