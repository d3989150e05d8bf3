--TEST--
ephpm_kv.size and the cgroup limit in a container without a cgroup namespace: /proc/self/cgroup names the host's path while the container's mount shows only its part of the hierarchy; the limit of a group inside the container is found
--SKIPIF--
<?php
require __DIR__ . '/include/memory_cgroup.inc';
if (trim(shell_exec('id -u')) !== '0') die('skip needs root to make cgroups and mounts');
if (!trim((string) shell_exec('command -v unshare'))) die('skip needs unshare');
$group = ephpm_make_memory_cgroup(256 << 20);
if ($group === null) die('skip no memory cgroup can be made here');
ephpm_remove_memory_cgroup($group);
if (!str_ends_with($group['limit_file'], 'memory.limit_in_bytes')) die('skip the container is made with a cgroup v1 bind mount');
?>
--FILE--
<?php
require __DIR__ . '/include/memory_cgroup.inc';
// The container's group (256M) with a service group inside it (128M), as systemd in a container makes.
$container = ephpm_make_memory_cgroup(256 << 20);
mkdir($container['dir'] . '/svc');
file_put_contents($container['dir'] . '/svc/memory.limit_in_bytes', (string) (128 << 20));
// In a mount namespace of its own, the container's group is mounted where the hierarchy was.
$php = getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS') . ' -d ephpm_kv.size=192M -r '
    . escapeshellarg('var_dump(ephpm_kv_set("k", "v"));');
$script = 'echo $$ > ' . $container['dir'] . '/svc/cgroup.procs && mount --bind ' . $container['dir']
    . ' /sys/fs/cgroup/memory && exec ' . $php;
$output = (string) shell_exec('unshare -m --propagation private sh -c ' . escapeshellarg($script) . ' 2>&1');
echo $output;
rmdir($container['dir'] . '/svc');
ephpm_remove_memory_cgroup($container);
?>
--EXPECT--

Warning: ephpm_kv: ephpm_kv.size (201326592 bytes) is more than the memory this process's cgroup may use (134217728 bytes, /sys/fs/cgroup/memory/svc/memory.limit_in_bytes): a store filled past it gets its processes killed by the kernel in Unknown on line 0
bool(true)
