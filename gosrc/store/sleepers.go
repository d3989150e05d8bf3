package store

import (
	"math"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
)

// Processes sleeping in Wait register in their shard, so that a write knows
// whether it must wake anyone (a futex wake is a syscall; most writes have
// nobody to wake). The count alone would outlive a sleeper that is killed
// (php-fpm's request_terminate_timeout kills workers waiting for a session
// lock): every later write to the shard would then pay a futex wake for
// nobody. So each sleeper also files its pid in one of sleeperSlots slots,
// and a writer whose wake found nobody asleep looks for dead pids there and
// takes them out of the count.
//
// Invariant: sleepers == number of non-zero sleeperPids + sleepers registered
// without a slot (all slots taken). A slot and its share of the count are
// released together, by whoever clears the slot (compare-and-swap): the
// sleeper itself, or a writer that found its process dead. A sleeper killed
// without a slot stays counted; that takes more than sleeperSlots processes
// waiting on one shard at once.

const sleeperSlots = 16

// registerSleeper counts pid as a sleeper and returns its slot (-1: none
// free). Called with the shard lock held, before it is released.
func (s *shard) registerSleeper(pid uint32) int {
	s.hdr.sleepers.Add(1)
	for i := range s.hdr.sleeperPids {
		if s.hdr.sleeperPids[i].CompareAndSwap(0, pid) {
			return i
		}
	}
	return -1
}

// unregisterSleeper undoes registerSleeper once the sleeper is awake.
func (s *shard) unregisterSleeper(slot int, pid uint32) {
	if slot < 0 || s.hdr.sleeperPids[slot].CompareAndSwap(pid, 0) {
		s.hdr.sleepers.Add(math.MaxUint32) // -1
	}
}

// forgetDeadSleepers releases the slots of sleepers whose process is gone
// (zombies included). A live sleeper that has registered but not reached
// the futex yet is left alone: it sees the changed counter and returns.
func (s *shard) forgetDeadSleepers() {
	if s.hdr.sleepers.Load() == 0 {
		return
	}
	for i := range s.hdr.sleeperPids {
		pid := s.hdr.sleeperPids[i].Load()
		if pid != 0 && !shm.ProcessAlive(pid) && s.hdr.sleeperPids[i].CompareAndSwap(pid, 0) {
			s.hdr.sleepers.Add(math.MaxUint32) // -1
		}
	}
}
