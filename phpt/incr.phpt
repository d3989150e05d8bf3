--TEST--
ephpm_kv_incr/decr/incr_by: missing key starts at delta without TTL, TTL kept, non-integers and overflow refused
--FILE--
<?php
var_dump(ephpm_kv_incr('a'), ephpm_kv_ttl('a'));
var_dump(ephpm_kv_incr('a'), ephpm_kv_get('a'));
var_dump(ephpm_kv_decr('b'), ephpm_kv_get('b'));
var_dump(ephpm_kv_incr_by('c', 42), ephpm_kv_incr_by('c', -50), ephpm_kv_get('c'));
var_dump(ephpm_kv_incr_by('c', 0));

echo "-- an existing TTL is kept\n";
ephpm_kv_set('t', '10', 100);
var_dump(ephpm_kv_incr('t'), ephpm_kv_ttl('t'));

echo "-- plain decimal int64 values only\n";
ephpm_kv_set('neg', '-7');
var_dump(ephpm_kv_incr('neg'));
foreach (['1.5', ' 1', '1 ', 'abc', '', '0x10', '1e3'] as $value) {
    ephpm_kv_set('bad', $value);
    var_dump(ephpm_kv_incr('bad'));
    var_dump(ephpm_kv_get('bad') === $value);
}

echo "-- overflow\n";
ephpm_kv_set('max', (string) PHP_INT_MAX);
var_dump(ephpm_kv_incr('max'), ephpm_kv_get('max'));
ephpm_kv_set('min', (string) PHP_INT_MIN);
var_dump(ephpm_kv_decr('min'), ephpm_kv_get('min'));
var_dump(ephpm_kv_incr_by('fresh', PHP_INT_MIN));
var_dump(ephpm_kv_incr_by('fresh', -1), ephpm_kv_get('fresh'));
?>
--EXPECTF--
int(1)
int(-1)
int(2)
string(1) "2"
int(-1)
string(2) "-1"
int(42)
int(-8)
string(2) "-8"
int(-8)
-- an existing TTL is kept
int(11)
int(100)
-- plain decimal int64 values only
int(-6)

Warning: ephpm_kv_incr(): value is not an integer%s in %s on line %d
bool(false)
bool(true)

Warning: ephpm_kv_incr(): value is not an integer%s in %s on line %d
bool(false)
bool(true)

Warning: ephpm_kv_incr(): value is not an integer%s in %s on line %d
bool(false)
bool(true)

Warning: ephpm_kv_incr(): value is not an integer%s in %s on line %d
bool(false)
bool(true)

Warning: ephpm_kv_incr(): value is not an integer%s in %s on line %d
bool(false)
bool(true)

Warning: ephpm_kv_incr(): value is not an integer%s in %s on line %d
bool(false)
bool(true)

Warning: ephpm_kv_incr(): value is not an integer%s in %s on line %d
bool(false)
bool(true)
-- overflow

Warning: ephpm_kv_incr(): integer overflow: adding 1 to 9223372036854775807 does not fit in a 64-bit integer in %s on line %d
bool(false)
string(19) "9223372036854775807"

Warning: ephpm_kv_decr(): integer overflow: adding -1 to -9223372036854775808 does not fit in a 64-bit integer in %s on line %d
bool(false)
string(20) "-9223372036854775808"
int(-9223372036854775808)

Warning: ephpm_kv_incr_by(): integer overflow%s in %s on line %d
bool(false)
string(20) "-9223372036854775808"
