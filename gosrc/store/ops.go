package store

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
)

// Special results of PTTL, as in Redis and ePHPm.
const (
	TTLMissing = -2
	TTLPersist = -1
)

// PutOptions qualify a write.
type PutOptions struct {
	TTLMillis int64 // <= 0: no expiry; any int64 is valid
	IfAbsent  bool  // setnx: only when the key is absent or expired
	Pinned    bool  // never evicted (used for session locks)
}

// Get copies the value of key into dst when it fits and returns the value's
// full length, or found == false when the key is absent or expired. version
// changes on every write of the key.
func (st *Store) Get(key, dst []byte) (n int, version uint64, found bool) {
	if st.checkKey(key) != nil {
		return 0, 0, false
	}
	s, h, at := st.locate(key)
	defer s.release()
	return s.get(key, h, dst, &at)
}

// Put stores key → val. It reports false (and no error) only for an IfAbsent
// write that found the key present.
func (st *Store) Put(key, val []byte, opt PutOptions) (bool, error) {
	if err := st.checkKey(key); err != nil {
		return false, err
	}
	s, h, at := st.locateForWrite(key)
	defer s.release()
	return s.put(key, h, val, opt, st.cfg.Policy, &at)
}

// expiryAt turns a TTL in milliseconds into a deadline. TTLs are plain
// milliseconds, not time.Duration: a PHP int of seconds can exceed Duration's
// 292 years, and must be kept, not wrapped.
func expiryAt(at *moment, ttlMillis int64) int64 {
	if ttlMillis <= 0 {
		return 0
	}
	now := at.now()
	if ttlMillis > math.MaxInt64-now {
		// Saturate: the key still has a TTL (volatile-lru may evict it, the
		// TTL reads back as a large positive number), it just never runs out.
		// 0 would mean no TTL at all, and a wrapped sum a past deadline.
		return math.MaxInt64
	}
	return now + ttlMillis
}

// Delete removes key and reports whether it existed.
func (st *Store) Delete(key []byte) bool {
	return st.deleteWhere(key, nil, false)
}

// DeleteIfEqual removes key only if its value is exactly expected: the
// release of a lock that may have been taken over by someone else.
func (st *Store) DeleteIfEqual(key, expected []byte) bool {
	return st.deleteWhere(key, expected, true)
}

func (st *Store) deleteWhere(key, expected []byte, onlyIfEqual bool) bool {
	if st.checkKey(key) != nil {
		return false
	}
	s, h, at := st.locateForWrite(key)
	defer s.release()
	return s.delete(key, h, expected, onlyIfEqual, &at)
}

// Exists reports whether key is present and not expired.
func (st *Store) Exists(key []byte) bool {
	if st.checkKey(key) != nil {
		return false
	}
	s, h, at := st.locate(key)
	defer s.release()
	_, off := s.findLive(key, h, &at)
	return off != 0
}

// IncrBy adds delta to the decimal integer stored at key. A missing key starts
// at 0 with no TTL; an existing TTL is kept. A value that is not a canonical
// int64 ("1.5", " 1", "+1", "abc") or a result that overflows leaves the value
// unchanged.
func (st *Store) IncrBy(key []byte, delta int64) (int64, error) {
	if err := st.checkKey(key); err != nil {
		return 0, err
	}
	s, h, at := st.locateForWrite(key)
	defer s.release()
	var cur, expireAt int64
	if _, off := s.findLive(key, h, &at); off != 0 {
		e := s.entry(off)
		v, err := parseInt(s.valueOf(off, e))
		if err != nil {
			return 0, err
		}
		cur, expireAt = v, e.expireAt
	}
	sum := cur + delta
	if delta > 0 && sum < cur || delta < 0 && sum > cur {
		return 0, fmt.Errorf("%w: adding %d to %d does not fit in a 64-bit integer", ErrOverflow, delta, cur)
	}
	var buf [20]byte
	if err := s.write(key, h, strconv.AppendInt(buf[:0], sum, 10), expireAt, 0, st.cfg.Policy, &at); err != nil {
		return 0, err
	}
	return sum, nil
}

// parseInt accepts exactly what strconv.FormatInt produces: "0", or an
// optional '-' and digits without a leading zero, within int64 ("-0", "01",
// "+1", " 1" and "1.5" are not integers). It does not allocate: incr is hot.
func parseInt(b []byte) (int64, error) {
	digits := b
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	canonical := len(digits) > 0 && len(digits) <= 19 &&
		(digits[0] != '0' || len(digits) == 1 && len(b) == 1)
	var magnitude uint64
	for _, c := range digits {
		if c < '0' || c > '9' {
			canonical = false
			break
		}
		magnitude = magnitude*10 + uint64(c-'0') // 19 digits cannot wrap uint64
	}
	negative := len(b) != len(digits)
	switch {
	case !canonical:
	case negative && magnitude <= 1<<63:
		return -int64(magnitude-1) - 1, nil
	case !negative && magnitude < 1<<63:
		return int64(magnitude), nil
	}
	shown := string(b)
	if len(shown) > 40 {
		shown = shown[:40] + "..."
	}
	return 0, fmt.Errorf("%w: %q", ErrNotInteger, shown)
}

// Expire gives an existing key a new TTL. It reports false, changing nothing,
// when the key is missing or ttl <= 0.
func (st *Store) Expire(key []byte, ttlMillis int64) bool {
	if ttlMillis <= 0 || st.checkKey(key) != nil {
		return false
	}
	s, h, at := st.locateForWrite(key)
	defer s.release()
	return s.expire(key, h, ttlMillis, &at)
}

// PTTL returns the remaining time to live in milliseconds, TTLMissing or
// TTLPersist.
func (st *Store) PTTL(key []byte) int64 {
	if st.checkKey(key) != nil {
		return TTLMissing
	}
	s, h, at := st.locate(key)
	defer s.release()
	_, off := s.findLive(key, h, &at)
	switch {
	case off == 0:
		return TTLMissing
	case s.entry(off).expireAt == 0:
		return TTLPersist
	}
	return s.entry(off).expireAt - at.now()
}

// Flush removes every entry, one shard at a time, except pinned ones: a
// session lock belongs to a request still running, which must be able to
// write its session when it ends.
func (st *Store) Flush() {
	st.eachShard(func(s *shard) {
		s.removeUnpinned()
		s.changed()
	})
}

// eachShard runs fn on every shard in turn, each under its lock.
func (st *Store) eachShard(fn func(*shard)) {
	for i := range st.shards {
		func(s *shard) {
			s.lock(st.me)
			defer s.release()
			fn(s)
		}(&st.shards[i])
	}
}

// Wait sleeps until the version of key differs from lastVersion (0 means
// absent) or timeout passes; timeout 0 just looks. It returns the current
// version and whether it differs. Writers wake it through the shard's futex.
//
// Expiry is lazy: nobody writes when a key's TTL runs out, so nobody wakes
// the futex then. A watched entry that expires before the deadline caps the
// sleep at its expiry, after which the check sees it gone (version 0); if the
// wall clock that TTLs follow has not got there yet, it just sleeps again. An
// expire that changes the TTL wakes the shard's sleepers to look again.
//
// Every sleep is followed by a look at the key, the one after the last sleep
// included: a change made at the deadline, or while the waiter was waking up
// from it, is reported as a change rather than as a timeout. Once a look finds
// the key unchanged and the deadline passed, Wait reports the timeout.
func (st *Store) Wait(key []byte, lastVersion uint64, timeout time.Duration) (uint64, bool) {
	if st.checkKey(key) != nil {
		return 0, false
	}
	deadline := time.Now().Add(timeout)
	for {
		s, version, seq, slot, expiresIn := st.versionForWait(key, lastVersion)
		if version != lastVersion {
			return version, true
		}
		left := time.Until(deadline)
		if left > 0 {
			shm.FutexWait(&s.hdr.changeSeq, seq, min(left, expiresIn))
		}
		reached(killSleeperAwake)
		s.unregisterSleeper(slot)
		if left <= 0 {
			return version, false
		}
	}
}

// versionForWait reads the version of key and its shard's change counter.
// When the version is still lastVersion it registers the caller as a sleeper
// before the lock is released, so a writer that changes the key after this
// point sees someone to wake. expiresIn is how long until the entry expires
// (at least 1 ms: an expired entry reads as absent), or math.MaxInt64 when it
// never does.
func (st *Store) versionForWait(key []byte, lastVersion uint64) (s *shard, version uint64, seq uint32, slot int, expiresIn time.Duration) {
	s, h, at := st.locate(key)
	defer s.release()
	expiresIn = math.MaxInt64
	if _, off := s.findLive(key, h, &at); off != 0 {
		e := s.entry(off)
		version = e.version
		if e.expireAt != 0 {
			expiresIn = millisToDuration(e.expireAt - at.now())
		}
	}
	seq = s.hdr.changeSeq.Load()
	if version == lastVersion {
		slot = s.registerSleeper(st.me)
	}
	return s, version, seq, slot, expiresIn
}

// millisToDuration saturates: a TTL in milliseconds can exceed Duration's
// 292 years.
func millisToDuration(ms int64) time.Duration {
	if ms > int64(math.MaxInt64/time.Millisecond) {
		return math.MaxInt64
	}
	return time.Duration(ms) * time.Millisecond
}

// Info is a snapshot of the store's figures. Entries, Hits and Misses leave
// out internal keys (InternalKeyPrefix): a held session lock is neither data
// nor a lookup the application made. MemoryUsed includes them.
type Info struct {
	Entries, MemoryTotal, MemoryUsed, MemoryFree int64
	Hits, Misses, Evictions, Expirations         int64
	Shards, MaxEntrySize, LockTakeovers          int64
	Policy                                       Policy
}

func (st *Store) Info() Info {
	info := Info{MemoryTotal: int64(st.hdr.totalSize), Shards: int64(len(st.shards)), Policy: st.cfg.Policy}
	st.eachShard(func(s *shard) {
		h := s.hdr
		info.Entries += int64(h.entries - h.internalEntries)
		info.MemoryUsed += int64(h.usedBytes)
		info.MemoryFree += int64(h.arenaEnd-h.arenaOff) - int64(h.usedBytes)
		info.Hits += int64(h.hits)
		info.Misses += int64(h.misses)
		info.Evictions += int64(h.evictions)
		info.Expirations += int64(h.expirations)
		info.LockTakeovers += int64(h.takeovers)
		info.MaxEntrySize = int64(s.maxEntry())
	})
	return info
}

// Scan calls fn with the key and value of each live entry whose key starts
// with prefix, one shard at a time under its lock. fn sees the mapping itself:
// it copies what it keeps, stays short, and never calls the store.
func (st *Store) Scan(prefix []byte, fn func(key, val []byte)) {
	st.eachShard(func(s *shard) {
		at := moment{clock: st.now}
		s.scan(&at, prefix, fn)
	})
}

// SweepExpired reclaims every expired entry now and returns how many of them
// had a key starting with prefix (the expired sessions, for session_gc()).
func (st *Store) SweepExpired(prefix []byte) int {
	if prefix == nil {
		prefix = []byte{}
	}
	matched := 0
	st.eachShard(func(s *shard) {
		at := moment{clock: st.now}
		matched += s.sweepExpired(&at, prefix)
	})
	return matched
}
