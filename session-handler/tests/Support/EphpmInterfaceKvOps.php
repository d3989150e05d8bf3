<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Support;

use Ephpm\SessionHandler\KvOpsInterface;

/**
 * A test double as an application written for ePHPm implements KvOpsInterface:
 * exactly the eight methods of ePHPm's interface (get, set, del, exists, incrBy,
 * expire, ttl, pttl), with ePHPm's parameter names ($ttlSeconds). Such a class
 * must load and work here unchanged.
 */
final class EphpmInterfaceKvOps implements KvOpsInterface
{
    /** @var array<string, string> */
    public array $values = [];

    public function get(string $key): ?string
    {
        return $this->values[$key] ?? null;
    }

    public function set(string $key, string $value, int $ttlSeconds = 0): bool
    {
        $this->values[$key] = $value;

        return true;
    }

    public function del(string $key): int
    {
        $existed = isset($this->values[$key]);
        unset($this->values[$key]);

        return $existed ? 1 : 0;
    }

    public function exists(string $key): bool
    {
        return isset($this->values[$key]);
    }

    public function incrBy(string $key, int $delta): int
    {
        $next = (int) ($this->values[$key] ?? 0) + $delta;
        $this->values[$key] = (string) $next;

        return $next;
    }

    public function expire(string $key, int $ttlSeconds): bool
    {
        return isset($this->values[$key]) && $ttlSeconds > 0;
    }

    public function ttl(string $key): int
    {
        return isset($this->values[$key]) ? -1 : -2;
    }

    public function pttl(string $key): int
    {
        return $this->ttl($key);
    }
}
