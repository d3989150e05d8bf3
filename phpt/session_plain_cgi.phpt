--TEST--
php-cgi as a plain CGI program (one process per request): session_start() fails with a warning saying why, the ephpm_kv_* functions work, phpinfo() shows the store is per request
--CGI--
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.cache_limiter=
--FILE--
<?php
echo PHP_SAPI, "\n";
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);
var_dump(ephpm_kv_set('k', 'v'), ephpm_kv_get('k'));
ob_start();
phpinfo(INFO_MODULES);
preg_match('/Store shared by\s*<\/td><td class="v">\s*(.*?)\s*<\/td>/', ob_get_clean(), $m);
echo html_entity_decode($m[1], ENT_QUOTES), "\n";
?>
--EXPECTF--
cgi-fcgi

Warning: session_start(): The ephpm session handler cannot keep sessions under plain CGI: php-cgi runs each request in a new process, and the in-memory store ends with it. Run php-cgi as FastCGI (php-cgi -b with PHP_FCGI_CHILDREN) or php-fpm, or keep the store in a file (ephpm_kv.store_file) in %s on line %d

Warning: session_start(): Failed to initialize storage module: ephpm (path: %S) in %s on line %d
bool(false)
bool(true)
bool(true)
string(1) "v"
this request only (plain CGI runs each request in a new process; the ephpm session handler refuses to start)
