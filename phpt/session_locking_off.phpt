--TEST--
ephpm_kv.session_locking=0: no wait; concurrent requests on one session, the last writer wins
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=600
ephpm_kv.session_locking=0
ephpm_kv.session_lock_timeout=2000
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
ob_start();

$child = ephpm_fork(function () {
    session_id('nolock1');
    session_start();
    ephpm_kv_set('child-started', '1');
    ephpm_kv_wait('parent-wrote', 1, 10000);
    $_SESSION['child'] = 1;
    session_write_close();
    return 0;
});
ephpm_kv_wait('child-started', 1, 10000);
session_id('nolock1');
var_dump(session_start());
$_SESSION['parent'] = 1;
session_write_close();
var_dump(ephpm_kv_get('php_session:nolock1'));
ephpm_kv_set('parent-wrote', '1');
$code = ephpm_wait_child($child);
echo "child exit code: $code\n";
echo "-- the child wrote last: the parent's change is lost\n";
var_dump(ephpm_kv_get('php_session:nolock1'));
?>
--EXPECT--
bool(true)
string(11) "parent|i:1;"
child exit code: 0
-- the child wrote last: the parent's change is lost
string(10) "child|i:1;"
