<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\InMemory;

use Ephpm\SessionHandler\InMemoryKvOps;
use Ephpm\SessionHandler\AtomicKvOpsInterface;
use Ephpm\SessionHandler\Tests\Contract\KvOpsContractTestCase;
use Ephpm\SessionHandler\Tests\Support\FakeClock;

final class InMemoryKvOpsContractTest extends KvOpsContractTestCase
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

    public function testAnEntryExpiresExactlyAtItsDeadline(): void
    {
        $this->ops->set('k', 'v', 1);
        $this->clock->advance(999);
        self::assertSame(1, $this->ops->pttl('k'));
        self::assertSame(1, $this->ops->ttl('k'));
        $this->clock->advance(1);
        self::assertNull($this->ops->get('k'));
        self::assertSame(-2, $this->ops->pttl('k'));
    }

    public function testTheDefaultClockIsRealTime(): void
    {
        $ops = new InMemoryKvOps();
        $ops->set('k', 'v', 1);
        usleep(1_100_000);
        self::assertFalse($ops->exists('k'));
    }

    public function testTheMaximumKeySizeIsConfigurable(): void
    {
        $ops = new InMemoryKvOps(null, 8);
        self::assertTrue($ops->set('12345678', 'v'));
        $this->expectException(\ValueError::class);
        $ops->set('123456789', 'v');
    }
}
