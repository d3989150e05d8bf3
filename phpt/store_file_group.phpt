--TEST--
ephpm_kv.store_file_group: the store file is its owner's and that group's (0660), so a cron job run as a member shares the server's store; others are refused with the reason, and a file of a group the setting does not name is refused
--SKIPIF--
<?php
if (trim(shell_exec('id -u')) !== '0') die('skip needs root to run as other users');
if (!trim((string) shell_exec('command -v setpriv'))) die('skip needs setpriv to run as another user');
if (!getenv('TEST_PHP_CGI_EXECUTABLE')) die('skip needs php-cgi for a server\'s start');
if (!trim((string) shell_exec('getent group nogroup')) || !trim((string) shell_exec('getent passwd daemon'))) die('skip needs the group nogroup and the user daemon');
?>
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
$file = '/dev/shm/ephpm_kv_phpt_group_' . getmypid();
$ini = ['ephpm_kv.store_file' => $file, 'ephpm_kv.size' => '4M'];
$shared = $ini + ['ephpm_kv.store_file_group' => 'nogroup'];
$owner = function () use ($file) {
    clearstatcache();
    return trim(shell_exec('stat -c "%U:%G %a" ' . escapeshellarg($file)));
};
// A php command, as root or (through setpriv) as another user; startup warnings on stdout.
$php = function (array $settings, string $code, string $as = '') use ($file) {
    $command = $as . getenv('TEST_PHP_EXECUTABLE') . ' ' . getenv('TEST_PHP_EXTRA_ARGS')
        . ' -d display_startup_errors=1 -d html_errors=0';
    foreach ($settings as $name => $value) {
        $command .= ' -d ' . escapeshellarg("$name=$value");
    }
    $code = "try { $code } catch (Error \$e) { echo \$e->getMessage(), \"\\n\"; }";
    $output = shell_exec($command . ' -r ' . escapeshellarg($code) . ' 2>&1');
    $output = trim(str_replace($file, 'FILE', preg_replace('/ in Unknown on line 0/', '', (string) $output)));
    return $output === '' ? '' : "$output\n";
};
// A server's start: php-cgi, which prints the phpinfo() row of the store file.
$server = function (array $settings, string $code) use ($file) {
    $run = ephpm_run_cgi($code . ' ob_start(); phpinfo(INFO_MODULES); preg_match(\'/Store file\s*<\/td><td class="v">([^<]*)/\', '
        . 'ob_get_clean(), $row); echo "Store file: ", trim(html_entity_decode($row[1] ?? "no row")), "\n";', $settings);
    return str_replace($file, 'FILE', $run['stdout']);
};
$member = 'setpriv --reuid=nobody --regid=nogroup --clear-groups ';
$stranger = 'setpriv --reuid=daemon --regid=daemon --clear-groups ';

echo "-- a server's start as root makes the file root's and nogroup's\n";
echo $server($shared, 'var_dump(ephpm_kv_set("from", "the server"));');
echo $owner(), "\n";
echo "-- a cron job as nobody (of nogroup) shares the store\n";
echo $php($shared, 'var_dump(ephpm_kv_get("from")); ephpm_kv_set("cron", "ran as nobody");', $member);
echo $server($shared, 'var_dump(ephpm_kv_get("cron"));');
echo "-- a user of another group is refused, with the reason\n";
echo $php($shared, 'ephpm_kv_get("from");', $stranger);
echo "-- without the setting, a file its group can use is refused\n";
echo $php($ini, 'ephpm_kv_get("from");');
echo "-- writable by others too: refused, with or without the setting\n";
chmod($file, 0666);
echo $php($shared, 'ephpm_kv_get("from");');
chmod($file, 0660);
echo "-- an existing file of root's only: a command uses it as it is, a server's start gives it to the group\n";
chmod($file, 0600);
chgrp($file, 'root');
echo $php($shared, 'var_dump(ephpm_kv_get("cron"));');
echo $owner(), "\n";
echo $server($shared, 'var_dump(ephpm_kv_get("cron"));');
echo $owner(), "\n";
echo "-- a name that is no group keeps the default: the shared file is then refused\n";
echo $php($ini + ['ephpm_kv.store_file_group' => 'no-such-group'], 'ephpm_kv_get("from");');
echo "-- a member's command makes the file while the server is stopped; the server's start (as root) keeps it, and takes it as its own\n";
unlink($file);
echo $php($shared, 'ephpm_kv_set("made", "by nobody");', $member);
echo $owner(), "\n";
echo $server($shared, 'var_dump(ephpm_kv_get("made"));');
echo $owner(), "\n";
unlink($file);
?>
--EXPECT--
-- a server's start as root makes the file root's and nogroup's
bool(true)
Store file: FILE (shared with the group nogroup), new
root:nogroup 660
-- a cron job as nobody (of nogroup) shares the store
string(10) "the server"
string(13) "ran as nobody"
Store file: FILE (shared with the group nogroup), the store of an earlier start, mapped again
-- a user of another group is refused, with the reason
Warning: ephpm_kv is disabled: cannot open the store file FILE: it belongs to uid 0 and the group nogroup (mode 0660), and this process runs as uid 1, not a member of that group: run it as the file's owner or as a member
ephpm_kv is disabled: cannot open the store file FILE: it belongs to uid 0 and the group nogroup (mode 0660), and this process runs as uid 1, not a member of that group: run it as the file's owner or as a member
-- without the setting, a file its group can use is refused
Warning: ephpm_kv is disabled: the store file FILE can be read or written by its group nogroup (mode 0660), which ephpm_kv.store_file_group does not name: set ephpm_kv.store_file_group = nogroup to share the store with that group, or chmod 600 it
ephpm_kv is disabled: the store file FILE can be read or written by its group nogroup (mode 0660), which ephpm_kv.store_file_group does not name: set ephpm_kv.store_file_group = nogroup to share the store with that group, or chmod 600 it
-- writable by others too: refused, with or without the setting
Warning: ephpm_kv is disabled: the store file FILE can be read or written by other users (mode 0666): chmod 660 it
ephpm_kv is disabled: the store file FILE can be read or written by other users (mode 0666): chmod 660 it
-- an existing file of root's only: a command uses it as it is, a server's start gives it to the group
string(13) "ran as nobody"
root:root 600
string(13) "ran as nobody"
Store file: FILE (shared with the group nogroup), the store of an earlier start, mapped again
root:nogroup 660
-- a name that is no group keeps the default: the shared file is then refused
Warning: Invalid value "no-such-group" for ephpm_kv.store_file_group: expected the name or number of a group (no group of that name on this machine); keeping ""

Warning: ephpm_kv is disabled: the store file FILE can be read or written by its group nogroup (mode 0660), which ephpm_kv.store_file_group does not name: set ephpm_kv.store_file_group = nogroup to share the store with that group, or chmod 600 it
ephpm_kv is disabled: the store file FILE can be read or written by its group nogroup (mode 0660), which ephpm_kv.store_file_group does not name: set ephpm_kv.store_file_group = nogroup to share the store with that group, or chmod 600 it
-- a member's command makes the file while the server is stopped; the server's start (as root) keeps it, and takes it as its own
nobody:nogroup 660
string(9) "by nobody"
Store file: FILE (shared with the group nogroup), the store of an earlier start, mapped again
root:nogroup 660
