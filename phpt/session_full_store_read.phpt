--TEST--
session: a store the application filled (noeviction) still locks and reads existing sessions, and a new visitor still gets a session whose write reports the full store
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
session_id('existing1');
session_start();
$_SESSION['user'] = 'alice';
session_write_close();

$filled = 0;
foreach ([100, 0] as $size) { // to the last byte that an empty value fits
    while (@ephpm_kv_set("filler$filled", str_repeat('f', $size))) {
        $filled++;
    }
}
echo "filled: ", $filled > 1000 ? 'yes' : "only $filled", "\n";

// Logged-in users stay logged in: their sessions are locked and read.
for ($i = 0; $i < 3; $i++) {
    session_id('existing1');
    var_dump(session_start(), $_SESSION['user'] ?? null);
    session_write_close(); // unchanged: lazy_write only refreshes the TTL
}

// A new visitor: no uncaught "Failed to create session ID".
session_id('');
var_dump(session_start());
var_dump(strlen(session_id()) >= 22 && session_id() !== 'existing1');
var_dump(ephpm_kv_exists('php_session:' . session_id()));
$_SESSION['cart'] = str_repeat('c', 5000);
var_dump(session_write_close());
var_dump(ephpm_kv_exists('php_session:' . session_id()));
?>
--EXPECTF--
filled: yes
bool(true)
string(5) "alice"
bool(true)
string(5) "alice"
bool(true)
string(5) "alice"
bool(true)
bool(true)
bool(false)

Warning: session_write_close(): Session %s was not written: store full: no free memory for %d bytes beside the %d bytes a shard keeps for session locks and the eviction policy is noeviction (raise ephpm_kv.size or choose allkeys-lru) in %s on line %d

Warning: session_write_close(): Failed to write session data (ephpm). Please verify that the current setting of session.save_path is correct (%S) in %s on line %d
bool(true)
bool(false)
