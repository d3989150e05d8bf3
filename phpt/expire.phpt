--TEST--
ephpm_kv_expire: sets a TTL on an existing key; false (and no change) when missing or ttl <= 0
--FILE--
<?php
var_dump(ephpm_kv_expire('missing', 10));
var_dump(ephpm_kv_exists('missing'));

ephpm_kv_set('k', 'v');
var_dump(ephpm_kv_expire('k', 0), ephpm_kv_ttl('k'));
var_dump(ephpm_kv_expire('k', -1), ephpm_kv_ttl('k'));
var_dump(ephpm_kv_expire('k', 100), ephpm_kv_ttl('k'));
var_dump(ephpm_kv_expire('k', 0), ephpm_kv_ttl('k'));
var_dump(ephpm_kv_expire('k', 5), ephpm_kv_ttl('k'), ephpm_kv_get('k'));

ephpm_kv_set('brief', 'v', 1);
sleep(2);
var_dump(ephpm_kv_expire('brief', 100), ephpm_kv_ttl('brief'));

echo "-- ttl too large for milliseconds\n";
ephpm_kv_set('p', 'v');
try {
    ephpm_kv_expire('p', PHP_INT_MAX);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
var_dump(ephpm_kv_ttl('p'));
?>
--EXPECT--
bool(false)
bool(false)
bool(false)
int(-1)
bool(false)
int(-1)
bool(true)
int(100)
bool(false)
int(100)
bool(true)
int(5)
string(1) "v"
bool(false)
int(-2)
-- ttl too large for milliseconds
ephpm_kv_expire(): Argument #2 ($ttl) must be less than or equal to 9223372036854775
int(-1)
