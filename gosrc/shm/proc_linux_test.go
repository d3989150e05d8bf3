package shm

import (
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSelfIsAliveAndKnowsItsStart(t *testing.T) {
	me := Self()
	assert.NotZero(t, me.Start, "read from /proc/self/stat")
	assert.True(t, me.Alive())
	assert.True(t, ProcessAlive(me.Pid))
}

// A pid that now names a process started at another time is a reused pid: the
// process that was meant is gone.
func TestAProcessWithTheSamePidButAnotherStartIsNotAlive(t *testing.T) {
	me := Self()
	assert.False(t, Process{Pid: me.Pid, Start: me.Start + 1}.Alive())
	assert.False(t, Process{Pid: me.Pid, Start: me.Start - 1}.Alive())
	assert.True(t, Process{Pid: me.Pid}.Alive(), "start 0 is unknown: the pid alone decides")
}

func TestKilledProcessIsNotAliveAsZombieNorOnceReaped(t *testing.T) {
	child := exec.Command("sleep", "60")
	require.NoError(t, child.Start())
	pid := uint32(child.Process.Pid)
	p := Process{Pid: pid, Start: startOf(t, pid)}
	assert.True(t, p.Alive())
	assert.False(t, ProcessGone(pid))

	require.NoError(t, child.Process.Kill())
	require.Eventually(t, func() bool { st, _ := readStat(pid); return !st.running }, waitFor, tick,
		"the killed child becomes a zombie")
	assert.False(t, p.Alive(), "a zombie")
	assert.False(t, ProcessAlive(pid), "a zombie")
	assert.False(t, ProcessGone(pid), "a zombie still has its pid")

	child.Wait()
	assert.False(t, p.Alive(), "reaped")
	assert.True(t, ProcessGone(pid), "reaped")
	assert.False(t, ProcessAlive(0))
	assert.False(t, Process{}.Alive())
}

// How long the kernel may take to turn a killed child into a zombie.
const waitFor, tick = 5 * time.Second, time.Millisecond

func startOf(t *testing.T, pid uint32) uint64 {
	st, found := readStat(pid)
	require.True(t, found)
	require.True(t, st.startKnown)
	return st.start
}
