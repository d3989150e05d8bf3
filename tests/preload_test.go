package tests

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
	"github.com/stretchr/testify/assert"
)

// preloadINI makes opcache preload tests/testdata/preload/preload.php, which
// writes to the store, as user.
func preloadINI(t *testing.T, user string) []string {
	return kvINI(t, append(phpstack.SharedModules("opcache"),
		"opcache.enable=1",
		"opcache.preload="+testdata("preload/preload.php"),
		"opcache.preload_user="+user)...)
}

// A php-fpm master running as root preloads in a child of opcache's own, so a
// preload script may fill the store: every worker sees what it wrote.
func TestPreloadUnderARootMasterFillsTheStore(t *testing.T) {
	st := phpstack.StartT(t, phpstack.Options{
		SAPI: phpstack.FPM, Workers: 4, INI: preloadINI(t, "root"), Docroot: testdata("preload"),
	})
	t.Cleanup(func() { checkLogs(t, st) })
	workers := st.WorkerPIDs()
	parallel(40, 8, func(int) {
		pid, value := pidAnd(t, fetchOK(t, st.URL("/read.php"), ""))
		assert.Contains(t, workers, pid)
		preloader, err := strconv.Atoi(value)
		if assert.NoError(t, err, "the preload script's pid: %q", value) {
			assert.NotContains(t, append(workers, st.MasterPID()), preloader, "preloaded in a child of opcache's own")
		}
	})
}

// A master that is not root preloads in itself and then forks the workers:
// Go started there would leave every worker without the store, so the
// preload script's first ephpm_kv call throws and php-fpm refuses to start,
// saying why (before: it started, and every request of every worker failed).
func TestPreloadUnderANonRootMasterRefusesToStart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := phpstack.Start(ctx, phpstack.Options{
		SAPI: phpstack.FPM, Workers: 2, User: "www-data", INI: preloadINI(t, "www-data"),
		Docroot: testdata("preload"),
	})
	if err == nil {
		body := mustFetch(t, st.URL("/read.php"), "")
		st.Stop()
		t.Fatalf("php-fpm started with a preload script that used the store; a worker replied %q", body)
	}
	assert.Contains(t, err.Error(), "ephpm_kv cannot be used in opcache.preload here")
	assert.Contains(t, err.Error(), "fpm-fcgi")
}
