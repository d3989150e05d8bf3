<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\InMemory;

use Ephpm\SessionHandler\InMemoryKvOps;
use Ephpm\SessionHandler\KvSessionHandler;
use Ephpm\SessionHandler\Tests\Support\EphpmInterfaceKvOps;
use PHPUnit\Framework\TestCase;

/**
 * KvOpsInterface is ePHPm's: code written for ePHPm that implements it (a test double
 * passed as KvSessionHandler's $ops, as ePHPm's README suggests) or calls it with
 * ePHPm's named arguments runs unchanged.
 */
final class EphpmKvOpsInterfaceTest extends TestCase
{
    public function testAnImplementationOfEphpmsEightMethodsLoadsAndBacksTheHandler(): void
    {
        $ops = new EphpmInterfaceKvOps();
        $handler = new KvSessionHandler('php_session:', 1440, $ops);

        self::assertTrue($handler->open('', 'PHPSESSID'));
        $id = $handler->create_sid();
        self::assertMatchesRegularExpression('/^[0-9a-zA-Z,-]{22,256}$/', $id);
        self::assertFalse($handler->validateId($id), 'a freshly minted id is a new session');
        self::assertSame('', $handler->read($id));
        self::assertTrue($handler->write($id, 'user|s:5:"alice";'));
        self::assertSame('user|s:5:"alice";', $ops->values['php_session:' . $id]);
        self::assertTrue($handler->validateId($id));
        self::assertTrue($handler->updateTimestamp($id, 'user|s:5:"alice";'));
        self::assertSame('user|s:5:"alice";', $handler->read($id));
        self::assertTrue($handler->destroy($id));
        self::assertSame([], $ops->values);
        self::assertTrue($handler->close());
    }

    public function testLockingNeedsAStoreWithAtomicOperations(): void
    {
        $this->expectException(\ValueError::class);
        $this->expectExceptionMessage('setnx');
        new KvSessionHandler(ops: new EphpmInterfaceKvOps(), lockSessions: true);
    }

    public function testEphpmsParameterNamesWork(): void
    {
        $ops = new InMemoryKvOps();
        self::assertTrue($ops->set('k', 'v', ttlSeconds: 60));
        self::assertTrue($ops->expire('k', ttlSeconds: 120));
        self::assertSame(120, $ops->ttl('k'));
    }
}
