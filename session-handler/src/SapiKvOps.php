<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler;

/**
 * The real store: thin calls into the ephpm_kv extension's ephpm_kv_* functions.
 * Every worker process of the pool (php-fpm, Apache prefork, php-cgi, php -S
 * workers) sees the same keys.
 */
final class SapiKvOps implements AtomicKvOpsInterface
{
    /** @throws \RuntimeException when the ephpm_kv extension is not loaded */
    public function __construct()
    {
        if (!function_exists('ephpm_kv_get')) {
            throw new \RuntimeException(
                'Ephpm\SessionHandler\SapiKvOps: the ephpm_kv extension is not loaded (function ephpm_kv_get() does not exist). '
                . 'Load it with "extension=ephpm_kv.so" in php.ini (set "ephpm_kv.library" if ephpm_kv_go.so is not next to it in extension_dir), '
                . 'or run under ePHPm. For tests without the extension pass new Ephpm\SessionHandler\InMemoryKvOps() as the $ops argument.'
            );
        }
    }

    public function get(string $key): ?string
    {
        return \ephpm_kv_get($key);
    }

    public function set(string $key, string $value, int $ttlSeconds = 0): bool
    {
        return \ephpm_kv_set($key, $value, $ttlSeconds);
    }

    public function setnx(string $key, string $value, int $ttlSeconds = 0): bool
    {
        return \ephpm_kv_setnx($key, $value, $ttlSeconds);
    }

    public function del(string $key): int
    {
        return \ephpm_kv_del($key);
    }

    public function delIfEq(string $key, string $expected): bool
    {
        return \ephpm_kv_del_if_eq($key, $expected);
    }

    public function exists(string $key): bool
    {
        return \ephpm_kv_exists($key);
    }

    public function incrBy(string $key, int $delta): int
    {
        // The extension answers false plus an E_WARNING with the reason; the interface
        // promises an exception instead, so the warning becomes part of its message.
        $reason = null;
        set_error_handler(static function (int $level, string $message) use (&$reason): bool {
            $reason = $message;

            return true;
        }, E_WARNING);
        try {
            $result = \ephpm_kv_incr_by($key, $delta);
        } finally {
            restore_error_handler();
        }
        if ($result !== false) {
            return $result;
        }
        $stored = \ephpm_kv_get($key);
        $rule = $stored !== null && DecimalInt64::parse($stored) === null
            ? 'the stored value is not a decimal int64 (canonical -?[1-9][0-9]* or 0, within int64)'
            : 'the sum overflows int64 or the store refused the write';
        throw new \RuntimeException(sprintf(
            'incrBy(%s): %s; value left unchanged (%s)',
            json_encode($key, JSON_INVALID_UTF8_SUBSTITUTE),
            $rule,
            $reason ?? 'ephpm_kv_incr_by() returned false',
        ));
    }

    public function expire(string $key, int $ttlSeconds): bool
    {
        return \ephpm_kv_expire($key, $ttlSeconds);
    }

    public function ttl(string $key): int
    {
        return \ephpm_kv_ttl($key);
    }

    public function pttl(string $key): int
    {
        return \ephpm_kv_pttl($key);
    }

    public function flush(): bool
    {
        return \ephpm_kv_flush_all();
    }
}
