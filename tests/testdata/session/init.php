<?php
// Creates a session with n = 0; replies "<pid> <session id>".
require __DIR__ . '/start.inc';
start_session();
$_SESSION['n'] = 0;
echo getmypid(), ' ', session_id();
