--TEST--
session: in a process forked after the first ephpm_kv call, session_start() fails with a clear warning (no hang)
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

ephpm_kv_set('k', 'v');
$child = ephpm_fork(function () {
    session_id('forked1');
    var_dump(session_start());
    ob_flush();
    return 0;
});
$code = ephpm_wait_child($child);
echo "child exit code: $code\n";
session_id('forked1');
var_dump(session_start());
session_write_close();
?>
--EXPECTF--
Warning: session_start(): ephpm_kv cannot be used in this process (pid %d): it was forked from pid %d after that process had started the Go runtime of ephpm_kv, which does not survive fork(). %s in %s on line %d

Warning: session_start(): Failed to initialize storage module: ephpm (path: %S) in %s on line %d
bool(false)
child exit code: 0
bool(true)
