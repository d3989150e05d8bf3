// Package tests holds the multi-process integration tests: real php-fpm,
// php-cgi and `php -S` pools (started by internal/phpstack) using the built
// ephpm_kv extension. Run `make build` first; a missing build fails.
package tests

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// kvINI returns the ini lines loading the built extension, or fails the test
// telling how to build it — these tests are never skipped.
func kvINI(t testing.TB, extra ...string) []string {
	t.Helper()
	ini, err := phpstack.ExtensionINI()
	if err != nil {
		t.Fatalf("%v\nThe integration tests need the built extension: run `make build` at the repository root.", err)
	}
	return append(ini, extra...)
}

// startPool serves tests/testdata/<pages> from a pool of 4 workers of sapi
// with the extension loaded, and fails the test if a Go crash or a PHP error
// shows up in the pool's logs by the end of the test.
func startPool(t *testing.T, sapi phpstack.SAPI, pages string, ini ...string) *phpstack.Stack {
	t.Helper()
	st := phpstack.StartT(t, phpstack.Options{
		SAPI:                    sapi,
		Workers:                 4,
		INI:                     kvINI(t, ini...),
		Docroot:                 testdata(pages),
		RequestTerminateTimeout: 60 * time.Second,
	})
	t.Cleanup(func() { checkLogs(t, st) })
	return st
}

var client = &http.Client{
	Timeout:   30 * time.Second,
	Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true},
}

type reply struct {
	status int
	body   string
	header http.Header
}

// oneConnectionPerRequest never reuses a connection. Go's transport sends a
// GET again when a reused connection fails before the reply: a request whose
// worker a test kills would run a second time on another worker.
var oneConnectionPerRequest = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

// fetch GETs url with an optional session cookie; ctx may cut it short.
func fetch(ctx context.Context, url, sessionID string) (reply, error) {
	return fetchWith(ctx, client, url, sessionID)
}

func fetchWith(ctx context.Context, client *http.Client, url, sessionID string) (reply, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return reply{}, err
	}
	if sessionID != "" {
		req.Header.Set("Cookie", "PHPSESSID="+sessionID)
	}
	resp, err := client.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, string(body), resp.Header}, err
}

// mustFetch GETs url and requires a 200. Test goroutine only.
func mustFetch(t testing.TB, url, sessionID string) string {
	t.Helper()
	r, err := fetch(context.Background(), url, sessionID)
	require.NoError(t, err, url)
	require.Equal(t, http.StatusOK, r.status, "GET %s: %s", url, r.body)
	return r.body
}

// fetchOK GETs url and asserts a 200, returning "" otherwise; unlike
// mustFetch it may run on any goroutine.
func fetchOK(t testing.TB, url, sessionID string) string {
	t.Helper()
	r, err := fetch(context.Background(), url, sessionID)
	if !assert.NoError(t, err, url) || !assert.Equal(t, http.StatusOK, r.status, "GET %s: %s", url, r.body) {
		return ""
	}
	return r.body
}

// pidAnd splits a "<pid> <rest>" body, the shape of every page here; a body
// without a pid is a test error (pid 0), not a stop, so any goroutine may call it.
func pidAnd(t testing.TB, body string) (int, string) {
	t.Helper()
	head, rest, _ := strings.Cut(body, " ")
	pid, err := strconv.Atoi(head)
	assert.NoError(t, err, "body %q does not start with a pid", body)
	return pid, rest
}

// parallel runs fn(i) for i in [0,n) on c goroutines.
func parallel(n, c int, fn func(i int)) {
	jobs := make(chan int, n)
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	var wg sync.WaitGroup
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// goCrash matches what a Go runtime crash or panic prints.
var goCrash = regexp.MustCompile(`(?m)goroutine \d+|^fatal error: |^panic: |SIGSEGV|SIGPROF|traceback|unexpected signal`)

// checkLogs fails the test on a Go crash, a worker that died of a signal
// nobody sent, a request killed by request_terminate_timeout, or a PHP
// error/warning in any log of the stack. Workers the test SIGKILLed itself
// are expected in php-fpm's log.
func checkLogs(t *testing.T, st *phpstack.Stack) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(st.Dir(), "*.log"))
	stderr, _ := filepath.Glob(filepath.Join(st.Dir(), "*.stderr"))
	for _, f := range append(files, stderr...) {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			switch {
			case goCrash.MatchString(line),
				strings.Contains(line, "exited on signal") && !strings.Contains(line, "(SIGKILL)"),
				strings.Contains(line, "exit signal") && !strings.Contains(line, "exit signal Killed"),
				strings.Contains(line, "execution timed out"),
				strings.Contains(line, "PHP Fatal error"),
				strings.Contains(line, "PHP Warning"):
				t.Errorf("%s: %s", filepath.Base(f), line)
			}
		}
	}
}

// testdata returns the path of a file under tests/testdata.
func testdata(name string) string {
	return filepath.Join(phpstack.RepoRoot(), "tests", "testdata", name)
}
