--TEST--
ephpm_kv_ttl/pttl: -2 missing, -1 no expiry, ttl <= 0 means no expiry, ttl rounds up
--FILE--
<?php
var_dump(ephpm_kv_ttl('missing'), ephpm_kv_pttl('missing'));

ephpm_kv_set('forever', 'v');
ephpm_kv_set('zero', 'v', 0);
ephpm_kv_set('negative', 'v', -5);
var_dump(ephpm_kv_ttl('forever'), ephpm_kv_pttl('forever'));
var_dump(ephpm_kv_ttl('zero'), ephpm_kv_ttl('negative'), ephpm_kv_get('negative'));

ephpm_kv_set('hundred', 'v', 100);
$pttl = ephpm_kv_pttl('hundred');
var_dump($pttl > 99000 && $pttl <= 100000);
var_dump(ephpm_kv_ttl('hundred'));

// 1..999 ms left reads as 1 second, never as 0 or -1.
ephpm_kv_set('short', 'v', 1);
usleep(200000);
$pttl = ephpm_kv_pttl('short');
$ttl = ephpm_kv_ttl('short');
var_dump($pttl >= 1 && $pttl <= 800, $ttl);

echo "-- a set replaces the whole entry, TTL included\n";
ephpm_kv_set('hundred', 'w');
var_dump(ephpm_kv_ttl('hundred'));
ephpm_kv_set('forever', 'x', 50);
var_dump(ephpm_kv_ttl('forever'));
?>
--EXPECT--
int(-2)
int(-2)
int(-1)
int(-1)
int(-1)
int(-1)
string(1) "v"
bool(true)
int(100)
bool(true)
int(1)
-- a set replaces the whole entry, TTL included
int(-1)
int(50)
