#ifndef _GNU_SOURCE
# define _GNU_SOURCE /* dladdr, RTLD_DEFAULT */
#endif
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "php.h"
#include "php_ini.h"
#include "php_globals.h"
#include "SAPI.h"
#include "php_ephpm_kv.h"
#include "go_runtime.h"
#include "store_mapping.h"
#include "memory_limits.h"

ephpm_go_api ephpm_go;
ephpm_go_state_t ephpm_go_state = EPHPM_GO_NOT_LOADED;
bool ephpm_go_runtime_here;
volatile uint64_t ephpm_request_count;

static void *store_base = MAP_FAILED;
static size_t store_size;
static int store_fd = -1;          /* the store file, flock()ed shared; -1 if anonymous */
static pid_t runtime_pid;          /* the process that started the Go runtime */
static pid_t startup_pid;          /* the process that ran MINIT (a pool's parent) */
static char reason[1152];         /* why the store is unavailable */
static char library_path[PATH_MAX];  /* resolved from ephpm_kv.library */
/* The settings the store was made with, in PHP's parent process. */
static char startup_store_file[PATH_MAX];
static size_t startup_size;
static bool startup_shared;        /* ephpm_kv.store_file_group was set, to startup_gid */
static gid_t startup_gid;
static char store_origin[1024];      /* the store file mapped, and how ("" = anonymous) */

#define GO_SYMBOL(field) { "ephpm_go_" #field, offsetof(ephpm_go_api, field) }
static const struct {
	const char *name;
	size_t offset;
} go_symbols[] = {
	GO_SYMBOL(attach), GO_SYMBOL(last_error), GO_SYMBOL(scheduler), GO_SYMBOL(get), GO_SYMBOL(set),
	GO_SYMBOL(del), GO_SYMBOL(del_if_eq), GO_SYMBOL(exists), GO_SYMBOL(incr_by),
	GO_SYMBOL(expire), GO_SYMBOL(pttl), GO_SYMBOL(flush), GO_SYMBOL(wait),
	GO_SYMBOL(info), GO_SYMBOL(session_lock), GO_SYMBOL(session_unlock),
	GO_SYMBOL(session_write), GO_SYMBOL(session_touch), GO_SYMBOL(session_reserve),
	GO_SYMBOL(session_gc), GO_SYMBOL(session_release_all),
};

/* Symbols every cgo binary or c-shared library exports: their presence in the
 * global scope before we load anything means a Go runtime is already here. */
static const char *const cgo_runtime_symbols[] = { "crosscall2", "_cgo_init", "x_cgo_init" };

static void mark_unavailable(const char *format, ...) ZEND_ATTRIBUTE_FORMAT(printf, 1, 2);
static void mark_unavailable(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(reason, sizeof(reason), format, args);
	va_end(args);
	ephpm_go_state = EPHPM_GO_UNAVAILABLE;
}

static void forked_child(void)
{
	ephpm_go_runtime_here = false; /* its threads stayed in the parent */
	if (ephpm_go_state == EPHPM_GO_READY) {
		ephpm_go_state = EPHPM_GO_FORKED;
	}
}

static bool host_runs_go(const char *sapi_name, char *what, size_t cap)
{
	if (sapi_name && strcmp(sapi_name, "frankenphp") == 0) {
		snprintf(what, cap, "the FrankenPHP SAPI");
		return true;
	}
	for (size_t i = 0; i < sizeof(cgo_runtime_symbols) / sizeof(cgo_runtime_symbols[0]); i++) {
		if (dlsym(RTLD_DEFAULT, cgo_runtime_symbols[i]) != NULL) {
			snprintf(what, cap, "a library loaded into it exports %s", cgo_runtime_symbols[i]);
			return true;
		}
	}
	return false;
}

static bool env_above(const char *name, long limit)
{
	const char *value = getenv(name);
	return value && strtol(value, NULL, 10) > limit;
}

/* opcache.preload runs its script in the process that ran MINIT, unless that
 * process is root: then opcache forks a child of its own to preload as
 * opcache.preload_user (that child may run Go; it exits afterwards). Where
 * the process that preloads then forks the pool's workers, Go started there
 * would leave every worker a copy of a runtime that did not survive fork():
 * the whole pool would be without the store. So it is refused there, loudly,
 * which makes the preload fail and the server refuse to start. */
static bool preloading_in_pool_parent(void)
{
	if (!(CG(compiler_options) & ZEND_COMPILE_PRELOAD) || getpid() != startup_pid) {
		return false;
	}
	const char *sapi = sapi_module.name;
	return strcmp(sapi, "fpm-fcgi") == 0 || strcmp(sapi, "apache2handler") == 0
		|| (strcmp(sapi, "cgi-fcgi") == 0 && env_above("PHP_FCGI_CHILDREN", 0))
		|| (strcmp(sapi, "cli-server") == 0 && env_above("PHP_CLI_SERVER_WORKERS", 1));
}

/* Whether the first length bytes of name are one of names (NULL-terminated). */
static bool long_option_in(const char *const *names, const char *name, size_t length)
{
	for (; *names; names++) {
		if (strlen(*names) == length && strncmp(name, *names, length) == 0) {
			return true;
		}
	}
	return false;
}

/* The options of a server binary's own main(), which reads them with
 * php_getopt(): all of them (an unknown one makes it print its usage and
 * exit), those that take a value (attached, after "=", or as the next
 * argument, which is then no option), those after which it prints or checks
 * something and exits instead of serving (it runs PHP's startup first, which
 * maps the store: replacing a store there would empty it before the operator
 * has decided to restart), and the one that makes php-cgi serve. */
typedef struct {
	const char *options;
	const char *with_value;
	const char *commands;
	const char *binds;
	const char *const *long_options;
	const char *const *long_with_value;
	const char *const *long_commands;
	const char *const *long_binds;
} server_options;

/* sapi/fpm/fpm/fpm_main.c: -t tests the configuration; -i, -m, -v, -h
 * print and exit. */
static const server_options fpm_options = {
	.options = "cdehimn?vytpgRDFO",
	.with_value = "cdypg",
	.commands = "timvh?",
	.binds = "",
	.long_options = (const char *const[]) { "php-ini", "define", "profile-info", "help", "info", "modules",
		"no-php-ini", "usage", "version", "fpm-config", "test", "prefix", "pid", "allow-to-run-as-root",
		"daemonize", "nodaemonize", "force-stderr", NULL },
	.long_with_value = (const char *const[]) { "php-ini", "define", "fpm-config", "prefix", "pid", NULL },
	.long_commands = (const char *const[]) { "test", "info", "modules", "version", "help", "usage", NULL },
	.long_binds = (const char *const[]) { NULL },
};

/* sapi/cgi/cgi_main.c: -h prints the usage and exits whatever else is
 * given; -b makes php-cgi a FastCGI server. */
static const server_options cgi_options = {
	.options = "abCcdefhilmnqsw?vzT",
	.with_value = "bcdfzT",
	.commands = "h?",
	.binds = "b",
	.long_options = (const char *const[]) { "interactive", "bindpath", "no-chdir", "php-ini", "define",
		"profile-info", "file", "help", "info", "syntax-check", "modules", "no-php-ini", "no-header",
		"syntax-highlight", "syntax-highlighting", "strip", "usage", "version", "zend-extension", "timing",
		NULL },
	.long_with_value = (const char *const[]) { "bindpath", "php-ini", "define", "file", "zend-extension",
		"timing", NULL },
	.long_commands = (const char *const[]) { "help", "usage", NULL },
	.long_binds = (const char *const[]) { "bindpath", NULL },
};

/* What this process's arguments say, read as its main() reads them. */
typedef struct {
	bool command;   /* an option after which it exits without serving, or one it does not know */
	bool binds;     /* php-cgi -b */
	bool argument;  /* an argument that is no option (a script for php-cgi) */
} arguments_read;

static arguments_read read_arguments(const server_options *options)
{
	arguments_read found = { false, false, false };
	char args[8192];
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return found;
	}
	ssize_t n = read(fd, args, sizeof(args) - 1);
	close(fd);
	if (n <= 0) {
		return found;
	}
	args[n] = '\0';
	bool value_next = false;
	/* argv[0] is the program. */
	for (char *arg = args + strlen(args) + 1; arg < args + n; arg += strlen(arg) + 1) {
		if (value_next) {
			value_next = false;
		} else if (strcmp(arg, "--") == 0) {
			found.argument = arg + 3 < args + n;
			return found;
		} else if (arg[0] != '-' || !arg[1]) {
			found.argument = true;
			return found;
		} else if (arg[1] == '-') {
			const char *name = arg + 2;
			size_t length = strcspn(name, "=");
			/* "--name=" with nothing after: php_getopt() takes no such option. */
			found.command |= !long_option_in(options->long_options, name, length)
				|| long_option_in(options->long_commands, name, length)
				|| (name[length] == '=' && name[length + 1] == '\0');
			found.binds |= long_option_in(options->long_binds, name, length);
			value_next = long_option_in(options->long_with_value, name, length) && name[length] != '=';
		} else {
			for (const char *option = arg + 1; *option; option++) {
				found.command |= !strchr(options->options, *option) || strchr(options->commands, *option);
				found.binds |= strchr(options->binds, *option) != NULL;
				if (strchr(options->with_value, *option)) {
					value_next = option[1] == '\0';
					break;
				}
			}
		}
	}
	found.command |= value_next; /* a value missing at the end: the usage again */
	return found;
}

/* php-fpm serves unless an option makes it print or test something; any
 * argument that is no option makes it print its usage. */
static bool fpm_run_as_command(void)
{
	arguments_read found = read_arguments(&fpm_options);
	return found.command || found.argument;
}

/* php-cgi serves only as FastCGI (-b, or a listening socket on fd 0 from a
 * web server, which is how cgi_main.c's fcgi_is_fastcgi() tells) or as a
 * CGI program (a web server's CGI variables in its environment: the same
 * four cgi_main.c looks at). Run from a shell it runs a script once, or
 * prints something, and exits: a command, as php is. -h prints its usage in
 * every mode. */
static bool cgi_run_as_command(void)
{
	arguments_read found = read_arguments(&cgi_options);
	struct sockaddr_storage peer;
	socklen_t length = sizeof(peer);
	bool fastcgi_socket = getpeername(0, (struct sockaddr *) &peer, &length) != 0 && errno == ENOTCONN;
	bool cgi = getenv("SERVER_SOFTWARE") || getenv("SERVER_NAME") || getenv("GATEWAY_INTERFACE")
		|| getenv("REQUEST_METHOD");

	return found.command || !(found.binds || fastcgi_socket || cgi);
}

/* What this process may replace of a store file it cannot use (store_mapping.h).
 * Other processes using the store are this server's own old generation only
 * after an Apache graceful restart (php-fpm's master re-executes once its
 * workers are gone). Elsewhere they are another server or a command run with
 * ini files of its own (php -S, php-fpm -t), whose settings must not
 * throw away the store they use. A store nobody uses may be a stopped
 * server's: a command does not replace it either. Another user's store (one a
 * command run as that user made while the server was stopped) is the
 * server's to replace; a command run as root must not take the store of a
 * server that runs as another user. */
static ephpm_store_starter store_starter(const char *sapi_name)
{
	if (!sapi_name) {
		return EPHPM_STARTED_BY_COMMAND;
	}
	if (strcmp(sapi_name, "apache2handler") == 0) {
		return EPHPM_STARTED_BY_APACHE;
	}
	if (strcmp(sapi_name, "fpm-fcgi") == 0) {
		return fpm_run_as_command() ? EPHPM_STARTED_BY_COMMAND : EPHPM_STARTED_BY_SERVER;
	}
	if (strcmp(sapi_name, "cgi-fcgi") == 0) {
		return cgi_run_as_command() ? EPHPM_STARTED_BY_COMMAND : EPHPM_STARTED_BY_SERVER;
	}
	if (strcmp(sapi_name, "litespeed") == 0) {
		return EPHPM_STARTED_BY_SERVER;
	}
	if (strcmp(sapi_name, "cli-server") == 0) {
		return EPHPM_STARTED_BY_DEV_SERVER;
	}
	return EPHPM_STARTED_BY_COMMAND;
}

/* An anonymous store takes pages only as it fills, so a size beyond the
 * memory this process may use (the machine's, or its cgroup's in a container)
 * maps fine and fails much later, under the OOM killer. */
static void warn_if_beyond_memory(size_t size)
{
	ephpm_memory_limits limits;

	ephpm_memory_limits_read(&limits);
	if (limits.cgroup_limit && size > limits.cgroup_limit) {
		zend_error(E_CORE_WARNING, "ephpm_kv: ephpm_kv.size (%zu bytes) is more than the memory this "
			"process's cgroup may use (%" PRIu64 " bytes, %s): a store filled past it gets its "
			"processes killed by the kernel", size, limits.cgroup_limit, limits.cgroup_limit_file);
	} else if (limits.machine && size > limits.machine) {
		zend_error(E_CORE_WARNING, "ephpm_kv: ephpm_kv.size (%zu bytes) is more than this machine's "
			"memory (%" PRIu64 " bytes): a store filled past the memory gets its processes killed by "
			"the kernel", size, limits.machine);
	}
}

/* The library is loaded at first use only (see go_runtime.h), but a path
 * that cannot work is said at startup, where php-fpm -t shows it: one that
 * cannot be opened, or is not a shared library at all. */
static void warn_if_library_unusable(void)
{
	const char *library = ephpm_go_library_path();
	const char *problem = NULL;
	unsigned char magic[4];
	struct stat file;

	int fd = open(library, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not block the start */
	if (fd < 0) {
		problem = strerror(errno);
	} else if (fstat(fd, &file) != 0 || !S_ISREG(file.st_mode)) {
		problem = "not a regular file";
	} else if (read(fd, magic, sizeof(magic)) != (ssize_t) sizeof(magic) || memcmp(magic, "\177ELF", 4) != 0) {
		problem = "not a shared library";
	}
	if (fd >= 0) {
		close(fd);
	}
	if (problem) {
		zend_error(E_CORE_WARNING, "ephpm_kv: the Go library %s cannot be used (%s): every "
			"ephpm_kv_* call and the ephpm session handler will fail; set ephpm_kv.library to the "
			"path of ephpm_kv_go.so", library, problem);
	}
	/* Resolved again where it is loaded: a pool's php_admin_value[ephpm_kv.library]
	 * (or extension_dir) may name another library than this process's settings. */
	library_path[0] = '\0';
}

void ephpm_go_process_startup(const char *sapi_name, const ephpm_store_settings *store,
	const char *rejected_size)
{
	const char *store_file = store->path;
	size_t size = store->size;
	char host[128];

	startup_pid = getpid();
	snprintf(startup_store_file, sizeof(startup_store_file), "%s", store_file ? store_file : "");
	startup_size = size;
	startup_shared = store->group && *store->group;
	startup_gid = store->gid;

	if (host_runs_go(sapi_name, host, sizeof(host))) {
		mark_unavailable("ephpm_kv is disabled: this process already runs a Go runtime (%s), "
			"and a process can host only one (golang/go#65050); the ephpm_kv_* functions and "
			"the \"ephpm\" session handler are unavailable", host);
		zend_error(E_CORE_WARNING, "%s", reason);
		return;
	}

	bool in_file = store_file && *store_file;
	if (rejected_size && in_file) {
		/* The default size would replace the store file's store of the size meant.
		 * phpinfo() shows the row of a store file not mapped, as for any other. */
		snprintf(store_origin, sizeof(store_origin), "ephpm_kv.size \"%s\" is not a size (such as "
			"64M or 1G), and the store file %s was left as it is rather than replaced by a store "
			"of the default size: correct ephpm_kv.size", rejected_size, store_file);
		mark_unavailable("ephpm_kv is disabled: %s", store_origin);
		zend_error(E_CORE_WARNING, "%s", reason);
		return;
	}

	if (!in_file) {
		warn_if_beyond_memory(size);
	}

	/* Made before any fork, so every worker of the pool inherits the same pages. */
	ephpm_store_mapping mapping;
	ephpm_store_map(&mapping, store, store_starter(sapi_name));
	/* Only about a store file: phpinfo() takes a non-empty origin for one. */
	if (in_file) {
		snprintf(store_origin, sizeof(store_origin), "%s", mapping.origin);
	}
	if (mapping.base == MAP_FAILED) {
		mark_unavailable("ephpm_kv is disabled: %s", mapping.origin);
		zend_error(E_CORE_WARNING, "%s", reason);
		return;
	}
	if (mapping.replaced) {
		zend_error(E_CORE_WARNING, "ephpm_kv: store file %s: its entries and sessions are gone",
			mapping.origin);
	}
	store_base = mapping.base;
	store_size = size;
	store_fd = mapping.fd;
	warn_if_library_unusable();
}

bool ephpm_go_started_with(const ephpm_store_settings *store)
{
	return store->size == startup_size && strcmp(store->path ? store->path : "", startup_store_file) == 0
		&& (store->group && *store->group) == startup_shared && (!startup_shared || store->gid == startup_gid);
}

const char *ephpm_go_store_origin(void)
{
	return store_origin;
}

void ephpm_go_process_shutdown(void)
{
	/* Go threads may still touch the mapping; a process that ran Go keeps it
	 * until exit. */
	if (store_base != MAP_FAILED && ephpm_go_state == EPHPM_GO_NOT_LOADED) {
		munmap(store_base, store_size);
		store_base = MAP_FAILED;
		if (store_fd >= 0) {
			close(store_fd); /* an Apache parent maps it again at the next MINIT */
			store_fd = -1;
		}
	}
}

/* Like extension= (php_load_extension): a value with a '/' is a path as
 * given, a bare file name is looked up in extension_dir (dlopen alone would
 * search LD_LIBRARY_PATH and the system's directories), and empty means
 * ephpm_kv_go.so next to ephpm_kv.so. */
const char *ephpm_go_library_path(void)
{
	const char *configured = EPHPM_KV_G(library);

	if (configured && strchr(configured, '/')) {
		return configured;
	}
	if (!library_path[0]) {
		bool by_name = configured && *configured;
		const char *name = by_name ? configured : EPHPM_KV_GO_LIBRARY_FILENAME;
		const char *dir = PG(extension_dir) ? PG(extension_dir) : "";
		size_t dir_len = strlen(dir);
#ifdef COMPILE_DL_EPHPM_KV
		Dl_info self;
		if (!by_name && dladdr((void *) &ephpm_kv_module_entry, &self)
				&& self.dli_fname && strrchr(self.dli_fname, '/')) {
			dir = self.dli_fname;
			dir_len = strrchr(self.dli_fname, '/') - self.dli_fname;
		}
#endif
		while (dir_len > 0 && dir[dir_len - 1] == '/') {
			dir_len--;
		}
		snprintf(library_path, sizeof(library_path), "%.*s/%s", (int) dir_len, dir, name);
	}
	return library_path;
}

/* A Go library from another build may take other arguments: calling it
 * could corrupt memory, so it is refused before any other symbol is used. */
static bool same_abi(void *handle, const char *path)
{
	ephpm_go_abi_version_fn abi_version = (ephpm_go_abi_version_fn) dlsym(handle, "ephpm_go_abi_version");

	if (!abi_version) {
		mark_unavailable("ephpm_kv: the Go library %s does not export ephpm_go_abi_version: it is "
			"not from this version of ephpm_kv (install ephpm_kv.so and %s from the same build)",
			path, EPHPM_KV_GO_LIBRARY_FILENAME);
		return false;
	}
	int version = abi_version();
	if (version != EPHPM_ABI_VERSION) {
		mark_unavailable("ephpm_kv: the Go library %s has interface version %d, this extension "
			"needs %d (install ephpm_kv.so and %s from the same build)",
			path, version, EPHPM_ABI_VERSION, EPHPM_KV_GO_LIBRARY_FILENAME);
		return false;
	}
	return true;
}

static bool resolve_symbols(void *handle, const char *path)
{
	for (size_t i = 0; i < sizeof(go_symbols) / sizeof(go_symbols[0]); i++) {
		void *symbol = dlsym(handle, go_symbols[i].name);
		if (!symbol) {
			mark_unavailable("ephpm_kv: the Go library %s does not export %s (built from another "
				"version of ephpm_kv?)", path, go_symbols[i].name);
			return false;
		}
		*(void **) ((char *) &ephpm_go + go_symbols[i].offset) = symbol;
	}
	return true;
}

bool ephpm_go_load(void)
{
	if (ephpm_go_state != EPHPM_GO_NOT_LOADED) {
		return ephpm_go_state == EPHPM_GO_READY;
	}
	if (preloading_in_pool_parent()) {
		return false; /* not for good: the workers it forks start Go themselves */
	}

	const char *path = ephpm_go_library_path();
	sigset_t saved_mask;
	int rc = 0;

	/* Go's threads inherit the mask of the thread that starts the runtime:
	 * PHP's asynchronous signals then go to PHP's own thread. */
	ephpm_signals_block_async(&saved_mask);
	void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!handle) {
		ephpm_signals_restore_mask(&saved_mask);
		mark_unavailable("ephpm_kv: cannot load the Go library %s: %s (set ephpm_kv.library "
			"to the path of %s)", path, dlerror(), EPHPM_KV_GO_LIBRARY_FILENAME);
		return false;
	}
	/* From here on this process runs Go (loading the library started its
	 * runtime) and must never use it after a fork. Its threads need
	 * SA_ONSTACK on PHP's handlers even if the library turns out unusable. */
	runtime_pid = getpid();
	ephpm_go_runtime_here = true;
	pthread_atfork(NULL, NULL, forked_child);

	if (!same_abi(handle, path) || !resolve_symbols(handle, path)) {
		ephpm_signals_restore_mask(&saved_mask);
		ephpm_signals_add_onstack();
		return false;
	}
	if (store_base != MAP_FAILED) {
		rc = ephpm_go.attach(store_base, store_size, (int) EPHPM_KV_G(eviction_policy),
			(int) EPHPM_KV_G(max_key_size), (int) EPHPM_KV_G(gomaxprocs),
			(int64_t) EPHPM_KV_G(gomemlimit), EPHPM_KV_G(scheduler_tick_in_place) ? 1 : 0,
			&ephpm_request_count);
	}
	ephpm_signals_restore_mask(&saved_mask);

	if (store_base == MAP_FAILED || rc < 0) {
		char why[512] = "no shared mapping";
		if (rc < 0) {
			ephpm_go_describe_error(rc, why, sizeof(why));
		}
		mark_unavailable("ephpm_kv: the Go library %s cannot attach to the shared store: %s",
			path, why);
		ephpm_signals_add_onstack();
		return false;
	}
	ephpm_go_state = EPHPM_GO_READY;
	ephpm_signals_add_onstack();
	return true;
}

const char *ephpm_go_unavailable_reason(void)
{
	if (ephpm_go_state == EPHPM_GO_NOT_LOADED && preloading_in_pool_parent()) {
		snprintf(reason, sizeof(reason), "ephpm_kv cannot be used in opcache.preload here: "
			"this process (pid %d, %s) preloads and then forks the pool's workers, and the Go "
			"runtime of ephpm_kv, once started in it, would not survive fork(), leaving every "
			"worker without the store. Fill the store from a request instead (a process "
			"running as root preloads in a child of its own, where ephpm_kv works)",
			(int) getpid(), sapi_module.name);
	} else if (ephpm_go_state == EPHPM_GO_FORKED) {
		snprintf(reason, sizeof(reason), "ephpm_kv cannot be used in this process (pid %d): "
			"it was forked from pid %d after that process had started the Go runtime of "
			"ephpm_kv, which does not survive fork(). pcntl_fork() after the first ephpm_kv "
			"call is unsupported: fork before the first call, or start a new PHP process "
			"(exec, proc_open)", (int) getpid(), (int) runtime_pid);
	} else if (ephpm_go_state == EPHPM_GO_NOT_LOADED || ephpm_go_state == EPHPM_GO_READY) {
		snprintf(reason, sizeof(reason), "ephpm_kv: the store is available");
	}
	return reason;
}

static const char *error_code_text(int64_t code)
{
	switch (code) {
		case EPHPM_E_NOMEM: return "the store is full and the eviction policy could not make room";
		case EPHPM_E_TOO_LARGE: return "the entry is larger than the store can ever hold";
		case EPHPM_E_NOT_INT: return "the value is not a decimal 64-bit integer";
		case EPHPM_E_OVERFLOW: return "the result would overflow a 64-bit integer";
		case EPHPM_E_NOT_ATTACHED: return "the store is not attached";
		case EPHPM_E_TIMEOUT: return "timed out";
		case EPHPM_E_LOCK_LOST: return "the session lock was lost to another request";
		case EPHPM_E_KEY: return "invalid key";
		case EPHPM_E_ARG: return "invalid argument";
		case EPHPM_E_MISSING: return "the key does not exist";
		default: return "unknown error";
	}
}

void ephpm_go_describe_error(int64_t code, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (ephpm_go.last_error) {
		ephpm_go.last_error(buf, cap);
	}
	if (!buf[0]) {
		snprintf(buf, cap, "%s (code %" PRId64 ")", error_code_text(code), code);
	}
}

const char *ephpm_go_state_description(void)
{
	static char description[1200];

	switch (ephpm_go_state) {
		case EPHPM_GO_NOT_LOADED:
			return "not started in this process (it starts on first use)";
		case EPHPM_GO_READY:
			snprintf(description, sizeof(description), "running (started by pid %d)", (int) runtime_pid);
			return description;
		default:
			snprintf(description, sizeof(description), "unavailable: %s", ephpm_go_unavailable_reason());
			return description;
	}
}
