package phpstack

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Service is a helper daemon (redis-server, memcached) in a private
// directory. Network and Address are what net.Dial takes.
type Service struct {
	Name    string
	Network string // "unix" or "tcp"
	Address string // socket path or 127.0.0.1:port

	dir      string
	d        *daemon
	stopOnce sync.Once
}

// Redis and memcached binaries; variables so a caller can point them elsewhere.
var (
	RedisBinary     = "/usr/bin/redis-server"
	MemcachedBinary = "/usr/bin/memcached"
)

// StartRedis starts redis-server on a unix socket (no TCP, no persistence).
// phpredis reaches it with session.save_path = "unix://" + s.Address.
func StartRedis(ctx context.Context) (*Service, error) {
	dir, err := os.MkdirTemp("", "phpstack-redis-")
	if err != nil {
		return nil, err
	}
	s := &Service{Name: "redis-server", Network: "unix", Address: filepath.Join(dir, "redis.sock"), dir: dir}
	logFile := filepath.Join(dir, "redis.log")
	s.d, err = startDaemon("redis-server", dir, os.Environ(), []string{logFile}, RedisBinary,
		"--port", "0", "--unixsocket", s.Address, "--unixsocketperm", "777",
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir, "--logfile", logFile)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := s.wait(ctx, "PING\r\n", "+PONG"); err != nil {
		return nil, err
	}
	return s, nil
}

// StartMemcached starts memcached with 64 MB of memory on a unix socket
// (network "unix") or on a free loopback port (network "tcp").
// php-memcached's session.save_path takes the socket path or host:port.
func StartMemcached(ctx context.Context, network string) (*Service, error) {
	dir, err := os.MkdirTemp("", "phpstack-memcached-")
	if err != nil {
		return nil, err
	}
	s := &Service{Name: "memcached", Network: network, dir: dir}
	argv := []string{MemcachedBinary, "-u", "root", "-m", "64", "-c", "4096"}
	switch network {
	case "unix":
		s.Address = filepath.Join(dir, "memcached.sock")
		argv = append(argv, "-s", s.Address, "-a", "0777")
	case "tcp":
		port, err := freePort()
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		s.Address = "127.0.0.1:" + strconv.Itoa(port)
		argv = append(argv, "-l", "127.0.0.1", "-p", strconv.Itoa(port), "-U", "0")
	default:
		os.RemoveAll(dir)
		return nil, fmt.Errorf("memcached: network %q, want unix or tcp", network)
	}
	s.d, err = startDaemon("memcached", dir, os.Environ(), nil, argv...)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := s.wait(ctx, "version\r\n", "VERSION"); err != nil {
		return nil, err
	}
	return s, nil
}

// wait polls with a one-line request until the reply starts with want; on
// failure it stops the service and returns the error with its logs.
func (s *Service) wait(ctx context.Context, request, want string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	err := poll(ctx, s.Name, []*daemon{s.d}, func() error {
		c, err := net.DialTimeout(s.Network, s.Address, time.Second)
		if err != nil {
			return err
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(time.Second))
		if _, err := c.Write([]byte(request)); err != nil {
			return err
		}
		line, err := bufio.NewReader(c).ReadString('\n')
		if err != nil {
			return err
		}
		if !strings.HasPrefix(line, want) {
			return fmt.Errorf("reply %q, want %q", line, want)
		}
		return nil
	})
	if err != nil {
		logs := logsOf([]*daemon{s.d})
		s.Stop()
		return fmt.Errorf("%w\n%s", err, logs)
	}
	return nil
}

// Stop terminates the service and removes its directory.
func (s *Service) Stop() {
	s.stopOnce.Do(func() {
		s.d.stop(syscall.SIGTERM, 5*time.Second)
		os.RemoveAll(s.dir)
	})
}
