package phpstack

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ModulePath is the Go import path of this repository; RepoRoot looks for the
// go.mod that declares it.
const ModulePath = "github.com/ephpm/ephpm-kv"

// ModulesEnv names the environment variable that overrides where the built
// extension lives (default <repo>/build/modules).
const ModulesEnv = "EPHPM_KV_MODULES"

// RepoRoot returns the repository root: the nearest directory at or above the
// working directory whose go.mod declares ModulePath, else the directory two
// levels above this source file.
func RepoRoot() string {
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			if declaresModule(filepath.Join(dir, "go.mod")) {
				return dir
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	_, self, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(self), "..", ".."))
}

func declaresModule(gomod string) bool {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "module "+ModulePath {
			return true
		}
	}
	return false
}

// ModulesDir returns $EPHPM_KV_MODULES, or <repo>/build/modules.
func ModulesDir() string {
	if dir := os.Getenv(ModulesEnv); dir != "" {
		return dir
	}
	return filepath.Join(RepoRoot(), "build", "modules")
}

// ErrNotBuilt is wrapped by ExtensionINI when the built extension is missing.
var ErrNotBuilt = errors.New("ephpm_kv is not built: run `make build` (or set " + ModulesEnv + ")")

// ExtensionINI returns the php.ini lines that load this project's extension
// and its Go library from ModulesDir. The error wraps ErrNotBuilt when either
// file is missing.
func ExtensionINI() ([]string, error) {
	dir := ModulesDir()
	ext := filepath.Join(dir, "ephpm_kv.so")
	lib := filepath.Join(dir, "ephpm_kv_go.so")
	for _, f := range []string{ext, lib} {
		if _, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("%w: %s missing", ErrNotBuilt, f)
		}
	}
	return []string{"extension=" + ext, "ephpm_kv.library=" + lib}, nil
}

// moduleDeps lists the Debian modules another Debian module needs loaded
// first (phpredis and php-memcached are built against igbinary and msgpack).
var moduleDeps = map[string][]string{
	"redis":     {"igbinary", "msgpack"},
	"memcached": {"igbinary", "msgpack"},
}

// SharedModules returns php.ini lines loading the named Debian shared modules
// from PHP's extension_dir, dependencies first, each once. "opcache" becomes a
// zend_extension line. session, pcntl, json, hash and the other modules built
// into Debian's PHP need no line.
func SharedModules(names ...string) []string {
	var lines []string
	seen := map[string]bool{}
	var add func(string)
	add = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		for _, dep := range moduleDeps[name] {
			add(dep)
		}
		if name == "opcache" {
			lines = append(lines, "zend_extension=opcache")
			return
		}
		lines = append(lines, "extension="+name)
	}
	for _, n := range names {
		add(n)
	}
	return lines
}

// baseINI is written before the caller's lines (later lines win), so every
// SAPI logs errors to one private file instead of into response bodies.
func baseINI(dir string) []string {
	return []string{
		"error_reporting = E_ALL",
		"display_errors = Off",
		"display_startup_errors = On",
		"log_errors = On",
		"html_errors = Off",
		"error_log = " + filepath.Join(dir, "php-error.log"),
		"session.save_path = " + filepath.Join(dir, "sessions"),
	}
}

func writeINI(dir string, extra []string) (string, error) {
	if err := os.MkdirAll(filepath.Join(dir, "sessions"), 0o777); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "php.ini")
	lines := append(baseINI(dir), extra...)
	return path, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}

// phpEnv is the environment every PHP process gets: only the private php.ini
// is read, never Debian's conf.d scan directories.
func phpEnv(extra ...string) []string {
	return append(append(os.Environ(), "PHP_INI_SCAN_DIR="), extra...)
}
