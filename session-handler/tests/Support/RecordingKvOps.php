<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Support;

use Ephpm\SessionHandler\AtomicKvOpsInterface;

/**
 * Passes every call through to a real store and records it, so tests can see which
 * store operation a handler callback used. It can also stage a genuine id collision:
 * before the next N setnx calls it stores a foreign value under the same key first.
 */
final class RecordingKvOps implements AtomicKvOpsInterface
{
    /** @var list<array{string, list<mixed>}> */
    public array $calls = [];
    private int $collisionsToStage = 0;

    public function __construct(private readonly AtomicKvOpsInterface $store)
    {
    }

    public function stageCollisions(int $count): void
    {
        $this->collisionsToStage = $count;
    }

    /** @return list<string> the method names called, in order */
    public function methods(): array
    {
        return array_map(static fn (array $call): string => $call[0], $this->calls);
    }

    /** @return list<list<mixed>> the arguments of every call to $method */
    public function argumentsOf(string $method): array
    {
        return array_values(array_map(
            static fn (array $call): array => $call[1],
            array_filter($this->calls, static fn (array $call): bool => $call[0] === $method),
        ));
    }

    public function get(string $key): ?string
    {
        $this->calls[] = [__FUNCTION__, [$key]];

        return $this->store->get($key);
    }

    public function set(string $key, string $value, int $ttlSeconds = 0): bool
    {
        $this->calls[] = [__FUNCTION__, [$key, $value, $ttlSeconds]];

        return $this->store->set($key, $value, $ttlSeconds);
    }

    public function setnx(string $key, string $value, int $ttlSeconds = 0): bool
    {
        $this->calls[] = [__FUNCTION__, [$key, $value, $ttlSeconds]];
        if ($this->collisionsToStage > 0) {
            --$this->collisionsToStage;
            $this->store->set($key, 'someone else\'s session', 1000);
        }

        return $this->store->setnx($key, $value, $ttlSeconds);
    }

    public function del(string $key): int
    {
        $this->calls[] = [__FUNCTION__, [$key]];

        return $this->store->del($key);
    }

    public function delIfEq(string $key, string $expected): bool
    {
        $this->calls[] = [__FUNCTION__, [$key, $expected]];

        return $this->store->delIfEq($key, $expected);
    }

    public function exists(string $key): bool
    {
        $this->calls[] = [__FUNCTION__, [$key]];

        return $this->store->exists($key);
    }

    public function incrBy(string $key, int $delta): int
    {
        $this->calls[] = [__FUNCTION__, [$key, $delta]];

        return $this->store->incrBy($key, $delta);
    }

    public function expire(string $key, int $ttlSeconds): bool
    {
        $this->calls[] = [__FUNCTION__, [$key, $ttlSeconds]];

        return $this->store->expire($key, $ttlSeconds);
    }

    public function ttl(string $key): int
    {
        $this->calls[] = [__FUNCTION__, [$key]];

        return $this->store->ttl($key);
    }

    public function pttl(string $key): int
    {
        $this->calls[] = [__FUNCTION__, [$key]];

        return $this->store->pttl($key);
    }

    public function flush(): bool
    {
        $this->calls[] = [__FUNCTION__, []];

        return $this->store->flush();
    }
}
