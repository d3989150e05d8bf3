--TEST--
A full store makes room with expired keys before it evicts a live one
--INI--
ephpm_kv.size=2M
ephpm_kv.eviction_policy=allkeys-lru
--FILE--
<?php
$value = str_repeat('v', 100);
for ($capacity = 0; ephpm_kv_info()['evictions'] === 0; $capacity++) {
    ephpm_kv_set(sprintf('probe%06d', $capacity), $value);
}
ephpm_kv_flush_all();
$evictedBefore = ephpm_kv_info()['evictions'];

$half = intdiv($capacity, 2) - 10;
for ($i = 0; $i < $half; $i++) {
    ephpm_kv_set(sprintf('short%06d', $i), $value, 1);
}
for ($i = 0; $i < $half; $i++) {
    ephpm_kv_set(sprintf('live%06d', $i), $value);
}
echo "filled without evicting: ", ephpm_kv_info()['evictions'] === $evictedBefore ? 'yes' : 'no', "\n";
usleep(1_100_000);

$failed = 0;
for ($i = 0; $i < intdiv($half, 2); $i++) {
    $failed += !ephpm_kv_set(sprintf('new%06d', $i), $value);
}
$missing = 0;
for ($i = 0; $i < $half; $i++) {
    $missing += !ephpm_kv_exists(sprintf('live%06d', $i));
}
echo "failed writes: $failed\n";
echo "live keys evicted: ", ephpm_kv_info()['evictions'] - $evictedBefore, "\n";
echo "live keys missing: $missing\n";
echo "expired keys reclaimed: ", ephpm_kv_info()['expirations'] >= intdiv($half, 2) - 20 ? 'yes' : 'no', "\n";
?>
--EXPECT--
filled without evicting: yes
failed writes: 0
live keys evicted: 0
live keys missing: 0
expired keys reclaimed: yes
