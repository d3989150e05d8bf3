package store

import (
	"math"
	"time"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
)

// The shard lock is one futex word holding the owner's pid, so that a lock
// whose owner died (SIGKILL, segfault, request_terminate_timeout) can be
// recognised and taken over instead of freezing every worker of the pool.
// Waiters sleep in the kernel and are woken by the unlock: no polling.

const (
	lockWaiters = 1 << 31 // someone may be sleeping on the word

	lockSpins = 100
	// A waiter that slept this long re-checks that the owner still lives.
	// Shard locks are held for well under a microsecond, so a timeout means
	// the owner is descheduled, stopped, or dead.
	lockRecheck = 50 * time.Millisecond
	// A lock word naming this very process that stays held through this many
	// rechecks (1 s) was left by an earlier process with our pid, or by an
	// operation of ours that never finished: nothing of ours holds a shard
	// that long. A live foreign owner is never taken over: it may only be
	// stopped (SIGSTOP, a debugger) and would resume inside the shard.
	ownStaleRechecks = 20
)

// lock acquires the shard for the process me. If the previous owner died
// holding it, the shard's derived state is rebuilt before lock returns.
func (s *shard) lock(me uint32) {
	if !s.hdr.lock.CompareAndSwap(0, me) {
		s.lockSlow(me)
	}
}

func (s *shard) lockSlow(me uint32) {
	word := &s.hdr.lock
	for i := 0; i < lockSpins; i++ {
		if word.Load() == 0 && word.CompareAndSwap(0, me) {
			return
		}
	}
	suspectOwner, ownHeld := false, 0
	for {
		w := word.Load()
		owner := w &^ lockWaiters
		switch {
		case w == 0:
			// Taken in contended state: others may still sleep on the word.
			if word.CompareAndSwap(0, me|lockWaiters) {
				return
			}
		case owner == me && ownHeld >= ownStaleRechecks,
			owner != me && (shm.ProcessGone(owner) || suspectOwner && !shm.ProcessAlive(owner)):
			if word.CompareAndSwap(w, me|lockWaiters) {
				s.hdr.takeovers++
				s.recover()
				return
			}
		case w&lockWaiters == 0 && !word.CompareAndSwap(w, w|lockWaiters):
			// The word changed under us; look again.
		default:
			suspectOwner = shm.FutexWait(word, w|lockWaiters, lockRecheck)
			if suspectOwner && owner == me {
				ownHeld++
			} else if !suspectOwner {
				ownHeld = 0
			}
		}
	}
}

// release ends an operation on the shard; operations defer it. If the
// operation panicked, the shard may be half-changed: it is rebuilt from its
// blocks before anyone else can see it, and the panic goes on.
func (s *shard) release() {
	s.finish(recover())
}

// finish unlocks the shard after an operation; r is what the deferred
// function that called it recovered (recover only works there).
func (s *shard) finish(r any) {
	if r != nil {
		s.recover()
		s.unlock()
		panic(r)
	}
	s.unlock()
}

// unlock releases the shard and wakes whoever waits for it or for a change
// made under it. State protected by the lock lives in the mapping only: the
// race detector cannot see this lock as synchronisation.
func (s *shard) unlock() {
	wake := s.hdr.wakePending != 0
	s.hdr.wakePending = 0
	if s.hdr.lock.Swap(0)&lockWaiters != 0 {
		shm.FutexWake(&s.hdr.lock, 1)
	}
	if wake && shm.FutexWake(&s.hdr.changeSeq, math.MaxInt32) == 0 {
		s.forgetDeadSleepers()
	}
}
