<?php

declare(strict_types=1);

/*
 * Drives KvSessionHandler through PHP's real session machinery (session_start & co.),
 * which needs a process that has produced no output yet. Usage:
 *   EPHPM_TEST_OPS=memory|sapi php [-d ...] session_scenario.php <scenario>
 * Prints one JSON object; warnings raised on the way are included, never printed.
 */

require dirname(__DIR__) . '/bootstrap.php';

use Ephpm\SessionHandler\InMemoryKvOps;
use Ephpm\SessionHandler\KvSessionHandler;
use Ephpm\SessionHandler\SapiKvOps;
use Ephpm\SessionHandler\Tests\Support\RecordingKvOps;

$warnings = [];
set_error_handler(static function (int $level, string $message) use (&$warnings): bool {
    $warnings[] = $message;

    return true;
});

$store = getenv('EPHPM_TEST_OPS') === 'sapi' ? new SapiKvOps() : new InMemoryKvOps();
$store->flush();
$ops = new RecordingKvOps($store);
$prefix = 'php_session:';

$scenarios = [
    // Ids straight from create_sid(), to check length and alphabet against the ini settings.
    'create_sid' => static function () use ($ops): array {
        $handler = new KvSessionHandler(ops: $ops);
        $ids = [];
        for ($i = 0; $i < 300; ++$i) {
            $ids[] = $handler->create_sid();
        }

        return ['ids' => $ids];
    },

    // A brand-new session gets its id from create_sid() (reserved), and is stored at close.
    'new_session' => static function () use ($ops, $prefix): array {
        session_set_save_handler(new KvSessionHandler(ops: $ops), true);
        $started = session_start();
        $id = session_id();
        $_SESSION['user'] = 'alice';
        session_write_close();

        return [
            'started' => $started,
            'id' => $id,
            'reserved' => $ops->argumentsOf('setnx'),
            'stored' => $ops->get($prefix . $id),
            'ttl' => $ops->ttl($prefix . $id),
            'gc_maxlifetime' => (int) ini_get('session.gc_maxlifetime'),
        ];
    },

    // Two consecutive sessions with the same id in one process: the data comes back.
    'resume_by_id' => static function () use ($ops): array {
        session_set_save_handler(new KvSessionHandler(ops: $ops), true);
        session_start();
        $id = session_id();
        $_SESSION['hits'] = 1;
        session_write_close();

        session_id($id);
        session_start();
        $hits = ++$_SESSION['hits'];
        session_write_close();

        return ['hits' => $hits, 'same_id' => session_id() === $id];
    },

    // use_strict_mode: an id nobody created is replaced; a stored one is accepted.
    'strict_mode_ids' => static function () use ($ops): array {
        ini_set('session.use_strict_mode', '1');
        session_set_save_handler(new KvSessionHandler(ops: $ops), true);

        $forged = str_repeat('f', 26);
        session_id($forged);
        session_start();
        $assigned = session_id();
        $_SESSION['n'] = 1;
        session_write_close();

        session_id($assigned);
        session_start();
        $kept = session_id();
        $n = $_SESSION['n'] ?? null;
        session_write_close();

        return ['forged' => $forged, 'assigned' => $assigned, 'kept' => $kept, 'n' => $n];
    },

    // A cookie naming another session's lock key: refused like PHP's files handler refuses it.
    'illegal_id' => static function () use ($ops, $prefix): array {
        $ops->set($prefix . 'victim.lock', 'victim-lock-token', 30);
        session_set_save_handler(new KvSessionHandler(ops: $ops, lockSessions: true), true);
        session_id('victim.lock');
        $lenient = ['started' => session_start()];

        ini_set('session.use_strict_mode', '1');
        session_id('victim.lock');
        $strict = ['started' => session_start(), 'id' => session_id()];
        session_write_close();

        return ['lenient' => $lenient, 'strict' => $strict, 'lock' => $ops->get($prefix . 'victim.lock')];
    },

    // session_regenerate_id(true) under strict mode: one new id, old data moved, old key gone.
    'strict_mode_regenerate' => static function () use ($ops, $prefix): array {
        ini_set('session.use_strict_mode', '1');
        session_set_save_handler(new KvSessionHandler(ops: $ops), true);
        session_start();
        $old = session_id();
        $_SESSION['user'] = 'bob';
        $setnxBefore = count($ops->argumentsOf('setnx'));
        $regenerated = session_regenerate_id(true);
        $new = session_id();
        $idsCreatedByRegenerate = count($ops->argumentsOf('setnx')) - $setnxBefore;
        $createdWhileActive = session_create_id();
        session_write_close();

        return [
            'regenerated' => $regenerated,
            'old' => $old,
            'new' => $new,
            'ids_created_by_regenerate' => $idsCreatedByRegenerate,
            'old_exists' => $ops->exists($prefix . $old),
            'new_data' => $ops->get($prefix . $new),
            'created_while_active' => $createdWhileActive,
        ];
    },

    // lazy_write with unchanged data goes through updateTimestamp (expire), not write (set).
    'lazy_write' => static function () use ($ops, $prefix): array {
        ini_set('session.lazy_write', '1');
        session_set_save_handler(new KvSessionHandler(ttlSeconds: 600, ops: $ops), true);
        session_start();
        $id = session_id();
        $_SESSION['x'] = 'y';
        session_write_close();
        $ops->expire($prefix . $id, 5);
        $ops->calls = [];

        session_id($id);
        session_start();
        session_write_close();

        return ['methods' => $ops->methods(), 'ttl' => $ops->ttl($prefix . $id), 'data' => $ops->get($prefix . $id)];
    },

    // The entry disappears mid-request; the unchanged data is written back by updateTimestamp.
    'lazy_write_after_expiry' => static function () use ($ops, $prefix): array {
        session_set_save_handler(new KvSessionHandler(ttlSeconds: 600, ops: $ops), true);
        session_start();
        $id = session_id();
        $_SESSION['x'] = 'y';
        session_write_close();

        session_id($id);
        session_start();
        $ops->del($prefix . $id);
        $ops->calls = [];
        session_write_close();

        return ['methods' => $ops->methods(), 'ttl' => $ops->ttl($prefix . $id), 'data' => $ops->get($prefix . $id)];
    },

    'destroy_and_gc' => static function () use ($ops, $prefix): array {
        session_set_save_handler(new KvSessionHandler(ops: $ops), true);
        session_start();
        $id = session_id();
        $_SESSION['x'] = 1;
        session_write_close();

        session_id($id);
        session_start();
        $gc = session_gc();
        $destroyed = session_destroy();

        return ['gc' => $gc, 'destroyed' => $destroyed, 'exists_after' => $ops->exists($prefix . $id)];
    },

    // Locking on: a lock held elsewhere makes session_start() fail loudly instead of reading unlocked.
    'locked_elsewhere' => static function () use ($ops, $prefix): array {
        session_set_save_handler(new KvSessionHandler(ops: $ops, lockSessions: true, lockMaxWaitMs: 50), true);
        $id = str_repeat('a', 26);
        $ops->set($prefix . $id, 'secret|s:3:"old";');
        $ops->set($prefix . $id . '.lock', 'other-request', 30);
        session_id($id);
        $started = session_start();

        return [
            'started' => $started,
            'status_active' => session_status() === PHP_SESSION_ACTIVE,
            'session' => $_SESSION ?? null,
            'lock' => $ops->get($prefix . $id . '.lock'),
        ];
    },

    // Locking on: the lock lives exactly from session_start() to session_write_close().
    'lock_lifecycle' => static function () use ($ops, $prefix): array {
        session_set_save_handler(new KvSessionHandler(ops: $ops, lockSessions: true), true);
        session_start();
        $id = session_id();
        $lockDuringRequest = $ops->get($prefix . $id . '.lock');
        $lockTtl = $ops->ttl($prefix . $id . '.lock');
        $_SESSION['x'] = 1;
        session_write_close();

        return [
            'lock_during_request' => $lockDuringRequest,
            'lock_ttl' => $lockTtl,
            'lock_after_close' => $ops->exists($prefix . $id . '.lock'),
            'data' => $ops->get($prefix . $id),
        ];
    },
];

$scenario = $argv[1] ?? '';
if (!isset($scenarios[$scenario])) {
    fwrite(STDERR, "unknown scenario '$scenario'; known: " . implode(', ', array_keys($scenarios)) . "\n");
    exit(2);
}
$result = $scenarios[$scenario]();
echo json_encode($result + ['warnings' => $warnings], JSON_THROW_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
