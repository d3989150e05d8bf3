--TEST--
Non-string values throw TypeError under strict_types and change nothing
--FILE--
<?php
declare(strict_types=1);

ephpm_kv_set('k', 'original');
foreach ([42, 1.5, true, null, ['a'], new stdClass] as $value) {
    try {
        ephpm_kv_set('k', $value);
        echo "no error\n";
    } catch (TypeError $e) {
        echo $e->getMessage(), "\n";
    }
}
try {
    ephpm_kv_setnx('new', 7);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
try {
    ephpm_kv_incr_by('n', '5');
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
try {
    ephpm_kv_set('k', 'v', '10');
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
try {
    ephpm_kv_get(5);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
var_dump(ephpm_kv_get('k'), ephpm_kv_exists('new'), ephpm_kv_exists('n'), ephpm_kv_info()['entries']);
?>
--EXPECT--
ephpm_kv_set(): Argument #2 ($value) must be of type string, int given
ephpm_kv_set(): Argument #2 ($value) must be of type string, float given
ephpm_kv_set(): Argument #2 ($value) must be of type string, bool given
ephpm_kv_set(): Argument #2 ($value) must be of type string, null given
ephpm_kv_set(): Argument #2 ($value) must be of type string, array given
ephpm_kv_set(): Argument #2 ($value) must be of type string, stdClass given
ephpm_kv_setnx(): Argument #2 ($value) must be of type string, int given
ephpm_kv_incr_by(): Argument #2 ($delta) must be of type int, string given
ephpm_kv_set(): Argument #3 ($ttl) must be of type int, string given
ephpm_kv_get(): Argument #1 ($key) must be of type string, int given
string(8) "original"
bool(false)
bool(false)
int(1)
