--TEST--
keys that start with "\0ephpm:" (the extension's own entries, such as session locks) are refused by every ephpm_kv_* function, so a script can neither read nor forge nor drop a session's lock
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
--FILE--
<?php
$lock = "\0ephpm:lock:php_session:reserved1";
$calls = [
    'ephpm_kv_get' => fn($k) => ephpm_kv_get($k),
    'ephpm_kv_set' => fn($k) => ephpm_kv_set($k, 'forged'),
    'ephpm_kv_setnx' => fn($k) => ephpm_kv_setnx($k, 'forged'),
    'ephpm_kv_del' => fn($k) => ephpm_kv_del($k),
    'ephpm_kv_del_if_eq' => fn($k) => ephpm_kv_del_if_eq($k, 'x'),
    'ephpm_kv_exists' => fn($k) => ephpm_kv_exists($k),
    'ephpm_kv_incr' => fn($k) => ephpm_kv_incr($k),
    'ephpm_kv_decr' => fn($k) => ephpm_kv_decr($k),
    'ephpm_kv_incr_by' => fn($k) => ephpm_kv_incr_by($k, 2),
    'ephpm_kv_expire' => fn($k) => ephpm_kv_expire($k, 10),
    'ephpm_kv_ttl' => fn($k) => ephpm_kv_ttl($k),
    'ephpm_kv_pttl' => fn($k) => ephpm_kv_pttl($k),
    'ephpm_kv_wait' => fn($k) => ephpm_kv_wait($k, 0, 0),
];
session_id('reserved1');
var_dump(session_start());
$_SESSION['n'] = 1;
foreach ($calls as $name => $call) {
    foreach ([$lock, "\0ephpm:", "\0ephpm:anything"] as $key) {
        try {
            $call($key);
            echo "$name: no error\n";
        } catch (ValueError $e) {
            echo "$name: ", $e->getMessage(), "\n";
        }
    }
}
// The lock was not touched: the session is written under it.
var_dump(session_write_close(), ephpm_kv_get('php_session:reserved1'));
// Keys that only look alike are the application's.
foreach (["\0ephpm", "ephpm:lock:x", "\0ephpn:x", "x\0ephpm:"] as $key) {
    var_dump(ephpm_kv_set($key, 'v') && ephpm_kv_get($key) === 'v');
}
?>
--EXPECT--
bool(true)
ephpm_kv_get: ephpm_kv_get(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_get: ephpm_kv_get(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_get: ephpm_kv_get(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_set: ephpm_kv_set(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_set: ephpm_kv_set(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_set: ephpm_kv_set(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_setnx: ephpm_kv_setnx(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_setnx: ephpm_kv_setnx(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_setnx: ephpm_kv_setnx(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_del: ephpm_kv_del(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_del: ephpm_kv_del(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_del: ephpm_kv_del(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_del_if_eq: ephpm_kv_del_if_eq(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_del_if_eq: ephpm_kv_del_if_eq(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_del_if_eq: ephpm_kv_del_if_eq(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_exists: ephpm_kv_exists(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_exists: ephpm_kv_exists(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_exists: ephpm_kv_exists(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_incr: ephpm_kv_incr(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_incr: ephpm_kv_incr(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_incr: ephpm_kv_incr(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_decr: ephpm_kv_decr(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_decr: ephpm_kv_decr(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_decr: ephpm_kv_decr(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_incr_by: ephpm_kv_incr_by(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_incr_by: ephpm_kv_incr_by(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_incr_by: ephpm_kv_incr_by(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_expire: ephpm_kv_expire(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_expire: ephpm_kv_expire(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_expire: ephpm_kv_expire(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_ttl: ephpm_kv_ttl(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_ttl: ephpm_kv_ttl(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_ttl: ephpm_kv_ttl(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_pttl: ephpm_kv_pttl(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_pttl: ephpm_kv_pttl(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_pttl: ephpm_kv_pttl(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_wait: ephpm_kv_wait(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_wait: ephpm_kv_wait(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
ephpm_kv_wait: ephpm_kv_wait(): Argument #1 ($key) must not start with "\0ephpm:", the prefix of the extension's own entries (session locks)
bool(true)
string(6) "n|i:1;"
bool(true)
bool(true)
bool(true)
bool(true)
