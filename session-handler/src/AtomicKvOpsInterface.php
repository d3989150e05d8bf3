<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler;

/**
 * KvOpsInterface plus the atomic operations of the ephpm_kv_* functions beyond
 * ePHPm's interface. KvSessionHandler reserves each new session id with setnx()
 * when its backend has them (otherwise it checks exists(), which two processes can
 * pass at once), and its opt-in locking ($lockSessions) requires them.
 */
interface AtomicKvOpsInterface extends KvOpsInterface
{
    /** Stores only when the key is absent (an expired entry counts as absent). */
    public function setnx(string $key, string $value, int $ttlSeconds = 0): bool;

    /** Atomically deletes the key only when its value equals $expected. */
    public function delIfEq(string $key, string $expected): bool;

    /** Removes every key. */
    public function flush(): bool;
}
