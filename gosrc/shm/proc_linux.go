package shm

import (
	"bytes"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// ProcessGone reports whether pid certainly names no process any more. It is
// one kill(pid, 0): cheap enough to ask before sleeping on a lock.
func ProcessGone(pid uint32) bool {
	return pid != 0 && unix.Kill(int(pid), 0) == unix.ESRCH
}

// ProcessAlive reports whether pid names a running process. A zombie (dead but
// not yet reaped by its parent, as a php-fpm worker is for a moment after a
// SIGKILL) counts as dead: it will never release anything it holds.
func ProcessAlive(pid uint32) bool {
	st, found := readStat(pid)
	return found && st.running
}

// Process names one process for as long as it lives. A pid alone may name a
// later, unrelated process once the pid is reused (pid_max is 32768 on many
// systems, a few hours of php-fpm worker churn); the start time tells them
// apart. It fits in a stored value, unlike a futex word.
type Process struct {
	Pid   uint32
	Start uint64 // clock ticks after boot (/proc/<pid>/stat, field 22)
}

// Self is the calling process.
func Self() Process { return ProcessOf(uint32(os.Getpid())) }

// ProcessOf is the process pid names now; its Start is 0 when /proc cannot
// tell.
func ProcessOf(pid uint32) Process {
	st, _ := readStat(pid)
	return Process{Pid: pid, Start: st.start}
}

// Alive reports whether p is still running: its pid names a live process
// that started when p did. Zombies count as dead, as for ProcessAlive. A start
// of 0 means unknown (Self could not read /proc): only the pid is compared.
func (p Process) Alive() bool {
	return runningSince(p.Pid, func(start uint64) bool { return p.Start == 0 || start == p.Start })
}

// Tag is a Process packed into one word, for a field of the mapping that is
// written and read atomically: the pid above, the low 32 bits of the start
// time below (they wrap after 497 days of ticks at 100 Hz; two processes on
// one pid whose start times differ by exactly that are not told apart).
// 0 names nobody.
type Tag uint64

// Tag packs p. A start that could not be read packs as 0 and is compared by
// pid alone, as in Alive.
func (p Process) Tag() Tag { return Tag(uint64(p.Pid)<<32 | uint64(uint32(p.Start))) }

// Pid is the pid of the tagged process.
func (t Tag) Pid() uint32 { return uint32(t >> 32) }

// Alive is Process.Alive for the tagged process.
func (t Tag) Alive() bool {
	low := uint32(t)
	return runningSince(t.Pid(), func(start uint64) bool { return low == 0 || uint32(start) == low })
}

// runningSince reports whether pid names a running process (not a zombie)
// whose start time, when /proc tells it, is one startedThen accepts.
func runningSince(pid uint32, startedThen func(start uint64) bool) bool {
	st, found := readStat(pid)
	return found && st.running && (!st.startKnown || startedThen(st.start))
}

type procStat struct {
	running    bool // neither a zombie nor dead
	start      uint64
	startKnown bool
}

// procRoot is where proc(5) is mounted; tests point it elsewhere.
var procRoot = "/proc"

// readStat reads what /proc says about pid; found is false only when kill()
// says pid names no process. When /proc cannot tell (not mounted in a chroot
// pool, hidepid=2, ProtectProc=invisible, another pid namespace) the process
// is taken as running with an unknown start: better to wait for a live owner
// than to steal its lock.
func readStat(pid uint32) (st procStat, found bool) {
	if pid == 0 || unix.Kill(int(pid), 0) == unix.ESRCH {
		return st, false
	}
	stat, err := os.ReadFile(procRoot + "/" + strconv.FormatUint(uint64(pid), 10) + "/stat")
	if err != nil {
		// A missing entry means either a hidden /proc or a process that
		// exited since kill(); only a second kill() can tell them apart.
		if os.IsNotExist(err) && unix.Kill(int(pid), 0) == unix.ESRCH {
			return st, false
		}
		return procStat{running: true}, true
	}
	// Format: "pid (comm) S ppid ... starttime ..."; comm may contain spaces
	// and parentheses, so fields are counted from the last ')'.
	end := bytes.LastIndexByte(stat, ')')
	if end < 0 {
		return procStat{running: true}, true
	}
	fields := bytes.Fields(stat[end+1:])
	if len(fields) == 0 {
		return procStat{running: true}, true
	}
	state := fields[0][0]
	st.running = state != 'Z' && state != 'X'
	const startField = 22 - 3 // field 3 (the state) is fields[0]
	if len(fields) > startField {
		st.start, err = strconv.ParseUint(string(fields[startField]), 10, 64)
		st.startKnown = err == nil
	}
	return st, true
}
