--TEST--
noeviction: a full store refuses the write with a warning naming the reason, and keeps every other key
--INI--
ephpm_kv.size=2M
ephpm_kv.eviction_policy=noeviction
--FILE--
<?php
$value = fn (int $i) => str_pad("value $i ", 10000, chr(ord('a') + $i % 26));
$stored = 0;
while (ephpm_kv_set("key$stored", $value($stored))) {
    $stored++;
}
echo "stored some: ", $stored > 50 ? 'yes' : "only $stored", "\n";
var_dump(ephpm_kv_exists("key$stored"));
var_dump(ephpm_kv_setnx('another', $value(0)));

$intact = 0;
for ($i = 0; $i < $stored; $i++) {
    $intact += ephpm_kv_get("key$i") === $value($i);
}
echo "intact: ", $intact === $stored ? 'all' : "$intact of $stored", "\n";
$info = ephpm_kv_info();
var_dump($info['evictions'], $info['entries'] === $stored);

echo "-- room again after a delete\n";
ephpm_kv_del('key0');
var_dump(ephpm_kv_set('another', $value(0)));
?>
--EXPECTF--
Warning: ephpm_kv_set(): store full: no free memory for %d bytes beside the %d bytes a shard keeps for session locks and the eviction policy is noeviction (raise ephpm_kv.size or choose allkeys-lru) in %s on line %d
stored some: yes
bool(false)

Warning: ephpm_kv_setnx(): store full: %s in %s on line %d
bool(false)
intact: all
int(0)
bool(true)
-- room again after a delete
bool(true)
