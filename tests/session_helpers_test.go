package tests

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newSession creates a session holding n = 0 and returns its id.
func newSession(t *testing.T, st *phpstack.Stack) string {
	t.Helper()
	_, id := pidAnd(t, mustFetch(t, st.URL("/init.php"), ""))
	require.Regexp(t, `^[A-Za-z0-9,-]{22,256}$`, id)
	return id
}

// incrementSession runs clients × perClient read-modify-write requests on one
// session and returns the n each successful request wrote, and the failures.
func incrementSession(t *testing.T, st *phpstack.Stack, id string, clients, perClient int) (values []int, failures []string) {
	t.Helper()
	var mu sync.Mutex
	parallel(clients*perClient, clients, func(int) {
		r, err := fetch(context.Background(), st.URL("/incr.php"), id)
		mu.Lock()
		defer mu.Unlock()
		if err != nil || r.status != http.StatusOK {
			failures = append(failures, failure(r, err))
			return
		}
		_, rest := pidAnd(t, r.body)
		n, err := strconv.Atoi(rest)
		if assert.NoError(t, err, r.body) {
			values = append(values, n)
		}
	})
	return values, failures
}

// sessionJSON reads the session without locking it: "<pid>", "<json>".
func sessionJSON(t *testing.T, st *phpstack.Stack, id string) string {
	t.Helper()
	_, js := pidAnd(t, mustFetch(t, st.URL("/read.php"), id))
	return js
}

// assertLoginSeenByOtherWorkers logs in on one worker, then makes eight
// overlapping 100 ms reads (which need all four workers) and checks that
// workers other than the one that wrote the login see it.
func assertLoginSeenByOtherWorkers(t *testing.T, st *phpstack.Stack) {
	t.Helper()
	loginPid, id := pidAnd(t, mustFetch(t, st.URL("/login.php?user=alice"), ""))
	var mu sync.Mutex
	others := map[int]bool{}
	parallel(8, 8, func(int) {
		pid, js := pidAnd(t, fetchOK(t, st.URL("/read.php?hold=100000"), id))
		assert.Equal(t, `{"user":"alice"}`, js, "session as read by pid %d (login on %d)", pid, loginPid)
		if pid != loginPid {
			mu.Lock()
			others[pid] = true
			mu.Unlock()
		}
	})
	assert.NotEmpty(t, others, "no worker other than %d served a read", loginPid)
	t.Logf("login on pid %d seen by pids %v", loginPid, others)

	// A session id nobody created is empty, not someone else's login.
	assert.Equal(t, "[]", sessionJSON(t, st, strings.Repeat("z", 32)))
}
