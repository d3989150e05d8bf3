--TEST--
ephpm_kv.store_file: a store of another size or layout is replaced by a server's start with a warning (an empty file silently, by anyone), never by a CLI run: neither while processes use it nor while its server is stopped
--SKIPIF--
<?php if (!getenv('TEST_PHP_CGI_EXECUTABLE')) die('skip needs php-cgi for a server\'s start'); ?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = '/dev/shm/ephpm_kv_phpt_replaced_' . getmypid();
$php = getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS') . ' -d ephpm_kv.store_file=' . escapeshellarg($file);
$at = fn (string $size) => ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => $size];
$show = function (array $run) use ($file) {
    echo str_replace($file, 'FILE', $run['stdout'] . $run['stderr']);
};
$size = function () use ($file) {
    clearstatcache();
    return filesize($file);
};

echo "-- an empty file (touch, chmod 600) becomes a store, no warning\n";
touch($file);
chmod($file, 0600);
$show(ephpm_run_php('var_dump(ephpm_kv_set("k", "4M store"));', $at('4M')));
echo $size(), "\n";

echo "-- while a process uses the 4M store\n";
$keeper = proc_open("exec $php -d ephpm_kv.size=4M -r " . escapeshellarg('echo ephpm_kv_get("k"), "\n"; fgets(STDIN); echo ephpm_kv_get("k"), "\n";'),
    [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $keeperPipes);
echo "keeper reads: ", fgets($keeperPipes[1]);
echo "a CLI run with ephpm_kv.size=8M:\n";
$run = ephpm_run_php('try { ephpm_kv_get("k"); } catch (Error $e) { echo get_class($e), "\n"; }', $at('8M') + ['display_startup_errors' => '1']);
$show(['stdout' => str_replace('(pid ' . proc_get_status($keeper)['pid'] . ')', "(the keeper's pid)", $run['stdout']), 'stderr' => $run['stderr']]);
echo $size(), "\n";

fwrite($keeperPipes[0], "go on\n");
echo "keeper still reads: ", fgets($keeperPipes[1]);
fclose($keeperPipes[0]);
proc_close($keeper);

echo "-- a CLI run with ephpm_kv.size=8M, once nobody uses the 4M store (its server may be stopped)\n";
$show(ephpm_run_php('try { ephpm_kv_get("k"); } catch (Error $e) { echo get_class($e), "\n"; }', $at('8M')));
echo $size(), "\n";
$show(ephpm_run_php('var_dump(ephpm_kv_get("k"));', $at('4M')));

echo "-- a server's start (php-cgi) with ephpm_kv.size=8M\n";
$show(ephpm_run_cgi('var_dump(ephpm_kv_get("k")); ephpm_kv_set("k", "8M store");', $at('8M')));
echo $size(), "\n";

echo "-- a server's start with ephpm_kv.size=4M, once nobody uses the 8M store\n";
$show(ephpm_run_cgi('var_dump(ephpm_kv_get("k"));', $at('4M')));
echo $size(), "\n";

echo "-- a store of another layout (an older build)\n";
$handle = fopen($file, 'r+');
fseek($handle, 12);
$layout = unpack('V', fread($handle, 4))[1];
fseek($handle, 12);
fwrite($handle, pack('V', $layout - 1));
fclose($handle);
echo "a CLI run:\n";
$run = ephpm_run_php('try { ephpm_kv_get("k"); } catch (Error $e) { echo get_class($e), "\n"; }', $at('4M'));
$show($run);
echo str_contains($run['stdout'] . $run['stderr'], 'a store of layout ' . ($layout - 1) . " (this build of ephpm_kv uses layout $layout)")
    ? "the warning names both layouts\n" : "the warning does not name both layouts\n";
echo "a server's start:\n";
$run = ephpm_run_cgi('var_dump(ephpm_kv_get("k"));', $at('4M'));
$show($run);
echo str_contains($run['stdout'], 'a store of layout ' . ($layout - 1) . " (this build of ephpm_kv uses layout $layout)")
    ? "the warning names both layouts\n" : "the warning does not name both layouts\n";
$show(ephpm_run_php('var_dump(ephpm_kv_set("k", "again"), ephpm_kv_get("k"));', $at('4M')));
unlink($file);
?>
--EXPECTF--
-- an empty file (touch, chmod 600) becomes a store, no warning
bool(true)
4194304
-- while a process uses the 4M store
keeper reads: 4M store
a CLI run with ephpm_kv.size=8M:

Warning: ephpm_kv is disabled: the store file FILE holds a store of 4194304 bytes (ephpm_kv.size is 8388608), and running processes use it (the keeper's pid). A php command never replaces a store (they may need it), but a server's start with these settings will once they have exited (an Apache start even while they run): a new, empty store, its entries and sessions lost. To use this store, give this command their ephpm_kv.size in Unknown on line 0
Error
4194304
keeper still reads: 4M store
-- a CLI run with ephpm_kv.size=8M, once nobody uses the 4M store (its server may be stopped)

Warning: ephpm_kv is disabled: the store file FILE holds a store of 4194304 bytes (ephpm_kv.size is 8388608). A php command never replaces a store (its server may only be stopped for now), but a server's start with these settings will: a new, empty store, its entries and sessions lost. To use this store, give this command its ephpm_kv.size; to start afresh, remove the file in Unknown on line 0
Error
4194304
string(8) "4M store"
-- a server's start (php-cgi) with ephpm_kv.size=8M
NULL

Warning: ephpm_kv: store file FILE, new, replacing a store of 4194304 bytes (ephpm_kv.size is 8388608): its entries and sessions are gone in Unknown on line 0
8388608
-- a server's start with ephpm_kv.size=4M, once nobody uses the 8M store
NULL

Warning: ephpm_kv: store file FILE, new, replacing a store of 8388608 bytes (ephpm_kv.size is 4194304): its entries and sessions are gone in Unknown on line 0
4194304
-- a store of another layout (an older build)
a CLI run:

Warning: ephpm_kv is disabled: the store file FILE holds a store of layout %d (this build of ephpm_kv uses layout %d). A php command never replaces a store (its server may only be stopped for now), but a server's start with these settings will: a new, empty store, its entries and sessions lost. To start afresh, remove the file in Unknown on line 0
Error
the warning names both layouts
a server's start:
NULL

Warning: ephpm_kv: store file FILE, new, replacing a store of layout %d (this build of ephpm_kv uses layout %d): its entries and sessions are gone in Unknown on line 0
the warning names both layouts
bool(true)
string(5) "again"
