--TEST--
session: a SessionHandler subclass that overrides open() without parent::open() can still use parent::create_sid()
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.cache_limiter=
session.gc_probability=0
--FILE--
<?php
ob_start();
// Shaped like php-src's session_set_save_handler_class_016.phpt, which crashed
// a module that assumed open() always ran before create_sid().
class OwnStorage extends SessionHandler
{
    public array $data = [];
    public function open(string $path, string $name): bool { return true; }
    public function close(): bool { return true; }
    public function read(string $id): string|false { return $this->data[$id] ?? ''; }
    public function write(string $id, string $data): bool { $this->data[$id] = $data; return true; }
    public function create_sid(): string { return parent::create_sid(); }
}
$handler = new OwnStorage();
session_set_save_handler($handler);
var_dump(session_start());
$id = session_id();
var_dump(strlen($id), ephpm_kv_exists("php_session:$id"));
$_SESSION['x'] = 1;
session_write_close();
var_dump($handler->data[$id]);
?>
--EXPECT--
bool(true)
int(32)
bool(true)
string(6) "x|i:1;"
