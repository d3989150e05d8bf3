package main

import (
	"runtime"
	"sync/atomic"
	_ "unsafe" // for go:linkname
)

// Why a PHP worker keeps the Go scheduler's count of its P moving.
//
// The runtime counts, per P, the goroutines it has scheduled. A PHP worker
// calls Go from its own C thread and a callback never passes through the
// scheduler, so that count never moves. Ten milliseconds (forcePreemptNS)
// after sysmon last saw it move, sysmon takes the P for hogged and takes it
// away every time the thread is back in C; the runtime then wakes a thread
// that finds no work, and sysmon polls every 20 µs until all is idle again.
// Measured with a C host calling an empty Go function: 40-50 µs of CPU on
// runtime threads for every burst of calls after a gap, and a PHP request is
// such a burst. Under php-fpm that alone cost sessions a fifth of the
// throughput.
//
// The tick is moved in place when the runtime's layout is known and verified
// (runtime_p.go): a plain increment of the P's counter, as the scheduler's
// execute() does, a few nanoseconds, done on every request that follows the
// previous one closely. Otherwise the goroutine yields: it goes through the
// scheduler and back to this thread, which moves the tick too, but hands the
// P to another thread and back (two thread wake-ups, 30-40 µs), so that is
// done at most once per schedTickRefresh. Measured under php-fpm (bench/session
// -compare-ini): 3.5-4.3 µs of runtime-thread CPU per session request with the
// yield, 1.5-1.7 µs (sysmon's own 10 ms tick) in place.
//
// Either way only while requests come closer together than schedTickStale:
// after a longer pause the runtime takes the P back anyway (sysmon's other
// rule), and a fresh tick would then only keep sysmon polling every 20 µs for
// the next millisecond, where a stale one lets it take the P and sleep.
//
// The clock costs 25 ns, a sixth of a whole get, so it is read once per PHP
// request (the extension bumps a counter in RINIT) and every clockEveryCalls
// calls for long-running scripts, not on every call. Calls 0.3 ms or more
// apart within one request therefore lose the P between them (25-85 µs of CPU
// a call, bench/kv/spaced_calls.php). Reading the clock on every call and
// moving the tick after any gap under schedTickStale fixes them but costs a
// lightly loaded php-fpm worker 1 ms a request: the tick moved by a request's
// last call keeps sysmon polling every 20 µs for 10 ms (README, "Calls spaced
// in time").
//
// GOMAXPROCS must be at least 2 for this to help: with a single P sysmon
// takes the P of a thread in C after 20 µs whatever the count says.
const (
	schedTickStale   = 10_000_000 // ns, the runtime's forcePreemptNS
	schedTickRefresh = 8_000_000  // ns, a margin below it for sysmon's own pace
	clockEveryCalls  = 32
)

// hostRequests is the extension's request counter (nil: none given).
var hostRequests *uint64

// Plain loads and stores suffice: in the rare threaded PHP build a lost
// update costs at most one extra or one missed clock read or yield.
var (
	seenRequest, callsSinceClock atomic.Uint64
	lastClock, lastRefresh       atomic.Int64
)

//go:linkname nanotime runtime.nanotime
func nanotime() int64

// refreshSchedTick is called by enter, before any lock of ours is taken: a
// yield may park this thread for tens of microseconds.
func refreshSchedTick() {
	calls := callsSinceClock.Load() + 1
	callsSinceClock.Store(calls)
	newRequest := false
	if hostRequests != nil {
		r := atomic.LoadUint64(hostRequests)
		newRequest = r != seenRequest.Load()
		if !newRequest && calls < clockEveryCalls {
			return
		}
		seenRequest.Store(r)
	}
	callsSinceClock.Store(0)
	now := nanotime()
	prev := lastClock.Load()
	lastClock.Store(now)
	// A new request after a long pause will lose its P whatever we do; a
	// run of calls within one request is busy by definition.
	busy := !newRequest || now-prev < schedTickStale
	if !busy {
		return
	}
	if schedTickInPlace.Load() {
		moveSchedTick()
		return
	}
	if now-lastRefresh.Load() > schedTickRefresh {
		lastRefresh.Store(now)
		runtime.Gosched()
	}
}
