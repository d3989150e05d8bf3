--TEST--
session locking: a value stored by hand under a session's internal lock key (not a lock) does not block the session; it is removed and the lock taken
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=600
ephpm_kv.session_lock_timeout=2000
--FILE--
<?php
ob_start();
foreach (['', 'x', str_repeat('x', 12), str_repeat('x', 19), str_repeat('x', 21), str_repeat('x', 5000)] as $i => $value) {
    $id = "forged$i";
    var_dump(ephpm_kv_set("\0ephpm:lock:php_session:$id", $value));
    session_id($id);
    var_dump(session_start());
    $_SESSION['n'] = $i;
    session_write_close();
    var_dump(ephpm_kv_get("php_session:$id"), ephpm_kv_exists("\0ephpm:lock:php_session:$id"));
}
?>
--EXPECT--
bool(true)
bool(true)
string(6) "n|i:0;"
bool(false)
bool(true)
bool(true)
string(6) "n|i:1;"
bool(false)
bool(true)
bool(true)
string(6) "n|i:2;"
bool(false)
bool(true)
bool(true)
string(6) "n|i:3;"
bool(false)
bool(true)
bool(true)
string(6) "n|i:4;"
bool(false)
bool(true)
bool(true)
string(6) "n|i:5;"
bool(false)
