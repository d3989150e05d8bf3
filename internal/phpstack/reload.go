package phpstack

import (
	"context"
	"fmt"
	"syscall"
)

// Reload reloads the PHP parent as an administrator does and returns the new
// workers once there are Workers of them, none of those from before, and one
// of them has answered through the web server. The parent keeps its pid:
//
//   - FPM: SIGUSR2 to the master (`systemctl reload php-fpm`). The master
//     sends its workers SIGQUIT, SIGTERM process_control_timeout later (0
//     by default: at once, so running requests die), SIGKILL a second after
//     that; once they are gone it re-executes itself, which starts PHP (MINIT)
//     again and forks new workers. nginx keeps running.
//   - ApachePrefork: SIGUSR1 to the parent (`apachectl -k graceful`). The
//     parent runs PHP's MSHUTDOWN and MINIT again and forks new children as
//     the old ones finish their requests and their kept-alive connections
//     idle out (KeepAliveTimeout is 1 s here): a second or a few.
//
// The other SAPIs have no reload; Reload returns an error for them.
func (s *Stack) Reload(ctx context.Context) ([]int, error) {
	var signal syscall.Signal
	switch s.opt.SAPI {
	case FPM:
		signal = syscall.SIGUSR2
	case ApachePrefork:
		signal = syscall.SIGUSR1
	default:
		return nil, fmt.Errorf("phpstack: %s has no reload", s.opt.SAPI)
	}
	before := s.WorkerPIDs()
	if err := syscall.Kill(s.php.pid(), signal); err != nil {
		return nil, fmt.Errorf("phpstack: reload %s: %w", s.opt.SAPI, err)
	}
	var workers []int
	err := poll(ctx, s.opt.SAPI.String()+" reload", s.daemons(), func() error {
		workers = s.WorkerPIDs()
		if len(workers) != s.servingProcesses() || anyOf(workers, before) {
			return fmt.Errorf("workers %v, want %d new ones (before: %v)", workers, s.servingProcesses(), before)
		}
		pid, err := pingPID(s.URL(s.ping))
		if err != nil {
			return err
		}
		if !contains(workers, pid) {
			return fmt.Errorf("ping answered by pid %d, not one of the new workers %v", pid, workers)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w\n%s", err, s.Logs())
	}
	return workers, nil
}

func anyOf(pids, others []int) bool {
	for _, pid := range pids {
		if contains(others, pid) {
			return true
		}
	}
	return false
}
