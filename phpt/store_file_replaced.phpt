--TEST--
ephpm_kv.store_file: a store of another size or layout is replaced by a new one with a warning, an empty file silently; a process still mapping the old store keeps it
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = '/dev/shm/ephpm_kv_phpt_replaced_' . getmypid();
$at = fn (string $size) => ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => $size];
$show = function (array $run) use ($file) {
    echo str_replace($file, 'FILE', $run['stdout'] . $run['stderr']);
};

echo "-- an empty file (touch, chmod 600) becomes a store, no warning\n";
touch($file);
chmod($file, 0600);
$show(ephpm_run_php('var_dump(ephpm_kv_set("k", "4M store"));', $at('4M')));
clearstatcache();
echo filesize($file), "\n";

echo "-- a process that keeps the 4M store mapped\n";
$command = getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS')
    . ' -d ephpm_kv.store_file=' . escapeshellarg($file) . ' -d ephpm_kv.size=4M -r '
    . escapeshellarg('echo ephpm_kv_get("k"), "\n"; fgets(STDIN); echo ephpm_kv_get("k"), "\n";');
$keeper = proc_open($command, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo fgets($pipes[1]);

echo "-- ephpm_kv.size changed\n";
$show(ephpm_run_php('var_dump(ephpm_kv_get("k")); ephpm_kv_set("k", "8M store");', $at('8M')));
clearstatcache();
echo filesize($file), "\n";
fwrite($pipes[0], "go on\n");
echo "keeper still reads: ", fgets($pipes[1]);
fclose($pipes[0]);
proc_close($keeper);

echo "-- a store of another layout (an older build)\n";
$handle = fopen($file, 'r+');
fseek($handle, 12);
$layout = unpack('V', fread($handle, 4))[1];
fseek($handle, 12);
fwrite($handle, pack('V', $layout - 1));
fclose($handle);
$run = ephpm_run_php('var_dump(ephpm_kv_get("k"));', $at('8M'));
$show($run);
echo str_contains($run['stderr'] . $run['stdout'], 'a store of layout ' . ($layout - 1) . " (this build of ephpm_kv uses layout $layout)")
    ? "warning names both layouts\n" : "warning does not name both layouts\n";
$show(ephpm_run_php('var_dump(ephpm_kv_set("k", "again"), ephpm_kv_get("k"));', $at('8M')));
unlink($file);
?>
--EXPECTF--
-- an empty file (touch, chmod 600) becomes a store, no warning
bool(true)
4194304
-- a process that keeps the 4M store mapped
4M store
-- ephpm_kv.size changed

Warning: ephpm_kv: store file FILE, new, replacing a store of 4194304 bytes (ephpm_kv.size is 8388608): its entries and sessions are gone in Unknown on line 0
NULL
8388608
keeper still reads: 4M store
-- a store of another layout (an older build)

Warning: ephpm_kv: store file FILE, new, replacing a store of layout %d (this build of ephpm_kv uses layout %d): its entries and sessions are gone in Unknown on line 0
NULL
warning names both layouts
bool(true)
string(5) "again"
