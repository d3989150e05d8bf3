--TEST--
session_start(['read_and_close' => true]) reads the data and releases the lock at once
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
ephpm_kv_set('php_session:rac1234', 'a|i:5;', 600);
session_id('rac1234');
var_dump(session_start(['read_and_close' => true]), $_SESSION, session_status() === PHP_SESSION_NONE);
$_SESSION['a'] = 6;
echo "-- nothing written, and the lock is free\n";
var_dump(ephpm_kv_get('php_session:rac1234'));
session_id('rac1234');
var_dump(session_start(), $_SESSION['a']);
session_write_close();
?>
--EXPECT--
bool(true)
array(1) {
  ["a"]=>
  int(5)
}
bool(true)
-- nothing written, and the lock is free
string(6) "a|i:5;"
bool(true)
int(5)
