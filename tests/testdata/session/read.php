<?php
// Replies "<pid> <session as JSON>" without keeping the lock, then keeps the
// worker busy for ?hold= microseconds so concurrent reads spread over workers.
require __DIR__ . '/start.inc';
start_session(['read_and_close' => true]);
echo getmypid(), ' ', json_encode($_SESSION);
usleep((int) ($_GET['hold'] ?? 0));
