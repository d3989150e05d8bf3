--TEST--
ephpm_kv.size beyond the memory limit of the process's cgroup (a container's): a startup warning names the limit and the file that sets it
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
$group = ephpm_make_memory_cgroup(256 << 20);
// A shell moves itself into the group, then becomes php.
$run = function (string $size) use ($group) {
    $php = getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS') . ' -d ephpm_kv.size=' . $size
        . ' -r ' . escapeshellarg('var_dump(ephpm_kv_set("k", "v"));');
    $output = shell_exec('sh -c ' . escapeshellarg('echo $$ > ' . $group['dir'] . '/cgroup.procs && exec ' . $php) . ' 2>&1');
    return str_replace($group['limit_file'], 'LIMIT_FILE', (string) $output);
};
echo "-- 512M in a cgroup limited to 256M\n";
echo $run('512M');
echo "-- 128M in it: no warning\n";
echo $run('128M');
ephpm_remove_memory_cgroup($group);
?>
--EXPECTF--
-- 512M in a cgroup limited to 256M

Warning: ephpm_kv: ephpm_kv.size (536870912 bytes) is more than the memory this process's cgroup may use (268435456 bytes, LIMIT_FILE): a store filled past it gets its processes killed by the kernel in Unknown on line 0
bool(true)
-- 128M in it: no warning
bool(true)
