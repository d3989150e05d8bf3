--TEST--
session: a new session gets a fresh id reserved in the store, written with TTL gc_maxlifetime
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
var_dump(session_start());
$id = session_id();
$key = "php_session:$id";
var_dump(strlen($id), $_SESSION);
echo "-- reserved at once (empty payload, TTL gc_maxlifetime)\n";
var_dump(ephpm_kv_get($key), ephpm_kv_ttl($key));
$_SESSION['user'] = 'alice';
$_SESSION['n'] = 1;
var_dump(session_write_close());
echo "-- written\n";
var_dump(ephpm_kv_get($key), ephpm_kv_ttl($key));
var_dump(session_status() === PHP_SESSION_NONE);
?>
--EXPECT--
bool(true)
int(32)
array(0) {
}
-- reserved at once (empty payload, TTL gc_maxlifetime)
string(0) ""
int(600)
bool(true)
-- written
string(23) "user|s:5:"alice";n|i:1;"
int(600)
bool(true)
