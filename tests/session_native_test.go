package tests

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const nativeHandler = "session.save_handler=ephpm"

// The native handler is checked under both pools users run it in: php-fpm
// behind nginx, and Apache prefork with mod_php (children as www-data).
var sessionPools = []phpstack.SAPI{phpstack.FPM, phpstack.ApachePrefork}

func TestNativeSessionLockedIncrementsAreExact(t *testing.T) {
	for _, sapi := range sessionPools {
		t.Run(sapi.String(), func(t *testing.T) {
			st := startPool(t, sapi, "session", nativeHandler)
			id := newSession(t, st)
			values, failures := incrementSession(t, st, id, 8, 250)
			require.Empty(t, failures)
			assertDistinctFromOne(t, values)
			assert.Equal(t, `{"n":2000}`, sessionJSON(t, st, id))
		})
	}
}

func TestNativeSessionLoginSeenByOtherWorkers(t *testing.T) {
	for _, sapi := range sessionPools {
		t.Run(sapi.String(), func(t *testing.T) {
			st := startPool(t, sapi, "session", nativeHandler)
			h := mustFetch(t, st.URL("/handler.php"), "")
			_, name := pidAnd(t, h)
			require.Equal(t, "ephpm", name)
			assertLoginSeenByOtherWorkers(t, st)
		})
	}
}

func TestNativeSessionLockOfKilledWorkerIsTakenOver(t *testing.T) {
	for _, sapi := range sessionPools {
		t.Run(sapi.String(), func(t *testing.T) { lockOfKilledWorkerIsTakenOver(t, sapi) })
	}
}

func lockOfKilledWorkerIsTakenOver(t *testing.T, sapi phpstack.SAPI) {
	st := startPool(t, sapi, "session", nativeHandler)
	id := newSession(t, st)

	holder, held := holdSessionLock(t, st, "", id)

	killedAt := time.Now()
	require.NoError(t, st.KillWorker(holder))
	r, err := fetch(context.Background(), st.URL("/incr.php"), id)
	elapsed := time.Since(killedAt)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, r.status, r.body)
	_, n := pidAnd(t, r.body)
	assert.Equal(t, "1", n, "the dead holder's changes were never written")
	// A behaviour bound of issue 3 ("succeeds within 1 s"), not a benchmark.
	assert.Less(t, elapsed, time.Second, "next request after killing the lock holder")
	t.Logf("lock of killed worker %d taken over; next request done %v after the kill", holder, elapsed)

	select {
	case hr := <-held:
		if sapi == phpstack.FPM {
			assert.Equal(t, http.StatusBadGateway, hr.status, "the killed request: %s", hr.body)
		} else {
			// Apache's child held the client's connection itself: it just closes.
			assert.Equal(t, -1, hr.status, "the killed request: %s", hr.body)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the request on the killed worker never ended")
	}
	assert.Equal(t, `{"n":1}`, sessionJSON(t, st, id))
}

// holdSessionLock starts a request (pages: the directory of the session
// pages in the docroot, "" or "/session") that takes the lock of session id
// and keeps it; once it holds it and a second request on the session waits,
// it returns the holder's pid and where the held request's reply arrives.
func holdSessionLock(t *testing.T, st *phpstack.Stack, pages, id string) (holder int, held <-chan reply) {
	t.Helper()
	pidfile := filepath.Join(st.ScratchDir(), "holder.pid")
	replies := make(chan reply, 1)
	go func() {
		r, err := fetchWith(context.Background(), oneConnectionPerRequest,
			st.URL(pages+"/hold.php?pidfile="+url.QueryEscape(pidfile)), id)
		if err != nil {
			r = reply{status: -1, body: err.Error()}
		}
		replies <- r
	}()
	holder = waitForPidFile(t, pidfile)

	probeCtx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	_, err := fetch(probeCtx, st.URL(pages+"/probe.php"), id)
	cancel()
	require.True(t, errors.Is(err, context.DeadlineExceeded), "a request on a locked session must wait, got %v", err)
	return holder, replies
}

func waitForPidFile(t *testing.T, path string) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(path); err == nil && len(data) > 0 {
			pid, err := strconv.Atoi(string(data))
			require.NoError(t, err)
			return pid
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the lock holder never wrote %s", path)
	return 0
}

// With locking off the handler is last-writer-wins, like the files handler
// without flock: concurrent read-modify-writes overwrite each other. The test
// documents how much is lost; it cannot be more than was written.
func TestNativeSessionWithoutLockingIsLastWriterWins(t *testing.T) {
	st := startPool(t, phpstack.FPM, "session", nativeHandler, "ephpm_kv.session_locking=0")
	id := newSession(t, st)
	values, failures := incrementSession(t, st, id, 8, 250)
	require.Empty(t, failures)
	require.Len(t, values, 2000)
	for _, v := range values {
		require.True(t, v >= 1 && v <= 2000, "n=%d", v)
	}
	js := sessionJSON(t, st, id)
	var final int
	_, err := fmt.Sscanf(js, `{"n":%d}`, &final)
	require.NoError(t, err, js)
	assert.GreaterOrEqual(t, final, 1)
	assert.LessOrEqual(t, final, 2000)
	t.Logf("locking off: 2000 increments on one session ended at n=%d (%d lost, last writer wins)", final, 2000-final)
}
