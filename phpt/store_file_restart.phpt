--TEST--
ephpm_kv.store_file: keys, sessions and counters outlive the process that made the store; a session lock its killed holder left is taken over (within the 2 s lock timeout)
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = '/dev/shm/ephpm_kv_phpt_restart_' . getmypid();
$ini = ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M', 'session.save_handler' => 'ephpm',
    'session.use_cookies' => '0', 'session.use_only_cookies' => '0', 'session.use_strict_mode' => '0',
    'session.cache_limiter' => '', 'session.gc_probability' => '0', 'ephpm_kv.session_lock_timeout' => '2000'];
$storeFileRow = 'ob_start(); phpinfo(INFO_MODULES); preg_match("/^Store file => (.*)$/m", ob_get_clean(), $m); echo $m[1], "\n";';

echo "-- first start\n";
echo ephpm_run_php($storeFileRow . '
    ephpm_kv_set("greeting", "hello", 600);
    ephpm_kv_incr("visits");
    session_id("alice1");
    session_start();
    $_SESSION["user"] = "alice";
    var_dump(session_write_close());
    // Dies holding the lock of the session, as a worker killed by a restart would.
    session_id("alice1");
    session_start();
    exec("kill -9 " . getmypid());', $ini)['stdout'];
clearstatcache();
printf("file mode %o, %d bytes\n", fileperms($file) & 0777, filesize($file));

echo "-- second start\n";
$second = ephpm_run_php($storeFileRow . '
    var_dump(ephpm_kv_get("greeting"), ephpm_kv_ttl("greeting") > 590, ephpm_kv_incr("visits"));
    session_id("alice1");
    var_dump(session_start(), $_SESSION);', $ini);
echo $second['stdout'], $second['stderr'];
unlink($file);
?>
--EXPECTF--
-- first start
/dev/shm/ephpm_kv_phpt_restart_%d, new
bool(true)
file mode 600, 4194304 bytes
-- second start
/dev/shm/ephpm_kv_phpt_restart_%d, the store of an earlier start, mapped again
string(5) "hello"
bool(true)
int(2)
bool(true)
array(1) {
  ["user"]=>
  string(5) "alice"
}
