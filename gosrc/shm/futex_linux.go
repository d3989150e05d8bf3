package shm

import (
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The futex operations deliberately are the shared (non-PRIVATE) variants:
// the waiters and wakers are different processes mapping the same page.
// x/sys/unix does not name them; the values are from linux/futex.h.
const (
	futexWait = 0
	futexWake = 1
)

// FutexWait sleeps while *word == expected, for at most timeout (<= 0 means
// no limit). It returns when woken, when the word differs, on timeout, or on a
// signal; callers always re-check their condition. It reports whether the
// sleep ended because the timeout passed.
func FutexWait(word *atomic.Uint32, expected uint32, timeout time.Duration) (timedOut bool) {
	var ts *unix.Timespec
	if timeout > 0 {
		t := unix.NsecToTimespec(int64(timeout))
		ts = &t
	}
	_, _, errno := unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(word)), futexWait,
		uintptr(expected), uintptr(unsafe.Pointer(ts)), 0, 0)
	return errno == unix.ETIMEDOUT
}

// FutexWake wakes up to n waiters sleeping on word.
func FutexWake(word *atomic.Uint32, n int) (woken int) {
	r, _, _ := unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(word)), futexWake,
		uintptr(n), 0, 0, 0)
	return int(r)
}
