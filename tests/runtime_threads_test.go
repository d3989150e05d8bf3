package tests

import (
	"strconv"
	"sync"
	"testing"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each php-fpm request is a burst of Go calls after a gap in C. Without the
// scheduler bookkeeping of gosrc/capi/schedtick.go the Go runtime wakes its
// own threads 2-4 times for every such burst (tens of microseconds of CPU per
// request); with it, a few times per 8 ms. Eight clients keep the four workers
// busy, so the requests of a worker are dense. The test counts context
// switches of the runtime threads; it never times anything.
func TestFPMRuntimeThreadsSleepBetweenRequests(t *testing.T) {
	st := startPool(t, phpstack.FPM, "kv")
	page := st.URL("/runtime_switches.php")
	parallel(400, 8, func(int) { fetchOK(t, page, "") }) // threads started, past the runtime's 10 ms limit

	type seen struct{ min, max, requests int }
	var mu sync.Mutex
	workers := map[int]*seen{}
	parallel(4000, 8, func(int) {
		pid, rest := pidAnd(t, fetchOK(t, page, ""))
		switches, err := strconv.Atoi(rest)
		require.NoError(t, err, rest)
		mu.Lock()
		defer mu.Unlock()
		w := workers[pid]
		if w == nil {
			w = &seen{min: switches, max: switches}
			workers[pid] = w
		}
		w.min, w.max = min(w.min, switches), max(w.max, switches)
		w.requests++
	})
	switches, requests := 0, 0
	for _, w := range workers {
		switches += w.max - w.min
		requests += w.requests - 1
	}
	require.Greater(t, requests, 2000)
	perRequest := float64(switches) / float64(requests)
	t.Logf("%d workers, %d requests: %.2f runtime-thread context switches per request", len(workers), requests, perRequest)
	assert.Less(t, perRequest, 1.0, "the Go runtime woke its threads for requests")
}
