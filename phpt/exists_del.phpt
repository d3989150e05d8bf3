--TEST--
ephpm_kv_exists, ephpm_kv_del, ephpm_kv_del_if_eq
--FILE--
<?php
var_dump(ephpm_kv_exists('k'));
ephpm_kv_set('k', 'v');
var_dump(ephpm_kv_exists('k'));
var_dump(ephpm_kv_del('k'));
var_dump(ephpm_kv_del('k'));
var_dump(ephpm_kv_exists('k'));

echo "-- del_if_eq\n";
ephpm_kv_set('lock', 'token-1');
var_dump(ephpm_kv_del_if_eq('lock', 'token-2'));
var_dump(ephpm_kv_get('lock'));
var_dump(ephpm_kv_del_if_eq('lock', 'token-1'));
var_dump(ephpm_kv_get('lock'));
var_dump(ephpm_kv_del_if_eq('lock', 'token-1'));
ephpm_kv_set('bin', "x\0y");
var_dump(ephpm_kv_del_if_eq('bin', "x\0z"), ephpm_kv_del_if_eq('bin', "x\0y"));
?>
--EXPECT--
bool(false)
bool(true)
int(1)
int(0)
bool(false)
-- del_if_eq
bool(false)
string(7) "token-1"
bool(true)
NULL
bool(false)
bool(false)
bool(true)
