--TEST--
ephpm_kv.store_file: a path outside tmpfs is refused before anything is created there
--SKIPIF--
<?php
if (trim(shell_exec('stat -f -c %T ' . escapeshellarg(__DIR__))) === 'tmpfs') die('skip the test directory is on tmpfs');
?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = __DIR__ . '/store_file_not_tmpfs.' . getmypid();
$run = ephpm_run_php('try { ephpm_kv_get("k"); } catch (Error $e) { echo $e->getMessage(), "\n"; }',
    ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M', 'display_startup_errors' => '0']);
echo str_replace($file, 'FILE', $run['stdout']);
var_dump(glob("$file*"));
?>
--EXPECT--
ephpm_kv is disabled: the store file FILE must be on tmpfs (such as /dev/shm or /run): the store is memory, and on another file system every write would be written back to it
array(0) {
}
