--TEST--
ini settings are validated: a bad value is refused with a warning that names the setting and what it expects
--FILE--
<?php
require __DIR__ . '/include/processes.inc';

$show = <<<'PHP'
    foreach (['size', 'eviction_policy', 'max_key_size', 'gomaxprocs', 'gomemlimit'] as $name) {
        echo "ephpm_kv.$name = ", ini_get("ephpm_kv.$name"), "\n";
    }
    var_dump(ephpm_kv_set('k', 'still works'));
    PHP;
echo "-- startup (PHP_INI_SYSTEM)\n";
$bad = ['ephpm_kv.size' => 'lots', 'ephpm_kv.eviction_policy' => 'lfu', 'ephpm_kv.max_key_size' => '0',
    'ephpm_kv.gomaxprocs' => '-1', 'ephpm_kv.gomemlimit' => '12 parsecs'];
$result = ephpm_run_php($show, $bad);
echo $result['stdout'], $result['stderr'];

$result = ephpm_run_php($show, ['ephpm_kv.size' => '1M', 'ephpm_kv.max_key_size' => '65536',
    'ephpm_kv.gomaxprocs' => '2x']);
echo $result['stdout'], $result['stderr'];

echo "-- good values\n";
$result = ephpm_run_php($show, ['ephpm_kv.size' => '16m', 'ephpm_kv.eviction_policy' => 'noeviction',
    'ephpm_kv.max_key_size' => '65535', 'ephpm_kv.gomaxprocs' => '0', 'ephpm_kv.gomemlimit' => '1G']);
echo $result['stdout'], $result['stderr'];

echo "-- runtime\n";
var_dump(ini_set('ephpm_kv.size', '8M'), ini_get('ephpm_kv.size'));
var_dump(ini_set('ephpm_kv.session_lock_timeout', '-5'), ini_get('ephpm_kv.session_lock_timeout'));
var_dump(ini_set('ephpm_kv.session_lock_timeout', 'soon'), ini_get('ephpm_kv.session_lock_timeout'));
var_dump(ini_set('ephpm_kv.session_lock_timeout', '250'), ini_get('ephpm_kv.session_lock_timeout'));
var_dump(ini_set('ephpm_kv.session_prefix', 'app1:'), ini_get('ephpm_kv.session_prefix'));
var_dump(ini_set('ephpm_kv.session_locking', '0'), ini_get('ephpm_kv.session_locking'));
?>
--EXPECTF--
-- startup (PHP_INI_SYSTEM)

Warning: Invalid value "lots" for ephpm_kv.size: expected a size of at least 2M, such as 64M or 1G; keeping "64M" in Unknown on line 0

Warning: Invalid value "lfu" for ephpm_kv.eviction_policy: expected allkeys-lru, volatile-lru or noeviction; keeping "allkeys-lru" in Unknown on line 0

Warning: Invalid value "0" for ephpm_kv.max_key_size: expected an integer between 1 and 65535 (bytes); keeping "1024" in Unknown on line 0

Warning: Invalid value "-1" for ephpm_kv.gomaxprocs: expected an integer between 0 (Go's default) and 1024; keeping "2" in Unknown on line 0

Warning: Invalid value "12 parsecs" for ephpm_kv.gomemlimit: expected 0 (Go's default) or a size such as 256M; keeping "0" in Unknown on line 0
ephpm_kv.size = 64M
ephpm_kv.eviction_policy = allkeys-lru
ephpm_kv.max_key_size = 1024
ephpm_kv.gomaxprocs = 2
ephpm_kv.gomemlimit = 0
bool(true)

Warning: Invalid value "1M" for ephpm_kv.size: expected a size of at least 2M, such as 64M or 1G; keeping "64M" in Unknown on line 0

Warning: Invalid value "65536" for ephpm_kv.max_key_size: expected an integer between 1 and 65535 (bytes); keeping "1024" in Unknown on line 0

Warning: Invalid value "2x" for ephpm_kv.gomaxprocs: expected an integer between 0 (Go's default) and 1024; keeping "2" in Unknown on line 0
ephpm_kv.size = 64M
ephpm_kv.eviction_policy = allkeys-lru
ephpm_kv.max_key_size = 1024
ephpm_kv.gomaxprocs = 2
ephpm_kv.gomemlimit = 0
bool(true)
-- good values
ephpm_kv.size = 16m
ephpm_kv.eviction_policy = noeviction
ephpm_kv.max_key_size = 65535
ephpm_kv.gomaxprocs = 0
ephpm_kv.gomemlimit = 1G
bool(true)
-- runtime
bool(false)
string(3) "64M"

Warning: Invalid value "-5" for ephpm_kv.session_lock_timeout: expected a number of milliseconds (0 or more); keeping "30000" in %s on line %d
bool(false)
string(5) "30000"

Warning: Invalid value "soon" for ephpm_kv.session_lock_timeout: expected a number of milliseconds (0 or more); keeping "30000" in %s on line %d
bool(false)
string(5) "30000"
string(5) "30000"
string(3) "250"
string(12) "php_session:"
string(5) "app1:"
string(1) "1"
string(1) "0"
