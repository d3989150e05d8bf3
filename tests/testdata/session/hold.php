<?php
// Takes the session lock, changes the session, writes its pid to ?pidfile=
// and sleeps holding the lock: the test SIGKILLs this worker.
require __DIR__ . '/start.inc';
start_session();
$_SESSION['held_by'] = getmypid();
file_put_contents($_GET['pidfile'], (string) getmypid());
sleep(30);
echo getmypid(), ' was not killed';
