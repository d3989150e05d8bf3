<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Contract;

use Ephpm\SessionHandler\AtomicKvOpsInterface;
use PHPUnit\Framework\TestCase;

/**
 * Every semantic rule of the ephpm_kv_* functions, run unchanged against each
 * AtomicKvOpsInterface implementation (InMemoryKvOps and SapiKvOps on the real
 * extension), so the two cannot drift apart.
 */
abstract class KvOpsContractTestCase extends TestCase
{
    private const MAX_KEY_SIZE = 1024;
    /** The largest TTL in seconds whose milliseconds fit in int64. */
    private const MAX_TTL = 9223372036854775;

    protected AtomicKvOpsInterface $ops;

    abstract protected function createOps(): AtomicKvOpsInterface;

    /** Lets $ms milliseconds pass for the store: a fake clock moves, or the test sleeps for a real one. */
    abstract protected function letTimePass(int $ms): void;

    protected function setUp(): void
    {
        $this->ops = $this->createOps();
        self::assertTrue($this->ops->flush());
    }

    public function testGetOfAMissingKeyIsNull(): void
    {
        self::assertNull($this->ops->get('missing'));
        self::assertFalse($this->ops->exists('missing'));
    }

    public function testValuesComeBackByteForByte(): void
    {
        $binary = "a\0b\xff\r\n" . str_repeat('x', 10_000);
        self::assertTrue($this->ops->set('bin', $binary));
        self::assertSame($binary, $this->ops->get('bin'));
    }

    public function testAnEmptyValueIsAValueNotAMissingKey(): void
    {
        self::assertTrue($this->ops->set('empty', ''));
        self::assertSame('', $this->ops->get('empty'));
        self::assertTrue($this->ops->exists('empty'));
        self::assertSame(1, $this->ops->del('empty'));
    }

    public function testKeysAreBinarySafe(): void
    {
        $this->ops->set("a\0b", 'first');
        $this->ops->set("a\0c", 'second');
        self::assertSame('first', $this->ops->get("a\0b"));
        self::assertSame('second', $this->ops->get("a\0c"));
        self::assertNull($this->ops->get('a'));
    }

    /** @return iterable<string, array{int}> */
    public static function nonPositiveTtls(): iterable
    {
        yield 'zero' => [0];
        yield 'minus one' => [-1];
        yield 'very negative' => [PHP_INT_MIN];
    }

    /** @dataProvider nonPositiveTtls */
    public function testATtlOfZeroOrLessMeansNoExpiry(int $ttl): void
    {
        self::assertTrue($this->ops->set('k', 'v', $ttl));
        self::assertSame(-1, $this->ops->ttl('k'));
        self::assertSame(-1, $this->ops->pttl('k'));
        self::assertTrue($this->ops->setnx('nx', 'v', $ttl));
        self::assertSame(-1, $this->ops->ttl('nx'));
    }

    /** @return iterable<string, array{int}> */
    public static function veryLongTtls(): iterable
    {
        yield 'a century' => [100 * 365 * 86400];
        yield '10^10 s (past the range of Go\'s time.Duration)' => [10_000_000_000];
        yield '10^12 s' => [1_000_000_000_000];
    }

    /** @dataProvider veryLongTtls */
    public function testAVeryLongTtlIsKeptNotWrappedAround(int $ttl): void
    {
        self::assertTrue($this->ops->set('set', 'v', $ttl));
        self::assertTrue($this->ops->setnx('setnx', 'v', $ttl));
        $this->ops->set('expire', 'v');
        self::assertTrue($this->ops->expire('expire', $ttl));
        foreach (['set', 'setnx', 'expire'] as $key) {
            self::assertSame('v', $this->ops->get($key));
            self::assertGreaterThanOrEqual($ttl - 1, $this->ops->ttl($key), $key);
            self::assertLessThanOrEqual($ttl, $this->ops->ttl($key), $key);
        }
    }

    public function testATtlWhoseDeadlineIsPastTheEndOfTimeEndsThere(): void
    {
        // The key keeps a TTL, one that never runs out: not "no TTL" (-1), not already expired.
        self::assertTrue($this->ops->set('set', 'v', self::MAX_TTL));
        self::assertGreaterThan(intdiv(self::MAX_TTL, 2), $this->ops->ttl('set'));
        $this->ops->set('expire', 'v', 100);
        self::assertTrue($this->ops->expire('expire', self::MAX_TTL));
        self::assertGreaterThan(intdiv(self::MAX_TTL, 2), $this->ops->ttl('expire'));
        self::assertSame('v', $this->ops->get('set'));
        self::assertSame('v', $this->ops->get('expire'));
    }

    /** @return iterable<string, array{\Closure(AtomicKvOpsInterface): mixed}> */
    public static function operationsWithATtlBeyondTheMaximum(): iterable
    {
        yield 'set' => [static fn (AtomicKvOpsInterface $ops) => $ops->set('k', 'new', self::MAX_TTL + 1)];
        yield 'setnx' => [static fn (AtomicKvOpsInterface $ops) => $ops->setnx('fresh', 'new', PHP_INT_MAX)];
        yield 'expire' => [static fn (AtomicKvOpsInterface $ops) => $ops->expire('k', self::MAX_TTL + 1)];
    }

    /** @dataProvider operationsWithATtlBeyondTheMaximum */
    public function testATtlWhoseMillisecondsOverflowIsAValueErrorAndChangesNothing(\Closure $operation): void
    {
        $this->ops->set('k', 'old', 100);
        try {
            $operation($this->ops);
            self::fail('a TTL above ' . self::MAX_TTL . ' s must be rejected');
        } catch (\ValueError $expected) {
            self::assertStringContainsString('($ttl)', $expected->getMessage());
        }
        self::assertSame('old', $this->ops->get('k'));
        self::assertSame(100, $this->ops->ttl('k'));
        self::assertFalse($this->ops->exists('fresh'));
    }

    public function testSetReplacesTheWholeEntryIncludingItsTtl(): void
    {
        $this->ops->set('k', 'v1', 100);
        self::assertSame(100, $this->ops->ttl('k'));

        self::assertTrue($this->ops->set('k', 'v2'));
        self::assertSame('v2', $this->ops->get('k'));
        self::assertSame(-1, $this->ops->ttl('k'), 'a set without TTL drops the old TTL');

        $this->ops->set('k', 'v3', 50);
        self::assertSame('v3', $this->ops->get('k'));
        self::assertSame(50, $this->ops->ttl('k'));
    }

    public function testSetnxStoresOnlyWhenTheKeyIsAbsent(): void
    {
        self::assertTrue($this->ops->setnx('k', 'first', 100));
        self::assertSame(100, $this->ops->ttl('k'));

        self::assertFalse($this->ops->setnx('k', 'second', 5));
        self::assertSame('first', $this->ops->get('k'));
        self::assertSame(100, $this->ops->ttl('k'), 'a losing setnx leaves the TTL alone');

        $this->ops->set('empty', '');
        self::assertFalse($this->ops->setnx('empty', 'x'), 'an empty value still counts as present');
    }

    public function testDelReturnsOneWhenTheKeyExistedAndZeroOtherwise(): void
    {
        $this->ops->set('k', 'v');
        self::assertSame(1, $this->ops->del('k'));
        self::assertNull($this->ops->get('k'));
        self::assertSame(0, $this->ops->del('k'));
        self::assertSame(0, $this->ops->del('never-there'));
    }

    public function testDelIfEqDeletesOnlyWhenTheValueMatchesExactly(): void
    {
        $this->ops->set('lock', 'token-1');
        self::assertFalse($this->ops->delIfEq('lock', 'token-2'));
        self::assertFalse($this->ops->delIfEq('lock', 'token'), 'a prefix is not a match');
        self::assertFalse($this->ops->delIfEq('lock', 'token-1 '), 'a longer value is not a match');
        self::assertSame('token-1', $this->ops->get('lock'));

        self::assertTrue($this->ops->delIfEq('lock', 'token-1'));
        self::assertFalse($this->ops->exists('lock'));
        self::assertFalse($this->ops->delIfEq('lock', 'token-1'), 'a missing key never matches');
    }

    public function testTtlAndPttlOfAMissingKeyAreMinusTwo(): void
    {
        self::assertSame(-2, $this->ops->ttl('missing'));
        self::assertSame(-2, $this->ops->pttl('missing'));
    }

    public function testTtlRoundsTheRemainingTimeUpToWholeSeconds(): void
    {
        $this->ops->set('one', 'v', 1);
        $this->ops->set('three', 'v', 3);
        $this->letTimePass(400);

        $onePttl = $this->ops->pttl('one');
        self::assertGreaterThanOrEqual(1, $onePttl);
        self::assertLessThanOrEqual(600, $onePttl);
        self::assertSame(1, $this->ops->ttl('one'), 'less than a second left reads as 1, never 0');

        $threePttl = $this->ops->pttl('three');
        self::assertGreaterThan(2000, $threePttl);
        self::assertLessThanOrEqual(2600, $threePttl);
        self::assertSame(3, $this->ops->ttl('three'), '2.6 s left reads as 3');
    }

    public function testExpireGivesAnExistingKeyANewTtl(): void
    {
        $this->ops->set('persistent', 'v');
        self::assertTrue($this->ops->expire('persistent', 5));
        self::assertSame(5, $this->ops->ttl('persistent'));
        self::assertSame('v', $this->ops->get('persistent'));

        $this->ops->set('expiring', 'v', 100);
        self::assertTrue($this->ops->expire('expiring', 7));
        self::assertSame(7, $this->ops->ttl('expiring'));
    }

    /** @dataProvider nonPositiveTtls */
    public function testExpireWithATtlOfZeroOrLessReturnsFalseAndChangesNothing(int $ttl): void
    {
        $this->ops->set('expiring', 'v', 100);
        $this->ops->set('persistent', 'w');

        self::assertFalse($this->ops->expire('expiring', $ttl));
        self::assertFalse($this->ops->expire('persistent', $ttl));

        self::assertSame('v', $this->ops->get('expiring'));
        self::assertSame(100, $this->ops->ttl('expiring'));
        self::assertSame('w', $this->ops->get('persistent'));
        self::assertSame(-1, $this->ops->ttl('persistent'));
    }

    public function testExpireOnAMissingKeyReturnsFalseAndCreatesNothing(): void
    {
        self::assertFalse($this->ops->expire('missing', 10));
        self::assertFalse($this->ops->exists('missing'));
    }

    public function testIncrByCreatesAMissingKeyAtDeltaWithoutTtl(): void
    {
        self::assertSame(5, $this->ops->incrBy('up', 5));
        self::assertSame('5', $this->ops->get('up'));
        self::assertSame(-1, $this->ops->ttl('up'));

        self::assertSame(-3, $this->ops->incrBy('down', -3));
        self::assertSame('-3', $this->ops->get('down'));

        self::assertSame(0, $this->ops->incrBy('zero', 0));
        self::assertSame('0', $this->ops->get('zero'));
    }

    public function testIncrByAddsAndKeepsTheExistingTtl(): void
    {
        $this->ops->set('counter', '10', 100);
        self::assertSame(15, $this->ops->incrBy('counter', 5));
        self::assertSame(12, $this->ops->incrBy('counter', -3));
        self::assertSame('12', $this->ops->get('counter'));
        self::assertSame(100, $this->ops->ttl('counter'));

        $this->ops->set('persistent', '1');
        $this->ops->incrBy('persistent', 1);
        self::assertSame(-1, $this->ops->ttl('persistent'));
    }

    /**
     * The canonical decimal form of an int64 only (the extension's rule).
     *
     * @return iterable<string, array{string, int, int}>
     */
    public static function acceptedIntegers(): iterable
    {
        yield 'negative' => ['-5', 3, -2];
        yield 'zero' => ['0', -1, -1];
        yield 'ten' => ['10', 5, 15];
        yield 'minus ten' => ['-10', 10, 0];
        yield 'int64 max reached' => ['9223372036854775806', 1, PHP_INT_MAX];
        yield 'int64 min kept' => ['-9223372036854775808', 0, PHP_INT_MIN];
        yield 'int64 min reached' => ['-9223372036854775807', -1, PHP_INT_MIN];
    }

    /** @dataProvider acceptedIntegers */
    public function testIncrByAcceptsEveryDecimalInt64AndStoresTheResultCanonically(string $stored, int $delta, int $expected): void
    {
        $this->ops->set('n', $stored);
        self::assertSame($expected, $this->ops->incrBy('n', $delta));
        self::assertSame((string) $expected, $this->ops->get('n'));
    }

    /** @return iterable<string, array{string}> */
    public static function notDecimalInt64(): iterable
    {
        yield 'decimal fraction' => ['1.5'];
        yield 'leading space' => [' 1'];
        yield 'trailing space' => ['1 '];
        yield 'trailing newline' => ["1\n"];
        yield 'letters' => ['abc'];
        yield 'digits then letters' => ['12abc'];
        yield 'plus sign' => ['+1'];
        yield 'leading zeros' => ['007'];
        yield 'double zero' => ['00'];
        yield 'negative zero' => ['-0'];
        yield 'negative with leading zero' => ['-01'];
        yield 'empty' => [''];
        yield 'lone minus' => ['-'];
        yield 'exponent' => ['1e3'];
        yield 'hex' => ['0x1A'];
        yield 'above int64 max' => ['9223372036854775808'];
        yield 'below int64 min' => ['-9223372036854775809'];
        yield 'far too long' => [str_repeat('9', 40)];
        yield 'NUL inside' => ["1\x002"];
    }

    /** @dataProvider notDecimalInt64 */
    public function testIncrByOnAValueThatIsNotADecimalInt64ThrowsAndLeavesItUnchanged(string $stored): void
    {
        $this->ops->set('n', $stored, 100);
        try {
            $this->ops->incrBy('n', 1);
            self::fail('incrBy() must throw for ' . var_export($stored, true));
        } catch (\RuntimeException $expected) {
            self::assertStringContainsString('not a decimal int64', $expected->getMessage());
        }
        self::assertSame($stored, $this->ops->get('n'));
        self::assertSame(100, $this->ops->ttl('n'));
    }

    /** @return iterable<string, array{string, int}> */
    public static function overflows(): iterable
    {
        yield 'past int64 max' => ['9223372036854775807', 1];
        yield 'far past int64 max' => ['1', PHP_INT_MAX];
        yield 'past int64 min' => ['-9223372036854775808', -1];
        yield 'far past int64 min' => ['-2', PHP_INT_MIN];
    }

    /** @dataProvider overflows */
    public function testIncrByThatWouldOverflowThrowsAndLeavesTheValueUnchanged(string $stored, int $delta): void
    {
        $this->ops->set('n', $stored, 100);
        try {
            $this->ops->incrBy('n', $delta);
            self::fail("incrBy($stored, $delta) must throw");
        } catch (\RuntimeException $expected) {
            self::assertStringContainsString('overflow', $expected->getMessage());
        }
        self::assertSame($stored, $this->ops->get('n'));
        self::assertSame(100, $this->ops->ttl('n'));
    }

    public function testFlushRemovesEveryKey(): void
    {
        $this->ops->set('a', '1');
        $this->ops->set('b', '2', 100);
        self::assertTrue($this->ops->flush());
        self::assertFalse($this->ops->exists('a'));
        self::assertFalse($this->ops->exists('b'));
        self::assertSame(-2, $this->ops->ttl('b'));
    }

    /** @return iterable<string, array{\Closure(AtomicKvOpsInterface, string): mixed}> */
    public static function everyOperationOnAKey(): iterable
    {
        yield 'get' => [static fn (AtomicKvOpsInterface $ops, string $key) => $ops->get($key)];
        yield 'set' => [static fn (AtomicKvOpsInterface $ops, string $key) => $ops->set($key, 'v')];
        yield 'setnx' => [static fn (AtomicKvOpsInterface $ops, string $key) => $ops->setnx($key, 'v')];
        yield 'del' => [static fn (AtomicKvOpsInterface $ops, string $key) => $ops->del($key)];
        yield 'delIfEq' => [static fn (AtomicKvOpsInterface $ops, string $key) => $ops->delIfEq($key, 'v')];
        yield 'exists' => [static fn (AtomicKvOpsInterface $ops, string $key) => $ops->exists($key)];
        yield 'incrBy' => [static fn (AtomicKvOpsInterface $ops, string $key) => $ops->incrBy($key, 1)];
        yield 'expire' => [static fn (AtomicKvOpsInterface $ops, string $key) => $ops->expire($key, 10)];
        yield 'ttl' => [static fn (AtomicKvOpsInterface $ops, string $key) => $ops->ttl($key)];
        yield 'pttl' => [static fn (AtomicKvOpsInterface $ops, string $key) => $ops->pttl($key)];
    }

    /** @dataProvider everyOperationOnAKey */
    public function testAnEmptyKeyIsAValueError(\Closure $operation): void
    {
        $this->expectException(\ValueError::class);
        $operation($this->ops, '');
    }

    /** @dataProvider everyOperationOnAKey */
    public function testAKeyLongerThanTheMaximumIsAValueError(\Closure $operation): void
    {
        $this->expectException(\ValueError::class);
        $operation($this->ops, str_repeat('k', self::MAX_KEY_SIZE + 1));
    }

    public function testAKeyOfExactlyTheMaximumSizeIsAccepted(): void
    {
        $key = str_repeat('k', self::MAX_KEY_SIZE);
        self::assertTrue($this->ops->set($key, 'v'));
        self::assertSame('v', $this->ops->get($key));
    }

    public function testRejectedKeysChangeNothing(): void
    {
        $this->ops->set('k', 'v');
        try {
            $this->ops->set('', 'x');
        } catch (\ValueError) {
        }
        try {
            $this->ops->set(str_repeat('k', self::MAX_KEY_SIZE + 1), 'x');
        } catch (\ValueError) {
        }
        self::assertSame('v', $this->ops->get('k'));
        self::assertFalse($this->ops->exists(str_repeat('k', self::MAX_KEY_SIZE)));
    }

    /**
     * All expiry rules share one wait, so against the real store the suite sleeps once.
     */
    public function testAnExpiredKeyIsAbsentForEveryOperation(): void
    {
        foreach (['get', 'exists', 'ttl', 'pttl', 'del', 'delIfEq', 'expire', 'setnx', 'incrBy', 'set'] as $name) {
            $this->ops->set("expiring:$name", 'old', 1);
        }
        $this->ops->set('expiring:incrBy', '41', 1);
        $this->ops->set('by-expire', 'old');
        $this->ops->expire('by-expire', 1);
        $this->ops->set('persistent', 'stays');
        $this->ops->set('long', 'stays', 100);

        $this->letTimePass(1100);

        self::assertNull($this->ops->get('expiring:get'));
        self::assertNull($this->ops->get('by-expire'), 'a TTL set by expire() expires too');
        self::assertFalse($this->ops->exists('expiring:exists'));
        self::assertSame(-2, $this->ops->ttl('expiring:ttl'));
        self::assertSame(-2, $this->ops->pttl('expiring:pttl'));
        self::assertSame(0, $this->ops->del('expiring:del'));
        self::assertFalse($this->ops->delIfEq('expiring:delIfEq', 'old'));
        self::assertFalse($this->ops->expire('expiring:expire', 10));
        self::assertFalse($this->ops->exists('expiring:expire'), 'expire() does not revive an expired key');

        self::assertTrue($this->ops->setnx('expiring:setnx', 'new', 50), 'an expired entry counts as absent');
        self::assertSame('new', $this->ops->get('expiring:setnx'));
        self::assertSame(50, $this->ops->ttl('expiring:setnx'));

        self::assertSame(3, $this->ops->incrBy('expiring:incrBy', 3), 'an expired counter starts again at delta');
        self::assertSame(-1, $this->ops->ttl('expiring:incrBy'), 'and has no TTL');

        self::assertTrue($this->ops->set('expiring:set', 'new'));
        self::assertSame('new', $this->ops->get('expiring:set'));
        self::assertSame(-1, $this->ops->ttl('expiring:set'));

        self::assertSame('stays', $this->ops->get('persistent'));
        self::assertSame('stays', $this->ops->get('long'));
        self::assertGreaterThan(90, $this->ops->ttl('long'));
    }
}
