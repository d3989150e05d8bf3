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
//
// Costs outside this file: while the tick stays fresh, sysmon never takes the
// P of a worker that keeps calling in, so goroutines queued on that P wait for
// another P to steal them (the old yield ran them within 8 ms). The library
// starts no goroutines from calls; the runtime's own are stolen by idle Ps,
// of which ephpm_kv.gomaxprocs >= 2 leaves at least one.

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

// verifyRuntimeLayout reports whether l names the P of the running thread and
// that P's scheduler tick. Every observation must find, at l.mP of the M, a P
// whose id is the one the runtime reports, whose status is running and whose M
// back-link is that M. Then the word at l.pSchedtick must move as the
// scheduler's tick does when the goroutine passes through the global run queue
// (runtime.Gosched) and through the P's own (goyield): the P's run-queue
// indices move only with the second, its other counters with neither (see
// verifySchedTick).
//
// Values read through the offsets are kept as integers, never as pointers: a
// wrong offset would otherwise put a bogus pointer where the garbage collector
// looks.
func verifyRuntimeLayout(l runtimeLayout) error {
	if !runtimeLayoutKnown {
		return fmt.Errorf("no known runtime layout for %s", runtime.Version())
	}
	// A goroutine of its own, not locked to a thread: after a yield it comes
	// back on the same P, where a C thread's goroutine is handed to another
	// thread and back, and usually to another P.
	verified := make(chan error)
	go func() { verified <- verifySchedTick(l) }()
	return <-verified
}

//go:linkname goyield runtime.goyield
func goyield()

// Passes per attempt and way, and attempts: see verifySchedTick.
const (
	verifyPasses   = 8
	verifyAttempts = 6  // that stay on one P
	verifySteady   = 4  // of them must see the word move alike both ways
	verifyTries    = 20 // attempts at most, counting those that changed P
)

// verifySchedTick passes the goroutine verifyPasses times through the global
// run queue, then as often through the P's own, and reads the word at
// l.pSchedtick around each run. The scheduler's tick moves once for each
// goroutine the P runs: at least once per pass, and by as much through either
// queue, since this goroutine runs once per pass either way. The P's run-queue
// indices move once per pass through the P's own queue and not through the
// global one: by verifyPasses more in the second run. Other goroutines blur
// both pictures: in the test binary a goroutine that ran beside this one made
// the run-queue head move by one per pass through the global queue too, in 2
// of 30 attempts (a single passing attempt used to verify the layout, and CI
// once accepted the run-queue tail as the tick). So every attempt that stayed
// on one P must see the word move by 1-64 per pass both ways, most of them by
// the same amount both ways, and none by verifyPasses more through the P's own
// queue. A process too busy to show that keeps the yield: refusing a right
// layout costs speed, accepting a wrong one would corrupt the scheduler.
func verifySchedTick(l runtimeLayout) error {
	samePAttempts, steady := 0, 0
	for range verifyTries {
		before, failed := observeP(l)
		if failed != nil {
			return failed // the offsets do not lead to this thread's P
		}
		moved := false
		for range verifyPasses {
			runtime.Gosched()
			moved = moved || currentP() != before.p
		}
		viaGlobal, failed := observeP(l)
		if failed != nil {
			return failed
		}
		for range verifyPasses {
			goyield()
			moved = moved || currentP() != before.p
		}
		viaLocal, failed := observeP(l)
		if failed != nil {
			return failed
		}
		// Checked after every pass, not only around them: a pass run on
		// another P (an idle one spinning after Gosched's wakep steals the
		// goroutine) leaves this P's counters short.
		if moved || viaGlobal.p != before.p || viaLocal.p != before.p {
			continue // on another P meanwhile: its counters say nothing
		}
		first, second := viaGlobal.tick-before.tick, viaLocal.tick-viaGlobal.tick
		if first < verifyPasses || first > 64*verifyPasses || second < verifyPasses || second > 64*verifyPasses ||
			second-first == verifyPasses {
			return fmt.Errorf("runtime layout mismatch for %s: the word at p+%d moved by %d through %d passes "+
				"through the global run queue and by %d through %d through the P's own",
				runtime.Version(), l.pSchedtick, first, verifyPasses, second, verifyPasses)
		}
		if first == second {
			steady++
		}
		if samePAttempts++; samePAttempts == verifyAttempts {
			break
		}
	}
	if samePAttempts < verifyAttempts || steady < verifySteady {
		return fmt.Errorf("runtime layout not verified: %d of %d attempts stayed on one P, %d of them steady",
			samePAttempts, verifyTries, steady)
	}
	return nil
}

// currentP is the id of the P running this goroutine now.
func currentP() int {
	id := procPin()
	procUnpin()
	return id
}

// pObservation is the running thread's P (its id, checked against the P the
// offsets lead to) and the word at l.pSchedtick in it, read in one pinned moment.
type pObservation struct {
	p    int
	tick uint32
}

// observeP reads the P of the running thread through l, checking that it is
// one (id, status, back-link).
func observeP(l runtimeLayout) (pObservation, error) {
	id := procPin()
	defer procUnpin()
	m := uintptr(getm())
	var pp uintptr
	if err := readOwnMemory(unsafe.Pointer(&pp), m+l.mP, unsafe.Sizeof(pp)); err != nil {
		return pObservation{}, fmt.Errorf("reading the runtime's M: %w", err)
	}
	if pp == 0 {
		return pObservation{}, errors.New("runtime layout mismatch: the runtime's M names no P")
	}
	var got struct {
		id, status int32
		m          uintptr
		tick       uint32
	}
	for _, field := range []struct {
		dst          unsafe.Pointer
		offset, size uintptr
	}{{unsafe.Pointer(&got.id), l.pID, 4}, {unsafe.Pointer(&got.status), l.pStatus, 4},
		{unsafe.Pointer(&got.m), l.pM, unsafe.Sizeof(got.m)}, {unsafe.Pointer(&got.tick), l.pSchedtick, 4}} {
		if err := readOwnMemory(field.dst, pp+field.offset, field.size); err != nil {
			return pObservation{}, fmt.Errorf("runtime layout mismatch: the runtime's M does not point at a P: %w", err)
		}
	}
	if got.id != int32(id) || got.status != pStatusRunning || got.m != m {
		return pObservation{}, fmt.Errorf("runtime layout mismatch for %s (P id %d, want %d; status %d; "+
			"M back-link %#x, want %#x)", runtime.Version(), got.id, id, got.status, got.m, m)
	}
	return pObservation{p: id, tick: got.tick}, nil
}

// readOwnMemory copies n bytes at address src to dst through the kernel,
// which reports an unmapped src as EFAULT where a load would crash. A raw
// system call: it is made with preemption disabled (procPin), where the
// scheduler must not see this thread enter a system call and lose its P.
func readOwnMemory(dst unsafe.Pointer, src, n uintptr) error {
	var local unix.Iovec
	local.Base = (*byte)(dst)
	local.SetLen(int(n))
	remote := unix.RemoteIovec{Base: src, Len: int(n)}
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
