--TEST--
A large value written into a full store evicts about its own size, not the store
--INI--
ephpm_kv.size=2M
ephpm_kv.eviction_policy=allkeys-lru
--FILE--
<?php
// Values of mixed sizes over random keys: the least recently used entries lie
// all over the memory, so evicting them in LRU order seldom frees 16 KB in one piece.
mt_srand(7);
for ($i = 0; $i < 60000; $i++) {
    ephpm_kv_set('k' . mt_rand(0, 29999), str_repeat('v', mt_rand(50, 300)));
}
$info = ephpm_kv_info();
echo "full: ", $info['evictions'] > 0 ? 'yes' : 'no', "\n";
$entries = $info['entries'];

var_dump(ephpm_kv_set('large', str_repeat('L', 16384)));
$evicted = ephpm_kv_info()['evictions'] - $info['evictions'];
echo "evicted at most 16384 / 90 + 30 entries: ", $evicted <= 16384 / 90 + 30 ? 'yes' : "no ($evicted of $entries)", "\n";
var_dump(strlen(ephpm_kv_get('large')));
?>
--EXPECT--
full: yes
bool(true)
evicted at most 16384 / 90 + 30 entries: yes
int(16384)
