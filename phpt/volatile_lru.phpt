--TEST--
volatile-lru: only entries with a TTL are evicted; without any left, the write fails with a warning
--INI--
ephpm_kv.size=2M
ephpm_kv.eviction_policy=volatile-lru
--FILE--
<?php
for ($i = 0; $i < 50; $i++) {
    ephpm_kv_set("persistent$i", str_repeat('p', 10000));
}
$failed = 0;
for ($i = 0; $i < 400; $i++) {
    $failed += !ephpm_kv_set("volatile$i", str_repeat('v', 10000), 1000);
}
echo "failed volatile writes: $failed\n";
echo "evicted: ", ephpm_kv_info()['evictions'] > 0 ? 'yes' : 'no', "\n";
$kept = 0;
for ($i = 0; $i < 50; $i++) {
    $kept += ephpm_kv_exists("persistent$i");
}
echo "persistent kept: $kept\n";

echo "-- only entries without TTL left\n";
ephpm_kv_flush_all();
$i = 0;
while (ephpm_kv_set("persistent$i", str_repeat('p', 10000))) {
    $i++;
}
var_dump(ephpm_kv_info()['entries'] === $i);
?>
--EXPECTF--
failed volatile writes: 0
evicted: yes
persistent kept: 50
-- only entries without TTL left

Warning: ephpm_kv_set(): store full: no free memory for %d bytes beside the %d bytes a shard keeps for session locks and nothing left that policy volatile-lru may evict in %s on line %d
bool(true)
