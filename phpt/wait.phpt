--TEST--
ephpm_kv_wait: poll with 0 ms, timeout false, version and value once the key changed
--FILE--
<?php
echo "-- missing key: version 0\n";
var_dump(ephpm_kv_wait('k', 0, 0));
var_dump(ephpm_kv_wait('k', 0, 50));

ephpm_kv_set('k', 'v1');
$first = ephpm_kv_wait('k', 0, 0);
var_dump(array_keys($first), $first['value'], $first['version'] > 0);
var_dump(ephpm_kv_wait('k', $first['version'], 0));
var_dump(ephpm_kv_wait('k', $first['version'], 30));

ephpm_kv_set('k', 'v2');
$second = ephpm_kv_wait('k', $first['version'], 1000);
var_dump($second['value'], $second['version'] !== $first['version']);

echo "-- a delete is a change too: value null, version 0\n";
ephpm_kv_del('k');
var_dump(ephpm_kv_wait('k', $second['version'], 0));

echo "-- bad arguments\n";
foreach ([[0, -1], [-1, 0]] as [$version, $timeout]) {
    try {
        ephpm_kv_wait('k', $version, $timeout);
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
-- missing key: version 0
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
bool(false)
bool(false)
string(2) "v2"
bool(true)
-- a delete is a change too: value null, version 0
array(2) {
  ["version"]=>
  int(0)
  ["value"]=>
  NULL
}
-- bad arguments
ephpm_kv_wait(): Argument #3 ($timeout_ms) must be greater than or equal to 0
ephpm_kv_wait(): Argument #2 ($last_version) must be greater than or equal to 0
