--TEST--
session locking: the lock of a request whose process died (SIGKILL) is taken over at once by the next request
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=600
ephpm_kv.session_lock_timeout=10000
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
ob_start();

$child = ephpm_fork(function () {
    session_id('orphan1');
    session_start();
    $_SESSION['lost'] = 'never written';
    ephpm_kv_set('child-holds-lock', '1');
    exec('kill -9 ' . getmypid());
    return 3;
});
ephpm_kv_wait('child-holds-lock', 1, 10000);
$code = ephpm_wait_child($child);
echo "holder killed by signal: ", $code === -9 ? 'SIGKILL' : "exit code $code", "\n";
session_id('orphan1');
var_dump(session_start(), $_SESSION);
$_SESSION['n'] = 1;
var_dump(session_write_close(), ephpm_kv_get('php_session:orphan1'));
?>
--EXPECT--
holder killed by signal: SIGKILL
bool(true)
array(0) {
}
bool(true)
string(6) "n|i:1;"
