package tests

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ephpm_kv.store_file puts the store in a file on tmpfs that a reloaded or
// restarted server maps again; without it a reload starts an empty store, as
// APCu does. These tests write a login and a counter, reload (php-fpm:
// SIGUSR2, Apache: graceful restart) or restart, and read them back from the
// new workers.

// sessionAndKVPages serves tests/testdata itself, so that one pool has both
// the session pages (/session/*.php) and the store's (/kv/*.php).
const sessionAndKVPages = "."

// newStoreFile returns the path of a store file for this test alone, in a
// private directory under /dev/shm (tmpfs, as the setting requires) removed
// when the test ends.
func newStoreFile(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "ephpm-kv-test-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "store")
}

// storeFileINI is the ini of a pool keeping sessions and keys in storeFile.
func storeFileINI(storeFile string) []string {
	return []string{nativeHandler, "ephpm_kv.store_file=" + storeFile}
}

const visitsBeforeReload = 5

// logInAndCount logs alice in, counts visitsBeforeReload visits in the
// key-value store and returns alice's session id.
func logInAndCount(t *testing.T, st *phpstack.Stack) string {
	t.Helper()
	_, id := pidAnd(t, mustFetch(t, st.URL("/session/login.php?user=alice"), ""))
	require.Equal(t, `{"user":"alice"}`, storedSession(t, st, id))
	var counter int
	for i := 0; i < visitsBeforeReload; i++ {
		counter = fetchCount(t, st, "/kv/incr.php?key=visits")
	}
	require.Equal(t, visitsBeforeReload, counter)
	return id
}

// storedSession reads the session without locking it, as JSON.
func storedSession(t *testing.T, st *phpstack.Stack, id string) string {
	t.Helper()
	_, session := pidAnd(t, mustFetch(t, st.URL("/session/read.php"), id))
	return session
}

// stateAfterReload reads alice's session and counts one more visit, from
// workers that must be among newWorkers; it returns the session as JSON and
// the counter's new value.
func stateAfterReload(t *testing.T, st *phpstack.Stack, sessionID string, newWorkers []int) (session string, counter int) {
	t.Helper()
	readBy, session := pidAnd(t, mustFetch(t, st.URL("/session/read.php"), sessionID))
	countedBy, value := pidAnd(t, mustFetch(t, st.URL("/kv/incr.php?key=visits"), ""))
	assert.Contains(t, newWorkers, readBy, "session read by a new worker")
	assert.Contains(t, newWorkers, countedBy, "counter incremented by a new worker")
	counter, err := strconv.Atoi(value)
	require.NoError(t, err, value)
	return session, counter
}

// reload reloads st and returns its new workers.
func reload(t *testing.T, st *phpstack.Stack) []int {
	t.Helper()
	before := st.WorkerPIDs()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	started := time.Now()
	after, err := st.Reload(ctx)
	require.NoError(t, err)
	t.Logf("reloaded in %v: workers %v, then %v", time.Since(started).Round(time.Millisecond), before, after)
	return after
}

func TestStoreFileKeepsSessionsAndKeysAcrossReload(t *testing.T) {
	for _, sapi := range sessionPools {
		t.Run(sapi.String(), func(t *testing.T) {
			st := startPool(t, sapi, sessionAndKVPages, storeFileINI(newStoreFile(t))...)
			sessionID := logInAndCount(t, st)

			session, counter := stateAfterReload(t, st, sessionID, reload(t, st))
			assert.Equal(t, `{"user":"alice"}`, session, "the login survives the reload")
			assert.Equal(t, visitsBeforeReload+1, counter, "the counter survives the reload")
		})
	}
}

// A restart (stop, then start) is a new php-fpm master: it finds the store
// file the stopped one left and maps it again.
func TestStoreFileKeepsSessionsAndKeysAcrossFPMRestart(t *testing.T) {
	ini := storeFileINI(newStoreFile(t))
	first := startPool(t, phpstack.FPM, sessionAndKVPages, ini...)
	sessionID := logInAndCount(t, first)
	firstMaster := first.MasterPID()
	checkLogs(t, first) // Stop removes the logs
	first.Stop()

	second := startPool(t, phpstack.FPM, sessionAndKVPages, ini...)
	assert.NotEqual(t, firstMaster, second.MasterPID())
	session, counter := stateAfterReload(t, second, sessionID, second.WorkerPIDs())
	assert.Equal(t, `{"user":"alice"}`, session, "the login survives the restart")
	assert.Equal(t, visitsBeforeReload+1, counter, "the counter survives the restart")
}

// The default: the store is an anonymous mapping that MINIT makes, so a
// reload, which runs MINIT again, starts with an empty store (as APCu does).
func TestWithoutStoreFileReloadStartsAnEmptyStore(t *testing.T) {
	for _, sapi := range sessionPools {
		t.Run(sapi.String(), func(t *testing.T) {
			st := startPool(t, sapi, sessionAndKVPages, nativeHandler)
			sessionID := logInAndCount(t, st)

			session, counter := stateAfterReload(t, st, sessionID, reload(t, st))
			assert.Equal(t, "[]", session, "the login is gone after the reload")
			assert.Equal(t, 1, counter, "the counter starts again after the reload")
		})
	}
}

// php-fpm's reload sends its workers SIGQUIT and, process_control_timeout
// later (0 by default: a quarter of a millisecond later here), SIGTERM, so a
// request holding a session lock dies with the old workers. The store file
// keeps the lock, which names the dead worker: the first request after the
// reload takes it over at once instead of waiting out
// ephpm_kv.session_lock_timeout. (Apache's graceful restart lets running
// requests finish, so it leaves no such lock.)
func TestStoreFileLockOfWorkerKilledByFPMReloadIsTakenOver(t *testing.T) {
	const lockTimeout = 30 * time.Second
	st := startPool(t, phpstack.FPM, sessionAndKVPages, append(storeFileINI(newStoreFile(t)),
		fmt.Sprintf("ephpm_kv.session_lock_timeout=%d", lockTimeout.Milliseconds()))...)
	_, id := pidAnd(t, mustFetch(t, st.URL("/session/init.php"), ""))
	_, n := pidAnd(t, mustFetch(t, st.URL("/session/incr.php"), id))
	require.Equal(t, "1", n)

	holder, held := holdSessionLock(t, st, "/session", id)

	newWorkers := reload(t, st)
	select {
	case r := <-held:
		assert.Equal(t, http.StatusBadGateway, r.status, "the request killed by the reload: %s", r.body)
	case <-time.After(10 * time.Second):
		t.Fatal("the request holding the lock outlived the reload")
	}

	started := time.Now()
	r, err := fetch(context.Background(), st.URL("/session/incr.php"), id)
	elapsed := time.Since(started)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, r.status, r.body)
	pid, n := pidAnd(t, r.body)
	assert.Contains(t, newWorkers, pid)
	assert.Equal(t, "2", n, "the session survives the reload, without the killed holder's changes")
	assert.Less(t, elapsed, time.Second, "the lock of the killed holder is taken over at once, not after %v", lockTimeout)
	t.Logf("lock of worker %d, killed by the reload, taken over by worker %d in %v", holder, pid, elapsed)
	assert.Equal(t, `{"n":2}`, storedSession(t, st, id))
}

// An Apache graceful restart runs MINIT again in the parent while old
// children still serve: after a change of ephpm_kv.size the new store
// replaces the old file even though those children use it, and they finish
// on the old store. (Any other process finding its store in use refuses to
// replace it: test store_file_replaced.phpt.)
func TestStoreFileApacheGracefulRestartWithANewSizeReplacesTheStoreInUse(t *testing.T) {
	const oldSize, newSize = 32 << 20, 16 << 20
	st := phpstack.StartT(t, phpstack.Options{
		SAPI:                    phpstack.ApachePrefork,
		Workers:                 4,
		INI:                     kvINI(t, "ephpm_kv.store_file="+newStoreFile(t), fmt.Sprintf("ephpm_kv.size=%d", oldSize)),
		Docroot:                 testdata("."),
		RequestTerminateTimeout: 60 * time.Second,
	})
	mustFetch(t, st.URL("/kv/set.php?key=generation&value=old"), "")

	oldChild := make(chan reply, 1)
	go func() {
		r, err := fetchWith(context.Background(), oneConnectionPerRequest,
			st.URL("/kv/get.php?key=generation&mark=reading&before=1500000"), "")
		if err != nil {
			r = reply{status: -1, body: err.Error()}
		}
		oldChild <- r
	}()
	require.Eventually(t, func() bool {
		_, marked := pidAnd(t, mustFetch(t, st.URL("/kv/get.php?key=reading"), ""))
		return marked == "1"
	}, 10*time.Second, 20*time.Millisecond, "the request on an old child never started")

	ini, err := os.OpenFile(filepath.Join(st.Dir(), "php.ini"), os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = fmt.Fprintf(ini, "ephpm_kv.size=%d\n", newSize)
	require.NoError(t, ini.Close())
	require.NoError(t, err)
	newWorkers := reload(t, st)

	r := <-oldChild
	require.Equal(t, http.StatusOK, r.status, r.body)
	_, value := pidAnd(t, r.body)
	assert.Equal(t, "old", value, "the old child finished on the old store")

	pid, value := pidAnd(t, mustFetch(t, st.URL("/kv/get.php?key=generation"), ""))
	assert.Contains(t, newWorkers, pid)
	assert.Equal(t, "(null)", value, "the new children have a new, empty store")
	mustFetch(t, st.URL("/kv/set.php?key=generation&value=new"), "")

	log, err := os.ReadFile(filepath.Join(st.Dir(), "php-error.log"))
	require.NoError(t, err)
	var warnings []string
	for _, line := range strings.Split(string(log), "\n") {
		if strings.Contains(line, "PHP Warning") {
			warnings = append(warnings, line)
		}
	}
	require.Len(t, warnings, 1, string(log))
	assert.Contains(t, warnings[0], fmt.Sprintf("new, replacing a store of %d bytes (ephpm_kv.size is %d) "+
		"that running processes use (they keep it until they exit): its entries and sessions are gone", oldSize, newSize))
}
