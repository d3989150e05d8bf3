<?php
// Creates a session with n = 0; replies "<pid> <session id>".
require __DIR__ . '/symfony.inc';
$session = symfony_session();
$session->set('n', 0);
$session->save();
echo getmypid(), ' ', $session->getId();
