--TEST--
ephpm_kv.store_file: a start waiting for an exclusive flock held outside ephpm_kv (without the directory lock) finds the store replaced by another start meanwhile: it refuses rather than go on with a store nobody else will find
--SKIPIF--
<?php if (!getenv('TEST_PHP_CGI_EXECUTABLE')) die('skip needs php-cgi for a server\'s start'); ?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = '/dev/shm/ephpm_kv_phpt_outside_flock_' . getmypid();
ephpm_run_php('ephpm_kv_set("who", "old");', ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M']);

// A holder outside ephpm_kv, then a start (A) that waits for it.
$holder = proc_open([getenv('TEST_PHP_EXECUTABLE'), '-n', '-r', '$f = fopen($argv[1], "r"); flock($f, LOCK_EX); sleep(30);', $file], [], $pipes);
usleep(300_000);
$a = proc_open('exec ' . getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS')
    . ' -d log_errors=0 -d display_startup_errors=0 -d ephpm_kv.size=4M -d ephpm_kv.store_file=' . escapeshellarg($file)
    . ' -r ' . escapeshellarg('try { ephpm_kv_set("who", "A"); echo "A wrote\n"; } catch (Error $e) { echo $e->getMessage(), "\n"; }'),
    [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $aPipes);
usleep(500_000);
// A is stopped while it waits; the holder goes; a server's start (B) with another size finds nobody using the store.
proc_terminate($a, SIGSTOP);
proc_terminate($holder, SIGKILL);
proc_close($holder);
echo "-- B, a server's start with ephpm_kv.size=8M\n";
$b = ephpm_run_cgi('var_dump(ephpm_kv_set("who", "B"));', ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '8M']);
echo str_replace($file, 'FILE', $b['stdout']);
echo "-- A goes on\n";
proc_terminate($a, SIGCONT);
echo str_replace($file, 'FILE', stream_get_contents($aPipes[1]));
proc_close($a);
echo "-- the store is B's\n";
$run = ephpm_run_php('var_dump(ephpm_kv_get("who"));', ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '8M']);
echo $run['stdout'], $run['stderr'];
unlink($file);
?>
--EXPECT--
-- B, a server's start with ephpm_kv.size=8M
bool(true)

Warning: ephpm_kv: store file FILE, new, replacing a store of 4194304 bytes (ephpm_kv.size is 8388608): its entries and sessions are gone in Unknown on line 0
-- A goes on
ephpm_kv is disabled: the store file FILE was replaced by another start while this one waited for a lock held outside ephpm_kv: start again
-- the store is B's
string(1) "B"
