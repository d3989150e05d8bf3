--TEST--
session: a session past its TTL is never read back, even when no gc ran
--INI--
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
session.use_strict_mode=0
session.cache_limiter=
session.gc_probability=0
session.gc_maxlifetime=600
session.gc_maxlifetime=1
--FILE--
<?php
ob_start();
session_id('expiring1');
session_start();
$_SESSION['secret'] = 'old';
session_write_close();
var_dump(ephpm_kv_ttl('php_session:expiring1'));
sleep(2);
session_id('expiring1');
session_start();
var_dump($_SESSION);
session_write_close();
?>
--EXPECT--
int(1)
array(0) {
}
