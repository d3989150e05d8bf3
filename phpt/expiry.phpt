--TEST--
Expired keys are never returned, and are reclaimed without a read
--INI--
ephpm_kv.size=2M
--FILE--
<?php
ephpm_kv_set('short', 'gone soon', 1);
ephpm_kv_set('long', 'stays', 100);
ephpm_kv_set('counter', '5', 1);
for ($i = 0; $i < 200; $i++) {
    ephpm_kv_set("expiring$i", str_repeat('x', 100), 1);
}
var_dump(ephpm_kv_get('short'), ephpm_kv_exists('short'));
$before = ephpm_kv_info();
var_dump($before['entries'], $before['expirations']);

sleep(2);

echo "-- after expiry\n";
var_dump(ephpm_kv_get('short'), ephpm_kv_exists('short'), ephpm_kv_ttl('short'), ephpm_kv_pttl('short'));
var_dump(ephpm_kv_get('long'));
// An expired counter counts as missing: it starts again at the delta, without TTL.
var_dump(ephpm_kv_incr('counter'), ephpm_kv_ttl('counter'));

echo "-- reclaimed by the workers' own traffic, never read\n";
for ($i = 0; $i < 2000; $i++) {
    ephpm_kv_set("other$i", 'v');
}
$after = ephpm_kv_info();
var_dump($after['expirations'] > 0);
var_dump($after['entries'] < 203 + 2000);
var_dump(ephpm_kv_get('expiring7'));
?>
--EXPECT--
string(9) "gone soon"
bool(true)
int(203)
int(0)
-- after expiry
NULL
bool(false)
int(-2)
int(-2)
string(5) "stays"
int(1)
int(-1)
-- reclaimed by the workers' own traffic, never read
bool(true)
bool(true)
NULL
