package store

import (
	"math"
	"time"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
)

// Processes sleeping in Wait register in their shard, so that a write knows
// whether it must wake anyone (a futex wake is a syscall; most writes have
// nobody to wake). A registration would outlive a sleeper that is killed
// (php-fpm's request_terminate_timeout kills workers waiting for a session
// lock): every later write to the shard would then pay a futex wake for
// nobody. So each sleeper also files its shm.Tag (pid and start time: a live
// process that reuses a dead sleeper's pid must not keep it registered) in
// one of sleeperSlots slots, and a writer whose wake found nobody asleep
// looks for dead ones there and drops them.
//
// A wake finds nobody asleep in the normal course too: when a lock is handed
// over, every waiter wakes, and the one that takes the lock writes while the
// others are still registered. Looking up a live pid costs a /proc read, so
// each shard looks at most once per sleeperAuditEvery; a dead sleeper then
// costs its shard's writes a futex wake each for at most that long.
//
// The sleepers word is the registration: bit i says that slot i names a
// sleeper, and the bits from sleeperOverflowShift up count the sleepers
// registered without a slot (all slots taken). Each step that changes who is
// registered is one atomic operation on that word, so a process killed at any
// instruction leaves every sleeper registered or not, never counted without
// a slot that says who it is (a count beside the slots, changed in a second
// step, leaked one for good when its sleeper died between the two). A slot's
// tag is written before its bit is set, and is only read while the bit is
// set. A sleeper killed without a slot stays counted; that takes more than
// sleeperSlots live processes waiting on one shard at once (a sleeper finding
// every slot taken first drops the dead ones).
//
// Registering and the audit run under the shard lock; unregistering does not
// (the sleeper clears its own bit, nothing else). So while the audit looks, no
// slot is being filed, and a set bit's tag names its sleeper.

const (
	sleeperSlots         = 16
	sleeperOverflowShift = sleeperSlots
	sleeperAuditEvery    = int64(100 * time.Millisecond)
)

// registerSleeper registers me as a sleeper and returns its slot (-1: none
// free). Called with the shard lock held, before it is released.
func (s *shard) registerSleeper(me shm.Tag) int {
	taken := s.hdr.sleepers.Load()
	for i := range s.hdr.sleeperTags {
		if taken&(1<<i) == 0 {
			s.hdr.sleeperTags[i].Store(uint64(me))
			reached(killSleeperFiling)
			s.hdr.sleepers.Or(1 << i)
			return i
		}
	}
	// All slots taken: some may name dead sleepers whose audit never came (a
	// live sleeper kept every wake busy). Registered without a slot, a sleeper
	// killed later would stay counted, so slots are only given up on when 16
	// live processes hold them.
	if s.dropDeadSleepers(taken) {
		return s.registerSleeper(me)
	}
	s.hdr.sleepers.Add(1 << sleeperOverflowShift)
	return -1
}

// unregisterSleeper undoes registerSleeper once the sleeper is awake. The
// slot's tag stays behind: without its bit it names nobody.
func (s *shard) unregisterSleeper(slot int) {
	if slot < 0 {
		s.hdr.sleepers.Add(math.MaxUint32 &^ (1<<sleeperOverflowShift - 1)) // one fewer without a slot
	} else {
		s.hdr.sleepers.And(^uint32(1 << slot))
	}
}

// forgetDeadSleepers drops the sleepers whose process is gone (zombies
// included, and pids reused since), at most once per sleeperAuditEvery.
// Called with the shard lock held. A live sleeper that has registered but not
// reached the futex yet is left alone: it sees the changed counter and returns.
func (s *shard) forgetDeadSleepers() {
	taken := s.hdr.sleepers.Load() & (1<<sleeperSlots - 1)
	if taken == 0 {
		return
	}
	now, last := time.Now().UnixNano(), s.hdr.sleeperAudit.Load()
	if since := now - last; since >= 0 && since < sleeperAuditEvery {
		return // looked recently
	}
	s.hdr.sleeperAudit.Store(now)
	s.dropDeadSleepers(taken)
}

// dropDeadSleepers clears the bits of taken whose slot names a dead process
// and reports whether it cleared any. Called with the shard lock held.
func (s *shard) dropDeadSleepers(taken uint32) (dropped bool) {
	taken &= 1<<sleeperSlots - 1
	for i := range s.hdr.sleeperTags {
		if taken&(1<<i) != 0 && !shm.Tag(s.hdr.sleeperTags[i].Load()).Alive() {
			s.hdr.sleepers.And(^uint32(1 << i))
			dropped = true
		}
	}
	return dropped
}
