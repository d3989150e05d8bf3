--TEST--
ephpm_kv_wait: poll with 0 ms, timeout false, version and value once the key changed
--FILE--
<?php
echo "-- missing key: the snapshot (last_version 0) says version 1, value null\n";
var_dump(ephpm_kv_wait('k', 0, 0));
var_dump(ephpm_kv_wait('k', 1, 0));
var_dump(ephpm_kv_wait('k', 1, 50));

ephpm_kv_set('k', 'v1');
$first = ephpm_kv_wait('k', 1, 0);
var_dump(array_keys($first), $first['value'], $first['version'] > 1);
var_dump(ephpm_kv_wait('k', 0, 0) === $first);
var_dump(ephpm_kv_wait('k', $first['version'], 0));
var_dump(ephpm_kv_wait('k', $first['version'], 30));

ephpm_kv_set('k', 'v2');
$second = ephpm_kv_wait('k', $first['version'], 1000);
var_dump($second['value'], $second['version'] !== $first['version']);

echo "-- a delete is a change too: value null, version 1\n";
ephpm_kv_del('k');
var_dump(ephpm_kv_wait('k', $second['version'], 0));
?>
--EXPECT--
-- missing key: the snapshot (last_version 0) says version 1, value null
array(2) {
  ["version"]=>
  int(1)
  ["value"]=>
  NULL
}
bool(false)
bool(false)
array(2) {
  [0]=>
  string(7) "version"
  [1]=>
  string(5) "value"
}
string(2) "v1"
bool(true)
bool(true)
bool(false)
bool(false)
string(2) "v2"
bool(true)
-- a delete is a change too: value null, version 1
array(2) {
  ["version"]=>
  int(1)
  ["value"]=>
  NULL
}
