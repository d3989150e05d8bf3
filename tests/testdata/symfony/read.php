<?php
// Replies "<pid> <attributes as JSON> <session id> <stored>", stored being 1 when
// ephpm's store holds the session under that id; then keeps the worker busy for
// ?hold= microseconds so that concurrent reads spread over the workers.
require __DIR__ . '/symfony.inc';
$session = symfony_session();
$attributes = $session->all();
$id = $session->getId();
$session->save();
$stored = ephpm_kv_exists(ini_get('ephpm_kv.session_prefix') . $id) ? 1 : 0;
echo getmypid(), ' ', json_encode($attributes ?: new stdClass()), ' ', $id, ' ', $stored;
usleep((int) ($_GET['hold'] ?? 0));
