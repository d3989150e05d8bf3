--TEST--
ephpm_kv.store_file: a store whose formatter was killed half-way (its header written, not yet its magic) is mapped and formatted again, not refused as "not a store"
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = '/dev/shm/ephpm_kv_phpt_half_formatted_' . getmypid();
$ini = ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M'];
$storeFileRow = 'ob_start(); phpinfo(INFO_MODULES); preg_match("/^Store file => (.*)$/m", ob_get_clean(), $m); echo str_replace("' . $file . '", "FILE", $m[1]), "\n";';

echo ephpm_run_php('var_dump(ephpm_kv_set("k", "v"));', $ini)['stdout'];

// A process that has exited: its pid names nobody now.
$process = proc_open(['true'], [], $pipes);
$deadPid = proc_get_status($process)['pid'];
proc_close($process);

// What a formatter killed just before its last step leaves: the header is
// written but for the magic (offset 0, written last), and the state word
// (offset 8) still claims the store for that process.
$handle = fopen($file, 'r+');
fwrite($handle, str_repeat("\0", 8) . pack('V', 0x80000000 | $deadPid));
fclose($handle);

$run = ephpm_run_php($storeFileRow . 'var_dump(ephpm_kv_get("k"), ephpm_kv_set("k", "again"), ephpm_kv_get("k"));', $ini);
echo $run['stdout'], $run['stderr'];
unlink($file);
?>
--EXPECT--
bool(true)
FILE, the store of an earlier start, mapped again
NULL
bool(true)
string(5) "again"
