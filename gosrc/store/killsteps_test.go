package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The tests here stop an operation at each of its steps in turn (killStep:
// between two stores to the shard, see killpoint.go) and check the shard the
// next holder gets. A step ends the operation with a panic, which unwinds to
// release(): it rebuilds the shard with recover(), as the taker of a dead
// process's lock does, from the same half-changed memory. Then, for a few of
// those steps, the rebuild is itself stopped at a step (killRecoverStep, or a
// killStep of the code it shares), leaving the shard locked as a taker killed
// while rebuilding does, and rebuilt once more by the next taker.
//
// After each stop the shard must verify, every key the operation touches must
// read as before or as after it, and every other key as before (or, where
// the operation may evict, as absent).

type stepCrash struct{}

type recoveryCrash struct{}

// stepScenario is one operation on a prepared store.
type stepScenario struct {
	name    string
	size    int
	policy  Policy
	prepare func(t *testing.T, st *Store, clock *int64)
	op      func(st *Store)
	// touched maps each key the operation may change to its value after
	// it; "" means absent.
	touched map[string]string
	midway  map[string]string // values a touched key may also have between two operations of a transaction
	evicts  bool              // other keys may be gone afterwards
}

func fill(t *testing.T, st *Store, n, size int) {
	for i := 0; i < n; i++ {
		ok, err := st.Put([]byte(fmt.Sprint("k", i)), []byte(strings.Repeat(string(rune('a'+i%26)), size+i%7*8)), PutOptions{})
		require.NoError(t, err)
		require.True(t, ok)
	}
}

// holey fills the store with entries of a few sizes and deletes every third,
// so that writes split, coalesce and reuse free blocks.
func holey(t *testing.T, st *Store, clock *int64) {
	fill(t, st, 60, 150)
	for i := 0; i < 60; i += 3 {
		require.True(t, st.Delete([]byte(fmt.Sprint("k", i))))
	}
}

func stepScenarios() []stepScenario {
	lockKey := string(CompanionKey(nil, "lock", []byte("k4")))
	big := strings.Repeat("B", 20<<10)
	return []stepScenario{
		{name: "put new key", size: 1<<20 + headerSize, prepare: holey,
			op:      func(st *Store) { st.Put([]byte("new"), []byte(strings.Repeat("n", 700)), PutOptions{}) },
			touched: map[string]string{"new": strings.Repeat("n", 700)}},
		{name: "put replacing a key", size: 1<<20 + headerSize, prepare: holey,
			op:      func(st *Store) { st.Put([]byte("k5"), []byte(strings.Repeat("r", 900)), PutOptions{TTLMillis: 60_000}) },
			touched: map[string]string{"k5": strings.Repeat("r", 900)}},
		{name: "setnx on an expired key", size: 1<<20 + headerSize,
			prepare: func(t *testing.T, st *Store, clock *int64) {
				holey(t, st, clock)
				_, err := st.Put([]byte("k7"), []byte("old"), PutOptions{TTLMillis: 10})
				require.NoError(t, err)
				*clock += 20
			},
			op:      func(st *Store) { st.Put([]byte("k7"), []byte("nx"), PutOptions{IfAbsent: true}) },
			touched: map[string]string{"k7": "nx"}},
		{name: "delete", size: 1<<20 + headerSize, prepare: holey,
			op:      func(st *Store) { st.Delete([]byte("k8")) },
			touched: map[string]string{"k8": ""}},
		{name: "incr", size: 1<<20 + headerSize,
			prepare: func(t *testing.T, st *Store, clock *int64) { holey(t, st, clock); put(t, st, "n", "41") },
			op:      func(st *Store) { st.IncrBy([]byte("n"), 1) },
			touched: map[string]string{"n": "42"}},
		{name: "large put evicting runs", size: 1<<20 + headerSize,
			prepare: func(t *testing.T, st *Store, clock *int64) { fill(t, st, 900, 1000) },
			op:      func(st *Store) { st.Put([]byte("big"), []byte(big), PutOptions{}) },
			touched: map[string]string{"big": big}, evicts: true},
		{name: "put evicting for an index slot", size: 1<<20 + headerSize,
			prepare: func(t *testing.T, st *Store, clock *int64) {
				for !st.shards[0].indexFull(0) {
					put(t, st, fmt.Sprint("i", st.shards[0].hdr.entries), "v")
				}
			},
			op:      func(st *Store) { st.Put([]byte("one more"), []byte("v"), PutOptions{}) },
			touched: map[string]string{"one more": "v"}, evicts: true},
		{name: "put refused under noeviction", size: 1<<20 + headerSize, policy: NoEviction,
			prepare: func(t *testing.T, st *Store, clock *int64) {
				for i := 0; ; i++ {
					if _, err := st.Put([]byte(fmt.Sprint("k", i)), make([]byte, 3000), PutOptions{}); err != nil {
						break
					}
				}
			},
			op:      func(st *Store) { st.Put([]byte("big"), []byte(big), PutOptions{}) },
			touched: map[string]string{}},
		{name: "flush keeping a pinned lock", size: 1<<20 + headerSize,
			prepare: func(t *testing.T, st *Store, clock *int64) {
				holey(t, st, clock)
				_, err := st.Put([]byte(lockKey), []byte("owner"), PutOptions{Pinned: true})
				require.NoError(t, err)
			},
			op: func(st *Store) { st.Flush() }, touched: everyKey(60)},
		{name: "flush of everything", size: 1<<20 + headerSize, prepare: holey,
			op: func(st *Store) { st.Flush() }, touched: everyKey(60)},
		{name: "sweep of expired entries", size: 1<<20 + headerSize,
			prepare: func(t *testing.T, st *Store, clock *int64) {
				holey(t, st, clock)
				for i := 1; i < 60; i += 4 {
					st.Expire([]byte(fmt.Sprint("k", i)), 5)
				}
				*clock += 10
			},
			op: func(st *Store) { st.SweepExpired(nil) }, touched: map[string]string{}},
		{name: "session lock, write and release in one transaction", size: 1<<20 + headerSize, prepare: holey,
			op: func(st *Store) {
				tx, _ := st.Begin([]byte("k4"))
				defer tx.End()
				tx.Put([]byte(lockKey), []byte("me"), PutOptions{IfAbsent: true, Pinned: true})
				tx.Get([]byte("k4"), nil)
				tx.Put([]byte("k4"), []byte(strings.Repeat("s", 400)), PutOptions{TTLMillis: 1000})
				tx.DeleteIfEqual([]byte(lockKey), []byte("me"))
			},
			touched: map[string]string{"k4": strings.Repeat("s", 400), lockKey: ""},
			midway:  map[string]string{lockKey: "me"}},
	}
}

// everyKey marks keys k0..k(n-1) as possibly gone.
func everyKey(n int) map[string]string {
	m := map[string]string{}
	for i := 0; i < n; i++ {
		m[fmt.Sprint("k", i)] = ""
	}
	return m
}

// contents is every live key of st (internal ones included) and its value.
func contents(st *Store) map[string]string {
	m := map[string]string{}
	st.Scan(nil, func(key, val []byte) { m[string(key)] = string(val) })
	return m
}

func TestAnOperationStoppedAtAnyStepLeavesTheShardWhole(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	totalStops, totalRecoveryStops := 0, 0
	for _, sc := range stepScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			st, clock := newStore(t, sc.size, Config{Policy: sc.policy})
			require.Len(t, st.shards, 1)
			sc.prepare(t, st, clock)
			mem := st.shards[0].mem
			pristine := append([]byte(nil), mem...)
			before := contents(st)
			// The operation run whole: what "after" means, and how many
			// steps it has.
			_, _, steps := runStopped(st, 0, 0, sc.op)
			after := contents(st)
			require.NoError(t, verify(st))
			for k, v := range sc.touched {
				if _, kept := after[k]; v != "" && !kept && !sc.evicts {
					t.Fatalf("the whole operation did not store %q", k)
				}
			}

			stride, rebuildEvery := 1, 1
			if steps > 150 {
				rebuildEvery = 4
			}
			if raceEnabled {
				stride, rebuildEvery = max(1, steps/40), 1
			}
			stops := 0
			for n := 1; ; n += stride {
				copy(mem, pristine)
				stopped, recSteps, _ := runStopped(st, n, 0, sc.op)
				if !stopped {
					break
				}
				stops++
				checkStopped(t, st, sc, before, fmt.Sprintf("stopped at step %d", n))
				if n%rebuildEvery != 0 || recSteps == 0 {
					continue
				}
				// Now stop the rebuild too, at one of its steps.
				m := 1 + r.IntN(recSteps)
				copy(mem, pristine)
				runStopped(st, n, m, sc.op)
				s := &st.shards[0]
				require.NotZero(t, s.hdr.lock.Load(), "a rebuild stopped half-way leaves the shard held")
				s.recover() // the next taker
				s.unlock()
				totalRecoveryStops++
				checkStopped(t, st, sc, before, fmt.Sprintf("stopped at step %d and its rebuild at step %d", n, m))
			}
			if stride == 1 {
				require.Equal(t, steps, stops, "every step was stopped at")
			}
			require.NotZero(t, stops)
			totalStops += stops
			t.Logf("%d steps", stops)
		})
	}
	t.Logf("%d stops, %d of them with the rebuild stopped too", totalStops, totalRecoveryStops)
}

// runStopped runs op and stops it at its n-th step (never if 0); a stop
// unwinds into a rebuild, which is stopped at its m-th step (never if 0). It
// reports whether op was stopped, how many steps the rebuild took, and how
// many op took when it was not stopped.
func runStopped(st *Store, n, m int, op func(*Store)) (stopped bool, recoverySteps, steps int) {
	count, rebuilding := 0, false
	atKillPoint = func(p killPoint) {
		if p != killStep && p != killRecoverStep {
			return
		}
		count++
		switch {
		case !rebuilding && count == n:
			rebuilding, count = true, 0
			panic(stepCrash{})
		case rebuilding && count == m:
			panic(recoveryCrash{})
		}
	}
	defer func() { atKillPoint = nil }()
	defer func() {
		switch r := recover(); r.(type) {
		case nil, stepCrash, recoveryCrash:
		default:
			panic(r)
		}
		if rebuilding {
			stopped, recoverySteps = true, count
		}
	}()
	op(st)
	return false, 0, count
}

func checkStopped(t *testing.T, st *Store, sc stepScenario, before map[string]string, when string) {
	t.Helper()
	require.NoError(t, verify(st), when)
	now := contents(st)
	for k, v := range now {
		if _, touched := sc.touched[k]; touched {
			if v != sc.touched[k] && v != before[k] && (sc.midway == nil || v != sc.midway[k]) {
				t.Fatalf("%s: %q reads %.20q..., neither before nor after", when, k, v)
			}
			continue
		}
		if old, ok := before[k]; !ok || old != v {
			t.Fatalf("%s: untouched key %q reads %.20q..., was %.20q... (present: %v)", when, k, v, old, ok)
		}
	}
	for k, v := range before {
		if _, touched := sc.touched[k]; touched || sc.evicts {
			continue
		}
		if _, ok := now[k]; !ok {
			t.Fatalf("%s: untouched key %q (%.20q...) is gone", when, k, v)
		}
	}
	// The shard is usable: a write and a read of it work.
	put(t, st, "probe", "p")
	v, ok := get(st, "probe")
	require.True(t, ok, when)
	require.Equal(t, "p", v, when)
}
