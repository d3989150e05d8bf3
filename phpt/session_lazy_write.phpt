--TEST--
session.lazy_write: unchanged data refreshes the TTL without rewriting the payload
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=600
session.lazy_write=1
session.gc_maxlifetime=100
--FILE--
<?php
ob_start();
$key = 'php_session:lazy1234';
session_id('lazy1234');
session_start();
$_SESSION['n'] = 1;
session_write_close();
$written = ephpm_kv_wait($key, 0, 0);
var_dump($written['value']);

sleep(1);
$aged = ephpm_kv_pttl($key);
echo "TTL aged: ", $aged <= 99000 ? 'yes' : "no ($aged)", "\n";

echo "-- unchanged data\n";
session_id('lazy1234');
session_start();
session_write_close();
$refreshed = ephpm_kv_pttl($key);
echo "TTL refreshed: ", $refreshed > $aged ? 'yes' : "no ($aged -> $refreshed)", "\n";
echo "payload rewritten: ", ephpm_kv_wait($key, $written['version'], 0) === false ? 'no' : 'yes', "\n";

echo "-- changed data\n";
session_id('lazy1234');
session_start();
$_SESSION['n'] = 2;
session_write_close();
$changed = ephpm_kv_wait($key, $written['version'], 0);
var_dump($changed['value']);
?>
--EXPECT--
string(6) "n|i:1;"
TTL aged: yes
-- unchanged data
TTL refreshed: yes
payload rewritten: no
-- changed data
string(6) "n|i:2;"
