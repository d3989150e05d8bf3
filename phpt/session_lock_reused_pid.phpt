--TEST--
session locking: a lock whose owner pid now names another process (the owner died, the pid was reused) is taken over; a lock of the live owner is not
--EXTENSIONS--
ffi
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
require __DIR__ . '/include/lock_values.inc';
ob_start();
// pid 1 lives for the whole test; it plays the process that got the pid.
$initStart = ephpm_process_start(1);

echo "-- held by pid 1 as it runs now\n";
ephpm_forge_lock('live1', ephpm_lock_value(1, $initStart));
ini_set('ephpm_kv.session_lock_timeout', '300');
session_id('live1');
var_dump(session_start(), session_status() === PHP_SESSION_NONE);

echo "-- held by an earlier process that had pid 1\n";
ephpm_forge_lock('reused1', ephpm_lock_value(1, $initStart + 1));
ini_set('ephpm_kv.session_lock_timeout', '10000');
session_id('reused1');
var_dump(session_start());
$_SESSION['n'] = 1;
var_dump(session_write_close(), ephpm_kv_get('php_session:reused1'), ephpm_lock_of('reused1') !== null);
var_dump(ephpm_lock_of('live1') === ephpm_lock_value(1, $initStart));
?>
--EXPECTF--
-- held by pid 1 as it runs now

Warning: session_start(): Session live1 is locked by another request; waited %d ms (ephpm_kv.session_lock_timeout=300) in %s on line %d

Warning: session_start(): Failed to read session data: ephpm (path: %S) in %s on line %d
bool(false)
bool(true)
-- held by an earlier process that had pid 1
bool(true)
bool(true)
string(6) "n|i:1;"
bool(false)
bool(true)
