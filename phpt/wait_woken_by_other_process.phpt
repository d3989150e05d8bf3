--TEST--
ephpm_kv_wait sleeps until a write from another process of the pool wakes it
--FILE--
<?php
require __DIR__ . '/include/processes.inc';

// Forked before this process's first ephpm_kv call, as php-fpm forks its
// workers: both processes share the store.
$child = ephpm_fork(function () {
    // A missing key is version 1: wait for it to appear.
    if (ephpm_kv_wait('parent-waiting', 1, 10000) === false) {
        return 2;
    }
    usleep(300000); // let the parent fall asleep in its wait
    ephpm_kv_set('message', 'written by pid ' . getmypid());
    return 0;
});

$before = ephpm_kv_wait('message', 0, 0); // the snapshot: not there yet
ephpm_kv_set('parent-waiting', '1');
$change = ephpm_kv_wait('message', $before['version'], 10000);
$code = ephpm_wait_child($child);
echo "child exit code: $code\n";
var_dump($change['value'] === "written by pid $child");
var_dump($before['value'], $change['version'] > 1);
var_dump(ephpm_kv_wait('message', $change['version'], 0));
?>
--EXPECT--
child exit code: 0
bool(true)
NULL
bool(true)
bool(false)
