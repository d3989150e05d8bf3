package session

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/ephpm/ephpm-kv/gosrc/store"
)

func TestMain(m *testing.M) {
	if os.Getenv("EPHPM_SESSION_CHILD") == "hold" {
		// Take a session lock and die holding it (the parent SIGKILLs us).
		l := NewLocks(attach(os.Getenv("EPHPM_SESSION_PATH")))
		if _, _, err := lockOnly(l, []byte(os.Getenv("EPHPM_SESSION_KEY")), time.Second); err != nil {
			panic(err)
		}
		fmt.Println("locked")
		time.Sleep(time.Hour)
	}
	os.Exit(m.Run())
}

func attach(path string) *store.Store { return attachWithMaxKey(path, 1024) }

func attachWithMaxKey(path string, maxKeySize int) *store.Store {
	return attachWith(path, store.Config{MaxKeySize: maxKeySize})
}

func attachWithPolicy(path string, policy store.Policy) *store.Store {
	return attachWith(path, store.Config{MaxKeySize: 1024, Policy: policy})
}

func attachWith(path string, cfg store.Config) *store.Store {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	const size = 4 << 20
	if st, _ := f.Stat(); st.Size() == 0 {
		f.Truncate(size)
	}
	mem, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		panic(err)
	}
	st, err := store.Attach(mem, cfg)
	if err != nil {
		panic(err)
	}
	return st
}

func lockKey(key []byte) []byte { return appendLockKey(nil, key) }

// lockOnly is Lock for tests that do not read the session.
func lockOnly(l *Locks, key []byte, timeout time.Duration) (token uint64, waited time.Duration, err error) {
	got, err := l.Lock(key, nil, timeout)
	return got.Token, got.Waited, err
}

func newLocks(t *testing.T) (*Locks, string) {
	path := filepath.Join(shmDir(t), "store")
	return NewLocks(attach(path)), path
}

var key = []byte("php_session:abc")

func TestLockWaitsForReleaseAndWakesAtOnce(t *testing.T) {
	l, _ := newLocks(t)
	token, _, err := lockOnly(l, key, time.Second)
	require.NoError(t, err)
	acquired := make(chan time.Time)
	go func() {
		t2, _, err := lockOnly(l, key, 10*time.Second)
		assert.NoError(t, err)
		acquired <- time.Now()
		l.Unlock(key, t2)
	}()
	time.Sleep(100 * time.Millisecond)
	released := time.Now()
	require.True(t, l.Unlock(key, token))
	select {
	case at := <-acquired:
		t.Logf("hand-off took %v", at.Sub(released))
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter never got the lock")
	}
}

// Waited is what the session module reports and what a timeout is measured
// against; an uncontended Lock must not pay a clock read for it.
func TestWaitedCountsOnlyTimeSpentOnAHeldLock(t *testing.T) {
	l, _ := newLocks(t)
	token, waited, err := lockOnly(l, key, time.Second)
	require.NoError(t, err)
	assert.Zero(t, waited, "a free lock is taken without waiting")
	go func() {
		time.Sleep(50 * time.Millisecond)
		l.Unlock(key, token)
	}()
	_, waited, err = lockOnly(l, key, 10*time.Second)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, waited, 40*time.Millisecond, "the wait for the holder counts")
}

func TestLockTimeoutFailsLoudly(t *testing.T) {
	l, _ := newLocks(t)
	_, _, err := lockOnly(l, key, time.Second)
	require.NoError(t, err)
	done := make(chan error)
	go func() {
		_, waited, err := lockOnly(l, key, 120*time.Millisecond)
		assert.GreaterOrEqual(t, waited, 120*time.Millisecond)
		done <- err
	}()
	err = <-done
	assert.ErrorIs(t, err, ErrTimeout)
	assert.Contains(t, err.Error(), "ms")
}

func TestWriteRefusedWhenLockLost(t *testing.T) {
	l, _ := newLocks(t)
	token, _, err := lockOnly(l, key, time.Second)
	require.NoError(t, err)
	require.NoError(t, l.Write(key, []byte("a|i:1;"), time.Minute.Milliseconds(), token, false))
	// Someone removes the lock (ephpm_kv_del of its internal key) and another request takes it.
	l.st.Delete(lockKey(key))
	other, _, err := lockOnly(l, key, time.Second)
	require.NoError(t, err)
	err = l.Write(key, []byte("a|i:2;"), time.Minute.Milliseconds(), token, false)
	assert.ErrorIs(t, err, ErrLockLost)
	assert.ErrorIs(t, l.Touch(key, nil, time.Minute.Milliseconds(), token, false), ErrLockLost)
	buf := make([]byte, 64)
	n, _, _ := l.st.Get(key, buf)
	assert.Equal(t, "a|i:1;", string(buf[:n]), "the refused write changed nothing")
	assert.False(t, l.Unlock(key, token), "a lost lock is not released by its old token")
	assert.True(t, l.Unlock(key, other))
}

func TestWriteWithoutLocking(t *testing.T) {
	l, _ := newLocks(t)
	require.NoError(t, l.Write(key, []byte("x"), time.Minute.Milliseconds(), 0, false))
	assert.InDelta(t, 60000, l.st.PTTL(key), 50)
}

func TestTouchRefreshesOrRewrites(t *testing.T) {
	l, _ := newLocks(t)
	require.NoError(t, l.Write(key, []byte("payload"), time.Second.Milliseconds(), 0, false))
	_, before, _ := l.st.Get(key, nil)
	require.NoError(t, l.Touch(key, []byte("ignored"), time.Hour.Milliseconds(), 0, false))
	_, after, _ := l.st.Get(key, nil)
	assert.Equal(t, before, after, "the payload was not rewritten")
	assert.Greater(t, l.st.PTTL(key), int64(3_500_000))
	l.st.Delete(key)
	require.NoError(t, l.Touch(key, []byte("rewritten"), time.Hour.Milliseconds(), 0, false))
	buf := make([]byte, 64)
	n, _, _ := l.st.Get(key, buf)
	assert.Equal(t, "rewritten", string(buf[:n]))
}

// session.gc_maxlifetime can be as large as PHP_INT_MAX seconds; the
// extension saturates it to the largest whole second in int64 milliseconds.
// The session then never expires, but it keeps a TTL: the deadline saturates
// in the store instead of reading as "no expiry" or wrapping into the past.
func TestSessionTTLsBeyondTheEndOfTimeSaturate(t *testing.T) {
	const largestLifetime = math.MaxInt64 / 1000 * 1000
	l, _ := newLocks(t)
	// A PTTL above this puts the deadline within an hour of the end of time.
	nearTheEndOfTime := int64(math.MaxInt64 - time.Now().Add(time.Hour).UnixMilli())

	require.NoError(t, l.Write(key, []byte("x"), largestLifetime, 0, false))
	assert.Greater(t, l.st.PTTL(key), nearTheEndOfTime, "write")
	require.NoError(t, l.Write(key, []byte("x"), time.Minute.Milliseconds(), 0, false))
	require.NoError(t, l.Touch(key, []byte("x"), largestLifetime, 0, false))
	assert.Greater(t, l.st.PTTL(key), nearTheEndOfTime, "touch")

	l.st.Delete(key)
	ok, err := l.Reserve(key, largestLifetime)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Greater(t, l.st.PTTL(key), nearTheEndOfTime, "reserve")
}

func TestReserveNeverHandsOutAnExistingID(t *testing.T) {
	l, _ := newLocks(t)
	ok, err := l.Reserve(key, time.Minute.Milliseconds())
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = l.Reserve(key, time.Minute.Milliseconds())
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestStaleLockOfThisProcessIsReclaimed(t *testing.T) {
	l, _ := newLocks(t)
	_, _, err := lockOnly(l, key, time.Second)
	require.NoError(t, err)
	// The request that took it ended without closing (its token is forgotten).
	l.mu.Lock()
	l.held = l.held[:0]
	l.mu.Unlock()
	_, waited, err := lockOnly(l, key, time.Second)
	require.NoError(t, err)
	assert.Less(t, waited, 50*time.Millisecond)
}

func TestReleaseAll(t *testing.T) {
	l, _ := newLocks(t)
	_, _, err := lockOnly(l, key, time.Second)
	require.NoError(t, err)
	_, _, err = lockOnly(l, []byte("php_session:other"), time.Second)
	require.NoError(t, err)
	assert.Equal(t, 2, l.ReleaseAll())
	assert.False(t, l.st.Exists(lockKey(key)))
}

// holdInChild starts a process that takes the lock of sessionKey in the store
// at path and sleeps holding it.
func holdInChild(t *testing.T, path string, sessionKey []byte) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "EPHPM_SESSION_CHILD=hold", "EPHPM_SESSION_PATH="+path,
		"EPHPM_SESSION_KEY="+string(sessionKey))
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "locked\n", line)
	return cmd
}

func TestLockOfKilledProcessIsTakenOver(t *testing.T) {
	l, path := newLocks(t)
	cmd := holdInChild(t, path, key)

	// While the owner lives, the lock holds.
	_, _, err := lockOnly(l, key, 100*time.Millisecond)
	require.ErrorIs(t, err, ErrTimeout)

	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	cmd.Wait()
	token, waited, err := lockOnly(l, key, 5*time.Second)
	require.NoError(t, err)
	t.Logf("taken over after %v", waited)
	assert.Less(t, waited, time.Second, "the spec's bound: the next request succeeds within 1 s")
	require.NoError(t, l.Write(key, []byte("ok"), time.Minute.Milliseconds(), token, false))
}

// lockValueOf reads the lock of sessionKey as stored.
func lockValueOf(t *testing.T, st *store.Store, sessionKey []byte) []byte {
	v := make([]byte, lockValueSize)
	n, _, found := st.Get(lockKey(sessionKey), v)
	require.True(t, found, "%s is locked", sessionKey)
	require.Equal(t, lockValueSize, n)
	return v
}

// withStart is lock value v naming the same pid with another start time: the
// lock of an earlier process that had the pid of a live one.
func withStart(v []byte, delta uint64) []byte {
	owner, token := lockOwner(v)
	reused := make([]byte, lockValueSize)
	binary.LittleEndian.PutUint32(reused, owner.Pid)
	binary.LittleEndian.PutUint64(reused[4:], owner.Start+delta)
	binary.LittleEndian.PutUint64(reused[12:], token)
	return reused
}

// A worker killed holding a lock, whose pid the kernel later gives to another
// process (pid_max is 32768 on many systems): the lock names a live pid, but
// not the process that took it, and is taken over.
func TestLockWhosePidWasReusedIsTakenOver(t *testing.T) {
	l, path := newLocks(t)
	holdInChild(t, path, key)
	held := lockValueOf(t, l.st, key)
	_, _, err := lockOnly(l, key, 100*time.Millisecond)
	require.ErrorIs(t, err, ErrTimeout, "the live owner keeps its lock")

	// The child plays the process that got the pid of the lock's owner.
	require.True(t, l.st.DeleteIfEqual(lockKey(key), held))
	_, err = l.st.Put(lockKey(key), withStart(held, 1), store.PutOptions{Pinned: true})
	require.NoError(t, err)
	token, waited, err := lockOnly(l, key, 5*time.Second)
	require.NoError(t, err)
	t.Logf("taken over after %v", waited)
	assert.True(t, l.Unlock(key, token))
}

// The same in this very process: a lock naming our pid and another start was
// left by an earlier process with our pid, and is taken at once.
func TestLockOfAnEarlierProcessWithOurPidIsTakenAtOnce(t *testing.T) {
	l, _ := newLocks(t)
	token, _, err := lockOnly(l, key, time.Second)
	require.NoError(t, err)
	held := lockValueOf(t, l.st, key)
	assert.False(t, l.stale(held, true), "held by this process")
	assert.True(t, l.stale(withStart(held, 1), false), "stale before any wait for a recheck")
	require.True(t, l.Unlock(key, token))
	_, err = l.st.Put(lockKey(key), withStart(held, 1), store.PutOptions{Pinned: true})
	require.NoError(t, err)

	got, err := l.Lock(key, nil, time.Second)
	require.NoError(t, err)
	assert.True(t, l.Unlock(key, got.Token))
}

// Session gc removes the locks that dead processes left under its prefix, and
// nothing else.
func TestReleaseOrphansRemovesOnlyLocksOfGoneOwnersUnderThePrefix(t *testing.T) {
	l, path := newLocks(t)
	dead, live := []byte("php_session:dead"), []byte("php_session:live")
	killed := holdInChild(t, path, dead)
	holdInChild(t, path, live)
	deadValue := lockValueOf(t, l.st, dead)
	require.NoError(t, killed.Process.Kill())
	killed.Wait()

	// The same dead owner under another application's prefix.
	otherSite := []byte("app2_session:dead")
	_, err := l.st.Put(lockKey(otherSite), deadValue, store.PutOptions{Pinned: true})
	require.NoError(t, err)
	// An earlier process that had the pid of the live child.
	reused := []byte("php_session:reused")
	_, err = l.st.Put(lockKey(reused), withStart(lockValueOf(t, l.st, live), 1), store.PutOptions{Pinned: true})
	require.NoError(t, err)
	mine := []byte("php_session:mine")
	token, _, err := lockOnly(l, mine, time.Second)
	require.NoError(t, err)
	notALock := []byte("php_session:junk")
	_, err = l.st.Put(lockKey(notALock), []byte("x"), store.PutOptions{})
	require.NoError(t, err)

	assert.Equal(t, 2, l.ReleaseOrphans([]byte("php_session:")))
	assert.False(t, l.st.Exists(lockKey(dead)))
	assert.False(t, l.st.Exists(lockKey(reused)))
	assert.True(t, l.st.Exists(lockKey(live)), "its owner lives")
	assert.True(t, l.st.Exists(lockKey(mine)), "held by this process")
	assert.True(t, l.st.Exists(lockKey(notALock)), "not a lock: Lock deals with it")
	assert.True(t, l.st.Exists(lockKey(otherSite)), "another prefix")
	assert.Equal(t, 1, l.ReleaseOrphans([]byte("app2_session:")))

	_, _, err = lockOnly(l, live, 100*time.Millisecond)
	assert.ErrorIs(t, err, ErrTimeout, "the live child still holds its session")
	assert.True(t, l.Unlock(mine, token))
}

// shmDir is on tmpfs, like the anonymous mapping production uses.
func shmDir(t *testing.T) string {
	dir, err := os.MkdirTemp("/dev/shm", "ephpm-session-test-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func TestLockWorksForKeysAtTheMaximumSize(t *testing.T) {
	path := filepath.Join(shmDir(t), "store")
	attach(path) // formats with the default limits
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	require.NoError(t, err)
	defer f.Close()
	mem, err := unix.Mmap(int(f.Fd()), 0, 4<<20, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	require.NoError(t, err)
	defer unix.Munmap(mem)
	st, err := store.Attach(mem, store.Config{MaxKeySize: len(key)})
	require.NoError(t, err)
	l := NewLocks(st)
	token, _, err := lockOnly(l, key, time.Second)
	require.NoError(t, err, "a session key that fits max_key_size can always be locked")
	require.NoError(t, l.Write(key, []byte("x"), 60000, token, false))
	assert.True(t, l.Unlock(key, token))
}

// A PHP request takes, checks and releases a session lock every time; that
// cycle must not feed the Go garbage collector, whose work would run on
// runtime threads beside the PHP worker.
func TestLockCycleDoesNotAllocate(t *testing.T) {
	l, _ := newLocks(t)
	payload := []byte("n|i:1;")
	dst := make([]byte, 64)
	allocs := testing.AllocsPerRun(200, func() {
		// What the session engine does: lock+read, then write+release.
		got, err := l.Lock(key, dst, time.Second)
		if err != nil {
			panic(err)
		}
		if err := l.Write(key, payload, 60000, got.Token, true); err != nil {
			panic(err)
		}
		// What a wrapped handler does: write, then unlock at close.
		got, err = l.Lock(key, dst, time.Second)
		if err != nil {
			panic(err)
		}
		if err := l.Touch(key, payload, 60000, got.Token, false); err != nil {
			panic(err)
		}
		if !l.Unlock(key, got.Token) {
			panic("unlock failed")
		}
		l.ReleaseAll()
	})
	assert.Zero(t, allocs)
}

func TestLockReadsTheSessionInTheSameStep(t *testing.T) {
	l, _ := newLocks(t)
	got, err := l.Lock(key, make([]byte, 16), time.Second)
	require.NoError(t, err)
	assert.Equal(t, -1, got.Len, "no session yet")
	require.NoError(t, l.Write(key, []byte("a|i:1;"), 60000, got.Token, true))

	dst := make([]byte, 16)
	got, err = l.Lock(key, dst, time.Second)
	require.NoError(t, err)
	assert.NotZero(t, got.Token)
	assert.Equal(t, "a|i:1;", string(dst[:got.Len]))
	require.NoError(t, l.Write(key, []byte("a|s:20:\"longer than the dst\";"), 60000, got.Token, true))

	small := make([]byte, 4)
	got, err = l.Lock(key, small, time.Second)
	require.NoError(t, err)
	assert.Equal(t, 29, got.Len, "the full length, to fetch it with a larger buffer")
	assert.Equal(t, []byte{0, 0, 0, 0}, small, "a session that does not fit is not copied")
	assert.True(t, l.Unlock(key, got.Token))
}

// A lock entry can only hold an owner and a token (12 bytes: the format before
// the owner's start time); anything else under its key
// came from ephpm_kv_set on the internal key and must not block the session.
func TestMalformedLockValueIsRemoved(t *testing.T) {
	for _, size := range []int{0, 1, 12, lockValueSize - 1, lockValueSize + 1, 4096} {
		l, _ := newLocks(t)
		_, err := l.st.Put(lockKey(key), bytes.Repeat([]byte("x"), size), store.PutOptions{})
		require.NoError(t, err)
		got, err := l.Lock(key, nil, 200*time.Millisecond)
		require.NoError(t, err, "a %d-byte lock value", size)
		assert.True(t, l.Unlock(key, got.Token))
	}
}

// Making room for the lock's entry in a full store evicts the least recently
// used entry; the session is read first, which also marks it used, so the
// session the request gets is never one the lock just pushed out.
func TestLockReadsTheSessionBeforeMakingRoomForTheLock(t *testing.T) {
	path := filepath.Join(shmDir(t), "store")
	full := attachWithPolicy(path, store.NoEviction)
	_, err := full.Put(key, []byte("a|i:1;"), store.PutOptions{})
	require.NoError(t, err)
	// Fill with entries of the lock entry's size until one more does not fit,
	// the room kept for locks included: internal entries may use it.
	for i := 0; ; i++ {
		filler := store.CompanionKey(nil, "fill", []byte(fmt.Sprintf("%0*d", len(key), i)))
		if _, err := full.Put(filler, make([]byte, lockValueSize), store.PutOptions{}); err != nil {
			require.ErrorIs(t, err, store.ErrNoMemory)
			break
		}
	}
	l := NewLocks(attachWithPolicy(path, store.AllKeysLRU))
	dst := make([]byte, 16)
	got, err := l.Lock(key, dst, time.Second)
	require.NoError(t, err)
	require.Equal(t, 6, got.Len, "the session was read, not evicted to make room for its lock")
	assert.Equal(t, "a|i:1;", string(dst[:got.Len]))
	assert.True(t, l.st.Exists(key))
	assert.Positive(t, l.st.Info().Evictions, "the store was full: something else was evicted")
}

// An application that fills the store under a policy that cannot evict for
// a lock still leaves room for one: its sessions can be locked and read.
func TestAStoreTheApplicationFilledStillTakesSessionLocks(t *testing.T) {
	for _, policy := range []store.Policy{store.NoEviction, store.VolatileLRU} {
		t.Run(policy.String(), func(t *testing.T) {
			st := attachWithPolicy(filepath.Join(shmDir(t), "store"), policy)
			l := NewLocks(st)
			_, err := st.Put(key, []byte("a|i:1;"), store.PutOptions{})
			require.NoError(t, err)
			var full error
			for i := 0; full == nil; i++ {
				_, full = st.Put([]byte(fmt.Sprintf("filler%06d", i)), make([]byte, 100), store.PutOptions{})
			}
			require.ErrorIs(t, full, store.ErrNoMemory)
			assert.ErrorContains(t, full, "keeps for session locks")

			// More sessions than one request holds, each locked and read.
			var tokens []uint64
			for i := range 20 {
				sessionKey := []byte(fmt.Sprintf("php_session:%03d", i))
				if i == 0 {
					sessionKey = key
				}
				dst := make([]byte, 16)
				got, err := l.Lock(sessionKey, dst, time.Second)
				require.NoError(t, err, "lock %d in a store the application filled", i)
				if i == 0 {
					assert.Equal(t, "a|i:1;", string(dst[:got.Len]))
				}
				tokens = append(tokens, got.Token)
			}
			_, err = st.Put([]byte("one more"), make([]byte, 100), store.PutOptions{})
			assert.ErrorIs(t, err, store.ErrNoMemory, "the locks' room is not the application's")
			for i, token := range tokens {
				sessionKey := []byte(fmt.Sprintf("php_session:%03d", i))
				if i == 0 {
					sessionKey = key
				}
				assert.True(t, l.Unlock(sessionKey, token))
			}
		})
	}
}

func TestWriteWithReleaseFreesTheLock(t *testing.T) {
	for _, touch := range []bool{false, true} {
		t.Run(fmt.Sprint("touch=", touch), func(t *testing.T) {
			l, _ := newLocks(t)
			got, err := l.Lock(key, nil, time.Second)
			require.NoError(t, err)
			save := l.Write
			if touch {
				save = l.Touch
			}
			require.NoError(t, save(key, []byte("x|i:1;"), 60000, got.Token, true))
			assert.False(t, l.st.Exists(lockKey(key)), "released in the same step")
			assert.False(t, l.isHeld(got.Token), "and forgotten: nothing left for ReleaseAll")
			assert.Zero(t, l.ReleaseAll())
			_, _, err = lockOnly(l, key, 0)
			require.NoError(t, err, "the next request takes it without waiting (timeout 0)")
			assert.ErrorIs(t, save(key, []byte("x|i:2;"), 60000, got.Token, true), ErrLockLost,
				"a second write with the released token is refused")
		})
	}
}

func TestFlushLeavesHeldLocksAlone(t *testing.T) {
	l, _ := newLocks(t)
	got, err := l.Lock(key, nil, time.Second)
	require.NoError(t, err)
	l.st.Flush() // ephpm_kv_flush_all() while a request holds the session
	require.NoError(t, l.Write(key, []byte("kept|i:1;"), 60000, got.Token, true),
		"the request that holds the lock still writes its session")
	buf := make([]byte, 16)
	n, _, found := l.st.Get(key, buf)
	require.True(t, found)
	assert.Equal(t, "kept|i:1;", string(buf[:n]))
}

func TestWriteWithReleaseReleasesEvenWhenTheWriteFails(t *testing.T) {
	l, _ := newLocks(t)
	got, err := l.Lock(key, nil, time.Second)
	require.NoError(t, err)
	tooLarge := make([]byte, 8<<20) // more than the whole 4 MB store
	err = l.Write(key, tooLarge, 60000, got.Token, true)
	require.ErrorIs(t, err, store.ErrTooLarge)
	assert.False(t, l.st.Exists(lockKey(key)), "the session engine closes the session anyway")
}

func TestWriteWithReleaseLeavesATakenOverLockAlone(t *testing.T) {
	l, _ := newLocks(t)
	got, err := l.Lock(key, nil, time.Second)
	require.NoError(t, err)
	l.st.Delete(lockKey(key)) // e.g. ephpm_kv_del of its internal key
	other, _, err := lockOnly(l, key, time.Second)
	require.NoError(t, err)
	assert.ErrorIs(t, l.Write(key, []byte("late"), 60000, got.Token, true), ErrLockLost)
	assert.True(t, l.st.Exists(lockKey(key)), "the new holder keeps its lock")
	assert.False(t, l.st.Exists(key), "and the refused write stored nothing")
	assert.True(t, l.Unlock(key, other))
}

func TestLocksOfKeysLongerThanTheStackBuffer(t *testing.T) {
	l := NewLocks(attachWithMaxKey(filepath.Join(shmDir(t), "store"), 4000))
	long := append([]byte("php_session:"), bytes.Repeat([]byte("k"), 3000)...)
	token, _, err := lockOnly(l, long, time.Second)
	require.NoError(t, err)
	assert.True(t, l.st.Exists(lockKey(long)))
	_, _, err = lockOnly(l, long, 50*time.Millisecond)
	require.ErrorIs(t, err, ErrTimeout, "the long key's lock holds")
	require.NoError(t, l.Write(long, []byte("x"), 60000, token, false))
	assert.True(t, l.Unlock(long, token))
	assert.False(t, l.st.Exists(lockKey(long)))
}

func TestHeldLocksAreForgottenOneByOne(t *testing.T) {
	l, _ := newLocks(t)
	keys := [][]byte{[]byte("php_session:a"), []byte("php_session:b"), []byte("php_session:c")}
	tokens := make([]uint64, len(keys))
	for i, k := range keys {
		var err error
		tokens[i], _, err = lockOnly(l, k, time.Second)
		require.NoError(t, err)
	}
	assert.True(t, l.Unlock(keys[0], tokens[0]))
	assert.False(t, l.isHeld(tokens[0]))
	assert.True(t, l.isHeld(tokens[1]))
	assert.True(t, l.isHeld(tokens[2]))
	// The reused element must not clobber the keys still held.
	token, _, err := lockOnly(l, []byte("php_session:d"), time.Second)
	require.NoError(t, err)
	assert.Equal(t, 3, l.ReleaseAll(), "b, c and d")
	for _, k := range append(keys, []byte("php_session:d")) {
		assert.False(t, l.st.Exists(lockKey(k)), "%s", k)
	}
	assert.False(t, l.isHeld(token))
}
