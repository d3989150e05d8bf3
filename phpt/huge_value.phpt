--TEST--
A 1 GiB value: false with a warning naming the reason; the store is unchanged
--INI--
memory_limit=-1
--FILE--
<?php
ephpm_kv_set('k', 'small');
$huge = str_repeat('x', 1 << 30);
var_dump(ephpm_kv_set('k', $huge));
var_dump(ephpm_kv_setnx('other', $huge));
var_dump(ephpm_kv_get('k'), ephpm_kv_exists('other'), ephpm_kv_info()['entries']);

echo "-- ttl too large for milliseconds\n";
try {
    ephpm_kv_set('k', 'v', PHP_INT_MAX);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
var_dump(ephpm_kv_get('k'));
?>
--EXPECTF--
Warning: ephpm_kv_set(): entry too large: key and value need %d bytes, the largest entry this store can hold is %d bytes (raise ephpm_kv.size) in %s on line %d
bool(false)

Warning: ephpm_kv_setnx(): entry too large: %s in %s on line %d
bool(false)
string(5) "small"
bool(false)
int(1)
-- ttl too large for milliseconds
ephpm_kv_set(): Argument #3 ($ttl) must be less than or equal to 9223372036854775
string(5) "small"
