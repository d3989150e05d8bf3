/*
 * ephpm_kv — a shared-memory key-value store and the native session module
 * "ephpm" for stock PHP 8.2. The C side is thin: it owns the shared mapping
 * (made in MINIT, before any fork) and lazily dlopen()s the Go library
 * (gosrc/capi, ephpm_kv_go.so) in each process on first use.
 */
#ifndef PHP_EPHPM_KV_H
#define PHP_EPHPM_KV_H

/* Process-wide state (the request counter Go paces its scheduler by, the
 * session lock of the request, scratch buffers) assumes one PHP thread per
 * process, as php-fpm, Apache prefork, php-cgi and the CLI run it. */
#ifdef ZTS
# error "ephpm_kv needs a non-thread-safe (NTS) PHP build; this PHP is ZTS (thread-safe)"
#endif

extern zend_module_entry ephpm_kv_module_entry;
#define phpext_ephpm_kv_ptr &ephpm_kv_module_entry

#define PHP_EPHPM_KV_VERSION "0.1.0"

#define EPHPM_KV_SESSION_MODULE_NAME "ephpm"
#define EPHPM_KV_GO_LIBRARY_FILENAME "ephpm_kv_go.so"

ZEND_BEGIN_MODULE_GLOBALS(ephpm_kv)
	/* PHP_INI_SYSTEM: fixed for the life of the process (and of the pool). */
	zend_long size;
	char *store_file;               /* "" = an anonymous mapping */
	char *store_file_group;         /* "" = the store file is its owner's only */
	zend_long store_file_gid;       /* store_file_group's id */
	zend_long eviction_policy;      /* EPHPM_POLICY_* */
	zend_long max_key_size;
	char *library;                  /* "" = next to ephpm_kv.so */
	zend_long gomaxprocs;
	zend_long gomemlimit;
	bool scheduler_tick_in_place;
	/* PHP_INI_ALL: the session module reads them at session_start(). */
	char *session_prefix;
	bool session_locking;
	zend_long session_lock_timeout; /* milliseconds */
ZEND_END_MODULE_GLOBALS(ephpm_kv)

ZEND_EXTERN_MODULE_GLOBALS(ephpm_kv)
#define EPHPM_KV_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(ephpm_kv, v)

const char *ephpm_kv_policy_name(zend_long policy);

/* Whether the store lives only as long as this request: php-cgi run as a
 * plain CGI program (one request per process) with an anonymous store. */
bool ephpm_kv_store_per_request(void);

#endif /* PHP_EPHPM_KV_H */
