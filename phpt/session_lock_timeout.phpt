--TEST--
session locking: a wait longer than ephpm_kv.session_lock_timeout makes session_start() fail with a warning (never proceeds unlocked)
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=600
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
ob_start();

$child = ephpm_fork(function () {
    session_id('busy1');
    session_start();
    $_SESSION['holder'] = 'child';
    ephpm_kv_set('child-holds-lock', '1');
    ephpm_kv_wait('parent-done', 1, 20000);
    session_write_close();
    return 0;
});
ephpm_kv_wait('child-holds-lock', 1, 10000);
ini_set('ephpm_kv.session_lock_timeout', '300');
session_id('busy1');
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE, $_SESSION);
ephpm_kv_set('parent-done', '1');
$code = ephpm_wait_child($child);
echo "holder exit code: $code\n";

echo "-- once the holder closed it\n";
ini_set('ephpm_kv.session_lock_timeout', '10000');
session_id('busy1');
var_dump(session_start(), $_SESSION);
session_write_close();
?>
--EXPECTF--
Warning: session_start(): Session busy1 is locked by another request; waited %d ms (ephpm_kv.session_lock_timeout=300) in %s on line %d

Warning: session_start(): Failed to read session data: ephpm (path: %S) in %s on line %d
bool(false)
bool(true)
array(0) {
}
holder exit code: 0
-- once the holder closed it
bool(true)
array(1) {
  ["holder"]=>
  string(5) "child"
}
