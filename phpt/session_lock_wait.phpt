--TEST--
session locking: a second request for the same session sleeps until the first one closes it, then sees its write
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

// Two "requests" in two processes forked before their first ephpm_kv call.
$child = ephpm_fork(function () {
    session_id('shared1');
    if (!session_start()) {
        return 2;
    }
    ephpm_kv_set('child-holds-lock', '1');
    usleep(500000);
    $_SESSION['written_by'] = 'first request';
    session_write_close();
    return 0;
});
ephpm_kv_wait('child-holds-lock', 1, 10000);
session_id('shared1');
var_dump(session_start());
var_dump($_SESSION);
$_SESSION['then'] = 'second request';
session_write_close();
$code = ephpm_wait_child($child);
echo "first request exit code: $code\n";
var_dump(ephpm_kv_get('php_session:shared1'));
?>
--EXPECT--
bool(true)
array(1) {
  ["written_by"]=>
  string(13) "first request"
}
first request exit code: 0
string(59) "written_by|s:13:"first request";then|s:14:"second request";"
