package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
)

// The tests here SIGKILL workers at random moments while each runs every kind
// of operation back to back on a one-shard store (so that a large share of
// the kills lands while the victim holds the shard), and check after each
// batch of kills that the store is whole (verify) and that every surviving
// worker still makes progress. A kill lands wherever the victim happens to
// be: inside a write, an eviction run, a flush, a recovery of its own after a
// takeover, a Wait, between two steps of a transaction.

// killsPerPolicy is how many workers each subtest kills; EPHPM_CRASH_KILLS
// raises it for a long run.
func killsPerPolicy() int {
	if n, err := strconv.Atoi(os.Getenv("EPHPM_CRASH_KILLS")); err == nil && n > 0 {
		return n
	}
	if raceEnabled {
		return 60 // race-built workers are slower to start and to run
	}
	return 150
}

// progressSlots is how many workers can report progress at once.
const progressSlots = 64

// runAllOps is the "allops" child: every operation of the store, chosen at
// random, on a small key set (so that keys are replaced, deleted and
// re-created while others read them), until the parent's SIGKILL.
func runAllOps(st *Store, out *bufio.Writer) {
	slot, _ := strconv.Atoi(os.Getenv("EPHPM_STORE_SLOT"))
	done := shm.Region(sharedFileNoT(os.Getenv("EPHPM_STORE_PATH")+".progress", 8*progressSlots)).Uint64(uint64(8 * slot))
	r := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(time.Now().UnixNano())))
	buf := make([]byte, 32<<10)
	fmt.Fprintln(out, "running")
	out.Flush()
	for {
		// More keys than fit: the store fills, and writes evict (or fail,
		// under noeviction).
		key := []byte(fmt.Sprint("k", r.IntN(3000)))
		ttl := []int64{0, 0, 0, 1 + r.Int64N(20), 1000}[r.IntN(5)]
		switch r.IntN(16) {
		case 0, 1:
			st.Put(key, make([]byte, r.IntN(3000)), PutOptions{TTLMillis: ttl})
		case 2:
			// Large values in a store of small ones: allocEntry runs
			// extendFreeBlock over the neighbours of its victims.
			st.Put(key, make([]byte, 8<<10+r.IntN(16<<10)), PutOptions{TTLMillis: ttl})
		case 3:
			st.Put(key, []byte("nx"), PutOptions{IfAbsent: true, TTLMillis: ttl})
		case 4:
			st.Delete(key)
		case 5:
			if n, _, ok := st.Get(key, buf); ok && n <= len(buf) {
				st.DeleteIfEqual(key, buf[:n])
			}
		case 6:
			st.Get(key, buf)
		case 7:
			st.Exists(key)
			st.PTTL(key)
		case 8:
			st.IncrBy([]byte(fmt.Sprint("n", r.IntN(4))), 1+r.Int64N(5))
		case 9:
			st.Expire(key, 1+r.Int64N(2000))
		case 10:
			// Sleep in Wait: on a key others write (woken), or on one
			// nobody writes (killed while asleep, or timed out).
			if r.IntN(2) == 0 {
				_, v, _ := st.Get(key, nil)
				st.Wait(key, v, time.Duration(r.IntN(3))*time.Millisecond)
			} else {
				st.Wait([]byte("quiet"), 0, time.Duration(1+r.IntN(5))*time.Millisecond)
			}
		case 11, 12:
			lockAndReplace(st, key, buf, r.IntN(3000))
		case 13:
			switch r.IntN(400) {
			case 0: // rare: the store stays full (evicting) in between
				st.Flush()
			case 1, 2, 3, 4, 5, 6, 7, 8, 9, 10:
				st.SweepExpired(nil)
			default:
				n := 0
				st.Scan([]byte(InternalKeyPrefix), func(key, val []byte) { n++ })
			}
		case 14:
			st.Info()
		case 15:
			// A transaction that dies between its steps leaves each step
			// done or not, as separate calls would.
			func() {
				tx, err := st.Begin(key)
				if err != nil {
					panic(err)
				}
				defer tx.End()
				mark := CompanionKey(nil, "mark", key)
				tx.Put(mark, []byte("m"), PutOptions{TTLMillis: 50})
				tx.Get(key, buf)
				tx.Expire(key, 5000)
				tx.Delete(mark)
			}()
		}
		done.Add(1)
	}
}

type worker struct {
	cmd  *exec.Cmd
	slot int
}

func TestKillsAtRandomMomentsOfEveryOperationNeverCorruptNorFreeze(t *testing.T) {
	for _, policy := range []Policy{AllKeysLRU, VolatileLRU, NoEviction} {
		t.Run(policy.String(), func(t *testing.T) {
			killAtRandom(t, policy, killsPerPolicy())
		})
	}
}

func killAtRandom(t *testing.T, policy Policy, kills int) {
	const (
		workers    = 4
		checkEvery = 25
		// Bounds on liveness, not on speed: generous for a loaded VM.
		frozenAfter = 20 * time.Second
	)
	path := shmPath(t)
	env := "EPHPM_STORE_POLICY=" + strconv.Itoa(int(policy))
	parent := func() *Store {
		t.Setenv("EPHPM_STORE_POLICY", strconv.Itoa(int(policy)))
		return attachChild(path)
	}()
	require.Equal(t, policy, parent.cfg.Policy)
	// Full from the start, so that writes evict (or fail) from the first kill.
	for i := 0; i < 3000; i++ {
		parent.Put([]byte(fmt.Sprint("k", i)), make([]byte, 1500), PutOptions{})
	}
	done := progressCounters(t, path)
	r := rand.New(rand.NewPCG(uint64(policy), 99))

	freeSlots := make([]int, 0, progressSlots)
	for i := progressSlots - 1; i >= 0; i-- {
		freeSlots = append(freeSlots, i)
	}
	spawn := func() worker {
		slot := freeSlots[len(freeSlots)-1]
		freeSlots = freeSlots[:len(freeSlots)-1]
		done[slot].Store(0)
		cmd, out := startChild(t, "allops", path, env, "EPHPM_STORE_SLOT="+strconv.Itoa(slot))
		line, err := out.ReadString('\n')
		require.NoError(t, err)
		require.Equal(t, "running\n", line)
		return worker{cmd, slot}
	}
	live := make([]worker, 0, workers)
	for len(live) < workers {
		live = append(live, spawn())
	}
	var zombies []worker
	heldWhenKilled := 0
	reap := func(w worker) {
		w.cmd.Wait()
		freeSlots = append(freeSlots, w.slot)
	}

	for k := 1; k <= kills; k++ {
		i := r.IntN(len(live))
		victim := live[i]
		// From a few microseconds to a few milliseconds into its run.
		time.Sleep(time.Duration(r.IntN(3000)) * time.Microsecond)
		require.NoError(t, victim.cmd.Process.Signal(syscall.SIGKILL))
		pid := uint32(victim.cmd.Process.Pid)
		if r.IntN(2) == 0 {
			reap(victim) // else it stays a zombie for a while: it counts as dead all the same
		} else {
			zombies = append(zombies, victim)
		}
		if owner := parent.shards[0].hdr.lock.Load() &^ lockWaiters; owner == pid {
			heldWhenKilled++
		}
		live[i] = spawn()

		if k%checkEvery == 0 || k == kills {
			for _, z := range zombies {
				reap(z)
			}
			zombies = zombies[:0]
			requireLive(t, parent, live, done, frozenAfter, k)
		}
	}
	for _, w := range live {
		w.cmd.Process.Signal(syscall.SIGKILL)
		reap(w)
	}
	require.NoError(t, verify(parent))
	requireNoSleepersLeft(t, parent)
	put(t, parent, "after", "ok")
	v, _ := get(parent, "after")
	assert.Equal(t, "ok", v)
	info := parent.Info()
	t.Logf("%s: %d kills, %d of them while the victim held the shard (seen before a takeover), %d takeovers, %d evictions, %d expirations, %d entries",
		policy, kills, heldWhenKilled, info.LockTakeovers, info.Evictions, info.Expirations, info.Entries)
	assert.NotZero(t, info.LockTakeovers, "some kills landed inside an operation")
	if policy == AllKeysLRU {
		assert.NotZero(t, info.Evictions, "the store was full")
	}
}

// requireLive checks, within a bound, that the store verifies (every shard
// lock can be had, taken over if need be, and the shard is whole) and that
// every live worker finishes operations.
func requireLive(t *testing.T, parent *Store, live []worker, done []*atomic.Uint64, bound time.Duration, kills int) {
	t.Helper()
	before := make([]uint64, len(live))
	for i, w := range live {
		before[i] = done[w.slot].Load()
	}
	verified := make(chan error, 1)
	go func() { verified <- verify(parent) }()
	select {
	case err := <-verified:
		require.NoError(t, err, "after %d kills", kills)
	case <-time.After(bound):
		t.Fatalf("after %d kills the parent could not lock every shard within %v: lock word %#x, holder %#x",
			kills, bound, parent.shards[0].hdr.lock.Load(), parent.shards[0].hdr.holder.Load())
	}
	for i, w := range live {
		require.Eventually(t, func() bool { return done[w.slot].Load() > before[i]+10 }, bound, time.Millisecond,
			"after %d kills worker %d (pid %d) makes no progress", kills, i, w.cmd.Process.Pid)
	}
}

// requireNoSleepersLeft checks, once every process that ever waited is dead
// and reaped, that the audit of dead sleepers leaves no sleeper registered
// in any shard: a registration that outlives its sleeper costs every later
// write of the shard a futex wake for nobody, for good.
func requireNoSleepersLeft(t *testing.T, st *Store) {
	t.Helper()
	for i := range st.shards {
		s := &st.shards[i]
		s.lock(st.me)
		s.hdr.sleeperAudit.Store(0) // audit now
		s.forgetDeadSleepers()
		n, pids := s.registered()
		s.unlock()
		assert.Zero(t, n, "shard %d: sleepers registered", i)
		assert.Empty(t, pids, "shard %d: sleepers in slots", i)
	}
}

// progressCounters maps the workers' progress counters for the parent.
func progressCounters(t *testing.T, path string) []*atomic.Uint64 {
	mem := shm.Region(sharedFile(t, path+".progress", 8*progressSlots))
	counters := make([]*atomic.Uint64, progressSlots)
	for i := range counters {
		counters[i] = mem.Uint64(uint64(8 * i))
	}
	return counters
}
