--TEST--
ephpm_kv.store_file: what cannot be a store file is refused with the reason, left as it was, and every call, session_start() too, fails saying why
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$base = '/dev/shm/ephpm_kv_phpt_refused_' . getmypid();
$try = function (string $path, string $size = '4M') use ($base) {
    $run = ephpm_run_php('
        try {
            ephpm_kv_set("k", "v");
        } catch (Error $e) {
            echo get_class($e), ": ", $e->getMessage(), "\n";
        }
        var_dump(@session_start());',
        ['ephpm_kv.store_file' => $path, 'ephpm_kv.size' => $size, 'session.save_handler' => 'ephpm',
            'session.use_cookies' => '0', 'session.cache_limiter' => '', 'display_startup_errors' => '0']);
    echo str_replace([$base, '(pid ' . getmypid() . ')'], ['BASE', '(pid of this test)'], $run['stdout']);
};
$notAStore = str_repeat("not a store\n", 400000);

echo "-- relative path\n";
$try('relative/store');

echo "-- symbolic link\n";
symlink("$base.target", "$base.link");
$try("$base.link");
var_dump(file_exists("$base.target"));
unlink("$base.link");

echo "-- a store open to other users\n";
ephpm_run_php('ephpm_kv_set("k", "kept");', ['ephpm_kv.store_file' => "$base.shared", 'ephpm_kv.size' => '4M']);
chmod("$base.shared", 0644);
$before = md5_file("$base.shared");
$try("$base.shared");
var_dump(md5_file("$base.shared") === $before);
unlink("$base.shared");

echo "-- a store with a second name (hard link)\n";
ephpm_run_php('ephpm_kv_set("k", "kept");', ['ephpm_kv.store_file' => "$base.linked", 'ephpm_kv.size' => '4M']);
link("$base.linked", "$base.second");
$try("$base.linked");
var_dump(file_exists("$base.second"));
unlink("$base.linked");
unlink("$base.second");

echo "-- an empty file that another process holds a flock on\n";
touch("$base.locked");
chmod("$base.locked", 0600);
$lock = fopen("$base.locked", 'r');
flock($lock, LOCK_SH);
$try("$base.locked");
clearstatcache();
var_dump(filesize("$base.locked"));
fclose($lock);
unlink("$base.locked");

echo "-- not a store\n";
file_put_contents("$base.other", $notAStore);
chmod("$base.other", 0600);
$try("$base.other");
var_dump(file_get_contents("$base.other") === $notAStore);
unlink("$base.other");

echo "-- a file of 4M that starts with zeros, then holds data (the size of a store)\n";
$startsWithZeros = str_repeat("\0", 64) . substr(str_repeat("data after the zeros\n", 210000), 0, (4 << 20) - 64);
file_put_contents("$base.leading", $startsWithZeros);
chmod("$base.leading", 0600);
$try("$base.leading");
var_dump(file_get_contents("$base.leading") === $startsWithZeros);
unlink("$base.leading");

echo "-- zeros, smaller than any store\n";
file_put_contents("$base.zeros", str_repeat("\0", 1 << 20));
chmod("$base.zeros", 0600);
$try("$base.zeros");
var_dump(filesize("$base.zeros"));
unlink("$base.zeros");

echo "-- a directory\n";
mkdir("$base.dir");
$try("$base.dir");
rmdir("$base.dir");

echo "-- larger than the tmpfs\n";
$try("$base.huge", ((int) ceil(2 * disk_total_space('/dev/shm') / 1048576)) . 'M');
var_dump(glob("$base*"));
?>
--SKIPIF--
<?php
if (!disk_total_space('/dev/shm')) die('skip /dev/shm has no size limit: reserving more than it holds would take the memory');
?>
--EXPECTF--
-- relative path
Error: ephpm_kv is disabled: ephpm_kv.store_file must be an absolute path, not "relative/store"
bool(false)
-- symbolic link
Error: ephpm_kv is disabled: cannot open the store file BASE.link: it is a symbolic link
bool(false)
bool(false)
-- a store open to other users
Error: ephpm_kv is disabled: the store file BASE.shared can be read or written by other users (mode 0644): chmod 600 it
bool(false)
bool(true)
-- a store with a second name (hard link)
Error: ephpm_kv is disabled: the store file BASE.linked has 2 names (hard links): a store file has one
bool(false)
bool(true)
-- an empty file that another process holds a flock on
Error: ephpm_kv is disabled: the store file BASE.locked holds nothing (an empty file), and running processes use it (pid of this test); only an Apache start replaces a store in use (its graceful restart leaves its old children on it): stop them first, or choose another path
bool(false)
int(0)
-- not a store
Error: ephpm_kv is disabled: the store file BASE.other does not hold an ephpm_kv store: remove it or choose another path
bool(false)
bool(true)
-- a file of 4M that starts with zeros, then holds data (the size of a store)
Error: ephpm_kv is disabled: the store file BASE.leading does not hold an ephpm_kv store: remove it or choose another path
bool(false)
bool(true)
-- zeros, smaller than any store
Error: ephpm_kv is disabled: the store file BASE.zeros does not hold an ephpm_kv store: remove it or choose another path
bool(false)
int(1048576)
-- a directory
Error: ephpm_kv is disabled: cannot open the store file BASE.dir: Is a directory
bool(false)
-- larger than the tmpfs
Error: ephpm_kv is disabled: cannot reserve %d bytes (ephpm_kv.size) for the store file BASE.huge: No space left on device (the tmpfs is smaller than that or full: see df, and its size= mount option)
bool(false)
array(0) {
}
