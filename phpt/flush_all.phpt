--TEST--
ephpm_kv_flush_all removes every entry
--FILE--
<?php
for ($i = 0; $i < 100; $i++) {
    ephpm_kv_set("key$i", "value$i", $i % 2 ? 100 : 0);
}
var_dump(ephpm_kv_info()['entries']);
var_dump(ephpm_kv_flush_all());
var_dump(ephpm_kv_info()['entries']);
var_dump(ephpm_kv_get('key1'), ephpm_kv_exists('key2'), ephpm_kv_ttl('key3'));
var_dump(ephpm_kv_set('key1', 'again'), ephpm_kv_get('key1'));
?>
--EXPECT--
int(100)
bool(true)
int(0)
NULL
bool(false)
int(-2)
bool(true)
string(5) "again"
