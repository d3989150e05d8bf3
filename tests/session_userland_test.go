package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// prependTemplate is the seed's "legacy app" setup: an auto_prepend_file
// that loads the package (Composer's autoloader if installed, else PSR-4
// straight from src/) and registers the handler before any page runs.
const prependTemplate = `<?php
$package = %q;
if (is_file($package . '/vendor/autoload.php')) {
    require $package . '/vendor/autoload.php';
} else {
    spl_autoload_register(static function (string $class) use ($package): void {
        $prefix = 'Ephpm\\SessionHandler\\';
        if (strncmp($class, $prefix, strlen($prefix)) === 0) {
            $file = $package . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
        }
    });
}
session_set_save_handler(new \Ephpm\SessionHandler\KvSessionHandler(%s), true);
`

// startUserlandPool serves the session pages with KvSessionHandler built
// from the given constructor arguments (PHP named-argument syntax).
func startUserlandPool(t *testing.T, handlerArgs string) *phpstack.Stack {
	t.Helper()
	pkg := filepath.Join(phpstack.RepoRoot(), "session-handler")
	if _, err := os.Stat(filepath.Join(pkg, "src", "KvSessionHandler.php")); err != nil {
		t.Fatalf("the userland package (issue 4) is missing: %v", err)
	}
	prepend := filepath.Join(t.TempDir(), "prepend.php")
	require.NoError(t, os.WriteFile(prepend, []byte(fmt.Sprintf(prependTemplate, pkg, handlerArgs)), 0o644))
	return startPool(t, phpstack.FPM, "session", "auto_prepend_file="+prepend)
}

func TestUserlandHandlerKeepsLoginAcrossWorkers(t *testing.T) {
	st := startUserlandPool(t, "")
	_, name := pidAnd(t, mustFetch(t, st.URL("/handler.php"), ""))
	require.Equal(t, "user", name, "KvSessionHandler registered by auto_prepend_file")
	assertLoginSeenByOtherWorkers(t, st)
}

func TestUserlandHandlerWithLockingLosesNoIncrement(t *testing.T) {
	// A generous lock wait: the test is about lost updates, not wait times.
	st := startUserlandPool(t, "lockSessions: true, lockMaxWaitMs: 60000")
	id := newSession(t, st)
	values, failures := incrementSession(t, st, id, 8, 50)
	require.Empty(t, failures)
	assertDistinctFromOne(t, values)
	assert.Equal(t, `{"n":400}`, sessionJSON(t, st, id))
}
