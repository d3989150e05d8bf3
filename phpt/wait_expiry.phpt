--TEST--
ephpm_kv_wait: a watched key that expires is a change at its expiry, not at the timeout; false when it expires after the deadline
--FILE--
<?php
echo "-- expires while watched: version 1 (absent), value null, about 1 s in\n";
ephpm_kv_set('brief', 'v', 1);
$watched = ephpm_kv_wait('brief', 0, 0);
$start = microtime(true);
var_dump(ephpm_kv_wait('brief', $watched['version'], 10000));
var_dump(microtime(true) - $start < 3);

echo "-- expires after the deadline: false at the deadline\n";
ephpm_kv_set('later', 'v', 60);
$watched = ephpm_kv_wait('later', 0, 0);
$start = microtime(true);
var_dump(ephpm_kv_wait('later', $watched['version'], 100));
$elapsed = microtime(true) - $start;
var_dump($elapsed >= 0.09 && $elapsed < 3);
var_dump(ephpm_kv_get('later'));
?>
--EXPECT--
-- expires while watched: version 1 (absent), value null, about 1 s in
array(2) {
  ["version"]=>
  int(1)
  ["value"]=>
  NULL
}
bool(true)
-- expires after the deadline: false at the deadline
bool(false)
bool(true)
string(1) "v"
