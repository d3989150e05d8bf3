package phpstack

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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
func (s *Stack) startApache(ctx context.Context, ini string) error {
	if err := s.openTo(ini, 0o755); err != nil {
		return err
	}
	errLog := filepath.Join(s.dir, "apache-error.log")
	conf := filepath.Join(s.dir, "apache2.conf")
	if err := os.MkdirAll(filepath.Join(s.dir, "apache-run"), 0o755); err != nil {
		return err
	}
	if err := writePingPage(filepath.Join(s.docroot, "__phpstack_ping.php")); err != nil {
		return err
	}
	s.ping = "/__phpstack_ping.php"
	var err error
	s.php, err = s.startOnFreePort(ctx, errLog, s.ping, func() (*daemon, error) {
		if err := os.WriteFile(conf, []byte(s.apacheConf(errLog, filepath.Dir(ini))), 0o644); err != nil {
			return nil, err
		}
		return startDaemon("apache2", s.dir, phpEnv(s.opt.Env...), []string{errLog},
			ApacheBinary, "-f", conf, "-DFOREGROUND")
	})
	if err != nil {
		return err
	}
	_, err = s.waitWorkersCtx(ctx)
	return err
}

func (s *Stack) apacheConf(errLog, iniDir string) string {
	return fmt.Sprintf(`ServerRoot %[1]s
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
`, s.dir, s.addr, errLog, apacheUser, ApacheModulesDir, s.opt.Workers, iniDir, s.docroot)
}
