// Package session is the logic of the native "ephpm" session save handler:
// per-session locks that sleepers wake from instead of polling, that die with
// their owner, and that a write must still hold.
package session

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
	"github.com/ephpm/ephpm-kv/gosrc/store"
)

var (
	ErrTimeout  = errors.New("session lock wait timed out")
	ErrLockLost = errors.New("session lock lost")
)

// A lock is a pinned store entry beside the session, whose value names the
// owner process and a token only the owner knows.
const (
	lockKeyPrefix = store.InternalKeyPrefix + "lock:"
	lockValueSize = 12 // pid uint32 + token uint64, little-endian
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
	pid  uint32
	mu   sync.Mutex
	held []heldLock
}

type heldLock struct {
	token uint64
	key   []byte // the session key
}

func NewLocks(st *store.Store) *Locks {
	return &Locks{st: st, pid: uint32(os.Getpid())}
}

// lockKeyBuffer fits the lock key of any session key up to the default
// ephpm_kv.max_key_size; longer keys spill to the heap.
type lockKeyBuffer [1024 + len(lockKeyPrefix)]byte

func appendLockKey(dst, key []byte) []byte {
	return append(append(dst[:0], lockKeyPrefix...), key...)
}

func (l *Locks) lockValue(token uint64) (v [lockValueSize]byte) {
	binary.LittleEndian.PutUint32(v[:], l.pid)
	binary.LittleEndian.PutUint64(v[4:], token)
	return v
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
	pid, token := binary.LittleEndian.Uint32(v), binary.LittleEndian.Uint64(v[4:])
	if pid == l.pid {
		return !l.isHeld(token)
	}
	return shm.ProcessGone(pid) || ownerSuspect && !shm.ProcessAlive(pid)
}

// Lock takes the lock of the session stored at key. It returns a token for
// Unlock/Write, or ErrTimeout with how long it waited.
func (l *Locks) Lock(key []byte, timeout time.Duration) (token uint64, waited time.Duration, err error) {
	var lkBuf lockKeyBuffer
	lk := appendLockKey(lkBuf[:], key)
	for token == 0 {
		token = rand.Uint64()
	}
	mineBuf := l.lockValue(token)
	mine := mineBuf[:]
	start := time.Now()
	var cur [lockValueSize + 1]byte
	suspect := false
	for {
		ok, err := l.st.Put(lk, mine, store.PutOptions{IfAbsent: true, Pinned: true})
		if err != nil {
			return 0, time.Since(start), err
		}
		if ok {
			l.remember(token, key)
			return token, time.Since(start), nil
		}
		n, version, found := l.st.Get(lk, cur[:])
		if !found {
			continue
		}
		if l.stale(cur[:min(n, len(cur))], suspect) {
			// Only the holder we looked at is removed; a new one stays.
			l.st.DeleteIfEqual(lk, cur[:min(n, len(cur))])
			continue
		}
		left := timeout - time.Since(start)
		if left <= 0 {
			return 0, time.Since(start), fmt.Errorf("%w after %d ms", ErrTimeout, time.Since(start).Milliseconds())
		}
		_, changed := l.st.Wait(lk, version, min(left, ownerRecheck))
		suspect = !changed
	}
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

func (l *Locks) owns(key []byte, token uint64) bool {
	var lkBuf lockKeyBuffer
	var cur [lockValueSize + 1]byte
	n, _, found := l.st.Get(appendLockKey(lkBuf[:], key), cur[:])
	return found && n == lockValueSize && [lockValueSize]byte(cur[:n]) == l.lockValue(token)
}

func (l *Locks) checkOwner(key []byte, token uint64) error {
	if token != 0 && !l.owns(key, token) {
		return fmt.Errorf("%w: the lock of this session is no longer held by this request (it was released or taken over); the write was refused", ErrLockLost)
	}
	return nil
}

// Write stores the session payload with its TTL. token 0 means locking is off.
func (l *Locks) Write(key, payload []byte, ttlMillis int64, token uint64) error {
	if err := l.checkOwner(key, token); err != nil {
		return err
	}
	_, err := l.st.Put(key, payload, store.PutOptions{TTLMillis: ttlMillis})
	return err
}

// Touch refreshes the TTL of an unchanged session without rewriting it, or
// writes payload if the entry has gone meanwhile.
func (l *Locks) Touch(key, payload []byte, ttlMillis int64, token uint64) error {
	if err := l.checkOwner(key, token); err != nil {
		return err
	}
	if l.st.Expire(key, ttlMillis) {
		return nil
	}
	_, err := l.st.Put(key, payload, store.PutOptions{TTLMillis: ttlMillis})
	return err
}

// Reserve claims a freshly generated session id: true if nobody had it.
func (l *Locks) Reserve(key []byte, ttlMillis int64) (bool, error) {
	return l.st.Put(key, nil, store.PutOptions{TTLMillis: ttlMillis, IfAbsent: true})
}
