// Package phpstack starts real PHP SAPIs (php-fpm or php-cgi behind nginx,
// `php -S` with workers, or Apache prefork with mod_php) and helper daemons (redis-server, memcached) in a
// private temporary directory, for integration tests and benchmarks.
//
// Everything it starts runs as the current user (root on CI: php-fpm gets -R
// and `user = root`, nginx `user root;`) — except Apache's children, which
// refuse root and run as www-data —, listens on loopback or on unix
// sockets inside the private directory, and is stopped by Stop — StartT
// registers that with t.Cleanup, so a failing test cleans up too.
//
// PHP is configured only by the private php.ini the package writes (the
// Debian scan directories are disabled), so a test states every extension it
// needs: SharedModules for Debian's modules (apcu, redis, memcached, opcache)
// and ExtensionINI for this project's ephpm_kv build.
//
// Typical use:
//
//	st := phpstack.StartT(t, phpstack.Options{
//		SAPI:    phpstack.FPM,
//		Workers: 4,
//		INI:     append(phpstack.SharedModules("apcu"), "apc.enabled=1"),
//		Files:   map[string]string{"index.php": "<?php echo getmypid();"},
//	})
//	resp, err := http.Get(st.URL("/index.php"))
package phpstack
