--TEST--
ephpm_kv.store_file: php-cgi run from a shell (a script, or -v, -m, -i, -h, -l, -s, -w) is a command and never replaces a store, nor does any php-cgi that prints its usage (-h, an unknown option); php-cgi -b (a FastCGI server) does
--SKIPIF--
<?php if (!getenv('TEST_PHP_CGI_EXECUTABLE')) die('skip needs php-cgi'); ?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = '/dev/shm/ephpm_kv_phpt_cgi_command_' . getmypid();
$socket = sys_get_temp_dir() . '/ephpm_kv_phpt_cgi_command_' . getmypid() . '.sock';
$script = sys_get_temp_dir() . '/ephpm_kv_phpt_cgi_command_' . getmypid() . '.php';
file_put_contents($script, '<?php echo "ran";');
ephpm_run_php('ephpm_kv_set("k", "kept");', ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M']);
$size = function () use ($file) {
    clearstatcache();
    return filesize($file);
};
// php-cgi with ephpm_kv.size=8M against the 4M store, the settings before the flags.
$cgiCommand = fn (string $flags) => 'exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin '
    . getenv('TEST_PHP_CGI_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS')
    . ' -d display_startup_errors=1 -d html_errors=0 -d log_errors=0 -d ephpm_kv.size=8M -d ephpm_kv.store_file='
    . escapeshellarg($file) . " $flags";

foreach (['-v', '-m', '-i', '-h', '--version', '--usage', '-qv', '-T 1 -v', '-d precision=14 -m',
          "-l $script", "-s $script", "-w $script", "-f $script -l", "-q $script", "-f $script", "--file=$script",
          "$script", "-- $script", '-X', '--bogus', "-b $socket -h", "--bindpath=$socket --usage", "-d", "-b $socket --define="] as $flags) {
    $output = (string) shell_exec($cgiCommand($flags) . ' </dev/null 2>&1');
    echo "-- php-cgi ", str_replace([$script, $socket], ['SCRIPT', 'SOCKET'], $flags), ': ',
        str_contains($output, 'A php command never replaces') ? 'refused' : 'not refused',
        ", store file of ", $size(), " bytes\n";
}
echo "-- the store is still there\n";
$run = ephpm_run_php('var_dump(ephpm_kv_get("k"));', ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M']);
echo $run['stdout'], $run['stderr'];

echo "-- php-cgi -v -b SOCKET: a FastCGI server, which ignores -v\n";
@unlink($socket); // left by -b SOCKET -h, which listened before printing its usage
$server = proc_open($cgiCommand('-v -b ' . escapeshellarg($socket)), [0 => ['file', '/dev/null', 'r'],
    1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
for ($waited = 0; $waited < 100 && !file_exists($socket); $waited++) {
    usleep(50_000);
}
echo file_exists($socket) ? "listening" : "not listening", ", store file of ", $size(), " bytes\n";
proc_terminate($server, SIGKILL);
proc_close($server);
@unlink($socket);
unlink($script);
unlink($file);
?>
--EXPECT--
-- php-cgi -v: refused, store file of 4194304 bytes
-- php-cgi -m: refused, store file of 4194304 bytes
-- php-cgi -i: refused, store file of 4194304 bytes
-- php-cgi -h: refused, store file of 4194304 bytes
-- php-cgi --version: refused, store file of 4194304 bytes
-- php-cgi --usage: refused, store file of 4194304 bytes
-- php-cgi -qv: refused, store file of 4194304 bytes
-- php-cgi -T 1 -v: refused, store file of 4194304 bytes
-- php-cgi -d precision=14 -m: refused, store file of 4194304 bytes
-- php-cgi -l SCRIPT: refused, store file of 4194304 bytes
-- php-cgi -s SCRIPT: refused, store file of 4194304 bytes
-- php-cgi -w SCRIPT: refused, store file of 4194304 bytes
-- php-cgi -f SCRIPT -l: refused, store file of 4194304 bytes
-- php-cgi -q SCRIPT: refused, store file of 4194304 bytes
-- php-cgi -f SCRIPT: refused, store file of 4194304 bytes
-- php-cgi --file=SCRIPT: refused, store file of 4194304 bytes
-- php-cgi SCRIPT: refused, store file of 4194304 bytes
-- php-cgi -- SCRIPT: refused, store file of 4194304 bytes
-- php-cgi -X: refused, store file of 4194304 bytes
-- php-cgi --bogus: refused, store file of 4194304 bytes
-- php-cgi -b SOCKET -h: refused, store file of 4194304 bytes
-- php-cgi --bindpath=SOCKET --usage: refused, store file of 4194304 bytes
-- php-cgi -d: refused, store file of 4194304 bytes
-- php-cgi -b SOCKET --define=: refused, store file of 4194304 bytes
-- the store is still there
string(4) "kept"
-- php-cgi -v -b SOCKET: a FastCGI server, which ignores -v
listening, store file of 8388608 bytes
