package tests

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// max_execution_time is delivered by SIGPROF, which also lands on the Go
// runtime's threads; the script must still end with PHP's normal fatal error,
// every time, and never with a Go crash or a hang.
func TestCLIMaxExecutionTimeEndsStoreLoop(t *testing.T) {
	script := testdata("cli/timeout_loop.php")
	variants := []struct {
		name string
		ini  []string
		args []string
	}{
		{"ini max_execution_time=1", []string{"max_execution_time=1"}, nil},
		{"set_time_limit(1)", []string{"max_execution_time=0"}, []string{"set_time_limit"}},
	}
	shutdown := regexp.MustCompile(`shutdown after (\d+) iterations`)
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			for run := 1; run <= 20; run++ {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				var stdout, stderr bytes.Buffer
				cmd := phpstack.CLI(ctx, kvINI(t, v.ini...), append([]string{script}, v.args...)...)
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				err := cmd.Run()
				hung := ctx.Err()
				cancel()
				out := stdout.String() + stderr.String()
				require.NoError(t, hung, "run %d hung:\n%s", run, out)

				var exit *exec.ExitError
				require.True(t, errors.As(err, &exit), "run %d: %v\n%s", run, err, out)
				assert.Equal(t, 255, exit.ExitCode(), "run %d exit status\n%s", run, out)
				assert.True(t, strings.HasPrefix(stdout.String(), "started\n"), "run %d:\n%s", run, out)
				assert.Equal(t, 1, strings.Count(stdout.String(),
					"Fatal error: Maximum execution time of 1 second exceeded in "+script), "run %d:\n%s", run, out)
				assert.Equal(t, 1, strings.Count(out, "Maximum execution time"), "run %d:\n%s", run, out)
				assert.NotRegexp(t, goCrash, out, "run %d", run)
				assert.NotContains(t, out, "Warning", "run %d", run)
				m := shutdown.FindStringSubmatch(stdout.String())
				if assert.NotNil(t, m, "run %d: shutdown function did not run:\n%s", run, out) {
					n, _ := strconv.Atoi(m[1])
					assert.Positive(t, n, "run %d iterations", run)
				}
				if t.Failed() {
					return
				}
			}
		})
	}
}
