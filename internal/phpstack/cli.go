package phpstack

import (
	"context"
	"os/exec"
)

// CLI returns a `php` CLI command that reads no php.ini and no scan
// directory, only the given ini lines (as -d), followed by args (a script
// path, or "-r", code). CLI defaults stay as PHP has them (display_errors to
// STDOUT, errors also logged to stderr).
func CLI(ctx context.Context, ini []string, args ...string) *exec.Cmd {
	argv := []string{"-n"}
	for _, line := range ini {
		argv = append(argv, "-d", line)
	}
	cmd := exec.CommandContext(ctx, PHPBinary, append(argv, args...)...)
	cmd.Env = phpEnv()
	return cmd
}
