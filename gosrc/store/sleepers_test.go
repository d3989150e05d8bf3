package store

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
)

// registered reports the sleepers of key's shard: how many are registered
// and the pids in their slots.
func registered(st *Store, key string) (uint32, []uint32) {
	return st.shardOf(hashKey([]byte(key))).registered()
}

func (s *shard) registered() (uint32, []uint32) {
	word := s.hdr.sleepers.Load()
	var pids []uint32
	for i := range s.hdr.sleeperTags {
		if word&(1<<i) != 0 {
			pids = append(pids, shm.Tag(s.hdr.sleeperTags[i].Load()).Pid())
		}
	}
	return uint32(len(pids)) + word>>sleeperOverflowShift, pids
}

func TestKilledSleeperIsForgottenByTheNextWrite(t *testing.T) {
	for _, reap := range []bool{true, false} {
		t.Run(fmt.Sprint("reaped=", reap), func(t *testing.T) {
			path := shmPath(t)
			parent := attachChild(path)
			cmd, _ := startChild(t, "wait", path)
			require.Eventually(t, func() bool {
				n, pids := registered(parent, "awaited")
				return n == 1 && len(pids) == 1 && pids[0] == uint32(cmd.Process.Pid)
			}, 10*time.Second, time.Millisecond, "the child registers as a sleeper")

			require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
			if reap {
				cmd.Wait()
			} else { // a zombie counts as dead too
				require.Eventually(t, func() bool {
					stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", cmd.Process.Pid))
					return err == nil && strings.Contains(string(stat), ") Z ")
				}, 10*time.Second, time.Millisecond)
			}
			n, _ := registered(parent, "awaited")
			require.Equal(t, uint32(1), n, "nothing cleans up before a write")

			put(t, parent, "awaited", "v")
			n, pids := registered(parent, "awaited")
			assert.Zero(t, n, "the write that found nobody to wake forgot the dead sleeper")
			assert.Empty(t, pids)
		})
	}
}

func TestLiveSleeperIsKeptWhenAWriteWakesNobody(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	s := &st.shards[0]
	// Registered but not asleep yet: the moment between versionForWait and
	// the futex call.
	slot := s.registerSleeper(st.me)
	require.GreaterOrEqual(t, slot, 0)
	put(t, st, "k", "v")
	n, pids := registered(st, "k")
	assert.Equal(t, uint32(1), n)
	assert.Equal(t, []uint32{st.me.Pid()}, pids)
	s.unregisterSleeper(slot)
	n, pids = registered(st, "k")
	assert.Zero(t, n)
	assert.Empty(t, pids)
}

func TestSleepersBeyondTheSlotsAreCounted(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	s := &st.shards[0]
	var slots []int
	for i := 0; i < sleeperSlots+3; i++ {
		slots = append(slots, s.registerSleeper(st.me))
	}
	assert.Equal(t, []int{-1, -1, -1}, slots[sleeperSlots:])
	n, _ := s.registered()
	assert.Equal(t, uint32(sleeperSlots+3), n)
	for _, slot := range slots {
		s.unregisterSleeper(slot)
	}
	n, pids := registered(st, "k")
	assert.Zero(t, n)
	assert.Empty(t, pids)
}

// A long-lived sleeper (an SSE loop) makes every wake find someone, so no
// write looks for dead sleepers, and sleepers killed meanwhile keep their
// slots. A sleeper that finds them all taken looks first: it registers
// without a slot (where a kill would leave it counted for good) only when
// live processes hold all of them.
func TestASleeperFindingEverySlotTakenDropsTheDeadOnesFirst(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	s := &st.shards[0]
	nobody := shm.Process{Pid: 0x7ffffff0}.Tag() // above any pid_max: no such process
	for i := 0; i < sleeperSlots; i++ {
		require.Equal(t, i, s.registerSleeper(nobody))
	}
	s.hdr.sleeperAudit.Store(time.Now().UnixNano()) // the rate limit does not hold it back

	slot := s.registerSleeper(st.me)
	assert.GreaterOrEqual(t, slot, 0, "a slot, not a registration without one")
	n, pids := s.registered()
	assert.Equal(t, uint32(1), n, "the dead sleepers are dropped")
	assert.Equal(t, []uint32{st.me.Pid()}, pids)

	for s.hdr.sleepers.Load()&(1<<sleeperSlots-1) != 1<<sleeperSlots-1 {
		s.registerSleeper(st.me) // live ones fill every slot
	}
	assert.Equal(t, -1, s.registerSleeper(st.me), "16 live sleepers: the next one goes without a slot")
}

func TestDeadSleepersAreLookedForAtMostEvery100ms(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	s := &st.shards[0]
	nobody := shm.Process{Pid: 0x7ffffff0}.Tag() // above any pid_max: no such process
	s.registerSleeper(nobody)
	s.hdr.sleeperAudit.Store(time.Now().UnixNano())
	put(t, st, "k", "v")
	n, _ := registered(st, "k")
	assert.Equal(t, uint32(1), n, "a shard looked at just now is not looked at again")

	s.hdr.sleeperAudit.Add(-sleeperAuditEvery)
	put(t, st, "k", "v2")
	n, pids := registered(st, "k")
	assert.Zero(t, n, "once the interval has passed, the next write that wakes nobody looks")
	assert.Empty(t, pids)
}

// A live process that got a dead sleeper's pid does not keep it counted: the
// slot holds the start time too.
func TestASleeperWhosePidWasReusedIsForgotten(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	s := &st.shards[0]
	reuser := startSleeper(t)
	s.registerSleeper(shm.Process{Pid: reuser.Pid, Start: reuser.Start - 1}.Tag())
	s.registerSleeper(reuser.Tag())
	put(t, st, "k", "v")
	n, pids := s.registered()
	assert.Equal(t, uint32(1), n)
	assert.Equal(t, []uint32{reuser.Pid}, pids, "the live one stays")
	assert.Equal(t, uint64(reuser.Tag()), s.hdr.sleeperTags[1].Load())
}
