--TEST--
session_gc also removes the locks that killed workers left on sessions nobody asked for again; locks of live owners stay, and only sessions count in its result
--EXTENSIONS--
ffi
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
require __DIR__ . '/include/lock_values.inc';
ob_start();

$child = ephpm_fork(function () {
    session_id('abandoned1');
    session_start();
    ephpm_kv_set('child-holds-lock', '1');
    exec('kill -9 ' . getmypid());
    return 3;
});
ephpm_kv_wait('child-holds-lock', 1, 10000);
$code = ephpm_wait_child($child);
echo "holder killed by signal: ", $code === -9 ? 'SIGKILL' : "exit code $code", "\n";
$live = ephpm_lock_value(1, ephpm_process_start(1));
ephpm_forge_lock('busy1', $live);
$reused = ephpm_lock_value(1, ephpm_process_start(1) + 1);
ephpm_forge_lock('reused1', $reused);
var_dump(ephpm_lock_of('abandoned1') !== null);

session_id('gcrunner1');
session_start();
var_dump(session_gc());
var_dump(ephpm_lock_of('abandoned1') !== null, ephpm_lock_of('reused1') !== null);
var_dump(ephpm_lock_of('busy1') === $live);
var_dump(ephpm_lock_of('gcrunner1') !== null, "held by this request");
session_write_close();
?>
--EXPECT--
holder killed by signal: SIGKILL
bool(true)
int(0)
bool(false)
bool(false)
bool(true)
bool(true)
string(20) "held by this request"
