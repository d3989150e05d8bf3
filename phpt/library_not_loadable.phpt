--TEST--
Go library not loadable: startup warns, and every call throws an Error naming the path, the loader's reason and the ini to set
--INI--
ephpm_kv.library=/nonexistent/ephpm_kv_go.so
session.save_handler=ephpm
session.use_cookies=0
session.use_only_cookies=0
--FILE--
<?php
for ($i = 0; $i < 2; $i++) {
    try {
        ephpm_kv_get('k');
    } catch (Error $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);
ob_start();
phpinfo(INFO_MODULES);
preg_match('/^Go runtime => (.*)$/m', ob_get_clean(), $m);
echo $m[1], "\n";
?>
--EXPECTF--
Warning: ephpm_kv: the Go library /nonexistent/ephpm_kv_go.so cannot be used (No such file or directory): every ephpm_kv_* call and the ephpm session handler will fail; set ephpm_kv.library to the path of ephpm_kv_go.so in Unknown on line 0
Error: ephpm_kv: cannot load the Go library /nonexistent/ephpm_kv_go.so: /nonexistent/ephpm_kv_go.so: cannot open shared object file: No such file or directory (set ephpm_kv.library to the path of ephpm_kv_go.so)
Error: ephpm_kv: cannot load the Go library /nonexistent/ephpm_kv_go.so: %s

Warning: session_start(): ephpm_kv: cannot load the Go library /nonexistent/ephpm_kv_go.so: %s in %s on line %d

Warning: session_start(): Failed to initialize storage module: ephpm (path: %S) in %s on line %d
bool(false)
bool(true)
unavailable: ephpm_kv: cannot load the Go library /nonexistent/ephpm_kv_go.so: %s
