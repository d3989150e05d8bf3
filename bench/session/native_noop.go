package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// buildNativeNoop builds the reference session module of native_noop/ (phpize, configure,
// make, in a copy under work: phpize writes into the directory it runs in) and returns the
// path of the built extension.
func buildNativeNoop(benchDir, work string) (string, error) {
	dir := filepath.Join(work, "native_noop")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for _, name := range []string{"config.m4", "session_noop.c"} {
		data, err := os.ReadFile(filepath.Join(benchDir, "native_noop", name))
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return "", err
		}
	}
	for _, step := range [][]string{{"phpize"}, {"./configure"}, {"make"}} {
		cmd := exec.Command(step[0], step[1:]...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("building the no-op session module: %s: %v\n%s", step[0], err, out)
		}
	}
	return filepath.Join(dir, "modules", "ephpm_bench_noop.so"), nil
}
