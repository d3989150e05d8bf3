--TEST--
ephpm_kv_setnx: only when absent; an expired entry counts as absent
--FILE--
<?php
var_dump(ephpm_kv_setnx('k', 'first'));
var_dump(ephpm_kv_setnx('k', 'second'));
var_dump(ephpm_kv_get('k'), ephpm_kv_ttl('k'));

var_dump(ephpm_kv_setnx('t', 'with ttl', 100), ephpm_kv_ttl('t'));
var_dump(ephpm_kv_setnx('t', 'again', 5), ephpm_kv_get('t'), ephpm_kv_ttl('t'));

ephpm_kv_set('old', 'expiring', 1);
sleep(2);
var_dump(ephpm_kv_setnx('old', 'fresh'));
var_dump(ephpm_kv_get('old'), ephpm_kv_ttl('old'));

ephpm_kv_del('k');
var_dump(ephpm_kv_setnx('k', 'after delete'), ephpm_kv_get('k'));
?>
--EXPECT--
bool(true)
bool(false)
string(5) "first"
int(-1)
bool(true)
int(100)
bool(false)
string(8) "with ttl"
int(100)
bool(true)
string(5) "fresh"
int(-1)
bool(true)
string(12) "after delete"
