--TEST--
ephpm_kv.store_file: a file of another user (planted in a shared directory such as /dev/shm) is refused and left alone
--SKIPIF--
<?php
if (trim(shell_exec('id -u')) !== '0') die('skip needs root to give a file to another user');
?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = '/dev/shm/ephpm_kv_phpt_owner_' . getmypid();
file_put_contents($file, '');
chmod($file, 0600);
chown($file, 'nobody');
$run = ephpm_run_php('try { ephpm_kv_get("k"); } catch (Error $e) { echo $e->getMessage(), "\n"; }',
    ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M', 'display_startup_errors' => '0']);
echo str_replace($file, 'FILE', $run['stdout']);
clearstatcache();
var_dump(filesize($file), trim(shell_exec('stat -c %U ' . escapeshellarg($file))));
unlink($file);
?>
--EXPECTF--
ephpm_kv is disabled: the store file FILE belongs to uid %d, not to uid 0 that this process runs as: remove it, or choose a path in a directory only this user can write
int(0)
string(6) "nobody"
