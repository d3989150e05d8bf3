--TEST--
php-cgi as a plain CGI program with ephpm_kv.store_file: each request's process maps the same store, so sessions work
--CGI--
--INI--
ephpm_kv.store_file=/dev/shm/ephpm_kv_phpt_plain_cgi
ephpm_kv.size=4M
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/include/processes.inc';
echo PHP_SAPI, "\n";
// The store file's name is fixed (--INI--), so it may outlive a run that was
// interrupted, or be shared with a run at the same time: a session of this
// run's own.
$id = 'cgi' . getmypid();
session_id($id);
var_dump(session_start());
$_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
var_dump(session_write_close());
ob_start();
phpinfo(INFO_MODULES);
preg_match('/Store shared by\s*<\/td><td class="v">\s*(.*?)\s*<\/td>/', ob_get_clean(), $m);
echo html_entity_decode($m[1], ENT_QUOTES), "\n";
echo "another process (the CLI) reads: ";
echo ephpm_run_php("var_dump(ephpm_kv_get('php_session:$id'));",
    ['ephpm_kv.store_file' => '/dev/shm/ephpm_kv_phpt_plain_cgi', 'ephpm_kv.size' => '4M'])['stdout'];
?>
--CLEAN--
<?php
@unlink('/dev/shm/ephpm_kv_phpt_plain_cgi');
?>
--EXPECT--
cgi-fcgi
bool(true)
bool(true)
every process that maps the store file (it outlives a restart of the server)
another process (the CLI) reads: string(6) "n|i:1;"
