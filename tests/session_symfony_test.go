package tests

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Symfony's HttpFoundation (Debian's php-symfony-http-foundation) on the native
// handler, as a Symfony application without a handler of its own runs it:
// NativeSessionStorage wraps session.save_handler = ephpm in \SessionHandler,
// StrictSessionHandler and SessionHandlerProxy, with strict mode and lazy_write on.
func TestSymfonySessionsOnTheNativeHandler(t *testing.T) {
	for _, sapi := range sessionPools {
		t.Run(sapi.String(), func(t *testing.T) {
			st := startPool(t, sapi, "symfony", nativeHandler)

			t.Run("locked increments through the wrappers are exact", func(t *testing.T) {
				_, id := pidAnd(t, mustFetch(t, st.URL("/init.php"), ""))
				require.Regexp(t, `^[A-Za-z0-9,-]{22,256}$`, id)
				values, failures := incrementSession(t, st, id, 8, 100)
				require.Empty(t, failures)
				assertDistinctFromOne(t, values)
				read := readSymfonySession(t, st, id, 0)
				assert.Equal(t, `{"n":800}`, read.attributes)
				assert.Equal(t, id, read.id)
				assert.True(t, read.stored, "the session is not in ephpm's store")
			})

			t.Run("login migrates the session, other workers see it, the old id is gone", func(t *testing.T) {
				_, id := pidAnd(t, mustFetch(t, st.URL("/init.php"), ""))
				loginPid, ids := pidAnd(t, mustFetch(t, st.URL("/login.php?user=alice"), id))
				oldID, newID, _ := strings.Cut(ids, " ")
				require.Equal(t, id, oldID)
				require.NotEqual(t, id, newID)

				var mu sync.Mutex
				others := map[int]bool{}
				parallel(8, 8, func(int) {
					read := readSymfonySession(t, st, newID, 100000)
					assert.Equal(t, `{"n":0,"user":"alice"}`, read.attributes, "read by pid %d", read.pid)
					if read.pid != loginPid {
						mu.Lock()
						others[read.pid] = true
						mu.Unlock()
					}
				})
				assert.NotEmpty(t, others, "no worker other than %d served a read", loginPid)

				// Strict mode: the destroyed id is not taken back; the client gets a fresh one.
				old := readSymfonySession(t, st, oldID, 0)
				assert.Equal(t, "{}", old.attributes)
				assert.NotEqual(t, oldID, old.id)
				assert.False(t, old.stored)
			})

			t.Run("a flash message is shown once", func(t *testing.T) {
				_, id := pidAnd(t, mustFetch(t, st.URL("/init.php"), ""))
				_, added := pidAnd(t, mustFetch(t, st.URL("/flash.php?add=saved"), id))
				assert.Equal(t, "[]", added)
				_, shown := pidAnd(t, mustFetch(t, st.URL("/flash.php"), id))
				assert.Equal(t, `["saved"]`, shown)
				_, again := pidAnd(t, mustFetch(t, st.URL("/flash.php"), id))
				assert.Equal(t, "[]", again)
			})

			t.Run("logout invalidates: new id, nothing stored under either", func(t *testing.T) {
				_, ids := pidAnd(t, mustFetch(t, st.URL("/login.php?user=bob"), ""))
				_, loggedIn, _ := strings.Cut(ids, " ")
				require.True(t, readSymfonySession(t, st, loggedIn, 0).stored)
				_, newID := pidAnd(t, mustFetch(t, st.URL("/logout.php"), loggedIn))
				require.NotEqual(t, loggedIn, newID)
				after := readSymfonySession(t, st, newID, 0)
				assert.Equal(t, "{}", after.attributes)
				assert.False(t, after.stored, "an empty Symfony session is destroyed, not stored")
				before := readSymfonySession(t, st, loggedIn, 0)
				assert.Equal(t, "{}", before.attributes)
				assert.False(t, before.stored)
			})
		})
	}
}

type symfonyRead struct {
	pid        int
	attributes string
	id         string
	stored     bool
}

func readSymfonySession(t *testing.T, st *phpstack.Stack, id string, holdMicros int) symfonyRead {
	t.Helper()
	r, err := fetch(t.Context(), st.URL("/read.php?hold="+strconv.Itoa(holdMicros)), id)
	if !assert.NoError(t, err) || !assert.Equal(t, http.StatusOK, r.status, r.body) {
		return symfonyRead{}
	}
	pid, rest := pidAnd(t, r.body)
	fields := strings.Fields(rest)
	if !assert.Len(t, fields, 3, r.body) {
		return symfonyRead{}
	}
	return symfonyRead{pid: pid, attributes: fields[0], id: fields[1], stored: fields[2] == "1"}
}
