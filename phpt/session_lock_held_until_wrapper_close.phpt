--TEST--
session locking: through a \SessionHandler wrapper the lock stays held after parent::write() until close() (the engine's own write releases it as it closes)
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
require __DIR__ . '/include/processes.inc';
ob_start();

// Another process that tries the session when asked and says what it found.
$prober = ephpm_fork(function () {
    ini_set('ephpm_kv.session_lock_timeout', '200');
    for ($n = 1; $n <= 3; $n++) {
        ephpm_kv_wait("probe-$n", 1, 20000);
        session_id('held1');
        $free = @session_start();
        if ($free) {
            session_write_close();
        }
        ephpm_kv_set("result-$n", $free ? 'free' : 'locked');
    }
    return 0;
});

function probe(int $n): string
{
    ephpm_kv_set("probe-$n", '1');
    ephpm_kv_wait("result-$n", 1, 20000);
    return ephpm_kv_get("result-$n");
}

class ProbingHandler extends SessionHandler
{
    public function write(string $id, string $data): bool
    {
        $ok = parent::write($id, $data);
        echo "after parent::write(): ", probe(1), "\n";
        var_dump(parent::write($id, $data . 'b|i:2;'), 'a second write still holds the lock');
        return $ok;
    }
    public function close(): bool
    {
        $ok = parent::close();
        echo "after parent::close(): ", probe(2), "\n";
        return $ok;
    }
}

session_set_save_handler(new ProbingHandler(), true);
session_id('held1');
session_start();
$_SESSION['a'] = 1;
var_dump(session_write_close());
var_dump(ephpm_kv_get('php_session:held1'));

echo "-- the engine without a wrapper\n";
ini_set('session.save_handler', 'ephpm');
session_id('held1');
session_start();
$_SESSION['c'] = 3;
var_dump(session_write_close());
echo "after session_write_close(): ", probe(3), "\n";
var_dump(ephpm_kv_get('php_session:held1'));
echo "prober exit code: ", ephpm_wait_child($prober), "\n";
?>
--EXPECT--
after parent::write(): locked
bool(true)
string(35) "a second write still holds the lock"
after parent::close(): free
bool(true)
string(12) "a|i:1;b|i:2;"
-- the engine without a wrapper
bool(true)
after session_write_close(): free
string(18) "a|i:1;b|i:2;c|i:3;"
prober exit code: 0
