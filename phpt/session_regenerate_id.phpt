--TEST--
session_regenerate_id: without delete the old session stays, with delete it is removed; no stray reserved ids
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
foreach (['0', '1'] as $strict) {
    ini_set('session.use_strict_mode', $strict);
    echo "-- use_strict_mode=$strict\n";
    ephpm_kv_flush_all();
    ephpm_kv_set('php_session:original1', '', 600);
    session_id('original1');
    session_start();
    $_SESSION['n'] = 1;
    var_dump(session_regenerate_id(false));
    $kept = session_id();
    $_SESSION['n'] = 2;
    session_write_close();
    var_dump($kept !== 'original1');
    var_dump(ephpm_kv_get('php_session:original1'), ephpm_kv_get("php_session:$kept"));

    session_id($kept);
    session_start();
    var_dump(session_regenerate_id(true));
    $replacement = session_id();
    $_SESSION['n'] = 3;
    session_write_close();
    var_dump(ephpm_kv_exists("php_session:$kept"), ephpm_kv_get("php_session:$replacement"));
    echo "entries: ", ephpm_kv_info()['entries'], "\n";
}
?>
--EXPECT--
-- use_strict_mode=0
bool(true)
bool(true)
string(6) "n|i:1;"
string(6) "n|i:2;"
bool(true)
bool(false)
string(6) "n|i:3;"
entries: 2
-- use_strict_mode=1
bool(true)
bool(true)
string(6) "n|i:1;"
string(6) "n|i:2;"
bool(true)
bool(false)
string(6) "n|i:3;"
entries: 2
