--TEST--
session: a gc_maxlifetime whose deadline lies past the end of time saturates: the session keeps a TTL at the far end of time, on write and on a lazy_write touch
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.lazy_write=1
session.gc_maxlifetime=9223372036854775807
--FILE--
<?php
function far_end_of_time(string $key): bool
{
    return ephpm_kv_ttl($key) > 100 * 365 * 24 * 3600;
}

ob_start();
session_id('forever1');
session_start();
$_SESSION['n'] = 1;
session_write_close();
var_dump(far_end_of_time('php_session:forever1'));

echo "-- unchanged data: the TTL is refreshed only\n";
ephpm_kv_expire('php_session:forever1', 60);
session_id('forever1');
session_start();
session_write_close();
var_dump(far_end_of_time('php_session:forever1'));
?>
--EXPECT--
bool(true)
-- unchanged data: the TTL is refreshed only
bool(true)
