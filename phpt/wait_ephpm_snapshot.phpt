--TEST--
ephpm_kv_wait: ePHPm's protocol: last_version 0 is "register + snapshot" (answers at once, key or no key); negative arguments count as 0
--FILE--
<?php
declare(strict_types=1);

echo "-- ePHPm's guide, verbatim: snapshot once, then block until the state changes\n";
$r = ephpm_kv_wait('board:state', 0, 0);        // register + snapshot
var_dump($r);
$ver = $r['version'];
var_dump(ephpm_kv_wait('board:state', $ver, 20)); // no change: timeout

ephpm_kv_set('board:state', 'painted');
$r = ephpm_kv_wait('board:state', $ver, 15000);
var_dump($r['value'], $r['version'] !== $ver);
$ver = $r['version'];
var_dump(ephpm_kv_wait('board:state', $ver, 0));

echo "-- a snapshot does not wait, however long the timeout\n";
$t = hrtime(true);
$snap = ephpm_kv_wait('board:state', 0, 5000);
var_dump($snap['value'], $snap['version'] === $ver, (hrtime(true) - $t) < 1e9);

echo "-- deleted: value null, and the absent state has a version of its own\n";
ephpm_kv_del('board:state');
$gone = ephpm_kv_wait('board:state', $ver, 1000);
var_dump($gone['value'], $gone['version'] > 0, $gone['version'] !== $ver);
var_dump(ephpm_kv_wait('board:state', $gone['version'], 0));

echo "-- negative arguments count as 0 (ePHPm): a snapshot, a poll\n";
var_dump(ephpm_kv_wait('board:state', -1, -1) === ['version' => $gone['version'], 'value' => null]);
var_dump(ephpm_kv_wait('board:state', $gone['version'], -1));
?>
--EXPECT--
-- ePHPm's guide, verbatim: snapshot once, then block until the state changes
array(2) {
  ["version"]=>
  int(1)
  ["value"]=>
  NULL
}
bool(false)
string(7) "painted"
bool(true)
bool(false)
-- a snapshot does not wait, however long the timeout
string(7) "painted"
bool(true)
bool(true)
-- deleted: value null, and the absent state has a version of its own
NULL
bool(true)
bool(true)
bool(false)
-- negative arguments count as 0 (ePHPm): a snapshot, a poll
bool(true)
bool(false)
