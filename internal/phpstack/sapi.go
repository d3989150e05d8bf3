package phpstack

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func (s *Stack) startFPM(ctx context.Context, ini string) error {
	sock := filepath.Join(s.dir, "php-fpm.sock")
	fpmLog := filepath.Join(s.dir, "php-fpm.log")
	conf := filepath.Join(s.dir, "php-fpm.conf")
	terminate := int(s.opt.RequestTerminateTimeout.Seconds())
	if s.opt.RequestTerminateTimeout > 0 && terminate == 0 {
		terminate = 1
	}
	argv := []string{PHPFPMBinary, "-R"}
	owner := "user = root\ngroup = root"
	if s.opt.User != "" {
		// The master writes its pid, log and socket into the stack's directory.
		if err := s.openTo(ini, 0o777); err != nil {
			return err
		}
		argv = []string{"setpriv", "--reuid=" + s.opt.User, "--regid=" + s.opt.User, "--clear-groups", PHPFPMBinary}
		owner = "; the master's user"
	}
	pool := fmt.Sprintf(`[global]
pid = %s
error_log = %s
log_level = notice
daemonize = no

[phpstack]
%s
listen = %s
listen.mode = 0660
pm = static
pm.max_children = %d
request_terminate_timeout = %d
catch_workers_output = yes
decorate_workers_output = no
clear_env = no
`, filepath.Join(s.dir, "php-fpm.pid"), fpmLog, owner, sock, s.opt.Workers, terminate)
	pool += strings.Join(s.opt.PoolConfig, "\n") + "\n"
	if err := os.WriteFile(conf, []byte(pool), 0o644); err != nil {
		return err
	}
	var err error
	s.php, err = startDaemon("php-fpm", s.dir, phpEnv(s.opt.Env...), []string{fpmLog},
		append(argv, "-F", "-c", ini, "-y", conf)...)
	if err != nil {
		return err
	}
	if err := s.waitFastCGI(ctx, sock); err != nil {
		return err
	}
	return s.startNginx(ctx, "unix:"+sock)
}

func (s *Stack) startCGI(ctx context.Context, ini string) error {
	sock := filepath.Join(s.dir, "php-cgi.sock")
	// php-cgi children exit after PHP_FCGI_MAX_REQUESTS (default 500); make
	// that rare so a test sees a stable set of workers unless it says otherwise.
	env := phpEnv(append([]string{"PHP_FCGI_MAX_REQUESTS=1000000"}, s.opt.Env...)...)
	env = append(env, "PHP_FCGI_CHILDREN="+strconv.Itoa(s.opt.Workers))
	var err error
	s.php, err = startDaemon("php-cgi", s.dir, env, nil, PHPCGIBinary, "-c", ini, "-b", sock)
	if err != nil {
		return err
	}
	if err := s.waitFastCGI(ctx, sock); err != nil {
		return err
	}
	return s.startNginx(ctx, "unix:"+sock)
}

func (s *Stack) startCLIServer(ctx context.Context, ini string) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	s.addr = fmt.Sprintf("127.0.0.1:%d", port)
	env := append(phpEnv(s.opt.Env...), "PHP_CLI_SERVER_WORKERS="+strconv.Itoa(s.opt.Workers))
	s.php, err = startDaemon("php-cli-server", s.dir, env, nil,
		PHPBinary, "-c", ini, "-S", s.addr, "-t", s.docroot)
	if err != nil {
		return err
	}
	watch := []*daemon{s.php}
	if err := poll(ctx, "php -S", watch, func() error { return httpAnswers(s.URL("/")) }); err != nil {
		return err
	}
	_, err = s.waitWorkersCtx(ctx)
	return err
}

// waitFastCGI waits until the FastCGI socket accepts connections and every
// worker has been forked.
func (s *Stack) waitFastCGI(ctx context.Context, sock string) error {
	err := poll(ctx, s.opt.SAPI.String()+" socket", []*daemon{s.php}, func() error {
		c, err := net.Dial("unix", sock)
		if err != nil {
			return err
		}
		return c.Close()
	})
	if err != nil {
		return err
	}
	_, err = s.waitWorkersCtx(ctx)
	return err
}

func (s *Stack) waitWorkersCtx(ctx context.Context) ([]int, error) {
	var pids []int
	err := poll(ctx, s.opt.SAPI.String()+" workers", []*daemon{s.php}, func() error {
		if pids = s.WorkerPIDs(); len(pids) != s.servingProcesses() {
			return fmt.Errorf("have %d workers %v, want %d", len(pids), pids, s.servingProcesses())
		}
		return nil
	})
	return pids, err
}

// startOnFreePort sets s.addr to a free loopback port and runs start (which
// writes the server's config for s.addr and starts it) until the ping page
// at pingPath answers through it. Another process may take the port before
// the server binds it: then it starts again on another (three tries). The
// daemon is returned even on failure, for Stop. also are watched too: one of
// them exiting ends the wait.
func (s *Stack) startOnFreePort(ctx context.Context, errLog, pingPath string, start func() (*daemon, error), also ...*daemon) (*daemon, error) {
	var d *daemon
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return d, err
		}
		s.addr = fmt.Sprintf("127.0.0.1:%d", port)
		if d, err = start(); err != nil {
			return d, err
		}
		lastErr = poll(ctx, d.name, append([]*daemon{d}, also...), func() error {
			_, err := pingPID(s.URL(pingPath))
			return err
		})
		if lastErr == nil || d.running() || !strings.Contains(tail(errLog, 4096), "Address already in use") {
			return d, lastErr
		}
	}
	return d, lastErr
}

// writePingPage writes the page start-up polls until PHP answers through it.
func writePingPage(path string) error {
	return os.WriteFile(path, []byte("<?php echo 'phpstack-ok ', getmypid();\n"), 0o644)
}

// startNginx serves the docroot through FastCGI at upstream, retrying with
// another port if the one picked was taken meanwhile.
func (s *Stack) startNginx(ctx context.Context, upstream string) error {
	ping := filepath.Join(s.dir, "phpstack-ping.php")
	if err := writePingPage(ping); err != nil {
		return err
	}
	for _, sub := range []string{"body", "fastcgi", "proxy", "scgi", "uwsgi"} {
		if err := os.MkdirAll(filepath.Join(s.dir, "nginx", sub), 0o755); err != nil {
			return err
		}
	}
	errLog := filepath.Join(s.dir, "nginx-error.log")
	conf := filepath.Join(s.dir, "nginx.conf")
	s.ping = "/__phpstack_ping"
	var err error
	s.nginx, err = s.startOnFreePort(ctx, errLog, s.ping, func() (*daemon, error) {
		if err := os.WriteFile(conf, []byte(s.nginxConf(upstream, ping, errLog)), 0o644); err != nil {
			return nil, err
		}
		return startDaemon("nginx", s.dir, os.Environ(), []string{errLog},
			NginxBinary, "-p", s.dir+"/", "-e", errLog, "-c", conf)
	}, s.php)
	return err
}

func (s *Stack) nginxConf(upstream, ping, errLog string) string {
	// Deliberately no upstream keepalive: kept-alive FastCGI connections
	// pin php-fpm workers (see ARCHITECTURE.md).
	params := `
      fastcgi_param QUERY_STRING      $query_string;
      fastcgi_param REQUEST_METHOD    $request_method;
      fastcgi_param CONTENT_TYPE      $content_type;
      fastcgi_param CONTENT_LENGTH    $content_length;
      fastcgi_param SCRIPT_NAME       $fastcgi_script_name;
      fastcgi_param REQUEST_URI       $request_uri;
      fastcgi_param DOCUMENT_URI      $document_uri;
      fastcgi_param DOCUMENT_ROOT     $document_root;
      fastcgi_param SERVER_PROTOCOL   $server_protocol;
      fastcgi_param REQUEST_SCHEME    $scheme;
      fastcgi_param GATEWAY_INTERFACE CGI/1.1;
      fastcgi_param SERVER_SOFTWARE   nginx/$nginx_version;
      fastcgi_param REMOTE_ADDR       $remote_addr;
      fastcgi_param REMOTE_PORT       $remote_port;
      fastcgi_param SERVER_ADDR       $server_addr;
      fastcgi_param SERVER_PORT       $server_port;
      fastcgi_param SERVER_NAME       $server_name;
      fastcgi_param REDIRECT_STATUS   200;
      fastcgi_pass  ` + upstream + `;`
	return fmt.Sprintf(`user root;
worker_processes %d;
daemon off;
master_process on;
pid %s;
error_log %s warn;
events { worker_connections 4096; }
http {
  access_log off;
  default_type text/html;
  keepalive_requests 1000000;
  client_body_temp_path %[4]s/body;
  fastcgi_temp_path %[4]s/fastcgi;
  proxy_temp_path %[4]s/proxy;
  scgi_temp_path %[4]s/scgi;
  uwsgi_temp_path %[4]s/uwsgi;
  server {
    listen %[5]s;
    root %[6]s;
    index index.php index.html;
    location = /__phpstack_ping {
      fastcgi_param SCRIPT_FILENAME %[7]s;%[8]s
    }
    location ~ \.php$ {
      try_files $uri =404;
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;%[8]s
    }
  }
}
`, s.opt.NginxWorkers, filepath.Join(s.dir, "nginx.pid"), errLog,
		filepath.Join(s.dir, "nginx"), s.addr, s.docroot, ping, params)
}
