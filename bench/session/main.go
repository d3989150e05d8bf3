// Command session benchmarks PHP session save handlers under php-fpm (static pool of 4)
// behind nginx, driven by wrk (issue 3). It prints req/s of each handler as a ratio of
// a page without a session, measured in the same run, plus same-session contention and
// the session-lock hand-off latency. Numbers only: it never judges timings by exit code.
//
//	go run ./bench/session [-rounds 15] [-contention-rounds 5] [-duration 2s] [-warmup 2s] [-only ephpm,files-disk]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
)

// wrk shape of the 1000-user runs; flags may change it.
var (
	wrkThreads = 2
	wrkConns   = 32
)

const (
	workers      = 4
	users        = 1000
	contenders   = 16
	handoffConns = 4
	handoffReqs  = 100 // per client
	handoffHold  = 1000
	ephpmTarget  = 0.95
	anatomyWarm  = 500
	anatomyReqs  = 2000
)

// handlerCase is one php-fpm configuration measured with its own fresh stack.
type handlerCase struct {
	key     string // for -only
	label   string
	page    string
	ini     []string
	context float64 // ratio measured before this project (issue 3), 0 = none
	// contention: also measure 16 concurrent requests on one session;
	// handoff: also measure the lock hand-off latency (handlers that lock).
	contention, handoff bool
	needs               string // "ephpm", "redis", "memcached", "native-noop" or ""
	storesNothing       bool   // a reference handler: every request starts from an empty session
	// modules: a directory with another build of ephpm_kv.so and ephpm_kv_go.so for this
	// case (-compare-build); "" = the build under test.
	modules string
}

type caseResult struct {
	hc         handlerCase
	stack      *phpstack.Stack
	runs       []wrkResult
	contention []wrkResult
	// lostIncrements: responses of the contention runs whose increment the session lacks.
	lostIncrements int64
	handoff        *handoffStats
	anatomy        *anatomyStats
	skipped        string
	errorLog       string // this case's PHP error_log
	phpErrors      string
	// workerCrashed: php-fpm logged a worker killed by a signal; its figures are suspect.
	workerCrashed bool
}

func main() {
	duration := flag.Duration("duration", 2*time.Second, "one measured wrk run")
	rounds := flag.Int("rounds", 15, "measured runs per handler, taken round-robin over the handlers; ratios are medians of per-round ratios")
	contentionRounds := flag.Int("contention-rounds", 5, "runs per handler of the one-session contention case")
	warmup := flag.Duration("warmup", 2*time.Second, "unmeasured wrk run per stack before the rounds")
	only := flag.String("only", "", "comma-separated case keys to run (default all): "+
		"nosession,engine-alone,native-nothing,ephpm,files-disk,files-tmpfs,redis,memcached,apcu-userland")
	ephpmExtra := flag.String("ephpm-ini", "", "extra ini lines for the ephpm case, ';'-separated "+
		"(e.g. \"ephpm_kv.gomaxprocs=1\"), to try settings")
	compareExtra := flag.String("compare-ini", "", "also measure a second ephpm case with these ';'-separated ini lines, "+
		"in the same interleaved rounds (e.g. \"ephpm_kv.scheduler_tick_in_place=0\")")
	compareBuild := flag.String("compare-build", "", "also measure a second ephpm case with the ephpm_kv.so and ephpm_kv_go.so "+
		"of this directory (another build: the C extension and the Go library), in the same interleaved rounds")
	flag.IntVar(&wrkThreads, "threads", wrkThreads, "wrk threads")
	flag.IntVar(&wrkConns, "connections", wrkConns, "wrk connections for the 1000-user runs")
	flag.Parse()

	benchDir := filepath.Join(phpstack.RepoRoot(), "bench", "session")
	work, err := os.MkdirTemp("", "ephpm-bench-session-")
	check(err)
	defer os.RemoveAll(work)
	tmpfsDir, err := os.MkdirTemp("/dev/shm", "ephpm-bench-sessions-")
	check(err)
	defer os.RemoveAll(tmpfsDir)
	diskDir := filepath.Join(work, "sessions")
	check(os.MkdirAll(diskDir, 0o700))

	ephpmINI, ephpmErr := snapshotExtension(phpstack.ModulesDir(), filepath.Join(work, "modules"))
	daemons := startHelperDaemons()
	defer daemons.stop()

	started := time.Now()
	// Every stack runs for the whole bench (idle ones cost nothing) so that the measured
	// runs can alternate between handlers: drift of the machine then hits all of them alike.
	var cases []*caseResult
	selected := selectCases(buildCases(benchDir, diskDir, tmpfsDir, daemons), *only)
	if *compareExtra != "" || *compareBuild != "" {
		selected = append(selected, compareCase(selected, *compareExtra, *compareBuild))
	}
	for _, hc := range selected {
		if hc.key == "ephpm" && *ephpmExtra != "" {
			hc.ini = append(hc.ini, strings.Split(*ephpmExtra, ";")...)
			hc.label += " +ini"
		}
		cases = append(cases, prepareCase(hc, benchDir, work, ephpmINI, ephpmErr, daemons, *warmup))
	}
	defer func() {
		for _, c := range cases {
			if c.stack != nil {
				c.stack.Stop()
			}
		}
	}()
	// Each round runs the cases in another order. In a fixed order, of two builds one
	// syscall apart, the one measured second used 5.4-5.6 us less CPU a request, whichever
	// it was: a bias of the position that every comparison of the report inherited.
	order := rand.New(rand.NewPCG(1, 2))
	for r := 1; r <= *rounds; r++ {
		for _, i := range order.Perm(len(cases)) {
			c := cases[i]
			if c.skipped != "" {
				continue
			}
			fmt.Fprintf(os.Stderr, "bench: round %d/%d: %s\n", r, *rounds, c.hc.label)
			pids := c.stack.WorkerPIDs()
			cpuBefore, otherBefore := threadsCPU(pids)
			res, err := runWrk(benchDir, c.load(*duration))
			if err != nil {
				c.skipped = err.Error()
				continue
			}
			if cpuAfter, otherAfter := threadsCPU(pids); res.requests > 0 {
				res.workerCPUMicros = float64(cpuAfter-cpuBefore) / 1e3 / float64(res.requests)
				res.otherThreadsCPUMicros = float64(otherAfter-otherBefore) / 1e3 / float64(res.requests)
			}
			c.runs = append(c.runs, res)
			fmt.Fprintf(os.Stderr, "bench:   %.0f req/s, %.1f us worker CPU a request (%.1f on other threads)\n",
				res.reqPerSec, res.workerCPUMicros, res.otherThreadsCPUMicros)
		}
	}
	for r := 1; r <= *contentionRounds; r++ {
		for _, c := range cases {
			if c.skipped == "" && c.hc.contention {
				fmt.Fprintf(os.Stderr, "bench: round %d/%d: one-session contention: %s\n", r, *contentionRounds, c.hc.label)
				res, lost, err := runContention(benchDir, c, *duration)
				if err != nil {
					fmt.Fprintf(os.Stderr, "bench: %s contention: %v\n", c.hc.label, err)
					continue
				}
				c.contention = append(c.contention, res)
				c.lostIncrements += lost
			}
		}
	}
	for _, c := range cases {
		if c.skipped == "" && c.hc.handoff {
			measureLockHandoff(c)
		}
		if c.skipped == "" {
			fmt.Fprintf(os.Stderr, "bench: serial per-request cost: %s\n", c.hc.label)
			a, err := measureAnatomy(c.stack.URL("/anatomy.php"), c.hc.page == "session.php", anatomyWarm, anatomyReqs)
			if err != nil {
				fmt.Fprintf(os.Stderr, "bench: %s per-request cost: %v\n", c.hc.label, err)
			} else {
				c.anatomy = &a
			}
		}
		if c.stack != nil {
			c.phpErrors = c.phpErrorLog()
			c.workerCrashed = strings.Contains(c.stack.Logs(), "exited on signal")
		}
	}
	report(os.Stdout, cases, diskDir, tmpfsDir, *warmup, *duration, *rounds, *contentionRounds, time.Since(started))
}

func buildCases(benchDir, diskDir, tmpfsDir string, d *helperDaemons) []handlerCase {
	return []handlerCase{
		{key: "nosession", label: "no session (baseline)", page: "nosession.php"},
		{key: "engine-alone", label: "session engine alone", page: "session.php", storesNothing: true,
			ini: []string{"session.save_handler = files",
				"auto_prepend_file = " + filepath.Join(benchDir, "www", "noop_handler.php")}},
		// Its extension is built when the bench starts (prepareCase adds the line loading it).
		{key: "native-nothing", label: "native, stores nothing", page: "session.php", storesNothing: true,
			needs: "native-noop", ini: []string{"session.save_handler = noop"}},
		{key: "ephpm", label: "ephpm (locking on)", page: "session.php", needs: "ephpm", contention: true, handoff: true,
			ini: []string{"session.save_handler = ephpm", "ephpm_kv.session_locking = 1"}},
		{key: "files-disk", label: "files, disk", page: "session.php", context: 0.48, contention: true, handoff: true,
			ini: []string{"session.save_handler = files", "session.save_path = " + diskDir}},
		{key: "files-tmpfs", label: "files, tmpfs", page: "session.php", context: 0.86,
			ini: []string{"session.save_handler = files", "session.save_path = " + tmpfsDir}},
		{key: "redis", label: "redis (phpredis, unix socket)", page: "session.php", context: 0.43, needs: "redis",
			ini: []string{"session.save_handler = redis", "session.save_path = unix://" + d.redisSocket()}},
		{key: "memcached", label: "memcached (php-memcached)", page: "session.php", context: 0.30, needs: "memcached",
			ini: []string{"session.save_handler = memcached", "session.save_path = " + d.memcachedSocket()}},
		{key: "apcu-userland", label: "userland APCu (no locking)", page: "session.php", context: 0.92, contention: true,
			ini: []string{"session.save_handler = files",
				"auto_prepend_file = " + filepath.Join(benchDir, "www", "apcu_handler.php")}},
	}
}

// compareCase is the ephpm case again with extra ini lines or another build, measured beside it.
func compareCase(selected []handlerCase, extra, modules string) handlerCase {
	for _, hc := range selected {
		if hc.key == "ephpm" {
			hc.key = "ephpm-compare"
			if extra != "" {
				hc.label += " +compare-ini"
				hc.ini = append(append([]string(nil), hc.ini...), strings.Split(extra, ";")...)
			}
			if modules != "" {
				hc.label += " (compared build)"
				hc.modules = modules
			}
			hc.contention, hc.handoff = false, false
			return hc
		}
	}
	check(fmt.Errorf("-compare-ini and -compare-build need the ephpm case (add it to -only)"))
	return handlerCase{}
}

func selectCases(all []handlerCase, only string) []handlerCase {
	if only == "" {
		return all
	}
	want := map[string]bool{"nosession": true} // ratios need the baseline
	for _, k := range strings.Split(only, ",") {
		want[strings.TrimSpace(k)] = true
	}
	var out []handlerCase
	for _, hc := range all {
		if want[hc.key] {
			out = append(out, hc)
		}
	}
	return out
}

// commonINI is identical for every case, so the only difference between two runs is the
// session configuration: same extensions loaded, opcache on, no session GC during the run.
func commonINI(ephpmINI []string) []string {
	ini := phpstack.SharedModules("opcache", "apcu", "redis", "memcached")
	ini = append(ini, ephpmINI...)
	return append(ini,
		"opcache.enable = 1",
		"opcache.validate_timestamps = 0",
		"apc.enabled = 1",
		"apc.shm_size = 64M",
		"ephpm_kv.size = 256M",
		"session.gc_probability = 0",
		"session.use_strict_mode = 0",
		"session.use_cookies = 1",
		"session.use_only_cookies = 1",
		"session.lazy_write = 1",
	)
}

// prepareCase starts the case's stack, checks that its handler really keeps sessions and
// runs the warm-up (which also creates all the users' sessions).
func prepareCase(hc handlerCase, benchDir, work string, ephpmINI []string, ephpmErr error,
	d *helperDaemons, warmup time.Duration) *caseResult {
	c := &caseResult{hc: hc, errorLog: filepath.Join(work, "php-error-"+hc.key+".log")}
	if hc.modules != "" {
		ephpmINI, ephpmErr = snapshotExtension(hc.modules, filepath.Join(work, "modules-"+hc.key))
	}
	switch hc.needs {
	case "ephpm":
		if ephpmErr != nil {
			c.skipped = ephpmErr.Error()
			return c
		}
	case "redis", "memcached":
		if err := d.err(hc.needs); err != nil {
			c.skipped = err.Error()
			return c
		}
	case "native-noop":
		fmt.Fprintf(os.Stderr, "bench: building the no-op session module (native_noop/)\n")
		so, err := buildNativeNoop(benchDir, work)
		if err != nil {
			c.skipped = err.Error()
			return c
		}
		hc.ini = append(hc.ini, "extension="+so)
		c.hc = hc
	}
	fmt.Fprintf(os.Stderr, "bench: starting and warming up: %s\n", hc.label)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	st, err := phpstack.Start(ctx, phpstack.Options{
		SAPI:    phpstack.FPM,
		Workers: workers,
		INI:     append(append(commonINI(ephpmINI), hc.ini...), "error_log = "+c.errorLog),
		Docroot: filepath.Join(benchDir, "www"),
	})
	if err != nil {
		c.skipped = "stack did not start: " + err.Error()
		return c
	}
	c.stack = st
	if hc.page == "session.php" {
		if err := checkSessionHandler(st.URL("/session.php"), !hc.storesNothing); err != nil {
			c.skipped = "sanity check failed: " + err.Error() + "\n" + c.phpErrorLog()
			return c
		}
	}
	if _, err := runWrk(benchDir, c.load(warmup)); err != nil {
		c.skipped = err.Error()
		return c
	}
	if hc.contention {
		if _, err := runWrk(benchDir, c.contentionLoad(warmup/2)); err != nil {
			c.skipped = err.Error()
		}
	}
	return c
}

func (c *caseResult) load(d time.Duration) wrkLoad {
	return wrkLoad{url: c.stack.URL("/" + c.hc.page), users: users, idPrefix: "u",
		threads: wrkThreads, connections: wrkConns, duration: d}
}

// runContention runs one contention load and counts lost updates: the session's counter
// must have grown by at least the number of responses wrk received (more when requests in
// flight at wrk's end completed afterwards), or the handler's locking let writes overwrite
// each other.
func runContention(benchDir string, c *caseResult, d time.Duration) (wrkResult, int64, error) {
	load := c.contentionLoad(d)
	id := contendedID
	before, err := sessionCounter(load.url, id)
	if err != nil {
		return wrkResult{}, 0, err
	}
	res, err := runWrk(benchDir, load)
	if err != nil {
		return res, 0, err
	}
	time.Sleep(300 * time.Millisecond) // let requests still in flight finish
	after, err := sessionCounter(load.url, id)
	if err != nil {
		return res, 0, err
	}
	grown := after - before - 1 // the reading request counts itself
	if lost := res.requests - grown; lost > 0 {
		return res, lost, nil
	}
	return res, 0, nil
}

func (c *caseResult) phpErrorLog() string {
	data, _ := os.ReadFile(c.errorLog)
	return string(data)
}

// contendedID is the one session id of the contention runs (users.lua: prefix + zero-padded 0).
var contendedID = fmt.Sprintf("contended%023d", 0)

// contentionLoad puts every request on ONE session id.
func (c *caseResult) contentionLoad(d time.Duration) wrkLoad {
	return wrkLoad{url: c.stack.URL("/session.php"), users: 1, idPrefix: "contended",
		threads: wrkThreads, connections: contenders, duration: d}
}

func measureLockHandoff(c *caseResult) {
	fmt.Fprintf(os.Stderr, "bench: lock hand-off: %s\n", c.hc.label)
	h, err := measureHandoff(c.stack.URL("/handoff.php"), fmt.Sprintf("handoff%025d", 0),
		handoffConns, handoffReqs, handoffHold)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %s hand-off: %v\n", c.hc.label, err)
	}
	if len(h.samples) > 0 {
		c.handoff = &h
	}
}

// snapshotExtension copies the built extension into dir and returns the ini lines loading
// the copies: a rebuild that rewrites build/modules in place while the bench runs would
// otherwise crash every php-fpm worker that has the old file mapped.
func snapshotExtension(from, dir string) ([]string, error) {
	if _, err := phpstack.ExtensionINI(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, name := range []string{"ephpm_kv.so", "ephpm_kv_go.so"} {
		data, err := os.ReadFile(filepath.Join(from, name))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o755); err != nil {
			return nil, err
		}
	}
	return []string{"extension=" + filepath.Join(dir, "ephpm_kv.so"),
		"ephpm_kv.library=" + filepath.Join(dir, "ephpm_kv_go.so")}, nil
}

// sessionCounter requests session.php on id and returns the count it answers (the request
// itself increments it).
func sessionCounter(url, id string) (int64, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Cookie", "PHPSESSID="+id)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	n, err := strconv.ParseInt(strings.TrimSpace(string(body)), 10, 64)
	if resp.StatusCode != http.StatusOK || err != nil {
		return 0, fmt.Errorf("session.php answered %d %q", resp.StatusCode, body)
	}
	return n, nil
}

// checkSessionHandler proves the configured handler is the one that answers (a
// misconfigured handler still answers 200): two requests on one fresh id must count 1
// then 2, or 1 and 1 again for the handler that stores nothing.
func checkSessionHandler(url string, persists bool) error {
	id := fmt.Sprintf("sanity%026d", time.Now().UnixNano()%1e15)
	for n := 1; n <= 2; n++ {
		want := n
		if !persists {
			want = 1
		}
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Cookie", "PHPSESSID="+id)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := strings.TrimSpace(string(body)); got != fmt.Sprint(want) {
			return fmt.Errorf("request %d on one session answered %q, want %d", n, got, want)
		}
	}
	return nil
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
