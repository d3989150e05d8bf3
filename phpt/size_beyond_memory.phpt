--TEST--
ephpm_kv.size beyond the machine's memory: the store is made (its pages are taken only as it fills), with a startup warning saying what a full store would do
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
preg_match('/^MemTotal:\s+(\d+) kB/m', file_get_contents('/proc/meminfo'), $m);
$twice = intdiv(2 * (int) $m[1], 1024) . 'M';
$run = ephpm_run_php('var_dump(ephpm_kv_set("k", "v"), ephpm_kv_get("k"));', ['ephpm_kv.size' => $twice]);
echo $run['stdout'], $run['stderr'];
echo "-- within the memory: no warning\n";
$run = ephpm_run_php('var_dump(ephpm_kv_set("k", "v"));', ['ephpm_kv.size' => '16M']);
echo $run['stdout'], $run['stderr'];
?>
--EXPECTF--
Warning: ephpm_kv: ephpm_kv.size (%d bytes) is more than this machine's memory (%d bytes): a store filled past the memory gets its processes killed by the kernel in Unknown on line 0
bool(true)
string(1) "v"
-- within the memory: no warning
bool(true)
