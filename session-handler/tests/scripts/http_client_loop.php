<?php

declare(strict_types=1);

/*
 * One concurrent client for LockingUnderConcurrencyTest:
 *   php http_client_loop.php <port> <path> <session id> <requests>
 * Sends the requests one after another with the session cookie; prints one line per
 * response: "<status> <body>".
 */

require dirname(__DIR__) . '/bootstrap.php';

use Ephpm\SessionHandler\Tests\Support\BuiltinServer;

[, $port, $path, $sessionId, $requests] = $argv;
for ($i = 0; $i < (int) $requests; ++$i) {
    $response = BuiltinServer::request((int) $port, $path, ['Cookie' => "PHPSESSID=$sessionId"]);
    echo $response->status, ' ', $response->body, "\n";
}
