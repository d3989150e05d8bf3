<?php
// Logs out the way Symfony's security does: invalidate() clears the session and
// gives it a new id. Replies "<pid> <new id>".
require __DIR__ . '/symfony.inc';
$session = symfony_session();
$session->invalidate();
$session->save();
echo getmypid(), ' ', $session->getId();
