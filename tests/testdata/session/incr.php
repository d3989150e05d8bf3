<?php
// Read-modify-write of the session; replies "<pid> <new n>".
require __DIR__ . '/start.inc';
start_session();
$_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
echo getmypid(), ' ', $_SESSION['n'];
