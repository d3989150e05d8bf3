--TEST--
Keys are binary-safe: a NUL byte is part of the key
--FILE--
<?php
ephpm_kv_set("a\0b", 'one');
ephpm_kv_set("a\0c", 'two');
ephpm_kv_set("a", 'three');
var_dump(ephpm_kv_get("a\0b"), ephpm_kv_get("a\0c"), ephpm_kv_get("a"));
var_dump(ephpm_kv_get("a\0"));
var_dump(ephpm_kv_exists("a\0b"), ephpm_kv_exists("a\0d"));
var_dump(ephpm_kv_del("a\0b"));
var_dump(ephpm_kv_get("a\0b"), ephpm_kv_get("a\0c"), ephpm_kv_get("a"));
var_dump(ephpm_kv_incr("\0"), ephpm_kv_incr("\0"));
var_dump(ephpm_kv_info()['entries']);
?>
--EXPECT--
string(3) "one"
string(3) "two"
string(5) "three"
NULL
bool(true)
bool(false)
int(1)
NULL
string(3) "two"
string(5) "three"
int(1)
int(2)
int(3)
