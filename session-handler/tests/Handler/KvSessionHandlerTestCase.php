<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler\Tests\Handler;

use Ephpm\SessionHandler\AtomicKvOpsInterface;
use Ephpm\SessionHandler\KvSessionHandler;
use Ephpm\SessionHandler\Tests\Support\PhpProcess;
use Ephpm\SessionHandler\Tests\Support\RecordingKvOps;
use Ephpm\SessionHandler\Tests\Support\Warnings;
use PHPUnit\Framework\TestCase;

/**
 * KvSessionHandler's behaviour, run unchanged against each store (InMemoryKvOps and
 * the real extension through SapiKvOps): direct callback calls in this process, and
 * PHP's own session machinery (session_start & co.) in a fresh php process.
 */
abstract class KvSessionHandlerTestCase extends TestCase
{
    private const PREFIX = 'php_session:';
    private const ID = 'abcdefghijklmnopqrstuvwxyz';

    protected AtomicKvOpsInterface $store;
    protected RecordingKvOps $ops;

    abstract protected function createOps(): AtomicKvOpsInterface;

    /** Lets $ms milliseconds pass for the store: a fake clock moves, or the test sleeps for a real one. */
    abstract protected function letTimePass(int $ms): void;

    /** "memory" or "sapi": which store tests/scripts/session_scenario.php uses. */
    abstract protected function scenarioOps(): string;

    /** @return list<string> php flags the scenario process needs for that store */
    abstract protected function scenarioPhpFlags(): array;

    protected function setUp(): void
    {
        $this->store = $this->createOps();
        self::assertTrue($this->store->flush());
        $this->ops = new RecordingKvOps($this->store);
    }

    private function handler(mixed ...$options): KvSessionHandler
    {
        return new KvSessionHandler(...(['ops' => $this->ops] + $options));
    }

    // ---- the plain callbacks -------------------------------------------------

    public function testOpenAndCloseSucceedWithoutTouchingTheStore(): void
    {
        $handler = $this->handler();
        self::assertTrue($handler->open('/var/lib/php/sessions', 'PHPSESSID'));
        self::assertTrue($handler->close());
        self::assertSame([], $this->ops->calls);
    }

    public function testReadingAnUnknownIdGivesAnEmptyString(): void
    {
        self::assertSame('', $this->handler()->read(self::ID));
        self::assertSame([['get', [self::PREFIX . self::ID]]], $this->ops->calls);
    }

    public function testWriteStoresThePayloadUnderPrefixAndIdAndReadReturnsIt(): void
    {
        $handler = $this->handler(ttlSeconds: 600);
        $payload = "user|s:5:\"alice\";blob|s:3:\"\0\xff\n\";";
        self::assertTrue($handler->write(self::ID, $payload));
        self::assertSame([['set', [self::PREFIX . self::ID, $payload, 600]]], $this->ops->calls);
        self::assertSame($payload, $this->store->get(self::PREFIX . self::ID));
        self::assertSame($payload, $this->handler()->read(self::ID));
    }

    public function testACustomPrefixNamespacesTheKeys(): void
    {
        $siteA = $this->handler(prefix: 'session:a.test:');
        $siteB = $this->handler(prefix: 'session:b.test:');
        $siteA->write(self::ID, 'a|i:1;');
        self::assertSame('a|i:1;', $this->store->get('session:a.test:' . self::ID));
        self::assertSame('', $siteB->read(self::ID));
        self::assertFalse($siteB->validateId(self::ID));
    }

    public function testEveryWriteRefreshesTheTtl(): void
    {
        $handler = $this->handler(ttlSeconds: 7200);
        $handler->write(self::ID, 'a');
        self::assertSame(7200, $this->store->ttl(self::PREFIX . self::ID));
        $this->store->expire(self::PREFIX . self::ID, 3);
        $handler->write(self::ID, 'a');
        self::assertSame(7200, $this->store->ttl(self::PREFIX . self::ID));
    }

    public function testWithoutTtlSecondsTheTtlIsSessionGcMaxlifetime(): void
    {
        $this->handler()->write(self::ID, 'a');
        self::assertSame((int) ini_get('session.gc_maxlifetime'), $this->store->ttl(self::PREFIX . self::ID));
    }

    public function testASessionExpiresWithItsTtl(): void
    {
        $handler = $this->handler(ttlSeconds: 1);
        $handler->write(self::ID, 'a');
        $this->letTimePass(1100);
        self::assertSame('', $handler->read(self::ID));
        self::assertFalse($handler->validateId(self::ID));
    }

    public function testDestroyDeletesAndSucceedsEvenWhenTheSessionIsMissing(): void
    {
        $handler = $this->handler();
        $handler->write(self::ID, 'a');
        self::assertTrue($handler->destroy(self::ID));
        self::assertFalse($this->store->exists(self::PREFIX . self::ID));
        self::assertTrue($handler->destroy(self::ID));
        self::assertSame(['set', 'del', 'del'], $this->ops->methods());
    }

    public function testGcIsTheIntegerZeroAndTouchesNothing(): void
    {
        self::assertSame(0, $this->handler()->gc(1440));
        self::assertSame([], $this->ops->calls);
    }

    public function testValidateIdTellsWhetherTheSessionExists(): void
    {
        $handler = $this->handler();
        self::assertFalse($handler->validateId(self::ID));
        $handler->write(self::ID, '');
        self::assertTrue($handler->validateId(self::ID));
        self::assertSame(['exists', 'set', 'exists'], $this->ops->methods());
    }

    public function testUpdateTimestampRefreshesTheTtlWithoutRewritingThePayload(): void
    {
        $handler = $this->handler(ttlSeconds: 900);
        $handler->write(self::ID, 'stored');
        $this->store->expire(self::PREFIX . self::ID, 3);
        $this->ops->calls = [];

        self::assertTrue($handler->updateTimestamp(self::ID, 'stored'));
        self::assertSame([['expire', [self::PREFIX . self::ID, 900]]], $this->ops->calls);
        self::assertSame(900, $this->store->ttl(self::PREFIX . self::ID));
        self::assertSame('stored', $this->store->get(self::PREFIX . self::ID));
    }

    public function testUpdateTimestampWritesTheDataWhenTheSessionIsGone(): void
    {
        $handler = $this->handler(ttlSeconds: 900);
        self::assertTrue($handler->updateTimestamp(self::ID, 'payload'));
        self::assertSame(['expire', 'set'], $this->ops->methods());
        self::assertSame('payload', $this->store->get(self::PREFIX . self::ID));
        self::assertSame(900, $this->store->ttl(self::PREFIX . self::ID));
    }

    // ---- session ids ---------------------------------------------------------

    /** @return iterable<string, array{string}> */
    public static function invalidIds(): iterable
    {
        yield 'another session\'s lock key' => [self::ID . '.lock'];
        yield 'empty' => [''];
        yield 'too long' => [str_repeat('a', 257)];
        yield 'path' => ['../../etc/passwd'];
        yield 'space' => ['abc def'];
        yield 'NUL' => ["abc\0def"];
        yield 'underscore' => ['abc_def'];
    }

    /** @dataProvider invalidIds */
    public function testIdsPhpsFilesHandlerWouldRejectNeverReachTheStore(string $id): void
    {
        $this->store->set(self::PREFIX . self::ID . '.lock', 'token');
        $handler = $this->handler(lockSessions: true);
        foreach ([
            'read' => static fn () => $handler->read($id),
            'write' => static fn () => $handler->write($id, 'x'),
            'updateTimestamp' => static fn () => $handler->updateTimestamp($id, 'x'),
        ] as $operation => $call) {
            [$result, $warnings] = Warnings::collect($call);
            self::assertFalse($result, $operation);
            self::assertCount(1, $warnings, $operation);
            self::assertStringContainsString("::$operation(): the session id is empty, too long or contains illegal characters", $warnings[0]);
        }
        [$valid, $warnings] = Warnings::collect(static fn () => $handler->validateId($id));
        self::assertFalse($valid);
        self::assertSame([], $warnings, 'validateId answers quietly, so strict mode can replace the id');
        [$destroyed, $warnings] = Warnings::collect(static fn () => $handler->destroy($id));
        self::assertTrue($destroyed, 'nothing is stored under an invalid id: destroying it succeeds, as with files');
        self::assertSame([], $warnings);
        self::assertSame([], $this->ops->calls);
        self::assertSame('token', $this->store->get(self::PREFIX . self::ID . '.lock'));
    }

    public function testTheLongestValidIdIsAccepted(): void
    {
        $id = str_repeat('a,-Z9', 51) . 'x';
        self::assertSame(256, strlen($id));
        $handler = $this->handler();
        self::assertTrue($handler->write($id, 'x'));
        self::assertSame('x', $handler->read($id));
        self::assertTrue($handler->validateId($id));
    }

    public function testCreateSidReservesAFreshIdWithTheSessionTtl(): void
    {
        $handler = $this->handler(ttlSeconds: 300);
        $id = $handler->create_sid();
        self::assertSame([['setnx', [self::PREFIX . $id, '', 300]]], $this->ops->calls);
        self::assertTrue($this->store->exists(self::PREFIX . $id));
        self::assertSame('', $this->store->get(self::PREFIX . $id));
        self::assertSame(300, $this->store->ttl(self::PREFIX . $id));
    }

    public function testCreateSidFollowsTheCurrentIniSettings(): void
    {
        $length = (int) ini_get('session.sid_length');
        $alphabet = substr('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,-', 0, 1 << (int) ini_get('session.sid_bits_per_character'));
        $ids = [];
        $handler = $this->handler();
        for ($i = 0; $i < 50; ++$i) {
            $id = $handler->create_sid();
            self::assertSame($length, strlen($id));
            self::assertSame($length, strspn($id, $alphabet), "$id uses characters outside " . $alphabet);
            $ids[$id] = true;
        }
        self::assertCount(50, $ids);
    }

    public function testCreateSidNeverHandsOutAnIdThatIsAlreadyTaken(): void
    {
        $this->ops->stageCollisions(2);
        $id = $this->handler()->create_sid();

        $attempts = $this->ops->argumentsOf('setnx');
        self::assertCount(3, $attempts);
        self::assertSame(self::PREFIX . $id, $attempts[2][0]);
        self::assertNotSame($attempts[0][0], $attempts[1][0]);
        self::assertNotContains(self::PREFIX . $id, [$attempts[0][0], $attempts[1][0]]);
        self::assertSame("someone else's session", $this->store->get($attempts[0][0]), 'a colliding session is left alone');
        self::assertSame('', $this->store->get(self::PREFIX . $id));
    }

    public function testCreateSidGivesUpLoudlyWhenEveryIdCollides(): void
    {
        $this->ops->stageCollisions(1000);
        $this->expectException(\RuntimeException::class);
        $this->expectExceptionMessage('could not reserve a new session id');
        $this->handler()->create_sid();
    }

    public function testTheIdJustCreatedIsNewToValidateIdUntilItIsRead(): void
    {
        // PHP's strict-mode collision check (session_regenerate_id) asks validateId() about
        // the id create_sid() just reserved: it must count as new, not as a collision.
        $handler = $this->handler();
        $id = $handler->create_sid();
        self::assertFalse($handler->validateId($id));
        self::assertTrue($handler->validateId($id), 'only the very next check treats it as new');

        $other = $handler->create_sid();
        self::assertSame('', $handler->read($other));
        self::assertTrue($handler->validateId($other), 'once read it is an existing session');
        self::assertTrue($this->handler()->validateId($id), 'another handler sees a reserved id as taken');
    }

    // ---- locking -------------------------------------------------------------

    public function testWithoutLockSessionsNoLockKeyIsEverWritten(): void
    {
        $handler = $this->handler();
        $handler->read(self::ID);
        $handler->write(self::ID, 'a');
        $handler->close();
        self::assertSame(['get', 'set'], $this->ops->methods());
    }

    public function testReadTakesTheLockWithARandomTokenAndItsTtlAndCloseReleasesIt(): void
    {
        $handler = $this->handler(lockSessions: true, lockTtlSeconds: 12);
        self::assertSame('', $handler->read(self::ID));
        $lockKey = self::PREFIX . self::ID . '.lock';
        $token = $this->store->get($lockKey);
        self::assertNotNull($token);
        self::assertGreaterThanOrEqual(16, strlen($token));
        self::assertSame(12, $this->store->ttl($lockKey));
        self::assertSame([$lockKey, $token, 12], $this->ops->argumentsOf('setnx')[0]);

        self::assertTrue($handler->write(self::ID, 'a'));
        self::assertTrue($handler->close());
        self::assertFalse($this->store->exists($lockKey));
        self::assertSame([[$lockKey, $token]], $this->ops->argumentsOf('delIfEq'));
        self::assertSame('a', $this->store->get(self::PREFIX . self::ID));
    }

    public function testEveryRequestGetsItsOwnToken(): void
    {
        $lockKey = self::PREFIX . self::ID . '.lock';
        $first = $this->handler(lockSessions: true);
        $first->read(self::ID);
        $firstToken = $this->store->get($lockKey);
        $first->close();
        $second = $this->handler(lockSessions: true);
        $second->read(self::ID);
        self::assertNotSame($firstToken, $this->store->get($lockKey));
    }

    public function testALockHeldByAnotherRequestMakesReadFailWithAWarningInsteadOfReadingUnlocked(): void
    {
        $this->store->set(self::PREFIX . self::ID, 'secret|s:1:"x";');
        $holder = $this->handler(lockSessions: true);
        $holder->read(self::ID);
        $lockKey = self::PREFIX . self::ID . '.lock';
        $holderToken = $this->store->get($lockKey);

        $waiter = $this->handler(lockSessions: true, lockMaxWaitMs: 40);
        $this->ops->calls = [];
        [$result, $warnings] = Warnings::collect(static fn () => $waiter->read(self::ID));

        self::assertFalse($result);
        self::assertCount(1, $warnings);
        self::assertStringContainsString('locked by another request', $warnings[0]);
        self::assertMatchesRegularExpression('/gave up after waiting \d+ ms \(lockMaxWaitMs = 40\)/', $warnings[0]);
        self::assertNotContains('get', $this->ops->methods(), 'the payload is never read without the lock');
        self::assertGreaterThan(1, count($this->ops->argumentsOf('setnx')), 'it retried before giving up');
        self::assertSame($holderToken, $this->store->get($lockKey), 'the holder keeps its lock');

        self::assertTrue($waiter->close());
        self::assertSame($holderToken, $this->store->get($lockKey), 'closing the failed request does not release the other lock');
    }

    public function testAWaiterGetsTheLockOnceTheHolderCloses(): void
    {
        $holder = $this->handler(lockSessions: true);
        $holder->read(self::ID);
        $holder->write(self::ID, 'n|i:1;');
        $waiter = $this->handler(lockSessions: true, lockMaxWaitMs: 0);
        [$result] = Warnings::collect(static fn () => $waiter->read(self::ID));
        self::assertFalse($result);

        $holder->close();
        self::assertSame('n|i:1;', $waiter->read(self::ID));
    }

    public function testCloseReleasesOnlyItsOwnToken(): void
    {
        $handler = $this->handler(lockSessions: true);
        $handler->read(self::ID);
        $lockKey = self::PREFIX . self::ID . '.lock';
        $this->store->set($lockKey, 'token-of-the-next-request', 30);

        self::assertTrue($handler->close());
        self::assertSame('token-of-the-next-request', $this->store->get($lockKey));
    }

    public function testWriteAfterTheLockWasLostIsRefusedWithAWarning(): void
    {
        $handler = $this->handler(lockSessions: true);
        $handler->read(self::ID);
        $this->store->set(self::PREFIX . self::ID . '.lock', 'token-of-the-next-request', 30);
        $this->store->set(self::PREFIX . self::ID, 'newer data');

        [$written, $warnings] = Warnings::collect(static fn () => $handler->write(self::ID, 'stale data'));
        self::assertFalse($written);
        self::assertCount(1, $warnings);
        self::assertStringContainsString('session lock was lost', $warnings[0]);
        self::assertSame('newer data', $this->store->get(self::PREFIX . self::ID));

        [$touched, $warnings] = Warnings::collect(static fn () => $handler->updateTimestamp(self::ID, 'stale data'));
        self::assertFalse($touched);
        self::assertStringContainsString('session lock was lost', $warnings[0]);
    }

    public function testALockThatExpiredIsLostToTheNextRequest(): void
    {
        $slow = $this->handler(lockSessions: true, lockTtlSeconds: 1);
        $slow->read(self::ID);
        $this->letTimePass(1100);

        $next = $this->handler(lockSessions: true, lockMaxWaitMs: 0);
        self::assertSame('', $next->read(self::ID), 'an expired lock does not block anyone');
        self::assertTrue($next->write(self::ID, 'from next'));

        [$written, $warnings] = Warnings::collect(static fn () => $slow->write(self::ID, 'from slow'));
        self::assertFalse($written);
        self::assertStringContainsString('lockTtlSeconds = 1', $warnings[0]);
        self::assertSame('from next', $this->store->get(self::PREFIX . self::ID));
    }

    public function testWriteWithoutHavingReadUnderLockingIsRefused(): void
    {
        $handler = $this->handler(lockSessions: true);
        [$written, $warnings] = Warnings::collect(static fn () => $handler->write(self::ID, 'a'));
        self::assertFalse($written);
        self::assertStringContainsString('holds no lock', $warnings[0]);
        self::assertFalse($this->store->exists(self::PREFIX . self::ID));
    }

    public function testReadingTheSameSessionTwiceDoesNotDeadlockOnItsOwnLock(): void
    {
        $handler = $this->handler(lockSessions: true, lockMaxWaitMs: 0);
        self::assertSame('', $handler->read(self::ID));
        self::assertSame('', $handler->read(self::ID));
        self::assertTrue($handler->write(self::ID, 'a'));
    }

    public function testMovingToAnotherSessionReleasesTheFirstLock(): void
    {
        $handler = $this->handler(lockSessions: true);
        $handler->read(self::ID);
        $handler->read('another' . self::ID);
        self::assertFalse($this->store->exists(self::PREFIX . self::ID . '.lock'));
        self::assertTrue($this->store->exists(self::PREFIX . 'another' . self::ID . '.lock'));
    }

    // ---- constructor ---------------------------------------------------------

    /** @return iterable<string, array{array<string, int>, string}> */
    public static function invalidOptions(): iterable
    {
        yield 'zero ttl' => [['ttlSeconds' => 0], '$ttlSeconds'];
        yield 'negative ttl' => [['ttlSeconds' => -5], '$ttlSeconds'];
        yield 'zero lock ttl' => [['lockTtlSeconds' => 0], '$lockTtlSeconds'];
        yield 'negative lock wait' => [['lockMaxWaitMs' => -1], '$lockMaxWaitMs'];
    }

    /**
     * @dataProvider invalidOptions
     * @param array<string, int> $options
     */
    public function testNonsensicalOptionsAreAValueError(array $options, string $named): void
    {
        $this->expectException(\ValueError::class);
        $this->expectExceptionMessage($named);
        $this->handler(...$options);
    }

    // ---- PHP's session machinery, in a fresh php process ---------------------

    /** @return array<string, mixed> */
    private function scenario(string $name, string ...$iniSettings): array
    {
        $flags = $this->scenarioPhpFlags();
        foreach ($iniSettings as $setting) {
            $flags[] = '-d';
            $flags[] = $setting;
        }
        $result = PhpProcess::run($flags, dirname(__DIR__) . '/scripts/session_scenario.php', [$name], ['EPHPM_TEST_OPS' => $this->scenarioOps()]);
        self::assertSame(0, $result->exitCode, $result->describe());
        $decoded = json_decode($result->stdout, true);
        self::assertIsArray($decoded, $result->describe());

        return $decoded;
    }

    /** @return iterable<string, array{int, int}> */
    public static function sidSettings(): iterable
    {
        yield '4 bits, shortest' => [4, 22];
        yield '5 bits, Debian default' => [5, 26];
        yield '6 bits, PHP default length' => [6, 32];
        yield '6 bits, longest' => [6, 256];
    }

    /** @dataProvider sidSettings */
    public function testSessionIdsUsePhpsAlphabetAndLength(int $bits, int $length): void
    {
        $ids = $this->scenario('create_sid', "session.sid_bits_per_character=$bits", "session.sid_length=$length")['ids'];
        $alphabet = substr('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,-', 0, 1 << $bits);
        $used = [];
        foreach ($ids as $id) {
            self::assertSame($length, strlen($id));
            self::assertSame($length, strspn($id, $alphabet), "$id is outside the $bits-bit alphabet");
            $used += array_flip(str_split($id));
        }
        ksort($used);
        self::assertSame(strlen($alphabet), count($used), 'every character of the alphabet shows up: ' . implode('', array_keys($used)));
        self::assertCount(count($ids), array_unique($ids));
    }

    public function testANewSessionGetsAReservedIdAndIsStoredWithGcMaxlifetime(): void
    {
        $run = $this->scenario('new_session', 'session.gc_maxlifetime=777');
        self::assertTrue($run['started']);
        self::assertSame([['php_session:' . $run['id'], '', 777]], $run['reserved']);
        self::assertSame('user|s:5:"alice";', $run['stored']);
        self::assertSame(777, $run['ttl']);
        self::assertSame([], $run['warnings']);
    }

    public function testASessionResumesByItsId(): void
    {
        $run = $this->scenario('resume_by_id');
        self::assertSame(2, $run['hits']);
        self::assertTrue($run['same_id']);
        self::assertSame([], $run['warnings']);
    }

    public function testStrictModeReplacesAForgedIdAndKeepsARealOne(): void
    {
        $run = $this->scenario('strict_mode_ids');
        self::assertNotSame($run['forged'], $run['assigned']);
        self::assertSame($run['assigned'], $run['kept']);
        self::assertSame(1, $run['n']);
        self::assertSame([], $run['warnings']);
    }

    public function testAnIllegalIdFailsSessionStartLikeTheFilesHandlerUnlessStrictModeReplacesIt(): void
    {
        $run = $this->scenario('illegal_id', 'session.sid_length=26', 'session.sid_bits_per_character=5');
        self::assertFalse($run['lenient']['started']);
        self::assertStringContainsString('contains illegal characters', $run['warnings'][0]);
        self::assertStringContainsString('Failed to read session data', $run['warnings'][1]);
        self::assertCount(2, $run['warnings']);
        self::assertTrue($run['strict']['started']);
        self::assertMatchesRegularExpression('/^[0-9a-v]{26}$/', $run['strict']['id']);
        self::assertSame('victim-lock-token', $run['lock']);
    }

    public function testRegenerateUnderStrictModeCreatesExactlyOneNewId(): void
    {
        $run = $this->scenario('strict_mode_regenerate');
        self::assertTrue($run['regenerated']);
        self::assertNotSame($run['old'], $run['new']);
        self::assertSame(1, $run['ids_created_by_regenerate'], 'no throw-away reservations');
        self::assertFalse($run['old_exists']);
        self::assertSame('user|s:3:"bob";', $run['new_data']);
        self::assertIsString($run['created_while_active'], 'session_create_id() works while the session is active');
        self::assertSame([], $run['warnings']);
    }

    public function testLazyWriteOfUnchangedDataOnlyRefreshesTheTtl(): void
    {
        $run = $this->scenario('lazy_write', 'session.lazy_write=1');
        self::assertSame(['get', 'expire'], $run['methods']);
        self::assertSame(600, $run['ttl']);
        self::assertSame('x|s:1:"y";', $run['data']);
    }

    public function testLazyWriteRestoresASessionThatVanishedDuringTheRequest(): void
    {
        $run = $this->scenario('lazy_write_after_expiry', 'session.lazy_write=1');
        self::assertSame(['expire', 'set'], $run['methods']);
        self::assertSame(600, $run['ttl']);
        self::assertSame('x|s:1:"y";', $run['data']);
    }

    public function testSessionGcIsZeroAndSessionDestroyDeletes(): void
    {
        $run = $this->scenario('destroy_and_gc');
        self::assertSame(0, $run['gc']);
        self::assertTrue($run['destroyed']);
        self::assertFalse($run['exists_after']);
        self::assertSame([], $run['warnings']);
    }

    public function testSessionStartFailsLoudlyWhileAnotherRequestHoldsTheLock(): void
    {
        $run = $this->scenario('locked_elsewhere');
        self::assertFalse($run['started']);
        self::assertFalse($run['status_active']);
        self::assertSame([], $run['session'], 'nothing was read without the lock');
        self::assertSame('other-request', $run['lock']);
        self::assertCount(2, $run['warnings']);
        self::assertStringContainsString('locked by another request', $run['warnings'][0]);
        self::assertStringContainsString('Failed to read session data', $run['warnings'][1]);
    }

    public function testTheLockLastsFromSessionStartToSessionWriteClose(): void
    {
        $run = $this->scenario('lock_lifecycle');
        self::assertIsString($run['lock_during_request']);
        self::assertSame(30, $run['lock_ttl']);
        self::assertFalse($run['lock_after_close']);
        self::assertSame('x|i:1;', $run['data']);
        self::assertSame([], $run['warnings']);
    }
}
