--TEST--
session keys: ephpm_kv.session_prefix + session.save_path (when not a directory path) + id
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
function store(string $id): void
{
    session_id($id);
    session_start();
    $_SESSION['x'] = 1;
    session_write_close();
}
ini_set('session.save_path', 'site1:');
store('pfx1');
var_dump(ephpm_kv_exists('php_session:site1:pfx1'), ephpm_kv_exists('php_session:pfx1'));

ini_set('session.save_path', '/var/lib/php/sessions');
store('pfx2');
var_dump(ephpm_kv_exists('php_session:pfx2'));

ini_set('session.save_path', '');
ini_set('ephpm_kv.session_prefix', 'app:');
store('pfx3');
var_dump(ephpm_kv_exists('app:pfx3'));

echo "-- another prefix is another set of sessions\n";
session_id('pfx1');
session_start();
var_dump($_SESSION);
session_write_close();
?>
--EXPECT--
bool(true)
bool(false)
bool(true)
bool(true)
-- another prefix is another set of sessions
array(0) {
}
