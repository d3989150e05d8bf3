<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler;

/**
 * The ephpm_kv semantics in plain PHP arrays, for tests and development without
 * the extension. One instance is one store, private to the current process: no
 * sharing between workers, no eviction, no memory limit. Expired entries are
 * dropped lazily when touched.
 */
final class InMemoryKvOps implements AtomicKvOpsInterface
{
    /** The extension's default ephpm_kv.max_key_size. */
    public const DEFAULT_MAX_KEY_SIZE = 1024;

    /** The largest TTL the extension accepts: its milliseconds still fit in int64. */
    private const MAX_TTL_SECONDS = 9223372036854775;

    /** @var array<string, array{value: string, expiresAtMs: ?int}> */
    private array $entries = [];

    /** @var \Closure(): int */
    private \Closure $clockMs;

    /**
     * @param null|callable(): int $clockMs the current time in milliseconds (Unix time by
     *                                      default, as the extension uses); inject one
     *                                      to test expiry without sleeping
     */
    public function __construct(?callable $clockMs = null, private readonly int $maxKeySize = self::DEFAULT_MAX_KEY_SIZE)
    {
        if ($maxKeySize < 1) {
            throw new \ValueError('InMemoryKvOps: $maxKeySize must be at least 1');
        }
        $this->clockMs = $clockMs !== null
            ? \Closure::fromCallable($clockMs)
            : static fn (): int => (int) (microtime(true) * 1000);
    }

    public function get(string $key): ?string
    {
        return $this->liveEntry($key, __FUNCTION__)['value'] ?? null;
    }

    public function set(string $key, string $value, int $ttlSeconds = 0): bool
    {
        $this->assertKey($key, __FUNCTION__);
        $this->assertTtl($ttlSeconds, __FUNCTION__, 3);
        $this->entries[$key] = ['value' => $value, 'expiresAtMs' => $this->expiryFor($ttlSeconds)];

        return true;
    }

    public function setnx(string $key, string $value, int $ttlSeconds = 0): bool
    {
        $this->assertTtl($ttlSeconds, __FUNCTION__, 3);
        if ($this->liveEntry($key, __FUNCTION__) !== null) {
            return false;
        }
        $this->entries[$key] = ['value' => $value, 'expiresAtMs' => $this->expiryFor($ttlSeconds)];

        return true;
    }

    public function del(string $key): int
    {
        if ($this->liveEntry($key, __FUNCTION__) === null) {
            return 0;
        }
        unset($this->entries[$key]);

        return 1;
    }

    public function delIfEq(string $key, string $expected): bool
    {
        $entry = $this->liveEntry($key, __FUNCTION__);
        if ($entry === null || $entry['value'] !== $expected) {
            return false;
        }
        unset($this->entries[$key]);

        return true;
    }

    public function exists(string $key): bool
    {
        return $this->liveEntry($key, __FUNCTION__) !== null;
    }

    public function incrBy(string $key, int $delta): int
    {
        $entry = $this->liveEntry($key, __FUNCTION__);
        if ($entry === null) {
            $this->entries[$key] = ['value' => (string) $delta, 'expiresAtMs' => null];

            return $delta;
        }
        $current = DecimalInt64::parse($entry['value']);
        if ($current === null) {
            throw new \RuntimeException(sprintf(
                'incrBy(%s): the stored value is not a decimal int64 (canonical -?[1-9][0-9]* or 0, within int64); value left unchanged',
                json_encode($key, JSON_INVALID_UTF8_SUBSTITUTE),
            ));
        }
        $sum = DecimalInt64::add($current, $delta);
        if ($sum === null) {
            throw new \RuntimeException(sprintf(
                'incrBy(%s): %d + %d overflows int64; value left unchanged',
                json_encode($key, JSON_INVALID_UTF8_SUBSTITUTE),
                $current,
                $delta,
            ));
        }
        $this->entries[$key]['value'] = (string) $sum;

        return $sum;
    }

    public function expire(string $key, int $ttlSeconds): bool
    {
        $this->assertTtl($ttlSeconds, __FUNCTION__, 2);
        if ($this->liveEntry($key, __FUNCTION__) === null || $ttlSeconds <= 0) {
            return false;
        }
        $this->entries[$key]['expiresAtMs'] = $this->expiryFor($ttlSeconds);

        return true;
    }

    public function ttl(string $key): int
    {
        $pttl = $this->pttl($key);

        return $pttl < 0 ? $pttl : intdiv($pttl + 999, 1000);
    }

    public function pttl(string $key): int
    {
        $entry = $this->liveEntry($key, __FUNCTION__);
        if ($entry === null) {
            return -2;
        }
        if ($entry['expiresAtMs'] === null) {
            return -1;
        }

        return $entry['expiresAtMs'] - ($this->clockMs)();
    }

    public function flush(): bool
    {
        $this->entries = [];

        return true;
    }

    /** @return null|array{value: string, expiresAtMs: ?int} */
    private function liveEntry(string $key, string $operation): ?array
    {
        $this->assertKey($key, $operation);
        $entry = $this->entries[$key] ?? null;
        if ($entry === null) {
            return null;
        }
        // An entry is live strictly before its expiry instant, so a live entry always has pttl >= 1.
        if ($entry['expiresAtMs'] !== null && $entry['expiresAtMs'] <= ($this->clockMs)()) {
            unset($this->entries[$key]);

            return null;
        }

        return $entry;
    }

    private function expiryFor(int $ttlSeconds): ?int
    {
        if ($ttlSeconds <= 0) {
            return null;
        }
        $now = ($this->clockMs)();

        // Like the extension: a deadline past the end of int64 milliseconds is the end of time. The
        // key keeps a TTL (one that never runs out); null would mean it has none.
        return $ttlSeconds > intdiv(PHP_INT_MAX - $now, 1000) ? PHP_INT_MAX : $now + $ttlSeconds * 1000;
    }

    private function assertKey(string $key, string $operation): void
    {
        if ($key === '') {
            throw new \ValueError(sprintf('InMemoryKvOps::%s(): Argument #1 ($key) must not be empty', $operation));
        }
        if (strlen($key) > $this->maxKeySize) {
            throw new \ValueError(sprintf(
                'InMemoryKvOps::%s(): Argument #1 ($key) must not be longer than %d bytes',
                $operation,
                $this->maxKeySize,
            ));
        }
    }

    private function assertTtl(int $ttl, string $operation, int $argumentNumber): void
    {
        if ($ttl > self::MAX_TTL_SECONDS) {
            throw new \ValueError(sprintf(
                'InMemoryKvOps::%s(): Argument #%d ($ttl) must be less than or equal to %d',
                $operation,
                $argumentNumber,
                self::MAX_TTL_SECONDS,
            ));
        }
    }
}
