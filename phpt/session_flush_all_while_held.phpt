--TEST--
session: ephpm_kv_flush_all() while a request holds its session removes the stored sessions, and the request still writes its own when it closes; the lock stays held meanwhile
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
require __DIR__ . '/include/processes.inc';
ob_start();

$prober = ephpm_fork(function () {
    ephpm_kv_wait('probe', 1, 20000);
    ini_set('ephpm_kv.session_lock_timeout', '200');
    session_id('flushed1');
    $free = @session_start();
    ephpm_kv_set('result', $free ? 'free' : 'locked');
    return 0;
});

ephpm_kv_set('php_session:other1', 'a|i:1;', 600);
session_id('flushed1');
session_start();
$_SESSION['visits'] = 1;
var_dump(ephpm_kv_flush_all());
var_dump(ephpm_kv_get('php_session:other1'), ephpm_kv_info()['entries']);

// The lock this request holds survives the flush but is not an entry of the application.
ephpm_kv_set('probe', '1');
ephpm_kv_wait('result', 1, 20000);
echo "another request after the flush: ", ephpm_kv_get('result'), "\n";

var_dump(session_write_close());
var_dump(ephpm_kv_get('php_session:flushed1'));
echo "prober exit code: ", ephpm_wait_child($prober), "\n";
?>
--EXPECT--
bool(true)
NULL
int(0)
another request after the flush: locked
bool(true)
string(11) "visits|i:1;"
prober exit code: 0
