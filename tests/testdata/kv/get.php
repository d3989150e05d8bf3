<?php
// Replies "<pid> <value>", then keeps the worker busy for ?hold= microseconds
// so that concurrent requests have to spread over several workers. With
// ?mark=, first stores that key and waits ?before= microseconds, so that a
// test knows the request is running before it reads.
if (isset($_GET['mark'])) {
    ephpm_kv_set($_GET['mark'], '1');
    usleep((int) ($_GET['before'] ?? 0));
}
$value = ephpm_kv_get($_GET['key']);
echo getmypid(), ' ', $value ?? '(null)';
usleep((int) ($_GET['hold'] ?? 0));
