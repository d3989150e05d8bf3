<?php
// Logs ?user= in the way Symfony's security does: migrate(true) gives the session
// a new id and destroys the old one. Replies "<pid> <old id> <new id>".
require __DIR__ . '/symfony.inc';
$session = symfony_session();
$old = $session->getId();
$session->migrate(true);
$session->set('user', $_GET['user']);
$session->save();
echo getmypid(), ' ', $old, ' ', $session->getId();
