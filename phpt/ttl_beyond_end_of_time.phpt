--TEST--
TTLs whose deadline lies past the end of time saturate: the key expires at the far end of time, never "no expiry", never "already expired"
--FILE--
<?php
$largest = intdiv(PHP_INT_MAX, 1000); // the largest TTL in seconds the functions accept

ephpm_kv_set('set', 'v', $largest);
ephpm_kv_setnx('setnx', 'v', $largest);
ephpm_kv_set('expire', 'v');
var_dump(ephpm_kv_expire('expire', $largest));
ephpm_kv_set('incr', '1');
ephpm_kv_expire('incr', $largest);
var_dump(ephpm_kv_incr('incr')); // an existing TTL is kept

foreach (['set', 'setnx', 'expire', 'incr'] as $key) {
    $pttl = ephpm_kv_pttl($key);
    $now_ms = (int) (microtime(true) * 1000);
    echo "$key: ", json_encode([
        'present' => ephpm_kv_exists($key),
        'ttl_over_a_century' => ephpm_kv_ttl($key) > 100 * 365 * 24 * 3600,
        // PHP_INT_MAX - pttl is when it was read: the deadline is PHP_INT_MAX ms.
        'deadline_at_end_of_time' => abs(PHP_INT_MAX - $pttl - $now_ms) < 5000,
    ]), "\n";
}
?>
--EXPECT--
bool(true)
int(2)
set: {"present":true,"ttl_over_a_century":true,"deadline_at_end_of_time":true}
setnx: {"present":true,"ttl_over_a_century":true,"deadline_at_end_of_time":true}
expire: {"present":true,"ttl_over_a_century":true,"deadline_at_end_of_time":true}
incr: {"present":true,"ttl_over_a_century":true,"deadline_at_end_of_time":true}
