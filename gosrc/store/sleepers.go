package store

import (
	"math"
	"time"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
)

// Processes sleeping in Wait register in their shard, so that a write knows
// whether it must wake anyone (a futex wake is a syscall; most writes have
// nobody to wake). The count alone would outlive a sleeper that is killed
// (php-fpm's request_terminate_timeout kills workers waiting for a session
// lock): every later write to the shard would then pay a futex wake for
// nobody. So each sleeper also files its shm.Tag (pid and start time: a live
// process that reuses a dead sleeper's pid must not keep it counted) in one of
// sleeperSlots slots, and a writer whose wake found nobody asleep looks for
// dead ones there and takes them out of the count.
//
// A wake finds nobody asleep in the normal course too: when a lock is handed
// over, every waiter wakes, and the one that takes the lock writes while the
// others are still registered. Looking up a live pid costs a /proc read, so
// each shard looks at most once per sleeperAuditEvery; a dead sleeper then
// costs its shard's writes a futex wake each for at most that long.
//
// Invariant: sleepers == number of non-zero sleeperTags + sleepers registered
// without a slot (all slots taken). A slot and its share of the count are
// released together, by whoever clears the slot (compare-and-swap): the
// sleeper itself, or a writer that found its process dead. A sleeper killed
// without a slot stays counted; that takes more than sleeperSlots processes
// waiting on one shard at once.

const (
	sleeperSlots      = 16
	sleeperAuditEvery = int64(100 * time.Millisecond)
)

// registerSleeper counts me as a sleeper and returns its slot (-1: none
// free). Called with the shard lock held, before it is released.
func (s *shard) registerSleeper(me shm.Tag) int {
	s.hdr.sleepers.Add(1)
	for i := range s.hdr.sleeperTags {
		if s.hdr.sleeperTags[i].CompareAndSwap(0, uint64(me)) {
			return i
		}
	}
	return -1
}

// unregisterSleeper undoes registerSleeper once the sleeper is awake.
func (s *shard) unregisterSleeper(slot int, me shm.Tag) {
	if slot < 0 || s.hdr.sleeperTags[slot].CompareAndSwap(uint64(me), 0) {
		s.hdr.sleepers.Add(math.MaxUint32) // -1
	}
}

// forgetDeadSleepers releases the slots of sleepers whose process is gone
// (zombies included, and pids reused since). A live sleeper that has
// registered but not reached the futex yet is left alone: it sees the changed
// counter and returns.
func (s *shard) forgetDeadSleepers() {
	if s.hdr.sleepers.Load() == 0 {
		return
	}
	now, last := time.Now().UnixNano(), s.hdr.sleeperAudit.Load()
	if since := now - last; since >= 0 && since < sleeperAuditEvery || !s.hdr.sleeperAudit.CompareAndSwap(last, now) {
		return // looked recently, or another process is looking now
	}
	for i := range s.hdr.sleeperTags {
		tag := s.hdr.sleeperTags[i].Load()
		if tag != 0 && !shm.Tag(tag).Alive() && s.hdr.sleeperTags[i].CompareAndSwap(tag, 0) {
			s.hdr.sleepers.Add(math.MaxUint32) // -1
		}
	}
}
