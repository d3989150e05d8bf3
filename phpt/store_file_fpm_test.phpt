--TEST--
ephpm_kv.store_file: php-fpm -t (testing the configuration) never replaces a store, and says what a start with these settings would do
--SKIPIF--
<?php
if (!is_executable('/usr/sbin/php-fpm' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION)) die('skip needs php-fpm');
if (!getenv('TEST_PHP_CGI_EXECUTABLE')) die('skip needs php-cgi for a server\'s start');
?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$fpm = '/usr/sbin/php-fpm' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;
$file = '/dev/shm/ephpm_kv_phpt_fpm_test_' . getmypid();
$conf = sys_get_temp_dir() . '/ephpm_kv_phpt_fpm_test_' . getmypid() . '.conf';
file_put_contents($conf, "[global]\nerror_log = /dev/null\n[www]\nlisten = $conf.sock\npm = static\npm.max_children = 1\n");
ephpm_run_php('ephpm_kv_set("k", "kept");', ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M']);
$size = function () use ($file) {
    clearstatcache();
    return filesize($file);
};
// php-fpm with ephpm_kv.size=8M against the 4M store, with arguments before and after the settings.
$fpmCommand = fn (string $before, string $after = '') => "$fpm $before -R -n -y " . escapeshellarg($conf) . ' '
    . getenv('TEST_PHP_EXTRA_ARGS') . ' -d log_errors=1 -d ephpm_kv.size=8M -d ephpm_kv.store_file='
    . escapeshellarg($file) . " $after 2>&1";

foreach (['-t', '-tt', '--test'] as $flag) {
    echo "-- php-fpm $flag with ephpm_kv.size=8M\n";
    exec($fpmCommand($flag), $output, $status);
    $warning = preg_grep('/ephpm_kv is disabled|test is successful/', $output);
    echo preg_replace('/^\[[^]]*\] /m', '', str_replace([$file, $conf], ['FILE', 'CONF'], implode("\n", $warning))), "\n";
    echo "exit status $status, store file of ", $size(), " bytes\n";
    $output = [];
}
foreach (['-Rt', '-tR', '-ttt', '-m', '-v', '-i', '--modules', '-d ephpm_kv.gomaxprocs=2 -t', '-X', '--bogus'] as $flag) {
    // Flags combined as php_getopt() takes them, and the other options that only print and exit.
    // Last: php-fpm acts on -m and -v as it reads them, before the -d options after them.
    $output = (string) shell_exec($fpmCommand('', $flag));
    echo "-- php-fpm $flag: ", str_contains($output, 'A php command never replaces') ? 'refused' : 'not refused',
        ", store file of ", $size(), " bytes\n";
}
echo "-- the store is still there\n";
$run = ephpm_run_php('var_dump(ephpm_kv_get("k"));', ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M']);
echo $run['stdout'], $run['stderr'];
unlink($file);
unlink($conf);
?>
--EXPECTF--
-- php-fpm -t with ephpm_kv.size=8M
NOTICE: PHP message: PHP Warning:  ephpm_kv is disabled: the store file FILE holds a store of 4194304 bytes (ephpm_kv.size is 8388608). A php command never replaces a store (its server may only be stopped for now), but a server's start with these settings will: a new, empty store, its entries and sessions lost. To use this store, give this command its ephpm_kv.size; to start afresh, remove the file in Unknown on line 0
NOTICE: configuration file CONF test is successful
exit status 0, store file of 4194304 bytes
-- php-fpm -tt with ephpm_kv.size=8M
NOTICE: PHP message: PHP Warning:  ephpm_kv is disabled: the store file FILE holds a store of 4194304 bytes (ephpm_kv.size is 8388608). A php command never replaces a store (its server may only be stopped for now), but a server's start with these settings will: a new, empty store, its entries and sessions lost. To use this store, give this command its ephpm_kv.size; to start afresh, remove the file in Unknown on line 0
NOTICE: configuration file CONF test is successful
exit status 0, store file of 4194304 bytes
-- php-fpm --test with ephpm_kv.size=8M
NOTICE: PHP message: PHP Warning:  ephpm_kv is disabled: the store file FILE holds a store of 4194304 bytes (ephpm_kv.size is 8388608). A php command never replaces a store (its server may only be stopped for now), but a server's start with these settings will: a new, empty store, its entries and sessions lost. To use this store, give this command its ephpm_kv.size; to start afresh, remove the file in Unknown on line 0
NOTICE: configuration file CONF test is successful
exit status 0, store file of 4194304 bytes
-- php-fpm -Rt: refused, store file of 4194304 bytes
-- php-fpm -tR: refused, store file of 4194304 bytes
-- php-fpm -ttt: refused, store file of 4194304 bytes
-- php-fpm -m: refused, store file of 4194304 bytes
-- php-fpm -v: refused, store file of 4194304 bytes
-- php-fpm -i: refused, store file of 4194304 bytes
-- php-fpm --modules: refused, store file of 4194304 bytes
-- php-fpm -d ephpm_kv.gomaxprocs=2 -t: refused, store file of 4194304 bytes
-- php-fpm -X: refused, store file of 4194304 bytes
-- php-fpm --bogus: refused, store file of 4194304 bytes
-- the store is still there
string(4) "kept"
