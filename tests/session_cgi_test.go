package tests

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const plainCGIWarning = "The ephpm session handler cannot keep sessions under plain CGI"

// Plain CGI runs each request in a php-cgi process of its own, whose store
// ends with it: the ephpm handler refuses to start there instead of losing
// every session. The files handler is the control: the same two requests
// carry its session over. php-cgi as FastCGI (the pool's -b with
// PHP_FCGI_CHILDREN, where fd 0 is no socket, so php-cgi's own fd 0 test does
// not see FastCGI) keeps ephpm sessions without a warning.
func TestNativeSessionUnderPHPCGI(t *testing.T) {
	t.Run("plain CGI, files handler", func(t *testing.T) {
		first, second := plainCGIIncrTwice(t, "session.save_handler=files", "session.save_path="+t.TempDir())
		assert.Regexp(t, `^Status: 200\b`, first.status)
		assert.Equal(t, "1", first.n, first.out)
		assert.Equal(t, "2", second.n, second.out)
	})
	t.Run("plain CGI, ephpm handler", func(t *testing.T) {
		first, second := plainCGIIncrTwice(t, nativeHandler)
		for _, r := range []cgiReply{first, second} {
			assert.Regexp(t, `^Status: 500\b`, r.status, r.out)
			assert.Contains(t, r.out, "session_start(): "+plainCGIWarning, r.out)
			assert.Contains(t, r.out, "session_start failed", r.out)
		}
	})
	t.Run("FastCGI", func(t *testing.T) {
		st := startPool(t, phpstack.CGI, "session", nativeHandler)
		id := newSession(t, st)
		for _, want := range []string{"1", "2"} {
			_, n := pidAnd(t, mustFetch(t, st.URL("/incr.php"), id))
			assert.Equal(t, want, n)
		}
		log, _ := os.ReadFile(filepath.Join(st.Dir(), "php-error.log"))
		assert.NotContains(t, string(log), plainCGIWarning)
	})
}

type cgiReply struct {
	status string // the Status header, "Status: 200" when php-cgi sent none
	n      string // what incr.php printed after the pid: the session's n
	out    string // the whole output, for messages
}

var setCookie = regexp.MustCompile(`(?m)^Set-Cookie: PHPSESSID=([^;\r\n]+)`)

// plainCGIIncrTwice runs session/incr.php twice, as a web server runs a CGI
// program: a new php-cgi per request, the request in environment variables,
// stdin not a socket; the second request sends the cookie the first one set.
func plainCGIIncrTwice(t *testing.T, ini ...string) (first, second cgiReply) {
	t.Helper()
	first = plainCGIIncr(t, "", ini)
	cookie := ""
	if m := setCookie.FindStringSubmatch(first.out); m != nil {
		cookie = "PHPSESSID=" + m[1]
	}
	return first, plainCGIIncr(t, cookie, ini)
}

func plainCGIIncr(t *testing.T, cookie string, ini []string) cgiReply {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	argv := []string{"-n"}
	for _, line := range kvINI(t, append([]string{"display_errors=0", "log_errors=1"}, ini...)...) {
		argv = append(argv, "-d", line)
	}
	cmd := exec.CommandContext(ctx, phpstack.PHPCGIBinary, argv...)
	cmd.Env = []string{
		"GATEWAY_INTERFACE=CGI/1.1",
		"REQUEST_METHOD=GET",
		"SCRIPT_FILENAME=" + testdata("session/incr.php"),
		"REDIRECT_STATUS=1",
		"HTTP_COOKIE=" + cookie,
	}
	var stdout, stderr bytes.Buffer
	// Warnings go to the log (stderr) so that they do not send the headers
	// before incr.php sets its status. stdin: /dev/null.
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "php-cgi: %s%s", stdout.String(), stderr.String())
	out := stdout.String() + stderr.String()
	headers, body, found := strings.Cut(stdout.String(), "\r\n\r\n")
	require.True(t, found, "no end of headers in php-cgi's output:\n%s", out)
	r := cgiReply{status: "Status: 200", out: out}
	for _, h := range strings.Split(headers, "\r\n") {
		if strings.HasPrefix(h, "Status:") {
			r.status = h
		}
	}
	if _, n, ok := strings.Cut(strings.TrimSpace(body), " "); ok {
		r.n = n
	}
	return r
}
