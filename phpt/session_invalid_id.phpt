--TEST--
session: ids that fail php_session_valid_key are refused with the files handler's warning; strict mode replaces them silently
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
foreach (['bad!id', str_repeat('a', 300)] as $id) {
    session_id($id);
    var_dump(session_start());
}
echo "-- strict mode: the invalid id is replaced (silently, as with files)\n";
ini_set('session.use_strict_mode', '1');
session_id('bad!id');
var_dump(session_start(), session_id() !== 'bad!id');
session_write_close();
echo "entries: ", ephpm_kv_info()['entries'], "\n";
?>
--EXPECTF--
Warning: session_start(): Session ID is too long or contains illegal characters. Only the A-Z, a-z, 0-9, "-", and "," characters are allowed in %s on line %d

Warning: session_start(): Failed to read session data: ephpm (path: %S) in %s on line %d
bool(false)

Warning: session_start(): Session ID is too long or contains illegal characters. Only the A-Z, a-z, 0-9, "-", and "," characters are allowed in %s on line %d

Warning: session_start(): Failed to read session data: ephpm (path: %S) in %s on line %d
bool(false)
-- strict mode: the invalid id is replaced (silently, as with files)
bool(true)
bool(true)
entries: 1
