--TEST--
ephpm_kv.store_file: a new store file has mode 0600 whatever the umask, so that the next start, which opens it read-write, can
--FILE--
<?php
$file = '/dev/shm/ephpm_kv_phpt_umask_' . getmypid();
// umask 0277 would leave 0400: a server not running as root could not open
// its own store again.
$command = 'umask 0277 && exec ' . getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS')
    . ' -d ephpm_kv.store_file=' . escapeshellarg($file) . ' -d ephpm_kv.size=4M -r '
    . escapeshellarg('var_dump(ephpm_kv_set("k", "v"));');
echo shell_exec($command);
clearstatcache();
printf("mode %o\n", fileperms($file) & 0777);
unlink($file);
?>
--EXPECT--
bool(true)
mode 600
