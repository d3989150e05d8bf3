--TEST--
session: an existing session is read back, modified and written; the payload is stored as PHP hands it
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
ephpm_kv_set('php_session:existing123', 'user|s:3:"bob";visits|i:41;', 600);
session_id('existing123');
var_dump(session_start(), $_SESSION);
$_SESSION['visits']++;
session_write_close();
var_dump(ephpm_kv_get('php_session:existing123'));

echo "-- binary-safe payload (php_binary serializer)\n";
ini_set('session.serialize_handler', 'php_binary');
session_id('binary123');
session_start();
$_SESSION['bytes'] = "a\0b\xff";
$encoded = session_encode();
session_write_close();
var_dump(ephpm_kv_get('php_session:binary123') === $encoded, strlen($encoded) > 0);
session_id('binary123');
session_start();
var_dump($_SESSION['bytes'] === "a\0b\xff");
session_write_close();
?>
--EXPECT--
bool(true)
array(2) {
  ["user"]=>
  string(3) "bob"
  ["visits"]=>
  int(41)
}
string(27) "user|s:3:"bob";visits|i:42;"
-- binary-safe payload (php_binary serializer)
bool(true)
bool(true)
bool(true)
