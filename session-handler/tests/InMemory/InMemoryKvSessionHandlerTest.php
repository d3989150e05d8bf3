<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\InMemory;

use Ephpm\SessionHandler\InMemoryKvOps;
use Ephpm\SessionHandler\AtomicKvOpsInterface;
use Ephpm\SessionHandler\Tests\Handler\KvSessionHandlerTestCase;
use Ephpm\SessionHandler\Tests\Support\FakeClock;

final class InMemoryKvSessionHandlerTest extends KvSessionHandlerTestCase
{
    private FakeClock $clock;

    protected function createOps(): AtomicKvOpsInterface
    {
        $this->clock = new FakeClock();

        return new InMemoryKvOps($this->clock);
    }

    protected function letTimePass(int $ms): void
    {
        $this->clock->advance($ms);
    }

    protected function scenarioOps(): string
    {
        return 'memory';
    }

    protected function scenarioPhpFlags(): array
    {
        return [];
    }
}
