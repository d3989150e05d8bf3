--TEST--
session_destroy removes the session; destroying an id that was never stored succeeds
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
ob_start();
session_id('todestroy1');
session_start();
$_SESSION['a'] = 1;
session_write_close();
var_dump(ephpm_kv_exists('php_session:todestroy1'));

session_id('todestroy1');
session_start();
var_dump(session_destroy());
var_dump(ephpm_kv_exists('php_session:todestroy1'), session_status() === PHP_SESSION_NONE);

echo "-- never stored\n";
session_id('neverstored1');
session_start();
var_dump(session_destroy());
var_dump(ephpm_kv_exists('php_session:neverstored1'));

echo "-- the lock is released by destroy's close: the same id starts again at once\n";
ini_set('ephpm_kv.session_lock_timeout', '200');
session_id('todestroy1');
var_dump(session_start(), $_SESSION);
session_write_close();
?>
--EXPECT--
bool(true)
bool(true)
bool(false)
bool(true)
-- never stored
bool(true)
bool(false)
-- the lock is released by destroy's close: the same id starts again at once
bool(true)
array(0) {
}
