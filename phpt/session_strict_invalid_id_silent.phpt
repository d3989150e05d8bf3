--TEST--
session: under use_strict_mode an invalid id (cookie, session_id()) is replaced silently, as the files handler does; destroying an invalid id succeeds; the warning for reading one is the files handler's
--INI--
session.save_handler=ephpm
session.use_cookies=1
session.use_only_cookies=0
session.use_strict_mode=1
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=600
--FILE--
<?php
ob_start();
echo "-- cookie\n";
$_COOKIE[session_name()] = 'bad!id';
var_dump(session_start(), session_id() !== 'bad!id', strlen(session_id()));
session_write_close();
unset($_COOKIE[session_name()]);
echo "-- session_id()\n";
foreach (['bad!id', str_repeat('a', 257), "a\0b"] as $id) {
    session_id($id);
    var_dump(session_start(), session_id() !== $id);
    session_write_close();
}
echo "-- SessionHandler::destroy()\n";
$handler = new SessionHandler();
session_set_save_handler($handler);
session_id('');
session_start();
var_dump($handler->destroy('bad!id'), $handler->destroy(str_repeat('b', 300)));
echo "-- SessionHandler::read() still warns\n";
var_dump($handler->read('bad!id'));
session_write_close();
echo "-- non-strict: read warns as files does\n";
ini_set('session.use_strict_mode', '0');
session_id('bad!id');
var_dump(session_start());
?>
--EXPECTF--
-- cookie
bool(true)
bool(true)
int(32)
-- session_id()
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
-- SessionHandler::destroy()
bool(true)
bool(true)
-- SessionHandler::read() still warns

Warning: SessionHandler::read(): Session ID is too long or contains illegal characters. Only the A-Z, a-z, 0-9, "-", and "," characters are allowed in %s on line %d
bool(false)
-- non-strict: read warns as files does

Warning: SessionHandler::read(): Session ID is too long or contains illegal characters. Only the A-Z, a-z, 0-9, "-", and "," characters are allowed in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %S) in %s on line %d
bool(false)
