--TEST--
ephpm_kv.size beyond the memory limit of the process's cgroup (a container's): an anonymous store is made with a warning naming the limit; a store file that would not fit is refused before it is reserved (the kernel would kill the process), and one it would replace is left as it is
--SKIPIF--
<?php
require __DIR__ . '/include/memory_cgroup.inc';
if (trim(shell_exec('id -u')) !== '0') die('skip needs root to make a cgroup');
$group = ephpm_make_memory_cgroup(256 << 20);
if ($group === null) die('skip no memory cgroup can be made here');
ephpm_remove_memory_cgroup($group);
?>
--FILE--
<?php
require __DIR__ . '/include/memory_cgroup.inc';
require __DIR__ . '/include/processes.inc';
$group = ephpm_make_memory_cgroup(256 << 20);
$file = '/dev/shm/ephpm_kv_phpt_cgroup_' . getmypid();
// A shell moves itself into the group, then becomes php (or php-cgi, a server's start).
$run = function (string $size, string $store = '', string $binary = 'TEST_PHP_EXECUTABLE') use ($group, $file) {
    $script = tempnam(sys_get_temp_dir(), 'ephpm_kv_phpt_cgroup_');
    file_put_contents($script, '<?php try { var_dump(ephpm_kv_set("k", "v")); } catch (Error $e) { echo "Error\n"; }');
    // A clean environment (run-tests.php's CGI variables would run the test again); php-cgi runs as a web
    // server runs a CGI program, a server's start.
    $env = $binary === 'TEST_PHP_CGI_EXECUTABLE' ? ephpm_cgi_request_env($script) : 'env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin ';
    $php = $env . getenv($binary) . ' ' . getenv('TEST_PHP_EXTRA_ARGS') . ' -d html_errors=0 -d display_startup_errors=1'
        . ' -d ephpm_kv.size=' . $size . ($store ? ' -d ephpm_kv.store_file=' . $store : '') . ' -q ' . $script;
    $output = shell_exec('sh -c ' . escapeshellarg('echo $$ > ' . $group['dir'] . '/cgroup.procs && exec ' . $php)
        . ' </dev/null 2>&1');
    unlink($script);
    clearstatcache();
    $output = ephpm_without_cgi_headers((string) $output);
    return str_replace([$group['limit_file'], $file], ['LIMIT_FILE', 'FILE'], trim($output)) . "\n"
        . 'store file: ' . (file_exists($file) ? filesize($file) . ' bytes' : 'none') . "\n";
};
echo "-- an anonymous store of 512M in a cgroup limited to 256M\n";
echo $run('512M');
echo "-- 128M in it: no warning\n";
echo $run('128M');
echo "-- a store file of 512M is refused before it is reserved\n";
echo $run('512M', $file);
echo "-- one of 128M is made\n";
echo $run('128M', $file, 'TEST_PHP_CGI_EXECUTABLE');
echo "-- a server's start with 300M leaves it as it is\n";
echo $run('300M', $file, 'TEST_PHP_CGI_EXECUTABLE');
unlink($file);
echo "-- a 200M store made outside the cgroup: its pages are not the cgroup's to get back, so 300M is refused, the store kept\n";
ephpm_run_php('ephpm_kv_set("k", "made outside");', ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '200M']);
echo $run('300M', $file, 'TEST_PHP_CGI_EXECUTABLE');
@unlink($file);
ephpm_remove_memory_cgroup($group);
?>
--EXPECTF--
-- an anonymous store of 512M in a cgroup limited to 256M
Warning: ephpm_kv: ephpm_kv.size (536870912 bytes) is more than the memory this process's cgroup may use (268435456 bytes, LIMIT_FILE): a store filled past it gets its processes killed by the kernel in Unknown on line 0
bool(true)
store file: none
-- 128M in it: no warning
bool(true)
store file: none
-- a store file of 512M is refused before it is reserved
Warning: ephpm_kv is disabled: cannot reserve 536870912 bytes (ephpm_kv.size) for the store file FILE: this process's cgroup can still take %d bytes (under the limit set by LIMIT_FILE), and reserving more would get it killed by the kernel; lower ephpm_kv.size, or raise the limit (a container's --memory) in Unknown on line 0
Error
store file: none
-- one of 128M is made
bool(true)
store file: 134217728 bytes
-- a server's start with 300M leaves it as it is
Error

Warning: ephpm_kv is disabled: a store of 314572800 bytes (ephpm_kv.size) does not fit in the memory this process's cgroup can still take (%d bytes counting the file's own, under the limit set by LIMIT_FILE), so the store file FILE, which holds a store of 134217728 bytes (ephpm_kv.size is 314572800), was left as it is: reserving it would get this process killed by the kernel; lower ephpm_kv.size, or raise the limit (a container's --memory) in Unknown on line 0
store file: 134217728 bytes
-- a 200M store made outside the cgroup: its pages are not the cgroup's to get back, so 300M is refused, the store kept
Error

Warning: ephpm_kv is disabled: a store of 314572800 bytes (ephpm_kv.size) does not fit in the memory this process's cgroup can still take (%d bytes%A, under the limit set by LIMIT_FILE), so the store file FILE, which holds a store of 209715200 bytes (ephpm_kv.size is 314572800), was left as it is: reserving it would get this process killed by the kernel; lower ephpm_kv.size, or raise the limit (a container's --memory) in Unknown on line 0
store file: 209715200 bytes
