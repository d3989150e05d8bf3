package store

import (
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dieAt is the "die-at" child: it SIGKILLs itself at the kill point named by
// EPHPM_KILL_POINT, the first time it gets there while doing what doing says.
func dieAt(st *Store, doing string) {
	want, _ := strconv.Atoi(os.Getenv("EPHPM_KILL_POINT"))
	atKillPoint = func(p killPoint) {
		if p == killPoint(want) {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			time.Sleep(time.Hour) // SIGKILL to oneself lands before kill() returns; just in case
		}
	}
	switch doing {
	case "put":
		st.Put([]byte("watched"), []byte("changed"), PutOptions{})
	case "wait":
		st.Wait([]byte("quiet"), 0, time.Millisecond)
	}
	os.Exit(3) // never got there: the test fails on the exit status
}

// killedAt runs the die-at child until it kills itself at p, and reaps it.
func killedAt(t *testing.T, path string, p killPoint, doing string) {
	t.Helper()
	cmd, _ := startChild(t, "die-at", path, "EPHPM_KILL_POINT="+strconv.Itoa(int(p)), "EPHPM_DIE_DOING="+doing)
	err := cmd.Wait()
	require.Error(t, err)
	status := cmd.ProcessState.Sys().(syscall.WaitStatus)
	require.True(t, status.Signaled() && status.Signal() == syscall.SIGKILL, "the child died at the kill point: %v", err)
}

// A writer killed right after it released the shard, before it woke the
// processes sleeping in Wait on the key it changed, must not leave them
// asleep until their timeout (here an hour): the change is theirs to see.
func TestWaitSeesAChangeWhoseWriterWasKilledAsItUnlocked(t *testing.T) {
	path := shmPath(t)
	parent := attachChild(path)
	put(t, parent, "watched", "before")
	_, version, found := parent.Get([]byte("watched"), nil)
	require.True(t, found)

	changed := make(chan bool, 1)
	go func() {
		_, ok := parent.Wait([]byte("watched"), version, time.Hour)
		changed <- ok
	}()
	require.Eventually(t, func() bool {
		n, _ := registered(parent, "watched")
		return n == 1
	}, 10*time.Second, time.Millisecond, "the waiter registers as a sleeper")

	killedAt(t, path, killUnlocked, "put")
	v, _ := get(parent, "watched")
	require.Equal(t, "changed", v, "the write was complete")
	select {
	case ok := <-changed:
		assert.True(t, ok)
	case <-time.After(10 * time.Second):
		t.Fatal("the sleeper was never woken: the writer died between unlocking and waking it")
	}
	require.NoError(t, verify(parent))
}

// A sleeper killed half-way through registering (it holds the shard then) or
// once awake, before it unregisters (it does not), must not stay counted: a
// count without a sleeper costs every later write of the shard a futex wake,
// for good.
func TestKilledSleeperIsNotLeftCounted(t *testing.T) {
	for name, p := range map[string]killPoint{"registering": killSleeperFiling, "awake": killSleeperAwake} {
		t.Run(name, func(t *testing.T) {
			path := shmPath(t)
			parent := attachChild(path)
			killedAt(t, path, p, "wait")
			require.NoError(t, verify(parent), "a takeover if it died holding the shard")
			requireNoSleepersLeft(t, parent)
		})
	}
}

// A holder that is stopped (SIGSTOP, a debugger) is alive: the shard is
// waited for, not taken over, as the stopped process would resume inside it.
// Every process that needs the shard waits as long as it stays stopped (a
// shard lock has no timeout). Killed while stopped, it is taken over at once.
func TestAStoppedHolderIsWaitedForUntilItIsKilled(t *testing.T) {
	path := shmPath(t)
	parent := attachChild(path)
	put(t, parent, "victim", "before")
	cmd, out := startChild(t, "hold-lock", path)
	line, err := out.ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "locked\n", line)
	require.NoError(t, cmd.Process.Signal(syscall.SIGSTOP))

	putWaitsFor(t, parent, "victim", "after", 10*lockRecheck, func() {
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	})
	v, _ := get(parent, "victim")
	assert.Equal(t, "after", v)
	assert.Equal(t, int64(1), parent.Info().LockTakeovers)
	require.NoError(t, verify(parent))
}
