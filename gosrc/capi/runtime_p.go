package main

import (
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The one place that touches the Go runtime's own structures (see schedtick.go
// for why): the scheduler tick of the P this thread holds is incremented in
// place, as the runtime's execute() does, instead of sending the goroutine
// through the scheduler for it. The offsets come from runtime_layout_*.go;
// verifyRuntimeLayout checks them against the live runtime, reading through
// process_vm_readv so that wrong offsets yield an error instead of a fault,
// and nothing is ever written through them before it has passed.

// getm returns the calling thread's M (runtime.getm, a uintptr there; the
// same register here). An M lives as long as its thread.
//
//go:linkname getm runtime.getm
func getm() unsafe.Pointer

// procPin disables preemption, so the P stays this thread's, and returns its
// id; procUnpin ends that.
//
//go:linkname procPin runtime.procPin
func procPin() int

//go:linkname procUnpin runtime.procUnpin
func procUnpin()

// schedTickInPlace is set once verifyRuntimeLayout has passed in this process.
var schedTickInPlace atomic.Bool

// schedTickFallback says why the tick is not moved in place ("" while it is).
var schedTickFallback atomic.Pointer[string]

// moveSchedTick counts one scheduling on the P of the calling thread, which
// holds one: it runs Go code. Pinned, so the P cannot change in between.
func moveSchedTick() {
	procPin()
	pp := *(*unsafe.Pointer)(unsafe.Add(getm(), mOffsetP))
	*(*uint32)(unsafe.Add(pp, pOffsetSchedtick))++
	procUnpin()
}

// runtimeLayout is where the fields this file uses sit in runtime.m and runtime.p.
type runtimeLayout struct {
	mP, pID, pStatus, pSchedtick, pM uintptr
}

// thisRuntime is the layout moveSchedTick uses (as constants, for speed).
var thisRuntime = runtimeLayout{mP: mOffsetP, pID: pOffsetID, pStatus: pOffsetStatus,
	pSchedtick: pOffsetSchedtick, pM: pOffsetM}

// verifyRuntimeLayout reports whether l names the calling thread's P and its
// scheduler tick: the word at l.mP of its M must point at a P whose id is the
// one the runtime reports, whose status is running and whose M back-link is
// this M; and the word at l.pSchedtick must stay put until the scheduler runs,
// then move by one (or by the few goroutines another thread ran on the P
// meanwhile).
// Called on a thread running Go code.
func verifyRuntimeLayout(l runtimeLayout) error {
	if !runtimeLayoutKnown {
		return fmt.Errorf("no known runtime layout for %s", runtime.Version())
	}
	if _, err := pOfThisThread(l); err != nil {
		return err
	}
	// A goroutine of its own, not locked to a thread, yielding to its P's own
	// queue: it comes back on the same P, where a C thread's goroutine is
	// handed to another thread and back, and usually to another P.
	verified := make(chan error)
	go func() { verified <- verifySchedTick(l) }()
	return <-verified
}

//go:linkname goyield runtime.goyield
func goyield()

func verifySchedTick(l runtimeLayout) error {
	for range 10 {
		first, tickFirst, err := schedTickOfThisThread(l)
		if err != nil {
			return err
		}
		// The tick moves only when the scheduler runs a goroutine on the P.
		before, tickBefore, err := schedTickOfThisThread(l)
		if err != nil {
			return err
		}
		goyield()
		after, tickAfter, err := schedTickOfThisThread(l)
		if err != nil {
			return err
		}
		if first != before || after != before {
			continue // on another P: its counter says nothing
		}
		if moved := tickAfter - tickBefore; tickBefore != tickFirst || moved < 1 || moved > 64 {
			return fmt.Errorf("runtime layout mismatch for %s: the word at p+%d moved by %d without the scheduler, "+
				"then by %d through it", runtime.Version(), l.pSchedtick, tickBefore-tickFirst, moved)
		}
		return nil
	}
	return errors.New("runtime layout not verified: every yield came back on another P")
}

// pOfThisThread returns the P of the calling thread's M, after checking it
// is one (id, status, back-link).
func pOfThisThread(l runtimeLayout) (unsafe.Pointer, error) {
	id := procPin()
	defer procUnpin()
	m := getm()
	var pp unsafe.Pointer
	if err := readOwnMemory(unsafe.Pointer(&pp), unsafe.Add(m, l.mP), unsafe.Sizeof(pp)); err != nil {
		return nil, fmt.Errorf("reading the runtime's M: %w", err)
	}
	if pp == nil {
		return nil, errors.New("runtime layout mismatch: the runtime's M names no P")
	}
	var got struct {
		id, status int32
		m          unsafe.Pointer
	}
	for _, field := range []struct {
		dst    unsafe.Pointer
		offset uintptr
		size   uintptr
	}{{unsafe.Pointer(&got.id), l.pID, 4}, {unsafe.Pointer(&got.status), l.pStatus, 4},
		{unsafe.Pointer(&got.m), l.pM, unsafe.Sizeof(got.m)}} {
		if err := readOwnMemory(field.dst, unsafe.Add(pp, field.offset), field.size); err != nil {
			return nil, fmt.Errorf("runtime layout mismatch: the runtime's M does not point at a P: %w", err)
		}
	}
	if got.id != int32(id) || got.status != pStatusRunning || got.m != m {
		return nil, fmt.Errorf("runtime layout mismatch for %s (P id %d, want %d; status %d; M back-link %p, want %p)",
			runtime.Version(), got.id, id, got.status, got.m, m)
	}
	return pp, nil
}

// schedTickOfThisThread returns the calling thread's P and the word at
// l.pSchedtick in it.
func schedTickOfThisThread(l runtimeLayout) (unsafe.Pointer, uint32, error) {
	pp, err := pOfThisThread(l)
	if err != nil {
		return nil, 0, err
	}
	var tick uint32
	if err := readOwnMemory(unsafe.Pointer(&tick), unsafe.Add(pp, l.pSchedtick), 4); err != nil {
		return nil, 0, fmt.Errorf("runtime layout mismatch: %w", err)
	}
	return pp, tick, nil
}

// readOwnMemory copies n bytes at src to dst through the kernel, which
// reports an unmapped src as EFAULT where a load would crash. A raw system
// call: it is made with preemption disabled (procPin), where the scheduler
// must not see this thread enter a system call and lose its P.
func readOwnMemory(dst, src unsafe.Pointer, n uintptr) error {
	local := unix.Iovec{Base: (*byte)(dst), Len: uint64(n)}
	remote := unix.RemoteIovec{Base: uintptr(src), Len: int(n)}
	got, _, errno := unix.RawSyscall6(unix.SYS_PROCESS_VM_READV, uintptr(unix.Getpid()),
		uintptr(unsafe.Pointer(&local)), 1, uintptr(unsafe.Pointer(&remote)), 1, 0)
	runtime.KeepAlive(&local)
	runtime.KeepAlive(&remote)
	if errno != 0 {
		return fmt.Errorf("process_vm_readv: %w", errno)
	}
	if got != n {
		return fmt.Errorf("process_vm_readv: %d of %d bytes", got, n)
	}
	return nil
}

// schedTickDescription says how the tick is kept fresh, for phpinfo().
func schedTickDescription() string {
	if schedTickInPlace.Load() {
		return "scheduler tick moved in place (runtime layout verified)"
	}
	why := "not verified yet"
	if p := schedTickFallback.Load(); p != nil {
		why = *p
	}
	return "yields to the scheduler every 8 ms (" + why + ")"
}

// enableSchedTickInPlace runs the verification once per process, unless
// wanted is false (ephpm_kv.scheduler_tick_in_place = 0).
func enableSchedTickInPlace(wanted bool) {
	if schedTickInPlace.Load() || schedTickFallback.Load() != nil {
		return
	}
	if !wanted {
		why := "ephpm_kv.scheduler_tick_in_place = 0"
		schedTickFallback.Store(&why)
		return
	}
	if err := verifyRuntimeLayout(thisRuntime); err != nil {
		why := err.Error()
		schedTickFallback.Store(&why)
		return
	}
	schedTickInPlace.Store(true)
}
