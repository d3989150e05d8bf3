package phpstack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// daemon is one foreground process this package started, in its own process
// group so that its children (php-fpm workers, nginx workers) can be killed
// with it even when the parent died first.
type daemon struct {
	name   string
	cmd    *exec.Cmd
	logs   []string // files whose tails explain a failure
	exited chan struct{}
	err    error // valid once exited is closed
}

func startDaemon(name, dir string, env []string, logs []string, argv ...string) (*daemon, error) {
	stderr := filepath.Join(dir, name+".stderr")
	out, err := os.OpenFile(stderr, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer out.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	d := &daemon{name: name, cmd: cmd, logs: append([]string{stderr}, logs...), exited: make(chan struct{})}
	go func() {
		d.err = cmd.Wait()
		close(d.exited)
	}()
	return d, nil
}

func (d *daemon) pid() int { return d.cmd.Process.Pid }

func (d *daemon) running() bool {
	select {
	case <-d.exited:
		return false
	default:
		return true
	}
}

// stop sends sig, waits up to grace for the process to exit, then kills the
// whole process group so no worker outlives the test.
func (d *daemon) stop(sig syscall.Signal, grace time.Duration) {
	pgid := d.pid()
	if d.running() {
		_ = syscall.Kill(d.pid(), sig)
		select {
		case <-d.exited:
		case <-time.After(grace):
		}
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	<-d.exited
}

// childrenOf lists the live (not zombie) processes whose parent is ppid.
func childrenOf(ppid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// Fields after the command name, which may itself contain spaces.
		rest := stat[bytes.LastIndexByte(stat, ')')+1:]
		fields := strings.Fields(string(rest))
		if len(fields) < 2 || fields[0] == "Z" || fields[0] == "X" {
			continue
		}
		if parent, _ := strconv.Atoi(fields[1]); parent == ppid {
			pids = append(pids, pid)
		}
	}
	return pids
}

// poll calls ready every 20 ms until it returns nil, ctx ends, or a watched
// daemon exits; the error then includes the last reason ready gave.
func poll(ctx context.Context, what string, watch []*daemon, ready func() error) error {
	var last error
	for {
		if last = ready(); last == nil {
			return nil
		}
		for _, d := range watch {
			if !d.running() {
				return fmt.Errorf("%s: %s exited during start-up (%v); last check: %v", what, d.name, d.err, last)
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: not ready: %w; last check: %v", what, ctx.Err(), last)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// tail returns the last max bytes of a file, labelled, or "" if it is empty.
func tail(path string, max int64) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return ""
	}
	off := st.Size() - max
	if off < 0 {
		off = 0
	}
	buf := make([]byte, st.Size()-off)
	n, _ := f.ReadAt(buf, off)
	return fmt.Sprintf("==> %s <==\n%s\n", path, strings.TrimRight(string(buf[:n]), "\n"))
}

func logsOf(daemons []*daemon, extra ...string) string {
	var b strings.Builder
	seen := map[string]bool{}
	for _, d := range daemons {
		for _, l := range d.logs {
			if !seen[l] {
				seen[l] = true
				b.WriteString(tail(l, 16<<10))
			}
		}
	}
	for _, l := range extra {
		if !seen[l] {
			seen[l] = true
			b.WriteString(tail(l, 16<<10))
		}
	}
	return b.String()
}

var errNotWorker = errors.New("not a worker of this stack")
