--TEST--
ephpm_kv.store_file: on a tmpfs with room for one store, a server's start with a new size replaces the old store (whose pages are given back first); a size the tmpfs cannot hold leaves the old store as it is
--SKIPIF--
<?php
$dir = sys_get_temp_dir() . '/ephpm_kv_small_tmpfs_skip_' . getmypid();
@mkdir($dir);
exec('mount -t tmpfs -o size=10M tmpfs ' . escapeshellarg($dir) . ' 2>/dev/null', $out, $status);
exec('umount ' . escapeshellarg($dir) . ' 2>/dev/null');
@rmdir($dir);
if ($status !== 0) die('skip cannot mount a tmpfs here (needs root)');
if (!getenv('TEST_PHP_CGI_EXECUTABLE')) die('skip needs php-cgi for a server\'s start');
?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$dir = sys_get_temp_dir() . '/ephpm_kv_small_tmpfs_' . getmypid();
mkdir($dir);
exec('mount -t tmpfs -o size=10M tmpfs ' . escapeshellarg($dir));
$file = "$dir/store";
$at = fn (string $size) => ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => $size];
$size = function () use ($file) {
    clearstatcache();
    return filesize($file);
};
$run = ephpm_run_php('var_dump(ephpm_kv_set("k", "6M"));', $at('6M'));
echo $run['stdout'], $size(), "\n";
// 5M fits beside the 6M store; 7M only once the 5M store's pages are back; 30M not at all.
foreach (['5M', '7M', '30M'] as $new) {
    echo "-- a server's start with ephpm_kv.size=$new\n";
    $run = ephpm_run_cgi('try { var_dump(ephpm_kv_get("k"), ephpm_kv_set("k", "' . $new . '")); } catch (Error $e) { echo "Error\n"; }', $at($new));
    echo str_replace($file, 'FILE', $run['stdout']), $size(), "\n";
}
echo "-- a php command with ephpm_kv.size=30M says what a server's start would do: refuse it\n";
$run = ephpm_run_php('try { ephpm_kv_get("k"); } catch (Error $e) { echo "Error\n"; }', $at('30M'));
echo str_replace($file, 'FILE', $run['stdout'] . $run['stderr']);
echo "-- the 7M store is still there\n";
$run = ephpm_run_php('var_dump(ephpm_kv_get("k"));', $at('7M'));
echo $run['stdout'];
exec('umount ' . escapeshellarg($dir));
rmdir($dir);
?>
--EXPECT--
bool(true)
6291456
-- a server's start with ephpm_kv.size=5M
NULL
bool(true)

Warning: ephpm_kv: store file FILE, new, replacing a store of 6291456 bytes (ephpm_kv.size is 5242880): its entries and sessions are gone in Unknown on line 0
5242880
-- a server's start with ephpm_kv.size=7M
NULL
bool(true)

Warning: ephpm_kv: store file FILE, new, replacing a store of 5242880 bytes (ephpm_kv.size is 7340032): its entries and sessions are gone in Unknown on line 0
7340032
-- a server's start with ephpm_kv.size=30M
Error

Warning: ephpm_kv is disabled: a store of 31457280 bytes (ephpm_kv.size) does not fit in the tmpfs of the store file FILE (10485760 bytes free counting the file's own), so the file, which holds a store of 7340032 bytes (ephpm_kv.size is 31457280), was left as it is: see df, and the tmpfs's size= mount option in Unknown on line 0
7340032
-- a php command with ephpm_kv.size=30M says what a server's start would do: refuse it

Warning: ephpm_kv is disabled: a store of 31457280 bytes (ephpm_kv.size) does not fit in the tmpfs of the store file FILE (10485760 bytes free counting the file's own), so the file, which holds a store of 7340032 bytes (ephpm_kv.size is 31457280), was left as it is: see df, and the tmpfs's size= mount option in Unknown on line 0
Error
-- the 7M store is still there
string(2) "7M"
