// Package session is the logic of the native "ephpm" session save handler:
// per-session locks that sleepers wake from instead of polling, that die with
// their owner, and that a write must still hold.
package session

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
	"github.com/ephpm/ephpm-kv/gosrc/store"
)

var (
	ErrTimeout  = errors.New("session lock wait timed out")
	ErrLockLost = errors.New("session lock lost")
)

// A lock is a pinned companion entry of the session (store.CompanionKey), so
// that it shares the session's shard: taking the lock and reading the
// session, or checking the lock, writing and releasing it, are each one
// transaction. Its value names the owner process (pid and start time, so that
// a lock left by a killed worker is not taken for the live process that got
// its pid later) and a token only the owner knows.
const (
	lockTag       = "lock"
	lockValueSize = 20 // pid uint32, start uint64, token uint64; little-endian
	// A lock waiter sleeps at most this long before it checks again whether
	// the owner died; death wakes nobody, so this bounds the takeover delay.
	ownerRecheck = 50 * time.Millisecond
)

// Locks is one process' session-lock state: the tokens it holds now, so that a
// lock left behind by an earlier request of this same process (one that ended
// without closing its session) is recognised as stale.
//
// A request takes and releases a lock on every session_start, so this path
// does not allocate: lock keys and values are built in stack buffers, and the
// held list keeps its key buffers for the next lock.
type Locks struct {
	st   *store.Store
	me   shm.Process
	mu   sync.Mutex
	held []heldLock
}

type heldLock struct {
	token uint64
	key   []byte // the session key
}

func NewLocks(st *store.Store) *Locks {
	return &Locks{st: st, me: shm.Self()}
}

// lockKeyBuffer fits the lock key of any session key up to the default
// ephpm_kv.max_key_size; longer keys spill to the heap.
type lockKeyBuffer [1024 + len(store.InternalKeyPrefix) + len(lockTag) + 1]byte

func appendLockKey(dst, key []byte) []byte {
	return store.CompanionKey(dst[:0], lockTag, key)
}

func (l *Locks) lockValue(token uint64) (v [lockValueSize]byte) {
	binary.LittleEndian.PutUint32(v[:], l.me.Pid)
	binary.LittleEndian.PutUint64(v[4:], l.me.Start)
	binary.LittleEndian.PutUint64(v[12:], token)
	return v
}

// lockOwner reads a lock value of lockValueSize bytes.
func lockOwner(v []byte) (owner shm.Process, token uint64) {
	owner = shm.Process{Pid: binary.LittleEndian.Uint32(v), Start: binary.LittleEndian.Uint64(v[4:])}
	return owner, binary.LittleEndian.Uint64(v[12:])
}

func (l *Locks) remember(token uint64, key []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.held)
	if n < cap(l.held) {
		l.held = l.held[:n+1]
	} else {
		l.held = append(l.held, heldLock{})
	}
	l.held[n].token = token
	l.held[n].key = append(l.held[n].key[:0], key...)
}

// heldIndex is the position of token in the held list, or -1; l.mu is held.
func (l *Locks) heldIndex(token uint64) int {
	for i := range l.held {
		if l.held[i].token == token {
			return i
		}
	}
	return -1
}

// forget drops token from the held list; the freed element, key buffer
// included, moves past the end for reuse.
func (l *Locks) forget(token uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i := l.heldIndex(token); i >= 0 {
		last := len(l.held) - 1
		l.held[i], l.held[last] = l.held[last], l.held[i]
		l.held = l.held[:last]
	}
}

func (l *Locks) isHeld(token uint64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.heldIndex(token) >= 0
}

// stale reports whether the lock value v can never be released by its owner.
func (l *Locks) stale(v []byte, ownerSuspect bool) bool {
	if len(v) != lockValueSize {
		return true
	}
	owner, token := lockOwner(v)
	if owner.Pid == l.me.Pid {
		// Ours, or left by an earlier process that had our pid.
		return owner.Start != l.me.Start || !l.isHeld(token)
	}
	// kill(pid, 0) first: it is all a waiter pays while the owner makes progress.
	return shm.ProcessGone(owner.Pid) || ownerSuspect && !owner.Alive()
}

// Locked is the outcome of Lock.
type Locked struct {
	Token  uint64 // for Write, Touch and Unlock; never 0
	Len    int    // full length of the stored session, -1 when there is none
	Waited time.Duration
}

// Lock takes the lock of the session stored at key and, in the same
// transaction, copies the session into dst when it fits (Len tells its full
// length). On timeout it returns ErrTimeout and how long it waited, counted
// from the first attempt that found the lock held.
func (l *Locks) Lock(key, dst []byte, timeout time.Duration) (Locked, error) {
	var lkBuf lockKeyBuffer
	lk := appendLockKey(lkBuf[:], key)
	token := uint64(0)
	for token == 0 {
		token = rand.Uint64()
	}
	mine := l.lockValue(token)
	// The clock is read only once an attempt finds the lock held: most
	// session_start calls never wait, and on a VM a clock read in a cold
	// request costs as much as the store lookup.
	var waitingSince time.Time
	waited := func() time.Duration {
		if waitingSince.IsZero() {
			return 0
		}
		return time.Since(waitingSince)
	}
	var cur [lockValueSize]byte
	suspect := false
	for attempt := 0; ; attempt++ {
		// Every path below either takes the lock, removes a dead holder or
		// sleeps; the deadline is checked on every pass all the same.
		if w := waited(); attempt > 0 && w >= timeout {
			return Locked{Waited: w}, fmt.Errorf("%w after %d ms", ErrTimeout, w.Milliseconds())
		}
		got, err := l.tryLock(key, lk, mine[:], dst, cur[:])
		if err != nil {
			return Locked{Waited: waited()}, err
		}
		if got.taken {
			l.remember(token, key)
			return Locked{Token: token, Len: got.sessionLen, Waited: waited()}, nil
		}
		if waitingSince.IsZero() {
			waitingSince = time.Now()
		}
		if !got.held {
			continue // removed as malformed, or gone meanwhile
		}
		if l.stale(cur[:], suspect) {
			// Only the holder we looked at is removed; a new one stays.
			l.st.DeleteIfEqual(lk, cur[:])
			continue
		}
		// Past the deadline Wait only looks; the check above then reports it.
		_, changed := l.st.Wait(lk, got.version, min(timeout-waited(), ownerRecheck))
		suspect = !changed
	}
}

type lockAttempt struct {
	taken      bool
	sessionLen int    // when taken
	held       bool   // when not taken: the holder's lock value is in cur
	version    uint64 // when held: the lock entry's version, to wait on
}

// tryLock reads the session into dst and takes the lock lk if it is free, or
// else reports the holder, all in one transaction. The session is read first:
// making room for the lock entry in a full store may evict the session itself.
// A lock value of any other size than ours was not written by a lock (the PHP
// API refuses internal keys, so nothing should write one) and is removed
// rather than trusted.
func (l *Locks) tryLock(key, lk, mine, dst, cur []byte) (a lockAttempt, err error) {
	tx, err := l.st.Begin(key)
	if err != nil {
		return a, err
	}
	defer tx.End()
	a.sessionLen = -1
	if n, _, found := tx.Get(key, dst); found {
		a.sessionLen = n
	}
	if a.taken, err = tx.Put(lk, mine, store.PutOptions{IfAbsent: true, Pinned: true}); err != nil || a.taken {
		return a, err
	}
	n, version, held := tx.Get(lk, cur)
	if held && n != lockValueSize {
		tx.Delete(lk)
		return a, nil
	}
	a.held, a.version = held, version
	return a, nil
}

// Unlock releases the lock if token still holds it.
func (l *Locks) Unlock(key []byte, token uint64) bool {
	l.forget(token)
	return l.release(key, token)
}

func (l *Locks) release(key []byte, token uint64) bool {
	var lkBuf lockKeyBuffer
	v := l.lockValue(token)
	return l.st.DeleteIfEqual(appendLockKey(lkBuf[:], key), v[:])
}

// ReleaseAll drops every lock this process still holds (end of a request
// that never closed its session). It returns how many were released.
func (l *Locks) ReleaseAll() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, h := range l.held {
		if l.release(h.key, h.token) {
			n++
		}
	}
	l.held = l.held[:0]
	return n
}

// ReleaseOrphans removes the locks of the sessions under prefix whose owner
// process is gone, and returns how many. A worker killed while it held a
// session (SIGKILL, segfault, request_terminate_timeout) leaves the lock in
// the store, pinned; the next request for that session takes it over, but a
// session nobody asks for again would keep it for good.
func (l *Locks) ReleaseOrphans(prefix []byte) int {
	type lockEntry struct{ key, value []byte }
	var candidates []lockEntry
	l.st.Scan(appendLockKey(nil, prefix), func(key, value []byte) {
		if len(value) != lockValueSize {
			return // not a lock: Lock removes it when it meets it
		}
		if owner, _ := lockOwner(value); owner != l.me {
			candidates = append(candidates, lockEntry{bytes.Clone(key), bytes.Clone(value)})
		}
	})
	// Liveness is asked outside the shard locks: it reads /proc. A lock that
	// changed meanwhile belongs to someone else and stays.
	released := 0
	for _, c := range candidates {
		if owner, _ := lockOwner(c.value); !owner.Alive() && l.st.DeleteIfEqual(c.key, c.value) {
			released++
		}
	}
	return released
}

// Write stores the session payload with its TTL, in one transaction with the
// check that token still holds the session's lock (token 0: locking is off).
// With release the lock is also given up in that transaction, whether or not
// the payload could be stored: the session engine closes a session right
// after writing it.
func (l *Locks) Write(key, payload []byte, ttlMillis int64, token uint64, release bool) error {
	return l.save(key, payload, ttlMillis, token, release, false)
}

// Touch is Write for an unchanged session: it refreshes the TTL without
// rewriting the payload, or writes payload if the entry has gone meanwhile.
func (l *Locks) Touch(key, payload []byte, ttlMillis int64, token uint64, release bool) error {
	return l.save(key, payload, ttlMillis, token, release, true)
}

func (l *Locks) save(key, payload []byte, ttlMillis int64, token uint64, release, touch bool) error {
	err := l.saveInTx(key, payload, ttlMillis, token, release, touch)
	if release && token != 0 {
		l.forget(token) // after the transaction: l.mu is never taken inside one
	}
	return err
}

func (l *Locks) saveInTx(key, payload []byte, ttlMillis int64, token uint64, release, touch bool) error {
	var lkBuf lockKeyBuffer
	lk := appendLockKey(lkBuf[:], key)
	mine := l.lockValue(token)
	tx, err := l.st.Begin(key)
	if err != nil {
		return err
	}
	defer tx.End()
	if token != 0 {
		var cur [lockValueSize + 1]byte
		n, _, found := tx.Get(lk, cur[:])
		if !found || n != lockValueSize || [lockValueSize]byte(cur[:n]) != mine {
			return fmt.Errorf("%w: the lock of this session is no longer held by this request (it was released or taken over); the write was refused", ErrLockLost)
		}
	}
	if !touch || !tx.Expire(key, ttlMillis) {
		_, err = tx.Put(key, payload, store.PutOptions{TTLMillis: ttlMillis})
	}
	if release && token != 0 {
		tx.DeleteIfEqual(lk, mine[:])
	}
	return err
}

// Reserve claims a freshly generated session id: true if nobody had it.
func (l *Locks) Reserve(key []byte, ttlMillis int64) (bool, error) {
	return l.st.Put(key, nil, store.PutOptions{TTLMillis: ttlMillis, IfAbsent: true})
}
