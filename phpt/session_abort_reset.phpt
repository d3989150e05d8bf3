--TEST--
session_abort discards changes and releases the lock; session_reset rereads under the lock it holds
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=600
ephpm_kv.session_lock_timeout=300
--FILE--
<?php
ob_start();
ephpm_kv_set('php_session:ar1234', 'n|i:1;', 600);

echo "-- session_abort\n";
session_id('ar1234');
session_start();
$_SESSION['n'] = 100;
var_dump(session_abort(), session_status() === PHP_SESSION_NONE);
var_dump(ephpm_kv_get('php_session:ar1234'));

echo "-- session_reset\n";
session_id('ar1234');
var_dump(session_start());
$_SESSION['n'] = 200;
var_dump(session_reset(), $_SESSION['n']);
$_SESSION['n'] = 2;
var_dump(session_write_close(), ephpm_kv_get('php_session:ar1234'));
?>
--EXPECT--
-- session_abort
bool(true)
bool(true)
string(6) "n|i:1;"
-- session_reset
bool(true)
bool(true)
int(1)
bool(true)
string(6) "n|i:2;"
