--TEST--
session_gc returns the number of expired sessions it reclaimed (only this prefix's sessions count)
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=600
session.gc_maxlifetime=1
--FILE--
<?php
ob_start();
foreach (['gcold1', 'gcold2', 'gcold3'] as $id) {
    session_id($id);
    session_start();
    $_SESSION['id'] = $id;
    session_write_close();
}
ephpm_kv_set('not-a-session', 'v', 1);
ephpm_kv_set('other_prefix:gcold4', 'v', 1);
ephpm_kv_set('php_session:fresh1', 'n|i:1;', 100);
sleep(2);

ini_set('session.gc_maxlifetime', '600');
session_id('gcnew1');
session_start();
var_dump(session_gc());
var_dump(session_gc());
var_dump(ephpm_kv_get('php_session:fresh1'), ephpm_kv_exists('php_session:gcold1'));
var_dump(ephpm_kv_exists('not-a-session'), ephpm_kv_exists('other_prefix:gcold4'));
session_write_close();
?>
--EXPECT--
int(3)
int(0)
string(6) "n|i:1;"
bool(false)
bool(false)
bool(false)
