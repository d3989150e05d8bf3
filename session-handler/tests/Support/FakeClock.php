<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Support;

/** A millisecond clock that only moves when told to, for InMemoryKvOps. */
final class FakeClock
{
    private int $nowMs = 1_700_000_000_000;

    public function __invoke(): int
    {
        return $this->nowMs;
    }

    public function advance(int $ms): void
    {
        $this->nowMs += $ms;
    }
}
