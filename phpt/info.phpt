--TEST--
ephpm_kv_info: keys, configuration and figures that move with use
--INI--
ephpm_kv.size=8M
ephpm_kv.eviction_policy=volatile-lru
--FILE--
<?php
$start = ephpm_kv_info();
var_dump(array_keys($start));
var_dump($start['memory_total'] === 8 * 1024 * 1024, $start['eviction_policy']);
var_dump($start['entries'], $start['hits'], $start['misses'], $start['evictions'],
    $start['expirations'], $start['lock_takeovers'], $start['memory_used']);
var_dump($start['shards'] >= 1);
var_dump($start['max_entry_size'] > 0 && $start['max_entry_size'] < $start['memory_total']);
var_dump($start['memory_free'] > 0 && $start['memory_free'] <= $start['memory_total']);

ephpm_kv_set('a', str_repeat('x', 1000));
ephpm_kv_set('b', 'y');
ephpm_kv_set('c', 'z', 100);
ephpm_kv_get('a');
ephpm_kv_get('b');
ephpm_kv_get('nope');
$now = ephpm_kv_info();
var_dump($now['entries'], $now['hits'] - $start['hits'], $now['misses'] - $start['misses']);
var_dump($now['memory_used'] > $start['memory_used'] + 1000);
var_dump($now['memory_free'] < $start['memory_free']);
var_dump($now['memory_used'] + $now['memory_free'] <= $now['memory_total']);

ephpm_kv_del('a');
$after = ephpm_kv_info();
var_dump($after['entries'], $after['memory_used'] < $now['memory_used']);
?>
--EXPECT--
array(12) {
  [0]=>
  string(7) "entries"
  [1]=>
  string(11) "memory_used"
  [2]=>
  string(11) "memory_free"
  [3]=>
  string(12) "memory_total"
  [4]=>
  string(4) "hits"
  [5]=>
  string(6) "misses"
  [6]=>
  string(9) "evictions"
  [7]=>
  string(11) "expirations"
  [8]=>
  string(6) "shards"
  [9]=>
  string(14) "max_entry_size"
  [10]=>
  string(14) "lock_takeovers"
  [11]=>
  string(15) "eviction_policy"
}
bool(true)
string(12) "volatile-lru"
int(0)
int(0)
int(0)
int(0)
int(0)
int(0)
int(0)
bool(true)
bool(true)
bool(true)
int(3)
int(2)
int(1)
bool(true)
bool(true)
bool(true)
int(2)
bool(true)
