--TEST--
session: a full store (noeviction) refuses the write with a warning naming the reason; nothing else is touched
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=600
ephpm_kv.size=2M
ephpm_kv.eviction_policy=noeviction
--FILE--
<?php
ob_start();
session_id('full1');
session_start();
$filled = 0;
while (@ephpm_kv_set("filler$filled", str_repeat('f', 10000))) {
    $filled++;
}
$_SESSION['big'] = str_repeat('x', 50000);
// PHP 8.2's session_write_close() returns true even when the module's write
// failed (ext/session/session.c); the failure shows as the two warnings.
var_dump(session_write_close());
var_dump(ephpm_kv_exists('php_session:full1'));
$intact = 0;
for ($i = 0; $i < $filled; $i++) {
    $intact += ephpm_kv_get("filler$i") === str_repeat('f', 10000);
}
echo "other keys intact: ", $intact === $filled && $filled > 0 ? 'all' : "$intact of $filled", "\n";
?>
--EXPECTF--
Warning: session_write_close(): Session full1 was not written: store full: no free memory for %d bytes beside the %d bytes a shard keeps for session locks and the eviction policy is noeviction (raise ephpm_kv.size or choose allkeys-lru) in %s on line %d

Warning: session_write_close(): Failed to write session data (ephpm). Please verify that the current setting of session.save_path is correct (%S) in %s on line %d
bool(true)
bool(false)
other keys intact: all
