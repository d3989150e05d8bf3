<?php
// Takes the session lock, changes the session, writes its pid to ?pidfile=
// and sleeps 30 s holding the lock: the test kills this worker. The sleep
// goes on through signals that cut sleep() short, such as the SIGQUIT that
// php-fpm's reload sends before its SIGTERM.
require __DIR__ . '/start.inc';
start_session();
$_SESSION['held_by'] = getmypid();
file_put_contents($_GET['pidfile'], (string) getmypid());
$until = microtime(true) + 30;
while (microtime(true) < $until) {
    usleep(100000);
}
echo getmypid(), ' was not killed';
