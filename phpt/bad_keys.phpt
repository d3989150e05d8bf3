--TEST--
Empty keys and keys over ephpm_kv.max_key_size throw ValueError and change nothing
--INI--
ephpm_kv.max_key_size=16
--FILE--
<?php
ephpm_kv_set('keep', 'kept');
$calls = [
    'ephpm_kv_get' => fn ($k) => ephpm_kv_get($k),
    'ephpm_kv_set' => fn ($k) => ephpm_kv_set($k, 'v'),
    'ephpm_kv_setnx' => fn ($k) => ephpm_kv_setnx($k, 'v'),
    'ephpm_kv_del' => fn ($k) => ephpm_kv_del($k),
    'ephpm_kv_del_if_eq' => fn ($k) => ephpm_kv_del_if_eq($k, 'v'),
    'ephpm_kv_exists' => fn ($k) => ephpm_kv_exists($k),
    'ephpm_kv_incr' => fn ($k) => ephpm_kv_incr($k),
    'ephpm_kv_decr' => fn ($k) => ephpm_kv_decr($k),
    'ephpm_kv_incr_by' => fn ($k) => ephpm_kv_incr_by($k, 2),
    'ephpm_kv_expire' => fn ($k) => ephpm_kv_expire($k, 10),
    'ephpm_kv_ttl' => fn ($k) => ephpm_kv_ttl($k),
    'ephpm_kv_pttl' => fn ($k) => ephpm_kv_pttl($k),
    'ephpm_kv_wait' => fn ($k) => ephpm_kv_wait($k, 0, 0),
];
foreach ($calls as $name => $call) {
    foreach (['', str_repeat('k', 17)] as $key) {
        try {
            $call($key);
            echo "$name: no error\n";
        } catch (ValueError $e) {
            echo $e->getMessage(), "\n";
        }
    }
}
$info = ephpm_kv_info();
var_dump($info['entries'], ephpm_kv_get('keep'));

echo "-- the limit itself is fine, NUL bytes count\n";
var_dump(ephpm_kv_set(str_repeat('k', 16), 'v'), ephpm_kv_get(str_repeat('k', 16)));
var_dump(ephpm_kv_set(str_repeat("\0", 16), 'nul'), ephpm_kv_get(str_repeat("\0", 16)));
try {
    ephpm_kv_set(str_repeat("\0", 17), 'v');
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
var_dump(ephpm_kv_info()['entries']);
?>
--EXPECT--
ephpm_kv_get(): Argument #1 ($key) must not be empty
ephpm_kv_get(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
ephpm_kv_set(): Argument #1 ($key) must not be empty
ephpm_kv_set(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
ephpm_kv_setnx(): Argument #1 ($key) must not be empty
ephpm_kv_setnx(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
ephpm_kv_del(): Argument #1 ($key) must not be empty
ephpm_kv_del(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
ephpm_kv_del_if_eq(): Argument #1 ($key) must not be empty
ephpm_kv_del_if_eq(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
ephpm_kv_exists(): Argument #1 ($key) must not be empty
ephpm_kv_exists(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
ephpm_kv_incr(): Argument #1 ($key) must not be empty
ephpm_kv_incr(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
ephpm_kv_decr(): Argument #1 ($key) must not be empty
ephpm_kv_decr(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
ephpm_kv_incr_by(): Argument #1 ($key) must not be empty
ephpm_kv_incr_by(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
ephpm_kv_expire(): Argument #1 ($key) must not be empty
ephpm_kv_expire(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
ephpm_kv_ttl(): Argument #1 ($key) must not be empty
ephpm_kv_ttl(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
ephpm_kv_pttl(): Argument #1 ($key) must not be empty
ephpm_kv_pttl(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
ephpm_kv_wait(): Argument #1 ($key) must not be empty
ephpm_kv_wait(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
int(1)
string(4) "kept"
-- the limit itself is fine, NUL bytes count
bool(true)
string(1) "v"
bool(true)
string(3) "nul"
ephpm_kv_set(): Argument #1 ($key) must not be longer than 16 bytes (ephpm_kv.max_key_size)
int(3)
