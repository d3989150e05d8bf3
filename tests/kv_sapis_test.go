package tests

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The store is one per pool under every multi-process SAPI, not only php-fpm:
// `php -S` with PHP_CLI_SERVER_WORKERS, php-cgi with PHP_FCGI_CHILDREN and
// Apache prefork (mod_php, children running as www-data) all fork their
// workers after MINIT.
func TestSharedStoreUnderOtherSAPIs(t *testing.T) {
	for _, sapi := range []phpstack.SAPI{phpstack.CLIServer, phpstack.CGI, phpstack.ApachePrefork} {
		t.Run(sapi.String(), func(t *testing.T) {
			st := startPool(t, sapi, "kv")
			workers := st.WorkerPIDs()
			require.GreaterOrEqual(t, len(workers), 4)

			results, failures := incrAll(t, st, "/incr.php", 400, 8, nil)
			require.Empty(t, failures)
			values, pids := valuesAndPids(results)
			assertDistinctFromOne(t, values)
			assert.Equal(t, 400, counterValue(t, st))
			for pid := range pids {
				assert.Contains(t, workers, pid)
			}
			assert.GreaterOrEqual(t, len(pids), 2, "served by several workers: %v", pids)
			t.Logf("requests per worker pid: %v", pids)

			// Overlapping slow reads from several workers all see the same
			// counter. php -S may let one worker accept a whole burst, so
			// burst again until two workers have read it (at most ten times).
			var mu sync.Mutex
			readers := map[int]bool{}
			for round := 0; round < 10 && len(readers) < 2; round++ {
				parallel(8, 8, func(int) {
					pid, got := pidAnd(t, fetchOK(t, st.URL("/get.php?key=counter&hold=100000"), ""))
					assert.Equal(t, "400", got, "pid %d", pid)
					assert.Contains(t, workers, pid)
					mu.Lock()
					readers[pid] = true
					mu.Unlock()
				})
			}
			assert.GreaterOrEqual(t, len(readers), 2, "different pids read the counter: %v", readers)
		})
	}
}

// phpinfo() tells an operator which processes share the store: under every
// server SAPI, all that PHP's parent forked (every pool of a php-fpm master).
func TestPhpinfoSaysTheServersProcessesShareTheStore(t *testing.T) {
	for _, sapi := range []phpstack.SAPI{phpstack.FPM, phpstack.CLIServer, phpstack.CGI, phpstack.ApachePrefork} {
		t.Run(sapi.String(), func(t *testing.T) {
			st := startPool(t, sapi, "kv")
			assert.Equal(t, "the processes forked from PHP's parent process (one store per php-fpm "+
				"master, for all its pools, or per Apache parent)", phpinfoRow(t, st, "Store shared by"))
			assert.Equal(t, "no row", phpinfoRow(t, st, "Not in effect"))
		})
	}
}

// A pool's php_admin_value for a SYSTEM setting of the store changes what
// ini_get() says in that pool, never the store: phpinfo() says so beside the
// ini table that shows the pool's values.
func TestPhpinfoSaysPoolValuesOfStoreSettingsAreNotInEffect(t *testing.T) {
	file := fmt.Sprintf("/dev/shm/ephpm_kv_test_pool_%d", os.Getpid())
	for _, setting := range []string{"ephpm_kv.store_file = " + file, "ephpm_kv.size = 128M",
		"ephpm_kv.store_file_group = nogroup"} {
		t.Run(strings.Fields(setting)[0], func(t *testing.T) {
			st := phpstack.StartT(t, phpstack.Options{
				SAPI: phpstack.FPM, INI: kvINI(t), Docroot: testdata("kv"),
				PoolConfig: []string{"php_admin_value[" + strings.Replace(setting, " = ", "] = ", 1)},
			})
			t.Cleanup(func() { checkLogs(t, st) })

			assert.Contains(t, phpinfoRow(t, st, "Not in effect"), "read once, when PHP's parent process starts")
			assert.Equal(t, "no row", phpinfoRow(t, st, "Store file"), "the store is anonymous")
			assert.NoFileExists(t, file)
		})
	}
}

func phpinfoRow(t *testing.T, st *phpstack.Stack, row string) string {
	return fetchOK(t, st.URL("/phpinfo_row.php?row="+url.QueryEscape(row)), "")
}
