--TEST--
ephpm_kv.store_file: on a tmpfs with room for one store, a store of a new size replaces the old one (whose pages are given back first)
--SKIPIF--
<?php
$dir = sys_get_temp_dir() . '/ephpm_kv_small_tmpfs_skip_' . getmypid();
@mkdir($dir);
exec('mount -t tmpfs -o size=10M tmpfs ' . escapeshellarg($dir) . ' 2>/dev/null', $out, $status);
exec('umount ' . escapeshellarg($dir) . ' 2>/dev/null');
@rmdir($dir);
if ($status !== 0) die('skip cannot mount a tmpfs here (needs root)');
?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$dir = sys_get_temp_dir() . '/ephpm_kv_small_tmpfs_' . getmypid();
mkdir($dir);
exec('mount -t tmpfs -o size=10M tmpfs ' . escapeshellarg($dir));
$file = "$dir/store";
foreach (['6M', '5M', '7M'] as $size) {
    $run = ephpm_run_php('var_dump(ephpm_kv_set("k", "v"));', ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => $size]);
    echo str_replace($file, 'FILE', $run['stdout']);
    clearstatcache();
    echo filesize($file), "\n";
}
exec('umount ' . escapeshellarg($dir));
rmdir($dir);
?>
--EXPECT--
bool(true)
6291456

Warning: ephpm_kv: store file FILE, new, replacing a store of 6291456 bytes (ephpm_kv.size is 5242880): its entries and sessions are gone in Unknown on line 0
bool(true)
5242880

Warning: ephpm_kv: store file FILE, new, replacing a store of 5242880 bytes (ephpm_kv.size is 7340032): its entries and sessions are gone in Unknown on line 0
bool(true)
7340032
