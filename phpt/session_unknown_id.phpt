--TEST--
session: an unknown id is adopted without strict mode and replaced with strict mode
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=600
--FILE--
<?php
ob_start();
echo "-- use_strict_mode=0: the id is used as given\n";
session_id('chosenbyclient1');
var_dump(session_start(), session_id(), $_SESSION);
$_SESSION['x'] = 1;
session_write_close();
var_dump(ephpm_kv_get('php_session:chosenbyclient1'));

echo "-- use_strict_mode=1: an unknown id is replaced by a fresh one\n";
ini_set('session.use_strict_mode', '1');
session_id('chosenbyattacker');
var_dump(session_start());
$fresh = session_id();
var_dump($fresh !== 'chosenbyattacker', strlen($fresh), $_SESSION);
session_write_close();
var_dump(ephpm_kv_exists('php_session:chosenbyattacker'), ephpm_kv_exists("php_session:$fresh"));

echo "-- use_strict_mode=1: an existing id is kept\n";
session_id('chosenbyclient1');
session_start();
var_dump(session_id(), $_SESSION);
session_write_close();
?>
--EXPECT--
-- use_strict_mode=0: the id is used as given
bool(true)
string(15) "chosenbyclient1"
array(0) {
}
string(6) "x|i:1;"
-- use_strict_mode=1: an unknown id is replaced by a fresh one
bool(true)
bool(true)
int(32)
array(0) {
}
bool(false)
bool(true)
-- use_strict_mode=1: an existing id is kept
string(15) "chosenbyclient1"
array(1) {
  ["x"]=>
  int(1)
}
