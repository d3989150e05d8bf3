package shm

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
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

// A tag keeps the low 32 bits of the start time: enough to tell a reused pid,
// and one word, so that it can be stored and read atomically.
func TestATagNamesItsProcessAndNoOtherOnTheSamePid(t *testing.T) {
	me := Self()
	tag := me.Tag()
	assert.Equal(t, me.Pid, tag.Pid())
	assert.True(t, tag.Alive())
	assert.False(t, Process{Pid: me.Pid, Start: me.Start + 1}.Tag().Alive())
	assert.True(t, Process{Pid: me.Pid, Start: me.Start + 1<<32}.Tag().Alive(), "only the low 32 bits are kept")
	assert.True(t, Process{Pid: me.Pid}.Tag().Alive(), "start 0 is unknown: the pid alone decides")
	assert.False(t, Tag(0).Alive())

	child := exec.Command("sleep", "60")
	require.NoError(t, child.Start())
	pid := uint32(child.Process.Pid)
	childTag := Process{Pid: pid, Start: startOf(t, pid)}.Tag()
	assert.True(t, childTag.Alive())
	require.NoError(t, child.Process.Kill())
	waitUntilZombie(t, pid)
	assert.False(t, childTag.Alive(), "a zombie")
	child.Wait()
}

func TestKilledProcessIsNotAliveAsZombieNorOnceReaped(t *testing.T) {
	child := exec.Command("sleep", "60")
	require.NoError(t, child.Start())
	pid := uint32(child.Process.Pid)
	p := Process{Pid: pid, Start: startOf(t, pid)}
	assert.True(t, p.Alive())
	assert.False(t, ProcessGone(pid))

	require.NoError(t, child.Process.Kill())
	waitUntilZombie(t, pid)
	assert.False(t, p.Alive(), "a zombie")
	assert.False(t, ProcessAlive(pid), "a zombie")
	assert.False(t, ProcessGone(pid), "a zombie still has its pid")

	child.Wait()
	assert.False(t, p.Alive(), "reaped")
	assert.True(t, ProcessGone(pid), "reaped")
	assert.False(t, ProcessAlive(0))
	assert.False(t, Process{}.Alive())
}

// waitUntilZombie returns once the child pid has exited, leaving it unreaped.
func waitUntilZombie(t *testing.T, pid uint32) {
	var info unix.Siginfo
	require.NoError(t, unix.Waitid(unix.P_PID, int(pid), &info, unix.WEXITED|unix.WNOWAIT, nil))
}

// Without a readable /proc (a chroot pool, hidepid=2, ProtectProc=invisible)
// an owner that kill() still finds must count as alive: counting it dead
// would hand its session lock to another request while it still works.
func TestAProcessHiddenFromProcIsAliveUntilKillCannotFindIt(t *testing.T) {
	hideProc(t)
	me := Self()
	assert.Zero(t, me.Start, "no /proc: start unknown")
	assert.True(t, me.Alive())

	child := exec.Command("sleep", "60")
	require.NoError(t, child.Start())
	pid := uint32(child.Process.Pid)
	p := Process{Pid: pid, Start: 12345}
	assert.True(t, p.Alive(), "start cannot be compared: the pid decides")
	assert.True(t, ProcessAlive(pid))

	require.NoError(t, child.Process.Kill())
	child.Wait()
	assert.False(t, p.Alive(), "reaped: kill() no longer finds it")
	assert.False(t, ProcessAlive(pid))
}

func TestAStatLineThatCannotBeParsedLeavesTheProcessRunningWithUnknownStart(t *testing.T) {
	hideProc(t)
	pid := Self().Pid
	for _, line := range []string{"", "1 (php-fpm", "1 (php-fpm)", "1 (php-fpm)   \n", "1 (a) b) S 1"} {
		writeStat(t, pid, line)
		st, found := readStat(pid)
		assert.True(t, found, "%q", line)
		assert.True(t, st.running, "%q", line)
		assert.False(t, st.startKnown, "%q", line)
	}
	// A comm holding ") Z" must not be read as the state.
	writeStat(t, pid, "1 (a) Z 1) S"+strings.Repeat(" 1", 18)+" 777 1")
	st, _ := readStat(pid)
	assert.True(t, st.running)
	assert.True(t, st.startKnown)
	assert.Equal(t, uint64(777), st.start)
	writeStat(t, pid, "1 (php-fpm: pool www) Z"+strings.Repeat(" 1", 18)+" 777 1")
	st, _ = readStat(pid)
	assert.False(t, st.running, "a zombie")
}

// hideProc points readStat at an empty directory for the rest of the test.
func hideProc(t *testing.T) {
	saved := procRoot
	procRoot = t.TempDir()
	t.Cleanup(func() { procRoot = saved })
}

func writeStat(t *testing.T, pid uint32, line string) {
	dir := filepath.Join(procRoot, strconv.FormatUint(uint64(pid), 10))
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stat"), []byte(line), 0o644))
}

func startOf(t *testing.T, pid uint32) uint64 {
	st, found := readStat(pid)
	require.True(t, found)
	require.True(t, st.startKnown)
	return st.start
}
