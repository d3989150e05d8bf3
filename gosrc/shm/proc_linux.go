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
	if pid == 0 {
		return false
	}
	if err := unix.Kill(int(pid), 0); err == unix.ESRCH {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.FormatUint(uint64(pid), 10) + "/stat")
	if err != nil {
		// No /proc entry although kill() found the pid: it just vanished.
		return !os.IsNotExist(err)
	}
	// Format: "pid (comm) S ..."; comm may contain spaces and parentheses.
	end := bytes.LastIndexByte(stat, ')')
	if end < 0 || end+2 >= len(stat) {
		return true
	}
	state := stat[end+2]
	return state != 'Z' && state != 'X'
}
