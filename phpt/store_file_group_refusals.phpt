--TEST--
ephpm_kv.store_file_group: what is not shared stays unshared and no store is lost: an inherited ACL is removed, a file with an ACL or a non-member owner is not the group's, a group file with the setting missing is refused (not replaced), a non-member server leaves the old store, an outside exclusive flock is waited for and refused; numeric groups work
--SKIPIF--
<?php
if (trim(shell_exec('id -u')) !== '0') die('skip needs root to run as other users');
foreach (['setpriv', 'setfacl', 'getfacl', 'flock'] as $tool) {
    if (!trim((string) shell_exec("command -v $tool"))) die("skip needs $tool");
}
if (!getenv('TEST_PHP_CGI_EXECUTABLE')) die('skip needs php-cgi for a server\'s start');
if (!trim((string) shell_exec('getent group nogroup')) || !trim((string) shell_exec('getent passwd daemon'))) die('skip needs the group nogroup and the user daemon');
?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$dir = '/dev/shm/ephpm_kv_phpt_group_refusals_' . getmypid();
mkdir($dir, 0755);
$file = "$dir/store";
$ini = ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M'];
$shared = $ini + ['ephpm_kv.store_file_group' => 'nogroup'];
$stat = function () use ($file) {
    clearstatcache();
    return file_exists($file) ? trim(shell_exec('stat -c "%U:%G %a %s %i" ' . escapeshellarg($file))) : 'no file';
};
$php = function (array $settings, string $code, string $as = '') use ($file) {
    $command = $as . getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS')
        . ' -d display_startup_errors=0 -d log_errors=0 -d html_errors=0';
    foreach ($settings as $name => $value) {
        $command .= ' -d ' . escapeshellarg("$name=$value");
    }
    $code = "try { $code } catch (Error \$e) { echo \$e->getMessage(), \"\\n\"; }";
    // Startup warnings go to stderr whatever log_errors says: the message the calls throw is enough.
    return str_replace($file, 'FILE', (string) shell_exec($command . ' -r ' . escapeshellarg($code) . ' 2>/dev/null'));
};
$server = function (array $settings, string $code, string $as = '') use ($file) {
    $run = ephpm_run_cgi("try { $code } catch (Error \$e) { echo \$e->getMessage(), \"\\n\"; }",
        $settings + ['display_startup_errors' => '0'], $as);
    return str_replace($file, 'FILE', $run['stdout']);
};
$daemon = 'setpriv --reuid=daemon --regid=daemon --clear-groups ';
$member = 'setpriv --reuid=nobody --regid=nogroup --clear-groups ';

echo "-- a default ACL of the directory (daemon may read and write) is not inherited by a shared store\n";
shell_exec('setfacl -d -m u:daemon:rw ' . escapeshellarg($dir));
echo $server($shared, 'var_dump(ephpm_kv_set("secret", "s3cr3t"));');
echo $stat() === 'no file' ? 'no file' : substr($stat(), 0, strrpos($stat(), ' ')), "\n";
echo trim(shell_exec('getfacl -cp ' . escapeshellarg($file) . ' 2>/dev/null | grep -c daemon')), " ACL entries for daemon\n";
echo $php($shared, 'var_dump(ephpm_kv_get("secret"));', $daemon);
shell_exec('setfacl -k ' . escapeshellarg($dir));

echo "-- a file with an access ACL is refused\n";
shell_exec('setfacl -m u:daemon:rw ' . escapeshellarg($file));
echo $php($shared, 'ephpm_kv_get("secret");');
echo $server($shared, 'ephpm_kv_get("secret");');
shell_exec('setfacl -b ' . escapeshellarg($file));

echo "-- a member's store with an access ACL: refused by a server's start too, never replaced\n";
chown($file, 'nobody');
shell_exec('setfacl -m u:daemon:rw ' . escapeshellarg($file));
echo $server($shared, 'ephpm_kv_get("secret");');
shell_exec('setfacl -b ' . escapeshellarg($file));
chmod($file, 0660);
chown($file, 'root');
echo "-- numeric group ids work as names do\n";
echo $php($ini + ['ephpm_kv.store_file_group' => trim(shell_exec('getent group nogroup | cut -d: -f3'))],
    'var_dump(ephpm_kv_get("secret"));');

echo "-- a file of the group whose owner is no member (planted through a setgid directory) is not the group's\n";
$inode = $stat();
chown($file, 'daemon');
echo $php($shared, 'ephpm_kv_get("secret");');
chown($file, 'root');

echo "-- the setting missing for a member's store: its owner is told to set it; a server's start refuses it, never replaces it\n";
chown($file, 'nobody');
echo $php($ini, 'ephpm_kv_get("secret");', $member);
echo $server($ini, 'ephpm_kv_get("secret");');
echo $stat() === str_replace('root:', 'nobody:', $inode) ? "kept\n" : "changed: {$stat()}\n";
chown($file, 'root');

echo "-- the group changed: the old group's file is refused, with the command to mend it\n";
echo $server($ini + ['ephpm_kv.store_file_group' => 'daemon'], 'ephpm_kv_get("secret");');

echo "-- a member holding the setting, before the server's start has shared the file\n";
chmod($file, 0600);
chgrp($file, 'root');
echo $php($shared, 'ephpm_kv_get("secret");', $member);
chmod($file, 0660);
chgrp($file, 'nogroup');

echo "-- a server that is neither root nor a member, replacing its own store: the old one is kept\n";
unlink($file);
chmod($dir, 0777);
echo $php(['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M'], 'var_dump(ephpm_kv_set("k", "daemon\'s"));', $daemon);
echo $server(['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '8M', 'ephpm_kv.store_file_group' => 'nogroup'],
    'ephpm_kv_get("k");', $daemon);
echo $php(['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M'], 'var_dump(ephpm_kv_get("k"));', $daemon);

echo "-- an exclusive flock held outside ephpm_kv is waited for (10 s, without blocking other stores' starts), then refused\n";
$holder = proc_open([getenv('TEST_PHP_EXECUTABLE'), '-n', '-r', '$f = fopen($argv[1], "r"); flock($f, LOCK_EX); sleep(30);', $file], [], $pipes);
usleep(300_000);
$started = microtime(true);
$waiting = proc_open('exec ' . $daemon . getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS')
    . ' -d log_errors=0 -d display_startup_errors=0 -d ephpm_kv.size=4M -d ephpm_kv.store_file=' . escapeshellarg($file)
    . ' -r ' . escapeshellarg('try { ephpm_kv_get("k"); } catch (Error $e) { echo $e->getMessage(), "\n"; }'),
    [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
usleep(500_000);
$other = "$dir/other";
$otherStarted = microtime(true);
echo "meanwhile another store in the directory: ",
    $php(['ephpm_kv.store_file' => $other, 'ephpm_kv.size' => '4M'], 'var_dump(ephpm_kv_set("k", "v"));');
printf("started within %s\n", microtime(true) - $otherStarted < 5 ? '5 s' : 'more than 5 s');
unlink($other);
$output = stream_get_contents($pipes[1]);
proc_close($waiting);
echo str_replace($file, 'FILE', preg_replace('/\(pid \d+\)/', '(pid N)', $output));
printf("refused after %s\n", microtime(true) - $started >= 9.5 ? 'about 10 s' : 'less than 9.5 s');
proc_terminate($holder, SIGKILL);
proc_close($holder);
echo $php(['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M'], 'var_dump(ephpm_kv_get("k"));', $daemon);
unlink($file);
rmdir($dir);
?>
--EXPECTF--
-- a default ACL of the directory (daemon may read and write) is not inherited by a shared store
bool(true)
root:nogroup 660 4194304
0 ACL entries for daemon
ephpm_kv is disabled: cannot open the store file FILE: it belongs to uid 0 and the group nogroup (mode 0660), and this process runs as uid 1, not a member of that group: run it as the file's owner or as a member
-- a file with an access ACL is refused
ephpm_kv is disabled: the store file FILE has an access ACL, which can let other users in (getfacl): remove it with setfacl -b
ephpm_kv is disabled: the store file FILE has an access ACL, which can let other users in (getfacl): remove it with setfacl -b
-- a member's store with an access ACL: refused by a server's start too, never replaced
ephpm_kv is disabled: the store file FILE has an access ACL, which can let other users in (getfacl): remove it with setfacl -b
-- numeric group ids work as names do
string(6) "s3cr3t"
-- a file of the group whose owner is no member (planted through a setgid directory) is not the group's
ephpm_kv is disabled: the store file FILE holds a store of uid 1, which is not shared with this process: its owner, uid 1, is not a member of the group nogroup
-- the setting missing for a member's store: its owner is told to set it; a server's start refuses it, never replaces it
ephpm_kv is disabled: the store file FILE can be read or written by its group nogroup (mode 0660), which ephpm_kv.store_file_group does not name: set ephpm_kv.store_file_group = nogroup to share the store with that group, or chmod 600 it
ephpm_kv is disabled: the store file FILE holds a store of uid 65534 shared with its group nogroup (mode 0660), which ephpm_kv.store_file_group does not name: set ephpm_kv.store_file_group = nogroup to use it, or remove the file to start afresh
kept
-- the group changed: the old group's file is refused, with the command to mend it
ephpm_kv is disabled: the store file FILE can be read or written by its group nogroup (mode 0660), not the group ephpm_kv.store_file_group names: chgrp daemon it (a server's start then shares it with that group), or chmod 600 it
-- a member holding the setting, before the server's start has shared the file
ephpm_kv is disabled: cannot open the store file FILE: it belongs to uid 0 and the group root (mode 0600), and this process runs as uid 65534: a server's start with ephpm_kv.store_file_group gives the file to the group it names (reload or restart the server), or chgrp and chmod 660 it
-- a server that is neither root nor a member, replacing its own store: the old one is kept
bool(true)
ephpm_kv is disabled: a new store file would belong to the group nogroup (ephpm_kv.store_file_group), which this process (uid 1) is not a member of, so the store file FILE, which holds a store of 4194304 bytes (ephpm_kv.size is 8388608), was left as it is: run the server as root or as a member of that group
string(8) "daemon's"
-- an exclusive flock held outside ephpm_kv is waited for (10 s, without blocking other stores' starts), then refused
meanwhile another store in the directory: bool(true)
started within 5 s
ephpm_kv is disabled: cannot lock the store file FILE: another process has held an exclusive lock on it (flock) for 10 s (pid N)
refused after about 10 s
string(8) "daemon's"
