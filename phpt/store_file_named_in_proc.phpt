--TEST--
ephpm_kv.store_file: a new store file shows in /proc/<pid>/maps under its path, not as a deleted file
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = '/dev/shm/ephpm_kv_phpt_proc_' . getmypid();
$run = ephpm_run_php('
    ephpm_kv_get("k");
    foreach (file("/proc/self/maps") as $line) {
        if (str_contains($line, "ephpm_kv_phpt_proc_")) {
            echo preg_replace("/^.* (\/dev\/shm\/|\/)/", "$1", trim($line)), "\n";
        }
    }', ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M']);
echo str_replace($file, 'FILE', $run['stdout']);
unlink($file);
?>
--EXPECT--
FILE
