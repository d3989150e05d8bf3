--TEST--
ephpm_kv_wait: an ephpm_kv_expire from another process that brings the watched key's expiry forward ends the wait at the new expiry
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
    usleep(300000); // let the parent fall asleep until the old expiry, an hour away
    return ephpm_kv_expire('shortened', 1) ? 0 : 3;
});

ephpm_kv_set('shortened', 'v', 3600);
$watched = ephpm_kv_wait('shortened', 0, 0);
$start = microtime(true);
ephpm_kv_set('parent-waiting', '1');
var_dump(ephpm_kv_wait('shortened', $watched['version'], 10000));
var_dump(microtime(true) - $start < 5);
echo "child exit code: ", ephpm_wait_child($child), "\n";
?>
--EXPECT--
array(2) {
  ["version"]=>
  int(1)
  ["value"]=>
  NULL
}
bool(true)
child exit code: 0
