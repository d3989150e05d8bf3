<?php
// Increments a counter shared by all workers; replies "<pid> <new value>",
// then keeps the worker busy for ?hold= microseconds (so that a worker killed
// by a test is likely to be in the middle of a request).
$value = ephpm_kv_incr($_GET['key'] ?? 'counter');
if ($value === false) {
    http_response_code(500);
}
echo getmypid(), ' ', var_export($value, true);
usleep((int) ($_GET['hold'] ?? 0));
