--TEST--
ephpm_kv.store_file: an ephpm_kv.size that is not a size leaves the store file as it is (PHP would otherwise make a store of the default size in its place) and says so
--SKIPIF--
<?php if (!getenv('TEST_PHP_CGI_EXECUTABLE')) die('skip needs php-cgi for a server\'s start'); ?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = '/dev/shm/ephpm_kv_phpt_invalid_size_' . getmypid();
ephpm_run_php('ephpm_kv_set("k", "kept");', ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M']);

echo "-- a server's start with ephpm_kv.size=4MB\n";
$run = ephpm_run_cgi('try { ephpm_kv_get("k"); } catch (Error $e) { echo get_class($e), "\n"; }',
    ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4MB']);
echo str_replace($file, 'FILE', $run['stdout']);
clearstatcache();
echo filesize($file), "\n";

echo "-- corrected\n";
$run = ephpm_run_php('var_dump(ephpm_kv_get("k"));', ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M']);
echo $run['stdout'], $run['stderr'];

echo "-- without a store file, the default size is used as before\n";
$run = ephpm_run_php('var_dump(ephpm_kv_info()["memory_total"]);', ['ephpm_kv.size' => '4MB']);
echo $run['stdout'], $run['stderr'];
unlink($file);
?>
--EXPECTF--
-- a server's start with ephpm_kv.size=4MB
Error

Warning: Invalid value "4MB" for ephpm_kv.size: expected a size of at least 2M, such as 64M or 1G; keeping "64M" in Unknown on line 0

Warning: ephpm_kv is disabled: ephpm_kv.size "4MB" is not a size (such as 64M or 1G), and the store file FILE was left as it is rather than replaced by a store of the default size: correct ephpm_kv.size in Unknown on line 0
4194304
-- corrected
string(4) "kept"
-- without a store file, the default size is used as before

Warning: Invalid value "4MB" for ephpm_kv.size: expected a size of at least 2M, such as 64M or 1G; keeping "64M" in Unknown on line 0
int(%d)
