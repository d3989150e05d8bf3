--TEST--
allkeys-lru: a full store evicts the least recently used entries and keeps recent ones
--INI--
ephpm_kv.size=2M
ephpm_kv.eviction_policy=allkeys-lru
--FILE--
<?php
ephpm_kv_set('hot', 'read all the time');
$failed = 0;
for ($i = 0; $i < 600; $i++) {
    $failed += !ephpm_kv_set("key$i", str_repeat('v', 10000));
    ephpm_kv_get('hot');
}
$info = ephpm_kv_info();
echo "failed writes: $failed\n";
echo "evicted: ", $info['evictions'] > 0 ? 'yes' : 'no', "\n";
echo "entries below 601: ", $info['entries'] < 601 ? 'yes' : 'no', "\n";
var_dump(ephpm_kv_get('hot'));
var_dump(ephpm_kv_get('key0'), ephpm_kv_exists('key1'));
var_dump(strlen(ephpm_kv_get('key599')), strlen(ephpm_kv_get('key598')));
?>
--EXPECT--
failed writes: 0
evicted: yes
entries below 601: yes
string(17) "read all the time"
NULL
bool(false)
int(10000)
int(10000)
