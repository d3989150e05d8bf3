--TEST--
ephpm_kv_get/set: store, replace, missing, empty and binary values
--FILE--
<?php
var_dump(ephpm_kv_get('missing'));
var_dump(ephpm_kv_set('greeting', 'hello'));
var_dump(ephpm_kv_get('greeting'));
var_dump(ephpm_kv_set('greeting', 'replaced'));
var_dump(ephpm_kv_get('greeting'));
var_dump(ephpm_kv_set('empty', ''));
var_dump(ephpm_kv_get('empty'));
$binary = "a\0b\xff\x00end";
var_dump(ephpm_kv_set('binary', $binary));
var_dump(ephpm_kv_get('binary') === $binary);
// Larger than the 64 KiB read buffer: read straight into a string of the right size.
$large = str_repeat('0123456789abcdef', 10000) . 'tail';
var_dump(ephpm_kv_set('large', $large));
var_dump(ephpm_kv_get('large') === $large);
var_dump(strlen(ephpm_kv_get('large')));
?>
--EXPECT--
NULL
bool(true)
string(5) "hello"
bool(true)
string(8) "replaced"
bool(true)
string(0) ""
bool(true)
bool(true)
bool(true)
bool(true)
int(160004)
