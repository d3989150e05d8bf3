--TEST--
session: the ephpm module works wrapped by session_set_save_handler(new \SessionHandler())
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
class TracingHandler extends SessionHandler
{
    public function read(string $id): string|false
    {
        echo "read $id\n";
        return parent::read($id);
    }
    public function write(string $id, string $data): bool
    {
        echo "write $id $data\n";
        return parent::write($id, $data);
    }
}
session_set_save_handler(new TracingHandler(), true);
session_id('wrapped1');
session_start();
$_SESSION['a'] = 1;
session_write_close();
var_dump(ephpm_kv_get('php_session:wrapped1'));

echo "-- plain SessionHandler, new id through its create_sid\n";
session_set_save_handler(new SessionHandler(), true);
session_id('');
session_start();
$id = session_id();
var_dump(strlen($id), ephpm_kv_exists("php_session:$id"));
$_SESSION['b'] = 2;
session_write_close();
var_dump(ephpm_kv_get("php_session:$id"));
session_id($id);
session_start();
var_dump($_SESSION);
session_write_close();
?>
--EXPECT--
read wrapped1
write wrapped1 a|i:1;
string(6) "a|i:1;"
-- plain SessionHandler, new id through its create_sid
int(32)
bool(true)
string(6) "b|i:2;"
array(1) {
  ["b"]=>
  int(2)
}
