--TEST--
session: a session whose key is exactly ephpm_kv.max_key_size bytes can be locked, written and read back
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.sid_length=28
ephpm_kv.max_key_size=40
--FILE--
<?php
/* "php_session:" (12 bytes) + a 28-character id = 40 bytes: the key fits the
 * limit, and its lock, kept under an internal key beside it, must fit too. */
ob_start();
var_dump(session_start());
$key = 'php_session:' . session_id();
var_dump(strlen($key));
$_SESSION['n'] = 1;
var_dump(session_write_close());
var_dump(ephpm_kv_get($key));
session_start();
var_dump($_SESSION['n']);
?>
--EXPECT--
bool(true)
int(40)
bool(true)
string(6) "n|i:1;"
int(1)
