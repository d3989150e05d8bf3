<?php
// ?add= adds a flash message; otherwise the messages are taken (shown once).
// Replies "<pid> <messages as JSON>".
require __DIR__ . '/symfony.inc';
$session = symfony_session();
if (isset($_GET['add'])) {
    $session->getFlashBag()->add('notice', $_GET['add']);
    $shown = [];
} else {
    $shown = $session->getFlashBag()->get('notice');
}
$session->save();
echo getmypid(), ' ', json_encode($shown);
