--TEST--
ephpm_kv.store_file: another user's file is never used: one that is not a store is refused and left alone (it may be planted in /dev/shm); another user's store is replaced with a warning by a server's start, left alone by a CLI run, or refused where it cannot be removed
--SKIPIF--
<?php
if (trim(shell_exec('id -u')) !== '0') die('skip needs root to give a file to another user');
if (!trim((string) shell_exec('command -v setpriv'))) die('skip needs setpriv to run as another user');
?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = '/dev/shm/ephpm_kv_phpt_owner_' . getmypid();
$ini = ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M'];
$owner = function (string $path = '') use ($file) {
    clearstatcache();
    return trim(shell_exec('stat -c "%U %a %s" ' . escapeshellarg($path ?: $file)));
};
// A server's start: php-cgi (as plain CGI), optionally as nobody.
$cgi = function (string $store, string $as = '') {
    $run = ephpm_run_cgi('try { var_dump(ephpm_kv_get("k")); } catch (Error $e) { echo $e->getMessage(), "\n"; }',
        ['ephpm_kv.size' => '4M', 'ephpm_kv.store_file' => $store], $as);
    return str_replace($store, 'FILE', $run['stdout']);
};
$asNobody = 'setpriv --reuid=nobody --regid=' . trim(shell_exec('id -g nobody')) . ' --clear-groups ';

echo "-- another user's file that is not a store\n";
file_put_contents($file, '');
chmod($file, 0600);
chown($file, 'nobody');
$run = ephpm_run_php('try { ephpm_kv_get("k"); } catch (Error $e) { echo $e->getMessage(), "\n"; }',
    $ini + ['display_startup_errors' => '0']);
echo str_replace($file, 'FILE', $run['stdout']);
echo $owner(), "\n";
unlink($file);

echo "-- another user's store (a CLI run as nobody made it while the server was stopped)\n";
ephpm_run_php('ephpm_kv_set("k", "nobody\'s");', $ini);
chown($file, 'nobody');
echo "a CLI run as root leaves it alone (it may be the store of a server running as nobody):\n";
$run = ephpm_run_php('try { ephpm_kv_get("k"); } catch (Error $e) { echo $e->getMessage(), "\n"; }',
    $ini + ['display_startup_errors' => '0']);
echo str_replace($file, 'FILE', $run['stdout']);
echo $owner(), "\n";
echo "a server's start as root replaces it:\n";
echo $cgi($file);
echo $owner(), "\n";
unlink($file);

echo "-- root's store that nobody may write, found by a server's start as nobody in a sticky directory (where only its owner or root can remove it)\n";
$sticky = "$file.sticky";
mkdir($sticky);
chmod($sticky, 01777);
$rootStore = "$sticky/store";
ephpm_run_php('ephpm_kv_set("k", "root\'s");', ['ephpm_kv.store_file' => $rootStore, 'ephpm_kv.size' => '4M']);
chmod($rootStore, 0666);
echo $cgi($rootStore, $asNobody);
echo $owner($rootStore), "\n";
var_dump(glob("$sticky/*") === [$rootStore]);
unlink($rootStore);
rmdir($sticky);
?>
--EXPECTF--
-- another user's file that is not a store
ephpm_kv is disabled: the store file FILE belongs to uid %d, not to uid 0 that this process runs as, and is not a store: remove it, or choose a path in a directory only this user can write
nobody 600 0
-- another user's store (a CLI run as nobody made it while the server was stopped)
a CLI run as root leaves it alone (it may be the store of a server running as nobody):
ephpm_kv is disabled: the store file FILE holds a store of uid %d: a php command or php -S uses only its own user's store files, or its group's with ephpm_kv.store_file_group (a server's start as root replaces another user's store, its entries and sessions lost); run this as that user
nobody 600 4194304
a server's start as root replaces it:
NULL

Warning: ephpm_kv: store file FILE, new, replacing a store of uid %d: its entries and sessions are gone in Unknown on line 0
root 600 4194304
-- root's store that nobody may write, found by a server's start as nobody in a sticky directory (where only its owner or root can remove it)
ephpm_kv is disabled: cannot remove the store file FILE (a store of uid 0) to replace it: Operation not permitted: remove it as its owner, or choose another path

Warning: ephpm_kv is disabled: cannot remove the store file FILE (a store of uid 0) to replace it: Operation not permitted: remove it as its owner, or choose another path in Unknown on line 0
root 666 4194304
bool(true)
