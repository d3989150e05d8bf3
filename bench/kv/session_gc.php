<?php
/*
 * session_gc() over a store full of sessions: what PHP's garbage collection pass costs the
 * request that draws it (session.gc_probability / gc_divisor: 1 in 100 by PHP's default,
 * 1 in 1000 in php.ini-production); a pass looks at every session. Measured for
 * save_handler = ephpm and files on tmpfs (Debian's /var/lib/php/sessions is on disk and
 * slower still), with N sessions of which none or all have expired. Started by
 * bench/kv/run.sh; prints numbers measured in this run only.
 */
declare(strict_types=1);

require __DIR__ . '/common.php';

const SESSIONS = 100_000;
const LARGE_SESSIONS = 1_000_000; // ephpm only: a million files is a benchmark of tmpfs
const PAYLOAD_BYTES = 64;
const ROUNDS = 5;
const EXPIRED_ROUNDS = 3;
const PREFIX = 'php_session:'; // ephpm_kv.session_prefix's default
const FILES = 'files (tmpfs)';

$haveEphpm = function_exists('ephpm_kv_set');
mt_srand(20261130);
$payload = substr(str_repeat(sprintf('%08x', mt_rand()), 9), 0, PAYLOAD_BYTES);

function session_id_of(int $i): string
{
    return sprintf('gc%030d', $i);
}

/** One session_gc() call from inside a session, as PHP makes it; returns [ms, reclaimed]. */
function timed_gc(string $handler): array
{
    ini_set('session.save_handler', $handler);
    session_id('gcbenchcaller0000000000000000000');
    session_start();
    $t = hrtime(true);
    $reclaimed = session_gc();
    $ms = (hrtime(true) - $t) / 1e6;
    session_abort();
    return [$ms, $reclaimed];
}

function fill_ephpm(int $n, string $payload, int $ttl): void
{
    ephpm_kv_flush_all();
    for ($i = 0; $i < $n; $i++) {
        if (!ephpm_kv_set(PREFIX . session_id_of($i), $payload, $ttl)) {
            throw new RuntimeException("the store is full after $i sessions: raise ephpm_kv.size");
        }
    }
}

function remove_session_files(string $dir): void
{
    foreach (glob("$dir/sess_*") as $f) { unlink($f); }
}

function fill_files(string $dir, int $n, string $payload, int $mtime): void
{
    remove_session_files($dir);
    for ($i = 0; $i < $n; $i++) {
        $f = "$dir/sess_" . session_id_of($i);
        file_put_contents($f, $payload);
        touch($f, $mtime);
    }
}

/**
 * Median ms of session_gc() with $n live sessions, and with $n expired ones (each of
 * those rounds refills the store); asserts the reclaimed counts.
 *
 * @return array{live: float, expired: float}
 */
function measure(string $handler, int $n, callable $fillLive, callable $fillExpired): array
{
    $fillLive();
    $live = [];
    for ($r = 0; $r < ROUNDS; $r++) {
        [$ms, $reclaimed] = timed_gc($handler);
        if ($reclaimed !== 0) { throw new RuntimeException("$handler reclaimed $reclaimed live sessions"); }
        $live[] = $ms;
    }
    $expired = [];
    for ($r = 0; $r < EXPIRED_ROUNDS; $r++) {
        $fillExpired();
        [$ms, $reclaimed] = timed_gc($handler);
        // The caller's own session (files: its fresh file) is not expired.
        if ($reclaimed !== $n) { throw new RuntimeException("$handler reclaimed $reclaimed of $n expired sessions"); }
        $expired[] = $ms;
    }
    return ['live' => median($live), 'expired' => median($expired)];
}

ini_set('session.use_cookies', '0');
ini_set('session.cache_limiter', '');
ini_set('session.gc_maxlifetime', '1440');
ini_set('session.gc_probability', '0'); // session_start() must not collect before session_gc() does

$rows = [];
$dir = (is_writable('/dev/shm') ? '/dev/shm' : sys_get_temp_dir()) . '/ephpm-bench-gc-' . getmypid();
mkdir($dir, 0700);
ini_set('session.save_path', $dir);
try {
    $rows[FILES][SESSIONS] = measure('files', SESSIONS,
        fn() => fill_files($dir, SESSIONS, $payload, time()),
        fn() => fill_files($dir, SESSIONS, $payload, time() - 7200));
} finally {
    remove_session_files($dir);
    rmdir($dir);
}
if ($haveEphpm) {
    ini_set('session.save_path', '');
    foreach ([SESSIONS, LARGE_SESSIONS] as $n) {
        $rows['ephpm'][$n] = measure('ephpm', $n,
            fn() => fill_ephpm($n, $payload, 3600),
            function () use ($n, $payload) {
                fill_ephpm($n, $payload, 1);
                usleep(1_100_000);
            });
    }
}

printf("session_gc() over N sessions of %d bytes (median of %d calls with none expired, of %d with all expired)\n",
    PAYLOAD_BYTES, ROUNDS, EXPIRED_ROUNDS);
printf("%-16s %10s %14s %12s %14s %12s\n", 'save_handler', 'N', 'none expired', 'per session', 'all expired', 'per session');
foreach ($rows as $handler => $byN) {
    foreach ($byN as $n => $r) {
        printf("%-16s %10d %11.2f ms %9.0f ns %11.2f ms %9.0f ns\n", $handler, $n,
            $r['live'], $r['live'] * 1e6 / $n, $r['expired'], $r['expired'] * 1e6 / $n);
    }
}
if (isset($rows['ephpm'][SESSIONS])) {
    $f = $rows[FILES][SESSIONS];
    $e = $rows['ephpm'][SESSIONS];
    printf("files (tmpfs) / ephpm at %d sessions: %.0fx with none expired, %.0fx with all expired\n",
        SESSIONS, $f['live'] / $e['live'], $f['expired'] / $e['expired']);
} else {
    echo "ephpm: n/a (module not built)\n";
}
