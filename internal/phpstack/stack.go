package phpstack

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// SAPI selects how PHP serves HTTP.
type SAPI int

const (
	// FPM is php-fpm (static pool of Workers) behind nginx.
	FPM SAPI = iota
	// CGI is php-cgi -b with PHP_FCGI_CHILDREN=Workers behind nginx.
	CGI
	// CLIServer is `php -S` with PHP_CLI_SERVER_WORKERS=Workers, no nginx.
	CLIServer
	// ApachePrefork is Apache with the prefork MPM and mod_php: Workers
	// children of one parent, no nginx.
	ApachePrefork
)

func (s SAPI) String() string {
	switch s {
	case FPM:
		return "php-fpm"
	case CGI:
		return "php-cgi"
	case CLIServer:
		return "php -S"
	case ApachePrefork:
		return "apache2 prefork"
	}
	return fmt.Sprintf("SAPI(%d)", int(s))
}

// Binaries; variables so a caller can point them elsewhere before Start.
var (
	PHPFPMBinary = "/usr/sbin/php-fpm8.2"
	PHPCGIBinary = "/usr/bin/php-cgi8.2"
	PHPBinary    = "/usr/bin/php8.2"
	NginxBinary  = "/usr/sbin/nginx"
)

// Options describes one stack. The zero value plus Files or Docroot is a
// php-fpm pool of 4 behind nginx.
type Options struct {
	SAPI    SAPI
	Workers int // php-fpm pm.max_children, PHP_FCGI_CHILDREN, PHP_CLI_SERVER_WORKERS or Apache's children; default 4

	// INI lines appended to the private php.ini (later lines win), e.g.
	// SharedModules("apcu") and ExtensionINI().
	INI []string

	// Docroot is an existing directory to serve; Files are written into a
	// private docroot instead (name → content; names may contain '/').
	// Exactly one of them must be set.
	Docroot string
	Files   map[string]string

	// User runs php-fpm's master (and so its workers) as this user instead
	// of root, as rootless containers do (setpriv). Ignored by the other SAPIs.
	User string

	// RequestTerminateTimeout is php-fpm's request_terminate_timeout
	// (0: off). Ignored by the other SAPIs.
	RequestTerminateTimeout time.Duration

	// PoolConfig adds lines to the php-fpm pool's section (e.g.
	// "php_admin_value[session.save_path] = site1:"). Ignored by the other SAPIs.
	PoolConfig []string

	// Env adds environment variables (KEY=value) to the PHP processes; for
	// php-fpm they reach the workers (clear_env = no).
	Env []string

	// NginxWorkers is nginx's worker_processes (default 1).
	NginxWorkers int

	// StartTimeout bounds the whole start-up (default 30 s).
	StartTimeout time.Duration

	// KeepDir leaves the private directory in place after Stop (also when
	// the environment has PHPSTACK_KEEP=1), for debugging.
	KeepDir bool
}

// Stack is a running PHP server. Its methods are safe for concurrent use.
type Stack struct {
	opt     Options
	dir     string
	docroot string
	addr    string // host:port serving HTTP
	php     *daemon
	nginx   *daemon // nil for CLIServer
	ping    string  // the path of the page answering "phpstack-ok <pid>"
	extra   []string

	stopOnce sync.Once
}

// StartT starts a stack for a test: it fails the test (with the logs) if the
// stack does not come up, and stops it in t.Cleanup, printing the logs first
// when the test failed.
func StartT(t testing.TB, opt Options) *Stack {
	t.Helper()
	timeout := opt.StartTimeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	st, err := Start(ctx, opt)
	if err != nil {
		t.Fatalf("phpstack: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("phpstack %s logs (%s):\n%s", opt.SAPI, st.dir, st.Logs())
		}
		st.Stop()
	})
	return st
}

// Start starts the stack and returns once it serves HTTP and all workers
// exist. ctx bounds only the start-up (Options.StartTimeout applies too); the
// processes run until Stop. On error nothing is left running and the error
// carries the log tails.
func Start(ctx context.Context, opt Options) (*Stack, error) {
	if opt.Workers <= 0 {
		opt.Workers = 4
	}
	if opt.NginxWorkers <= 0 {
		opt.NginxWorkers = 1
	}
	if opt.StartTimeout == 0 {
		opt.StartTimeout = 30 * time.Second
	}
	if (opt.Docroot == "") == (opt.Files == nil) {
		return nil, fmt.Errorf("phpstack: set exactly one of Options.Docroot and Options.Files")
	}
	ctx, cancel := context.WithTimeout(ctx, opt.StartTimeout)
	defer cancel()

	// os.MkdirTemp under /tmp keeps unix socket paths far below the 108-byte limit.
	dir, err := os.MkdirTemp("", "phpstack-")
	if err != nil {
		return nil, err
	}
	st := &Stack{opt: opt, dir: dir, docroot: opt.Docroot}
	if err := st.start(ctx); err != nil {
		logs := st.Logs()
		st.Stop()
		return nil, fmt.Errorf("%s start-up failed: %w\n%s", opt.SAPI, err, logs)
	}
	return st, nil
}

func (s *Stack) start(ctx context.Context) error {
	if s.opt.Files != nil {
		s.docroot = filepath.Join(s.dir, "docroot")
		if err := writeFiles(s.docroot, s.opt.Files); err != nil {
			return err
		}
	}
	ini, err := writeINI(s.dir, s.opt.INI)
	if err != nil {
		return err
	}
	if err := os.Mkdir(s.ScratchDir(), 0o777); err != nil {
		return err
	}
	if err := os.Chmod(s.ScratchDir(), 0o777); err != nil { // past the umask
		return err
	}
	s.extra = []string{filepath.Join(s.dir, "php-error.log")}
	switch s.opt.SAPI {
	case FPM:
		return s.startFPM(ctx, ini)
	case CGI:
		return s.startCGI(ctx, ini)
	case CLIServer:
		return s.startCLIServer(ctx, ini)
	case ApachePrefork:
		return s.startApache(ctx, ini)
	}
	return fmt.Errorf("unknown SAPI %d", s.opt.SAPI)
}

func writeFiles(root string, files map[string]string) error {
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return os.MkdirAll(root, 0o755)
}

// URL returns the absolute URL of path ("/x.php?a=1") on this stack.
func (s *Stack) URL(path string) string {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return "http://" + s.addr + path
}

// Addr is the host:port the stack serves HTTP on.
func (s *Stack) Addr() string { return s.addr }

// Dir is the private directory holding configs, sockets and logs.
func (s *Stack) Dir() string { return s.dir }

// Docroot is the directory served.
func (s *Stack) Docroot() string { return s.docroot }

// ScratchDir is a directory inside Dir that every worker may write to (Apache's
// children run as www-data), for files a page leaves for the test.
func (s *Stack) ScratchDir() string { return filepath.Join(s.dir, "scratch") }

// MasterPID is the pid of the PHP parent process (php-fpm master, php-cgi
// parent, php -S master or Apache's parent).
func (s *Stack) MasterPID() int { return s.php.pid() }

// WorkerPIDs lists the processes that currently serve PHP requests, sorted:
// the children of the PHP parent, plus — for CLIServer only — the `php -S`
// master itself, which accepts requests beside its Workers children.
func (s *Stack) WorkerPIDs() []int {
	pids := childrenOf(s.php.pid())
	if s.opt.SAPI == CLIServer {
		pids = append(pids, s.php.pid())
	}
	sort.Ints(pids)
	return pids
}

func (s *Stack) servingProcesses() int {
	if s.opt.SAPI == CLIServer {
		return s.opt.Workers + 1
	}
	return s.opt.Workers
}

// KillWorker sends SIGKILL to one current worker and returns once it is dead
// (no longer listed by WorkerPIDs), at most 5 s later.
func (s *Stack) KillWorker(pid int) error {
	if !contains(s.WorkerPIDs(), pid) {
		return fmt.Errorf("pid %d: %w (workers: %v)", pid, errNotWorker, s.WorkerPIDs())
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return poll(ctx, "killed worker", nil, func() error {
		if contains(s.WorkerPIDs(), pid) {
			return fmt.Errorf("pid %d still alive", pid)
		}
		return nil
	})
}

func contains(pids []int, pid int) bool {
	for _, p := range pids {
		if p == pid {
			return true
		}
	}
	return false
}

// WaitWorkers waits until len(WorkerPIDs()) == n and returns them.
func (s *Stack) WaitWorkers(n int, timeout time.Duration) ([]int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var pids []int
	err := poll(ctx, "workers", s.daemons(), func() error {
		if pids = s.WorkerPIDs(); len(pids) != n {
			return fmt.Errorf("have %d workers %v, want %d", len(pids), pids, n)
		}
		return nil
	})
	return pids, err
}

// Logs returns the tails of every log of the stack (php-fpm, nginx, PHP's
// error_log, captured stderr), for failure messages.
func (s *Stack) Logs() string { return logsOf(s.daemons(), s.extra...) }

func (s *Stack) daemons() []*daemon {
	var ds []*daemon
	for _, d := range []*daemon{s.nginx, s.php} {
		if d != nil {
			ds = append(ds, d)
		}
	}
	return ds
}

// Stop stops nginx and PHP (gracefully, then SIGKILL to their process groups
// after 5 s) and removes the private directory. Safe to call more than once.
func (s *Stack) Stop() {
	s.stopOnce.Do(func() {
		if s.nginx != nil {
			s.nginx.stop(syscall.SIGQUIT, 5*time.Second)
		}
		if s.php != nil {
			// SIGTERM: php-fpm's fast shutdown; php-cgi, php -S and Apache exit on it too.
			s.php.stop(syscall.SIGTERM, 5*time.Second)
		}
		if !s.opt.KeepDir && os.Getenv("PHPSTACK_KEEP") != "1" {
			os.RemoveAll(s.dir)
		}
	})
}

// freePort asks the kernel for an unused loopback port. Another process may
// take it before the server binds; start-up reports that as a bind error.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
