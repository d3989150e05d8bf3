<?php
// Read-modify-write of n; replies "<pid> <new n>".
require __DIR__ . '/symfony.inc';
$session = symfony_session();
$n = $session->get('n', 0) + 1;
$session->set('n', $n);
$session->save();
echo getmypid(), ' ', $n;
