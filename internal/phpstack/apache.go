package phpstack

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Apache's binary and modules (Debian's apache2 and libapache2-mod-php8.2).
var (
	ApacheBinary     = "/usr/sbin/apache2"
	ApacheModulesDir = "/usr/lib/apache2/modules"
)

// apacheUser is who Apache's children run as: Apache refuses to serve as
// root, so everything a child reads or writes must be open to this user.
const apacheUser = "www-data"

// startApache runs Apache with the prefork MPM and mod_php: a root parent that
// loads PHP (MINIT) once and forks Workers children running as www-data.
// The children cannot read a private directory of root's or a checkout under
// one, so the docroot and the files the php.ini names are copied into the
// stack's directory, which is opened to them.
func (s *Stack) startApache(ctx context.Context, ini string) error {
	if err := os.Chmod(s.dir, 0o755); err != nil {
		return err
	}
	// PHP's error_log and the files handler's save_path (see baseINI).
	if err := os.WriteFile(filepath.Join(s.dir, "php-error.log"), nil, 0o666); err != nil {
		return err
	}
	if err := os.Chmod(filepath.Join(s.dir, "php-error.log"), 0o666); err != nil {
		return err
	}
	if err := os.Chmod(filepath.Join(s.dir, "sessions"), 0o777); err != nil {
		return err
	}
	docroot := filepath.Join(s.dir, "docroot")
	if s.docroot != docroot {
		if err := copyTree(s.docroot, docroot); err != nil {
			return err
		}
		s.docroot = docroot
	}
	if err := s.copyINIFiles(ini); err != nil {
		return err
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	s.addr = fmt.Sprintf("127.0.0.1:%d", port)
	errLog := filepath.Join(s.dir, "apache-error.log")
	conf := filepath.Join(s.dir, "apache2.conf")
	if err := os.MkdirAll(filepath.Join(s.dir, "apache-run"), 0o755); err != nil {
		return err
	}
	config := fmt.Sprintf(`ServerRoot %[1]s
ServerName 127.0.0.1
Listen %[2]s
PidFile %[1]s/apache2.pid
DefaultRuntimeDir %[1]s/apache-run
ErrorLog %[3]s
LogLevel warn
User %[4]s
Group %[4]s
LoadModule mpm_prefork_module %[5]s/mod_mpm_prefork.so
LoadModule authz_core_module %[5]s/mod_authz_core.so
LoadModule php_module %[5]s/libphp8.2.so
StartServers %[6]d
MinSpareServers %[6]d
MaxSpareServers %[6]d
ServerLimit %[6]d
MaxRequestWorkers %[6]d
MaxConnectionsPerChild 0
KeepAliveTimeout 1
PHPIniDir %[7]s
DocumentRoot %[8]s
<Directory %[8]s>
  Require all granted
</Directory>
<FilesMatch "\.php$">
  SetHandler application/x-httpd-php
</FilesMatch>
`, s.dir, s.addr, errLog, apacheUser, ApacheModulesDir, s.opt.Workers, filepath.Dir(ini), s.docroot)
	if err := os.WriteFile(conf, []byte(config), 0o644); err != nil {
		return err
	}
	ping := filepath.Join(s.docroot, "__phpstack_ping.php")
	if err := os.WriteFile(ping, []byte("<?php echo 'phpstack-ok ', getmypid();\n"), 0o644); err != nil {
		return err
	}
	s.php, err = startDaemon("apache2", s.dir, phpEnv(s.opt.Env...), []string{errLog},
		ApacheBinary, "-f", conf, "-DFOREGROUND")
	if err != nil {
		return err
	}
	err = poll(ctx, "apache2", []*daemon{s.php}, func() error {
		return httpCheck(s.URL("/__phpstack_ping.php"), "phpstack-ok")
	})
	if err != nil {
		return err
	}
	_, err = s.waitWorkersCtx(ctx)
	return err
}

// copyINIFiles copies every file an absolute path in the php.ini names (the
// extension, its Go library) into the stack's directory, side by side as they
// were, and points the php.ini at the copies.
func (s *Stack) copyINIFiles(ini string) error {
	data, err := os.ReadFile(ini)
	if err != nil {
		return err
	}
	lines := strings.Split(string(data), "\n")
	for i, line := range lines {
		key, value, found := strings.Cut(line, "=")
		value = strings.TrimSpace(value)
		if !found || !filepath.IsAbs(value) || strings.HasPrefix(value, s.dir) {
			continue
		}
		if info, err := os.Stat(value); err != nil || !info.Mode().IsRegular() {
			continue
		}
		copied := filepath.Join(s.dir, "ini-files", filepath.Base(filepath.Dir(value)), filepath.Base(value))
		if err := copyFile(value, copied); err != nil {
			return err
		}
		lines[i] = key + "=" + copied
	}
	return os.WriteFile(ini, []byte(strings.Join(lines, "\n")), 0o644)
}

func copyTree(from, to string) error {
	return filepath.Walk(from, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		return copyFile(path, filepath.Join(to, rel))
	})
}

func copyFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
