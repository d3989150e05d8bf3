--TEST--
ephpm_kv.store_file: a refusal because the store is in use names the processes that have it open, also when the process that took the lock has exited (php-fpm daemonizes after its startup)
--SKIPIF--
<?php if (!function_exists('pcntl_fork')) die('skip needs pcntl'); ?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = '/dev/shm/ephpm_kv_phpt_holders_' . getmypid();
$php = getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS') . ' -d ephpm_kv.store_file=' . escapeshellarg($file);
// The keeper maps the store at startup (taking the lock), then forks and exits, as a
// daemonizing server does: its child keeps the store open and prints its pid.
$keeper = proc_open("exec $php -d ephpm_kv.size=4M -r " . escapeshellarg('
    ephpm_kv_set("k", "v");
    if (pcntl_fork() > 0) { exit(0); }
    echo getmypid(), "\n";
    fclose(STDOUT);
    sleep(30);'), [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
$child = (int) fgets($pipes[1]);
$locks = file_get_contents('/proc/locks');
echo "the lock names the exited parent, not the child: ",
    !preg_match('/FLOCK\s+\S+\s+READ\s+' . $child . '\s/', $locks) ? 'yes' : 'no', "\n";

$run = ephpm_run_php('try { ephpm_kv_get("k"); } catch (Error $e) { echo $e->getMessage(), "\n"; }',
    ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '8M', 'display_startup_errors' => '0']);
echo str_replace([$file, "(pid $child)"], ['FILE', "(pid of the keeper's child)"], $run['stdout']);

exec("kill $child");
proc_close($keeper);
unlink($file);
?>
--EXPECT--
the lock names the exited parent, not the child: yes
ephpm_kv is disabled: the store file FILE holds a store of 4194304 bytes (ephpm_kv.size is 8388608), and running processes use it (pid of the keeper's child). A php command never replaces a store (they may need it), but a server's start with these settings will once they have exited (an Apache start even while they run): a new, empty store, its entries and sessions lost. To use this store, give this command their ephpm_kv.size
