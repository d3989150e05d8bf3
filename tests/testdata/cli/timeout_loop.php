<?php
// Calls every ephpm_kv_* function in a loop until the time limit ends the
// script with PHP's own "Maximum execution time" fatal error. With argv[1]
// "set_time_limit" the limit comes from set_time_limit(1) instead of ini.
// The shutdown function proves PHP is still sane after the timeout.
$iterations = 0;
register_shutdown_function(function () use (&$iterations) {
    echo "\nshutdown after ", $iterations, " iterations\n";
});
if (($argv[1] ?? '') === 'set_time_limit') {
    set_time_limit(1);
}
$value = str_repeat('v', 100);
ephpm_kv_set('probe', $value);
echo ephpm_kv_get('probe') === $value ? "started\n" : "store not working\n";
for (;;) {
    $key = 'key:' . ($iterations % 1000);
    ephpm_kv_set($key, $value, 60);
    ephpm_kv_get($key);
    ephpm_kv_setnx($key, $value);
    ephpm_kv_exists($key);
    ephpm_kv_ttl($key);
    ephpm_kv_pttl($key);
    ephpm_kv_expire($key, 120);
    ephpm_kv_del_if_eq($key, $value);
    ephpm_kv_del($key);
    ephpm_kv_incr('counter');
    ephpm_kv_incr_by('counter', 2);
    ephpm_kv_decr('counter');
    ephpm_kv_wait('counter', 0, 0);
    if ($iterations % 1000 === 0) {
        ephpm_kv_info();
    }
    $iterations++;
}
