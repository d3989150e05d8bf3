<?php

declare(strict_types=1);

namespace Ephpm\SessionHandler;

/**
 * Stores PHP sessions in the ephpm_kv store: key "<prefix><session id>", value the
 * serialized payload PHP hands over, TTL refreshed on every write.
 *
 * Register with session_set_save_handler(new KvSessionHandler(), true) before
 * session_start(). Locking is opt-in ($lockSessions): read() takes a per-session
 * lock key "<prefix><id>.lock" holding a random token, close() releases it only
 * if it still holds that token.
 */
final class KvSessionHandler implements \SessionHandlerInterface, \SessionUpdateTimestampHandlerInterface, \SessionIdInterface
{
    /**
     * PHP's own session id alphabet (ext/session bin_to_readable); 4/5/6 bits use its first
     * 16/32/64 characters. It is also every character PHP's files handler accepts in an id,
     * so "<id>.lock" can never be another session's key.
     */
    private const SID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,-';
    private const MAX_ID_LENGTH = 256;
    private const LOCK_KEY_SUFFIX = '.lock';
    private const MAX_ID_RESERVE_ATTEMPTS = 10;
    private const LOCK_FIRST_RETRY_US = 1_000;
    private const LOCK_MAX_RETRY_US = 25_000;

    private readonly KvOpsInterface $ops;

    /** The lock this handler holds (between read() and close()), if any. */
    private ?string $heldLockKey = null;
    private ?string $heldLockToken = null;

    /**
     * The id create_sid() reserved and nobody has read yet. PHP's strict-mode collision
     * check (session_regenerate_id, session_create_id) calls validateId() on it right
     * after create_sid(); since the reservation makes it "exist", it must be reported as
     * new there, or PHP throws it away and asks for another one.
     */
    private ?string $unreadCreatedId = null;

    /** @var null|\WeakReference<self> for session_get_save_handler() (src/functions.php) */
    private static ?\WeakReference $lastOpened = null;

    /**
     * @param string               $prefix         prepended to every session id to form its key
     * @param null|int             $ttlSeconds     session lifetime; null = session.gc_maxlifetime (read at each write)
     * @param null|KvOpsInterface  $ops            the store; null = SapiKvOps (throws at once without the extension).
     *                                             With AtomicKvOpsInterface new ids are reserved atomically
     * @param bool                 $lockSessions   serialize concurrent requests of one session (needs AtomicKvOpsInterface)
     * @param int                  $lockTtlSeconds a lock left by a crashed request expires after this
     * @param int                  $lockMaxWaitMs  read() gives up (returns false, warns) after waiting this long
     */
    public function __construct(
        private readonly string $prefix = 'php_session:',
        private readonly ?int $ttlSeconds = null,
        ?KvOpsInterface $ops = null,
        private readonly bool $lockSessions = false,
        private readonly int $lockTtlSeconds = 30,
        private readonly int $lockMaxWaitMs = 5000,
    ) {
        if ($ttlSeconds !== null && $ttlSeconds <= 0) {
            throw new \ValueError(sprintf('%s: $ttlSeconds must be a positive number of seconds or null, %d given', self::class, $ttlSeconds));
        }
        if ($lockTtlSeconds <= 0) {
            throw new \ValueError(sprintf('%s: $lockTtlSeconds must be at least 1, %d given', self::class, $lockTtlSeconds));
        }
        if ($lockMaxWaitMs < 0) {
            throw new \ValueError(sprintf('%s: $lockMaxWaitMs must not be negative, %d given', self::class, $lockMaxWaitMs));
        }
        $this->ops = $ops ?? new SapiKvOps();
        if ($lockSessions && !$this->ops instanceof AtomicKvOpsInterface) {
            throw new \ValueError(sprintf(
                '%s: $lockSessions needs a store with atomic setnx() and delIfEq() (%s); %s implements only %s',
                self::class,
                AtomicKvOpsInterface::class,
                get_debug_type($this->ops),
                KvOpsInterface::class,
            ));
        }
    }

    public function open(string $path, string $name): bool
    {
        self::$lastOpened = \WeakReference::create($this);

        return true;
    }

    /**
     * The handler PHP last opened a session with (PHP calls open() only on the
     * registered save handler).
     *
     * @internal backs the session_get_save_handler() stand-in in src/functions.php
     */
    public static function lastOpened(): ?self
    {
        return self::$lastOpened?->get();
    }

    public function close(): bool
    {
        $this->releaseLock();

        return true;
    }

    public function read(string $id): string|false
    {
        $this->unreadCreatedId = null;
        if (!$this->acceptId($id, 'read')) {
            return false;
        }
        if ($this->lockSessions && !$this->acquireLock($id)) {
            return false;
        }

        return $this->ops->get($this->prefix . $id) ?? '';
    }

    public function write(string $id, string $data): bool
    {
        if (!$this->acceptId($id, 'write')) {
            return false;
        }
        if ($this->lockSessions && !$this->stillHoldsLockFor($id, 'write')) {
            return false;
        }

        return $this->ops->set($this->prefix . $id, $data, $this->sessionTtl());
    }

    public function destroy(string $id): bool
    {
        if (!self::isValidId($id)) {
            return true; // nothing can be stored under it: destroying a missing session succeeds
        }
        $this->ops->del($this->prefix . $id);

        return true;
    }

    /** Expiry is the store's job (TTLs), so there is never anything to sweep. */
    public function gc(int $max_lifetime): int
    {
        return 0;
    }

    public function validateId(string $id): bool
    {
        if ($id === $this->unreadCreatedId) {
            $this->unreadCreatedId = null;

            return false;
        }

        // No warning here: answering "no such session" lets strict mode replace a bad id.
        return self::isValidId($id) && $this->ops->exists($this->prefix . $id);
    }

    public function updateTimestamp(string $id, string $data): bool
    {
        if (!$this->acceptId($id, 'updateTimestamp')) {
            return false;
        }
        if ($this->lockSessions && !$this->stillHoldsLockFor($id, 'updateTimestamp')) {
            return false;
        }
        if ($this->ops->expire($this->prefix . $id, $this->sessionTtl())) {
            return true;
        }

        // The entry expired (or was destroyed) since read(): write it back rather than lose it.
        return $this->ops->set($this->prefix . $id, $data, $this->sessionTtl());
    }

    public function create_sid(): string
    {
        $length = (int) ini_get('session.sid_length');
        $bitsPerCharacter = (int) ini_get('session.sid_bits_per_character');
        for ($attempt = 1; $attempt <= self::MAX_ID_RESERVE_ATTEMPTS; ++$attempt) {
            $id = self::randomSessionId($length, $bitsPerCharacter);
            if (!$this->ops instanceof AtomicKvOpsInterface) {
                // A backend with ePHPm's interface only: an id no stored session has (not reserved).
                if (!$this->ops->exists($this->prefix . $id)) {
                    return $id;
                }
                continue;
            }
            // Reserving the key makes the id ours even if another process drew the same one.
            if ($this->ops->setnx($this->prefix . $id, '', $this->sessionTtl())) {
                $this->unreadCreatedId = $id;

                return $id;
            }
        }

        throw new \RuntimeException(sprintf(
            '%s::create_sid(): could not reserve a new session id in %d attempts (is the store full or refusing writes?)',
            self::class,
            self::MAX_ID_RESERVE_ATTEMPTS,
        ));
    }

    private static function isValidId(string $id): bool
    {
        return $id !== ''
            && strlen($id) <= self::MAX_ID_LENGTH
            && strspn($id, self::SID_ALPHABET) === strlen($id);
    }

    private function acceptId(string $id, string $operation): bool
    {
        if (self::isValidId($id)) {
            return true;
        }
        trigger_error(sprintf(
            '%s::%s(): the session id is empty, too long or contains illegal characters; only A-Z, a-z, 0-9, "-" and "," are allowed (as with PHP\'s files handler)',
            self::class,
            $operation,
        ), E_USER_WARNING);

        return false;
    }

    private function sessionTtl(): int
    {
        return $this->ttlSeconds ?? (int) ini_get('session.gc_maxlifetime');
    }

    /** Same algorithm as ext/session's bin_to_readable(), so ids look exactly like PHP's own. */
    private static function randomSessionId(int $length, int $bitsPerCharacter): string
    {
        if ($length < 22 || $length > 256 || $bitsPerCharacter < 4 || $bitsPerCharacter > 6) {
            throw new \RuntimeException(sprintf(
                'session.sid_length (%d) must be 22..256 and session.sid_bits_per_character (%d) 4..6',
                $length,
                $bitsPerCharacter,
            ));
        }
        $random = random_bytes($length);
        $mask = (1 << $bitsPerCharacter) - 1;
        $bits = 0;
        $bitCount = 0;
        $nextByte = 0;
        $id = '';
        for ($i = 0; $i < $length; ++$i) {
            if ($bitCount < $bitsPerCharacter) {
                $bits |= ord($random[$nextByte++]) << $bitCount;
                $bitCount += 8;
            }
            $id .= self::SID_ALPHABET[$bits & $mask];
            $bits >>= $bitsPerCharacter;
            $bitCount -= $bitsPerCharacter;
        }

        return $id;
    }

    private function acquireLock(string $id): bool
    {
        $lockKey = $this->prefix . $id . self::LOCK_KEY_SUFFIX;
        if ($this->heldLockKey === $lockKey && $this->ops->get($lockKey) === $this->heldLockToken) {
            return true;
        }
        $this->releaseLock();

        $token = bin2hex(random_bytes(16));
        $startNs = hrtime(true);
        $sleepUs = self::LOCK_FIRST_RETRY_US;
        while (!$this->ops->setnx($lockKey, $token, $this->lockTtlSeconds)) {
            $waitedMs = intdiv(hrtime(true) - $startNs, 1_000_000);
            if ($waitedMs >= $this->lockMaxWaitMs) {
                trigger_error(sprintf(
                    '%s::read(): the session is locked by another request; gave up after waiting %d ms (lockMaxWaitMs = %d). '
                    . 'The session was not read. Release it sooner in the other request (session_write_close()) or raise $lockMaxWaitMs.',
                    self::class,
                    $waitedMs,
                    $this->lockMaxWaitMs,
                ), E_USER_WARNING);

                return false;
            }
            usleep(min($sleepUs, ($this->lockMaxWaitMs - $waitedMs) * 1000));
            $sleepUs = min($sleepUs * 2, self::LOCK_MAX_RETRY_US);
        }
        $this->heldLockKey = $lockKey;
        $this->heldLockToken = $token;

        return true;
    }

    private function stillHoldsLockFor(string $id, string $operation): bool
    {
        $lockKey = $this->prefix . $id . self::LOCK_KEY_SUFFIX;
        if ($this->heldLockKey !== $lockKey) {
            trigger_error(sprintf(
                '%s::%s(): refused: this handler holds no lock on the session (read() was not called for it or failed)',
                self::class,
                $operation,
            ), E_USER_WARNING);

            return false;
        }
        if ($this->ops->get($lockKey) !== $this->heldLockToken) {
            trigger_error(sprintf(
                '%s::%s(): refused: the session lock was lost (it expired after lockTtlSeconds = %d or was taken by another request); '
                . 'writing now could overwrite newer data',
                self::class,
                $operation,
                $this->lockTtlSeconds,
            ), E_USER_WARNING);

            return false;
        }

        return true;
    }

    private function releaseLock(): void
    {
        if ($this->heldLockKey !== null && $this->heldLockToken !== null && $this->ops instanceof AtomicKvOpsInterface) {
            $this->ops->delIfEq($this->heldLockKey, $this->heldLockToken);
        }
        $this->heldLockKey = null;
        $this->heldLockToken = null;
    }
}
