package phpstack

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests prove the harness with stock modules only (APCu's shared
// memory is per pool, like ephpm_kv's), so they run before the project's
// extension is built.

var apcuCounter = map[string]string{
	"count.php": `<?php $n = apcu_inc('hits', 1, $ok); echo getmypid(), ' ', $n;`,
	"slow.php":  `<?php usleep(100000); echo getmypid();`,
}

func apcuINI() []string { return append(SharedModules("apcu"), "apc.enabled=1", "apc.enable_cli=1") }

// get may run on any goroutine: errors are reported, not fatal.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if !assert.NoError(t, err) {
		return 0, ""
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	assert.NoError(t, err)
	return resp.StatusCode, string(body)
}

// hammer sends n GETs from c goroutines and returns the pids (first field of
// each body) and the largest counter value seen (second field).
func hammer(t *testing.T, url string, n, c int) (pids map[int]int, max int) {
	t.Helper()
	var mu sync.Mutex
	pids = map[int]int{}
	var wg sync.WaitGroup
	jobs := make(chan struct{}, n)
	for i := 0; i < n; i++ {
		jobs <- struct{}{}
	}
	close(jobs)
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				code, body := get(t, url)
				assert.Equal(t, 200, code, body)
				var pid, v int
				_, err := fmt.Sscan(body, &pid, &v)
				assert.NoError(t, err, body)
				mu.Lock()
				pids[pid]++
				if v > max {
					max = v
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return pids, max
}

func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	return err == nil && !strings.Contains(string(stat), ") Z ")
}

func TestFPMPoolSharesAPCuAndRespawnsKilledWorker(t *testing.T) {
	st := StartT(t, Options{SAPI: FPM, Workers: 4, INI: apcuINI(), Files: apcuCounter})
	workers := st.WorkerPIDs()
	require.Len(t, workers, 4)

	pids, max := hammer(t, st.URL("/count.php"), 400, 16)
	assert.Equal(t, 400, max, "APCu counter shared by the pool")
	assert.GreaterOrEqual(t, len(pids), 2, "requests spread over several workers: %v", pids)
	for pid := range pids {
		assert.Contains(t, workers, pid)
	}

	victim := workers[0]
	require.NoError(t, st.KillWorker(victim))
	after, err := st.WaitWorkers(4, 5*time.Second)
	require.NoError(t, err)
	assert.NotContains(t, after, victim)
	code, _ := get(t, st.URL("/count.php"))
	assert.Equal(t, 200, code)
	assert.Error(t, st.KillWorker(os.Getpid()), "only workers can be killed")

	master := st.MasterPID()
	st.Stop()
	assert.False(t, alive(master), "master stopped")
	for _, w := range after {
		assert.False(t, alive(w), "worker %d stopped", w)
	}
	_, err = os.Stat(st.Dir())
	assert.True(t, os.IsNotExist(err), "private dir removed")
}

func TestOtherSAPIsServeFromSeveralWorkers(t *testing.T) {
	for _, sapi := range []SAPI{CGI, CLIServer, ApachePrefork} {
		t.Run(sapi.String(), func(t *testing.T) {
			st := StartT(t, Options{SAPI: sapi, Workers: 4, INI: apcuINI(), Files: apcuCounter})
			workers := st.WorkerPIDs()
			if sapi == CLIServer {
				require.Len(t, workers, 5, "4 children and the master")
				assert.Contains(t, workers, st.MasterPID())
			} else {
				require.Len(t, workers, 4)
			}
			// Concurrent slow requests spread over the workers; but php -S
			// lets one worker accept a whole burst before the others wake, so
			// send bursts until two workers have answered (at most ten).
			var mu sync.Mutex
			seen := map[string]bool{}
			for round := 0; round < 10 && len(seen) < 2; round++ {
				var wg sync.WaitGroup
				for i := 0; i < 8; i++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						code, body := get(t, st.URL("/slow.php"))
						assert.Equal(t, 200, code)
						pid, _ := strconv.Atoi(body)
						assert.Contains(t, workers, pid)
						mu.Lock()
						seen[body] = true
						mu.Unlock()
					}()
				}
				wg.Wait()
			}
			assert.GreaterOrEqual(t, len(seen), 2, "pids %v", seen)
		})
	}
}

// A reload starts PHP again in the same parent: new workers, and APCu, whose
// shared memory MINIT creates, starts empty.
func TestReloadStartsNewWorkersInTheSameParent(t *testing.T) {
	for _, sapi := range []SAPI{FPM, ApachePrefork} {
		t.Run(sapi.String(), func(t *testing.T) {
			st := StartT(t, Options{SAPI: sapi, Workers: 4, INI: apcuINI(), Files: apcuCounter})
			master, before := st.MasterPID(), st.WorkerPIDs()
			_, max := hammer(t, st.URL("/count.php"), 20, 4)
			require.Equal(t, 20, max)

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			started := time.Now()
			after, err := st.Reload(ctx)
			require.NoError(t, err)
			t.Logf("reloaded in %v", time.Since(started).Round(time.Millisecond))
			require.Len(t, after, 4)
			assert.Equal(t, master, st.MasterPID())
			assert.True(t, alive(master), "the parent outlives its reload")
			for _, pid := range before {
				assert.NotContains(t, after, pid)
			}
			assert.Equal(t, after, st.WorkerPIDs())

			pids, max := hammer(t, st.URL("/count.php"), 20, 4)
			assert.Equal(t, 20, max, "APCu started empty again")
			for pid := range pids {
				assert.Contains(t, after, pid)
			}
		})
	}
	st := StartT(t, Options{SAPI: CGI, Workers: 2, INI: apcuINI(), Files: apcuCounter})
	_, err := st.Reload(context.Background())
	assert.ErrorContains(t, err, "php-cgi has no reload")
}

func TestStartFailureIsReportedWithLogs(t *testing.T) {
	_, err := Start(context.Background(), Options{Files: map[string]string{}, Docroot: "/tmp"})
	require.ErrorContains(t, err, "exactly one")

	// /bin/sh rejects php-fpm's -R flag on stderr and exits.
	defer func(bin string) { PHPFPMBinary = bin }(PHPFPMBinary)
	PHPFPMBinary = "/bin/sh"
	_, err = Start(context.Background(), Options{Files: apcuCounter})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "php-fpm exited during start-up")
	assert.Contains(t, err.Error(), "php-fpm.stderr <==", "log tails included")
}

func TestRedisAndMemcachedServePHPClients(t *testing.T) {
	ctx := context.Background()
	redis, err := StartRedis(ctx)
	require.NoError(t, err)
	t.Cleanup(redis.Stop)
	out, err := CLI(ctx, SharedModules("redis"), "-r",
		`$r = new Redis(); $r->connect($argv[1]); $r->set("k", "v1"); echo $r->get("k");`, redis.Address).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, "v1", string(out))

	for _, network := range []string{"unix", "tcp"} {
		mc, err := StartMemcached(ctx, network)
		require.NoError(t, err)
		t.Cleanup(mc.Stop)
		host, port := mc.Address, "0"
		if network == "tcp" {
			host, port, _ = strings.Cut(mc.Address, ":")
		}
		out, err := CLI(ctx, SharedModules("memcached"), "-r",
			`$m = new Memcached(); $m->addServer($argv[1], (int)$argv[2]); $m->set("k", "v2"); echo $m->get("k");`,
			host, port).CombinedOutput()
		require.NoError(t, err, string(out))
		assert.Equal(t, "v2", string(out), network)
	}
}

func TestExtensionINIPointsAtBuildOutput(t *testing.T) {
	t.Setenv(ModulesEnv, t.TempDir())
	_, err := ExtensionINI()
	require.ErrorIs(t, err, ErrNotBuilt)
	assert.Contains(t, err.Error(), "make build")

	dir := t.TempDir()
	for _, f := range []string{"ephpm_kv.so", "ephpm_kv_go.so"} {
		require.NoError(t, os.WriteFile(dir+"/"+f, nil, 0o644))
	}
	t.Setenv(ModulesEnv, dir)
	lines, err := ExtensionINI()
	require.NoError(t, err)
	assert.Equal(t, []string{"extension=" + dir + "/ephpm_kv.so", "ephpm_kv.library=" + dir + "/ephpm_kv_go.so"}, lines)
}

func TestSharedModulesLoadsDependenciesFirst(t *testing.T) {
	assert.Equal(t, []string{"extension=apcu", "extension=igbinary", "extension=msgpack",
		"extension=redis", "extension=memcached", "zend_extension=opcache"},
		SharedModules("apcu", "redis", "memcached", "opcache"))
}
