--TEST--
session: ephpm_kv_info() counts a session as one entry and its read as one lookup; the lock a request holds is neither
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
$start = ephpm_kv_info();

session_id('figures1');
session_start();                     // a new session: one miss
$held = ephpm_kv_info();
echo "while held: entries ", $held['entries'], ", memory used grew: ",
    var_export($held['memory_used'] > $start['memory_used'], true), "\n";
$_SESSION['n'] = 1;
session_write_close();

session_start();                     // the stored session: one hit
$_SESSION['n']++;
session_write_close();

$end = ephpm_kv_info();
echo "entries ", $end['entries'], ", hits ", $end['hits'] - $start['hits'],
    ", misses ", $end['misses'] - $start['misses'], "\n";
var_dump(ephpm_kv_get('php_session:figures1'));
?>
--EXPECT--
while held: entries 0, memory used grew: true
entries 1, hits 1, misses 1
string(6) "n|i:2;"
