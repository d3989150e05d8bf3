package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
)

// Child processes of the multi-process tests are this test binary run again
// with EPHPM_STORE_CHILD set; TestMain dispatches to them.
func TestMain(m *testing.M) {
	if role := os.Getenv("EPHPM_STORE_CHILD"); role != "" {
		runChild(role, os.Getenv("EPHPM_STORE_PATH"))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const childStoreSize = 4 << 20

func attachChild(path string) *Store {
	mem := sharedFileNoT(path, childStoreSize)
	policy, _ := strconv.Atoi(os.Getenv("EPHPM_STORE_POLICY")) // every process of a store agrees, as they read one php.ini
	st, err := Attach(mem, Config{MaxKeySize: 1024, Policy: Policy(policy)})
	if err != nil {
		panic(err)
	}
	return st
}

func runChild(role, path string) {
	st := attachChild(path)
	out := bufio.NewWriter(os.Stdout)
	switch role {
	case "incr":
		n, _ := strconv.Atoi(os.Getenv("EPHPM_STORE_N"))
		for i := 0; i < n; i++ {
			if _, err := st.IncrBy([]byte("counter"), 1); err != nil {
				panic(err)
			}
		}
	case "hold-lock":
		// Die (by the parent's SIGKILL) in the middle of a write: the shard is
		// locked and a block is allocated but not committed.
		s, _, _ := st.locate([]byte("victim"))
		s.allocBlock(256)
		fmt.Fprintln(out, "locked")
		out.Flush()
		time.Sleep(time.Hour)
	case "wait":
		// Sleep in Wait until the parent's SIGKILL.
		st.Wait([]byte("awaited"), 0, time.Hour)
	case "die-at":
		dieAt(st, os.Getenv("EPHPM_DIE_DOING"))
	case "allops":
		runAllOps(st, out)
	case "churn":
		r := rand.New(rand.NewPCG(uint64(os.Getpid()), 1))
		buf := make([]byte, 4096)
		fmt.Fprintln(out, "running")
		out.Flush()
		for {
			// More keys than fit: writes also evict, which moves entries in the LRU list.
			key := []byte(fmt.Sprint("k", r.IntN(5000)))
			switch r.IntN(6) {
			case 0, 1:
				st.Put(key, make([]byte, r.IntN(3000)), PutOptions{TTLMillis: (time.Duration(r.IntN(3)) * time.Second).Milliseconds()})
			case 2:
				st.Delete(key)
			case 3:
				st.IncrBy([]byte("n"), 1)
			case 4:
				st.Get(key, buf)
			case 5:
				if r.IntN(5000) == 0 { // rare enough for the store to fill up in between
					st.Flush() // which keeps the pinned locks of lockAndReplace
				} else {
					lockAndReplace(st, key, buf, r.IntN(3000))
				}
			}
		}
	}
}

// lockAndReplace is the session module's pattern: a companion lock taken,
// the key read and replaced and the lock dropped, in one transaction. A lock
// left by a killed child (Flush keeps it: it is pinned) is removed, so that
// the key stays in play for the rest of the test.
func lockAndReplace(st *Store, key, buf []byte, size int) {
	tx, err := st.Begin(key)
	if err != nil {
		panic(err)
	}
	defer tx.End()
	lock := CompanionKey(nil, "lock", key)
	me := []byte(strconv.Itoa(os.Getpid()))
	if ok, _ := tx.Put(lock, me, PutOptions{IfAbsent: true, Pinned: true}); !ok {
		var owner [16]byte
		n, _, _ := tx.Get(lock, owner[:])
		if pid, err := strconv.Atoi(string(owner[:min(n, len(owner))])); err == nil && !shm.ProcessAlive(uint32(pid)) {
			tx.Delete(lock)
		}
		return
	}
	tx.Get(key, buf)
	tx.Put(key, make([]byte, size), PutOptions{})
	tx.DeleteIfEqual(lock, me)
}

func sharedFileNoT(path string, size int) []byte {
	tb := &testing.T{}
	return sharedFile(tb, path, size)
}

func startChild(t *testing.T, role, path string, env ...string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append(env, "EPHPM_STORE_CHILD="+role, "EPHPM_STORE_PATH="+path)...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, bufio.NewReader(stdout)
}

func TestMultiProcessIncrIsExact(t *testing.T) {
	path := shmPath(t)
	parent := attachChild(path)
	const procs, each = 4, 5000
	var cmds []*exec.Cmd
	for i := 0; i < procs; i++ {
		cmd, _ := startChild(t, "incr", path, "EPHPM_STORE_N="+strconv.Itoa(each))
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		require.NoError(t, cmd.Wait())
	}
	v, ok := get(parent, "counter")
	require.True(t, ok)
	assert.Equal(t, strconv.Itoa(procs*each), v)
	require.NoError(t, verify(parent))
}

func TestProcessKilledHoldingLockIsTakenOver(t *testing.T) {
	for _, reap := range []bool{true, false} {
		t.Run(fmt.Sprint("reaped=", reap), func(t *testing.T) {
			path := shmPath(t)
			parent := attachChild(path)
			put(t, parent, "victim", "before")
			put(t, parent, "other", "kept")
			cmd, out := startChild(t, "hold-lock", path)
			line, err := out.ReadString('\n')
			require.NoError(t, err)
			require.Equal(t, "locked\n", line)
			victim := []byte("victim")
			holder := shm.Tag(parent.shardOf(hashKey(victim)).hdr.holder.Load())
			assert.Equal(t, shm.ProcessOf(uint32(cmd.Process.Pid)).Tag(), holder, "the holder wrote its tag")
			require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
			if reap {
				cmd.Wait()
			} // else: the child stays a zombie while we take its lock over

			putAfterTakeover(t, parent, "victim", "after")
			v, _ := get(parent, "victim")
			assert.Equal(t, "after", v)
			v, _ = get(parent, "other")
			assert.Equal(t, "kept", v)
			assert.Equal(t, int64(1), parent.Info().LockTakeovers)
			require.NoError(t, verify(parent), "the half-done allocation was reclaimed")
		})
	}
}

func TestRandomKillsNeverCorruptTheStore(t *testing.T) {
	path := shmPath(t)
	parent := attachChild(path)
	r := rand.New(rand.NewPCG(42, 7))
	live := map[*exec.Cmd]bool{}
	for round := 0; round < 30; round++ {
		cmd, out := startChild(t, "churn", path)
		_, err := out.ReadString('\n')
		require.NoError(t, err)
		live[cmd] = true
		time.Sleep(time.Duration(5+r.IntN(40)) * time.Millisecond)
		for c := range live {
			if r.IntN(2) == 0 {
				c.Process.Signal(syscall.SIGKILL)
				c.Wait()
				delete(live, c)
			}
		}
	}
	for c := range live {
		c.Process.Signal(syscall.SIGKILL)
		c.Wait()
	}
	// Every shard a victim held is recovered by the next lock; verify takes
	// every lock, so it checks the store exactly as survivors would see it.
	require.NoError(t, verify(parent))
	_, err := parent.IncrBy([]byte("n"), 1)
	require.NoError(t, err)
	put(t, parent, "after", "ok")
	v, _ := get(parent, "after")
	assert.Equal(t, "ok", v)
	info := parent.Info()
	t.Logf("lock takeovers: %d, entries: %d, evictions: %d", info.LockTakeovers, info.Entries, info.Evictions)
	assert.NotZero(t, info.Evictions, "the children filled the store")
}

func TestRecoverRebuildsFromBlocks(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	for i := 0; i < 300; i++ {
		put(t, st, fmt.Sprint("k", i), fmt.Sprint("value-", i))
	}
	for i := 0; i < 300; i += 3 {
		st.Delete([]byte(fmt.Sprint("k", i)))
	}
	s, h, at := st.locate([]byte("k1"))
	// A replacement committed but the old entry not yet removed ...
	off, err := s.allocEntry(align8(uint64(entryHeaderSize)+2+5), 0, st.cfg.Policy, &at)
	require.NoError(t, err)
	e := s.entry(off)
	e.keyLen, e.valLen, e.version = 2, 5, s.nextVersion()
	copy(s.keyOf(off, e), "k1")
	copy(s.valueOf(off, e), "newer")
	e.block |= blockCommitted
	// ... an allocation never committed ...
	s.allocBlock(512)
	// ... and every derived structure scrambled.
	for i := range s.slots {
		s.slots[i] = uint64(i * 8)
	}
	s.hdr.lruHead, s.hdr.lruTail, s.hdr.entries, s.hdr.usedBytes = 8, 16, 999, 1
	s.hdr.freeBins[3] = 24
	_ = h
	s.recover()
	s.unlock()

	require.NoError(t, verify(st))
	v, _ := get(st, "k1")
	assert.Equal(t, "newer", v, "the higher version wins")
	for i := 2; i < 300; i++ {
		v, ok := get(st, fmt.Sprint("k", i))
		if i%3 == 0 {
			assert.False(t, ok)
		} else {
			assert.Equal(t, fmt.Sprint("value-", i), v)
		}
	}
	assert.Equal(t, int64(200), st.Info().Entries)
}

func TestShardLockLeftByOwnPidIsTakenOver(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	put(t, st, "k", "before")
	// An earlier process with our pid died holding the shard (pid reuse).
	st.shards[0].hdr.lock.Store(st.me.Pid())
	putAfterTakeover(t, st, "k", "after")
	v, _ := get(st, "k")
	assert.Equal(t, "after", v)
	assert.Equal(t, int64(1), st.Info().LockTakeovers)
	require.NoError(t, verify(st))
}

// startSleeper starts a live process that is not a store user, to stand for
// whoever reuses a dead lock owner's pid.
func startSleeper(t *testing.T) shm.Process {
	sleeper := exec.Command("sleep", "60")
	require.NoError(t, sleeper.Start())
	t.Cleanup(func() { sleeper.Process.Kill(); sleeper.Wait() })
	p := shm.ProcessOf(uint32(sleeper.Process.Pid))
	require.NotZero(t, p.Start)
	return p
}

// The owner died holding the shard and a live process got its pid since: the
// holder tag (pid and start time) tells them apart, so the shard is taken over
// at the first recheck instead of looking held for as long as that process runs.
func TestShardLockOfAnOwnerWhosePidWasReusedIsTakenOver(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	put(t, st, "k", "before")
	reuser := startSleeper(t)
	deadOwner := shm.Process{Pid: reuser.Pid, Start: reuser.Start - 1}
	st.shards[0].hdr.lock.Store(reuser.Pid)
	st.shards[0].hdr.holder.Store(uint64(deadOwner.Tag()))
	putAfterTakeover(t, st, "k", "after")
	v, _ := get(st, "k")
	assert.Equal(t, "after", v)
	assert.Equal(t, int64(1), st.Info().LockTakeovers)
	assert.Zero(t, st.shards[0].hdr.holder.Load(), "the taker's tag went with its unlock")
	require.NoError(t, verify(st))
}

// A live owner is never taken over, whichever tag is beside its pid: its own,
// none yet (it has just taken the word), or another process's (a taker's
// passing tag).
func TestShardLockOfALiveOwnerIsWaitedFor(t *testing.T) {
	owner := startSleeper(t)
	other := shm.Process{Pid: owner.Pid + 1, Start: 1}
	for name, tag := range map[string]shm.Tag{"own tag": owner.Tag(), "no tag": 0, "another pid's tag": other.Tag()} {
		t.Run(name, func(t *testing.T) {
			st, _ := newStore(t, 2<<20, Config{})
			s := &st.shards[0]
			s.hdr.lock.Store(owner.Pid)
			s.hdr.holder.Store(uint64(tag))
			putWaitsFor(t, st, "k", "v", 4*lockRecheck, func() {
				// The owner lets go as unlock does.
				s.hdr.holder.Store(0)
				s.hdr.lock.Store(0)
				shm.FutexWake(&s.hdr.lock, 1)
			})
			assert.Zero(t, st.Info().LockTakeovers)
		})
	}
}

// An earlier process with our pid left its tag: no need to wait the second
// that a word with our pid and no tag takes.
func TestShardLockTaggedByAnEarlierProcessWithOurPidIsTakenOverAtOnce(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	put(t, st, "k", "before")
	earlier := shm.Process{Pid: st.me.Pid(), Start: shm.Self().Start - 1}
	st.shards[0].hdr.lock.Store(st.me.Pid())
	st.shards[0].hdr.holder.Store(uint64(earlier.Tag()))
	start := time.Now()
	putAfterTakeover(t, st, "k", "after")
	assert.Less(t, time.Since(start), ownStaleRechecks*lockRecheck, "taken over by its tag, before the untagged fallback")
	assert.Equal(t, int64(1), st.Info().LockTakeovers)
}

// A shard held by another goroutine of this process carries our own tag: it is
// waited for however long it is held, unlike a word with our pid and no tag.
func TestShardLockHeldByAnotherGoroutineOfOursIsWaitedFor(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	s := &st.shards[0]
	s.lock(st.me)
	putWaitsFor(t, st, "k", "v", ownStaleRechecks*lockRecheck+5*lockRecheck, s.unlock)
	assert.Zero(t, st.Info().LockTakeovers)
}

// putWaitsFor checks that a write of key to st's held shard waits for at
// least hold and ends once release lets the shard go (within 10 s).
func putWaitsFor(t *testing.T, st *Store, key, value string, hold time.Duration, release func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		put(t, st, key, value)
		close(done)
	}()
	select {
	case <-done:
		t.Fatal("a live holder's shard was taken over")
	case <-time.After(hold):
	}
	release()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the write never got the shard after its release")
	}
}

// A takeover is decided on a word and a tag read together; if either changed
// since, another process took the shard first and the takeover must not happen.
func TestATakeoverJudgedOnStaleStateDoesNothing(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	s := &st.shards[0]
	dead := shm.Process{Pid: 1 << 22, Start: 5}.Tag()
	rival := shm.Process{Pid: 1<<22 + 1, Start: 6}.Tag()

	s.hdr.lock.Store(rival.Pid())
	s.hdr.holder.Store(uint64(rival))
	assert.False(t, s.takeOver(dead.Pid(), dead, st.me), "the tag changed: a rival took over")
	assert.Equal(t, rival.Pid(), s.hdr.lock.Load())
	assert.Equal(t, uint64(rival), s.hdr.holder.Load())

	s.hdr.lock.Store(dead.Pid())
	s.hdr.holder.Store(uint64(rival))
	assert.False(t, s.takeOver(dead.Pid(), dead, st.me), "the tag changed: a rival is taking over")
	assert.Equal(t, dead.Pid(), s.hdr.lock.Load())
	assert.Equal(t, uint64(rival), s.hdr.holder.Load())

	s.hdr.lock.Store(rival.Pid())
	s.hdr.holder.Store(uint64(dead))
	assert.False(t, s.takeOver(dead.Pid(), dead, st.me), "the word changed: the rival has not written its tag yet")
	assert.Equal(t, rival.Pid(), s.hdr.lock.Load())
	assert.Zero(t, s.hdr.holder.Load(), "our tag does not stay beside a word we do not hold")
	assert.Zero(t, s.hdr.takeovers)
}

func TestPanicInsideAnOperationRebuildsTheShard(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	put(t, st, "kept", "v")
	assert.Panics(t, func() {
		s, _, _ := st.locate([]byte("x"))
		defer s.release()
		s.allocBlock(256) // half an operation: a used, uncommitted block
		panic("bug")
	})
	assert.Zero(t, st.shards[0].hdr.lock.Load(), "the shard is unlocked")
	require.NoError(t, verify(st), "and rebuilt: the half-done block is free again")
	v, _ := get(st, "kept")
	assert.Equal(t, "v", v)
}

// putAfterTakeover writes key, which needs a shard lock that only a takeover
// can free, and fails the test if that never happens.
func putAfterTakeover(t *testing.T, st *Store, key, val string) {
	t.Helper()
	start := time.Now()
	done := make(chan struct{})
	go func() {
		put(t, st, key, val)
		close(done)
	}()
	select {
	case <-done:
		t.Logf("taken over after %v", time.Since(start))
	case <-time.After(10 * time.Second):
		t.Fatal("the shard lock was never taken over")
	}
}
