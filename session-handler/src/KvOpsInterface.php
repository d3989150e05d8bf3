<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler;

/**
 * ePHPm's KvOpsInterface: the same eight methods and parameter names, so a backend
 * written for ePHPm (a test double passed as KvSessionHandler's $ops) implements it
 * unchanged. Semantics of the ephpm_kv_* functions (TTLs in seconds; a TTL <= 0
 * means "no expiry").
 *
 * The atomic operations the handler uses when the backend has them (reserving new
 * ids, session locks) are in AtomicKvOpsInterface, which SapiKvOps (the real
 * extension) and InMemoryKvOps (the same rules in plain PHP, for tests) implement;
 * both are checked against one shared contract test.
 */
interface KvOpsInterface
{
    /** The value, or null when the key is missing or expired. */
    public function get(string $key): ?string;

    /**
     * Stores the value, replacing the whole entry including its TTL.
     *
     * @throws \ValueError for an empty key, a key over the maximum key size (1024 bytes by
     *                     default) or a TTL above 9223372036854775 seconds; every method
     *                     taking a key or a TTL checks them the same way
     */
    public function set(string $key, string $value, int $ttlSeconds = 0): bool;

    /** 1 when the key existed and was deleted, otherwise 0. */
    public function del(string $key): int;

    public function exists(string $key): bool;

    /**
     * Adds $delta atomically and returns the new value. A missing key is created at
     * $delta with no TTL; an existing TTL is kept.
     *
     * @throws \RuntimeException when the stored value is not the canonical decimal
     *                           form of an int64 ("0", or -?[1-9][0-9]* within int64:
     *                           no "007", "-0", "+1", " 1", "1.5") or the sum would
     *                           overflow; the stored value is then unchanged
     */
    public function incrBy(string $key, int $delta): int;

    /** Sets a new TTL; false (and nothing changes) when the key is missing or $ttlSeconds <= 0. */
    public function expire(string $key, int $ttlSeconds): bool;

    /** Remaining seconds rounded up; -2 when missing, -1 when the key has no expiry. */
    public function ttl(string $key): int;

    /** Remaining milliseconds; -2 when missing, -1 when the key has no expiry. */
    public function pttl(string $key): int;
}
