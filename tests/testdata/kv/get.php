<?php
// Replies "<pid> <value>", then keeps the worker busy for ?hold= microseconds
// so that concurrent requests have to spread over several workers.
$value = ephpm_kv_get($_GET['key']);
echo getmypid(), ' ', $value ?? '(null)';
usleep((int) ($_GET['hold'] ?? 0));
