<?php
require_once __DIR__ . '/../vendor/autoload.php';
use Ephpm\SessionHandler\KvSessionHandler;
// Register before session_start(). The `true` second arg makes PHP
// auto-flush via register_shutdown_function() so unwritten changes
// don't get lost if the script doesn't reach a clean exit.
session_set_save_handler(new KvSessionHandler(), true);
session_start();
$_SESSION['hits'] = ($_SESSION['hits'] ?? 0) + 1;
header('Content-Type: text/plain');
echo "You've visited this page {$_SESSION['hits']} times this session.\n";
