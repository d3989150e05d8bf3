<?php
// Logs ?user= in; replies "<pid> <session id>".
require __DIR__ . '/start.inc';
start_session();
$_SESSION['user'] = $_GET['user'];
echo getmypid(), ' ', session_id();
