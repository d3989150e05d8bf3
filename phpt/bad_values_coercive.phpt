--TEST--
Without strict_types scalars are coerced as for any internal function; arrays and objects throw TypeError
--FILE--
<?php
var_dump(ephpm_kv_set('int', 42), ephpm_kv_get('int'));
var_dump(ephpm_kv_set('float', 1.5), ephpm_kv_get('float'));
var_dump(ephpm_kv_set('bool', true), ephpm_kv_get('bool'));
var_dump(ephpm_kv_set(7, 'int key'), ephpm_kv_get('7'));
var_dump(ephpm_kv_set('null', null), ephpm_kv_get('null'));
var_dump(ephpm_kv_set('ttl', 'v', '100'), ephpm_kv_ttl('ttl'));
foreach ([['a'], new stdClass] as $value) {
    try {
        ephpm_kv_set('int', $value);
    } catch (TypeError $e) {
        echo $e->getMessage(), "\n";
    }
}
try {
    ephpm_kv_set('ttl', 'v', 'soon');
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
var_dump(ephpm_kv_get('int'), ephpm_kv_ttl('ttl'));
?>
--EXPECTF--
bool(true)
string(2) "42"
bool(true)
string(3) "1.5"
bool(true)
string(1) "1"
bool(true)
string(7) "int key"

Deprecated: ephpm_kv_set(): Passing null to parameter #2 ($value) of type string is deprecated in %s on line %d
bool(true)
string(0) ""
bool(true)
int(100)
ephpm_kv_set(): Argument #2 ($value) must be of type string, array given
ephpm_kv_set(): Argument #2 ($value) must be of type string, stdClass given
ephpm_kv_set(): Argument #3 ($ttl) must be of type int, string given
string(2) "42"
int(100)
