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
//
// A pid outlives its process: once a live process reuses the pid of an owner
// that died holding the word, the shard would look held for as long as that
// process runs. So the holder also writes its shm.Tag (pid and start time)
// into holder right after it takes the word and clears it before it lets go.
// A waiter believes the tag only when it names the word's pid: a new owner
// that has not written its tag yet leaves 0 there (its predecessor cleared
// it), and the waiter falls back on the pid. A taker writes its tag before it
// takes the word over, replacing the tag it judged the dead owner by, so that
// no moment shows a dead process's tag under a live owner of the same pid.

const (
	lockWaiters = 1 << 31 // someone may be sleeping on the word

	lockSpins = 100
	// A waiter that slept this long re-checks that the owner still lives.
	// Shard locks are held for well under a microsecond, so a timeout means
	// the owner is descheduled, stopped, or dead.
	lockRecheck = 50 * time.Millisecond
	// A lock word naming this very process, without our tag beside it, that
	// stays held through this many rechecks (1 s) was left by an earlier
	// process with our pid that died before writing its tag or after clearing
	// it: nothing of ours holds a shard that long. With our tag, another
	// goroutine of ours holds it, however long. A live foreign owner is never
	// taken over: it may only be stopped (SIGSTOP, a debugger) and would resume
	// inside the shard.
	ownStaleRechecks = 20
)

// lock acquires the shard for the process me. If the previous owner died
// holding it, the shard's derived state is rebuilt before lock returns.
func (s *shard) lock(me shm.Tag) {
	if s.hdr.lock.CompareAndSwap(0, me.Pid()) {
		s.hdr.holder.Store(uint64(me))
		return
	}
	s.lockSlow(me)
}

func (s *shard) lockSlow(me shm.Tag) {
	word, pid := &s.hdr.lock, me.Pid()
	for i := 0; i < lockSpins; i++ {
		if word.Load() == 0 && word.CompareAndSwap(0, pid) {
			s.hdr.holder.Store(uint64(me))
			return
		}
	}
	suspectOwner, ownHeld := false, 0
	for {
		w := word.Load()
		tag := shm.Tag(s.hdr.holder.Load())
		owner := w &^ lockWaiters
		switch {
		case w == 0:
			// Taken in contended state: others may still sleep on the word.
			if word.CompareAndSwap(0, pid|lockWaiters) {
				s.hdr.holder.Store(uint64(me))
				return
			}
		case owner != pid && shm.ProcessGone(owner),
			suspectOwner && !ownerAlive(owner, tag),
			owner == pid && tag != me && ownHeld >= ownStaleRechecks:
			if s.takeOver(w, tag, me) {
				return
			}
		case w&lockWaiters == 0 && !word.CompareAndSwap(w, w|lockWaiters):
			// The word changed under us; look again.
		default:
			suspectOwner = shm.FutexWait(word, w|lockWaiters, lockRecheck)
			if suspectOwner && owner == pid {
				ownHeld++
			} else if !suspectOwner {
				ownHeld = 0
			}
		}
	}
}

// ownerAlive reports whether the owner pid named by the lock word still runs:
// the process the holder tag names, when the tag is the owner's.
func ownerAlive(owner uint32, tag shm.Tag) bool {
	if tag.Pid() == owner {
		return tag.Alive()
	}
	return shm.ProcessAlive(owner)
}

// takeOver takes the lock word w, judged dead by the holder tag deadTag, for
// me, and rebuilds the shard. It fails when the word or the tag changed since
// they were judged, except for a word that came back to w: a new process with
// the dead owner's pid that took the shard meanwhile and has not written its
// tag yet (the word has no room for more than the pid; see the README's limits).
func (s *shard) takeOver(w uint32, deadTag, me shm.Tag) bool {
	if !s.hdr.holder.CompareAndSwap(uint64(deadTag), uint64(me)) {
		return false
	}
	if !s.hdr.lock.CompareAndSwap(w, me.Pid()|lockWaiters) {
		s.hdr.holder.CompareAndSwap(uint64(me), 0)
		return false
	}
	s.hdr.takeovers++
	s.recover()
	return true
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
//
// Processes sleeping in Wait are woken before the shard is let go. A process
// killed before the release is a dead holder, and its taker wakes them
// (recover sets wakePending); one killed after a release that came first
// would leave them asleep until their timeout, the change unannounced and
// nobody left who knows it. Woken, they find the shard held for a moment
// longer, which their spinning in lockSlow covers. A waiter for the lock
// itself that misses its wake the same way rechecks within lockRecheck.
//
// A wake that found nobody asleep may mean dead sleepers: they are looked for
// before the release too, as registrations must not change while they are
// (sleepers.go).
func (s *shard) unlock() {
	if s.hdr.wakePending != 0 {
		s.hdr.wakePending = 0
		if shm.FutexWake(&s.hdr.changeSeq, math.MaxInt32) == 0 {
			s.forgetDeadSleepers()
		}
	}
	s.hdr.holder.Store(0)
	waiters := s.hdr.lock.Swap(0)&lockWaiters != 0
	reached(killUnlocked)
	if waiters {
		shm.FutexWake(&s.hdr.lock, 1)
	}
}
