#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include <grp.h>

#include "php.h"
#include "php_ini.h"
#include "SAPI.h"
#include "ext/standard/info.h"
#include "ext/session/php_session.h"

#include "php_ephpm_kv.h"
#include "go_runtime.h"
#include "store_mapping.h"
#include "mod_ephpm.h"
#include "ephpm_kv_arginfo.h"

ZEND_DECLARE_MODULE_GLOBALS(ephpm_kv)

static const char *const policy_names[] = {
	[EPHPM_POLICY_ALLKEYS_LRU] = "allkeys-lru",
	[EPHPM_POLICY_VOLATILE_LRU] = "volatile-lru",
	[EPHPM_POLICY_NOEVICTION] = "noeviction",
};

const char *ephpm_kv_policy_name(zend_long policy)
{
	if (policy < 0 || policy >= (zend_long) (sizeof(policy_names) / sizeof(policy_names[0]))) {
		return "unknown";
	}
	return policy_names[policy];
}

/* Plain CGI, unless the store is a file that the next request's process maps
 * again. php-cgi tells plain CGI from FastCGI with fcgi_is_fastcgi(), which it does
 * not export. Its request loop (sapi/cgi/cgi_main.c) sets SG(server_context)
 * to the FastCGI request, or to (void *) 1 when it runs one request outside
 * FastCGI; that also covers -b, which turns FastCGI on only after listening on
 * a new socket (fd 0 then is no socket). Should the marker change, plain CGI
 * would go unnoticed again, but FastCGI would still never be refused. */
bool ephpm_kv_store_per_request(void)
{
	return strcmp(sapi_module.name, "cgi-fcgi") == 0 && SG(server_context) == (void *) 1
		&& !(EPHPM_KV_G(store_file) && *EPHPM_KV_G(store_file));
}

static const char *setting_default(const zend_string *name);

/* What stays is the current value, or at startup (none yet) the default. */
static int reject_setting(zend_ini_entry *entry, zend_string *value, const char *requirement)
{
	zend_error(E_WARNING, "Invalid value \"%s\" for %s: %s; keeping \"%s\"", ZSTR_VAL(value),
		ZSTR_VAL(entry->name), requirement,
		entry->value ? ZSTR_VAL(entry->value) : setting_default(entry->name));
	return FAILURE;
}

static int set_quantity(zend_ini_entry *entry, zend_string *value, void *mh_arg1, void *mh_arg2,
	zend_ulong min, const char *requirement)
{
	zend_string *parse_error = NULL;
	zend_ulong quantity = zend_ini_parse_uquantity(value, &parse_error);

	if (parse_error) {
		zend_string_release(parse_error);
		return reject_setting(entry, value, requirement);
	}
	if (quantity < min || quantity > ZEND_LONG_MAX) {
		return reject_setting(entry, value, requirement);
	}
	*(zend_long *) ZEND_INI_GET_ADDR() = (zend_long) quantity;
	return SUCCESS;
}

static int set_integer(zend_ini_entry *entry, zend_string *value, void *mh_arg1, void *mh_arg2,
	zend_long min, zend_long max, const char *requirement)
{
	char *end;
	zend_long number = ZEND_STRTOL(ZSTR_VAL(value), &end, 10);

	if (ZSTR_LEN(value) == 0 || *end != '\0' || number < min || number > max) {
		return reject_setting(entry, value, requirement);
	}
	*(zend_long *) ZEND_INI_GET_ADDR() = number;
	return SUCCESS;
}

/* The value php.ini gave ephpm_kv.size when it was not a size ("" if none):
 * PHP then keeps the default, and a store file made with the default would
 * replace the store the operator meant to keep. */
static char rejected_store_size[64];

static ZEND_INI_MH(OnUpdateStoreSize)
{
	int result = set_quantity(entry, new_value, mh_arg1, mh_arg2, EPHPM_STORE_MIN_SIZE,
		"expected a size of at least 2M, such as 64M or 1G");
	if (result == FAILURE && stage == ZEND_INI_STAGE_STARTUP) {
		snprintf(rejected_store_size, sizeof(rejected_store_size), "%s", ZSTR_VAL(new_value));
	}
	return result;
}

/* A group's name or number: its id is kept beside it for the store's start. */
static ZEND_INI_MH(OnUpdateStoreFileGroup)
{
	const char *group = ZSTR_VAL(new_value);
	zend_ulong gid = 0;

	if (ZSTR_LEN(new_value) > 0 && group[strspn(group, "0123456789")] == '\0') {
		gid = ZEND_STRTOUL(group, NULL, 10);
		if (ZSTR_LEN(new_value) > 10 || gid >= (zend_ulong) (gid_t) -1) {
			return reject_setting(entry, new_value, "expected the name or number of a group");
		}
	} else if (ZSTR_LEN(new_value) > 0) {
		struct group *entry_of_group = getgrnam(group);
		if (!entry_of_group) {
			return reject_setting(entry, new_value, "expected the name or number of a group (no group "
				"of that name on this machine)");
		}
		gid = entry_of_group->gr_gid;
	}
	EPHPM_KV_G(store_file_gid) = (zend_long) gid;
	return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

static ZEND_INI_MH(OnUpdateGoMemLimit)
{
	return set_quantity(entry, new_value, mh_arg1, mh_arg2, 0,
		"expected 0 (Go's default) or a size such as 256M");
}

static ZEND_INI_MH(OnUpdateMaxKeySize)
{
	return set_integer(entry, new_value, mh_arg1, mh_arg2, 1, 65535,
		"expected an integer between 1 and 65535 (bytes)");
}

static ZEND_INI_MH(OnUpdateGoMaxProcs)
{
	return set_integer(entry, new_value, mh_arg1, mh_arg2, 0, 1024,
		"expected an integer between 0 (Go's default) and 1024");
}

static ZEND_INI_MH(OnUpdateLockTimeout)
{
	return set_integer(entry, new_value, mh_arg1, mh_arg2, 0, ZEND_LONG_MAX / 2,
		"expected a number of milliseconds (0 or more)");
}

static ZEND_INI_MH(OnUpdateEvictionPolicy)
{
	for (size_t i = 0; i < sizeof(policy_names) / sizeof(policy_names[0]); i++) {
		if (zend_string_equals_cstr(new_value, policy_names[i], strlen(policy_names[i]))) {
			*(zend_long *) ZEND_INI_GET_ADDR() = (zend_long) i;
			return SUCCESS;
		}
	}
	return reject_setting(entry, new_value, "expected allkeys-lru, volatile-lru or noeviction");
}

PHP_INI_BEGIN()
	STD_PHP_INI_ENTRY("ephpm_kv.size", "64M", PHP_INI_SYSTEM, OnUpdateStoreSize,
		size, zend_ephpm_kv_globals, ephpm_kv_globals)
	STD_PHP_INI_ENTRY("ephpm_kv.store_file", "", PHP_INI_SYSTEM, OnUpdateString,
		store_file, zend_ephpm_kv_globals, ephpm_kv_globals)
	STD_PHP_INI_ENTRY("ephpm_kv.store_file_group", "", PHP_INI_SYSTEM, OnUpdateStoreFileGroup,
		store_file_group, zend_ephpm_kv_globals, ephpm_kv_globals)
	STD_PHP_INI_ENTRY("ephpm_kv.eviction_policy", "allkeys-lru", PHP_INI_SYSTEM, OnUpdateEvictionPolicy,
		eviction_policy, zend_ephpm_kv_globals, ephpm_kv_globals)
	STD_PHP_INI_ENTRY("ephpm_kv.max_key_size", "1024", PHP_INI_SYSTEM, OnUpdateMaxKeySize,
		max_key_size, zend_ephpm_kv_globals, ephpm_kv_globals)
	STD_PHP_INI_ENTRY("ephpm_kv.library", "", PHP_INI_SYSTEM, OnUpdateString,
		library, zend_ephpm_kv_globals, ephpm_kv_globals)
	STD_PHP_INI_ENTRY("ephpm_kv.gomaxprocs", "2", PHP_INI_SYSTEM, OnUpdateGoMaxProcs,
		gomaxprocs, zend_ephpm_kv_globals, ephpm_kv_globals)
	STD_PHP_INI_ENTRY("ephpm_kv.gomemlimit", "0", PHP_INI_SYSTEM, OnUpdateGoMemLimit,
		gomemlimit, zend_ephpm_kv_globals, ephpm_kv_globals)
	STD_PHP_INI_BOOLEAN("ephpm_kv.scheduler_tick_in_place", "1", PHP_INI_SYSTEM, OnUpdateBool,
		scheduler_tick_in_place, zend_ephpm_kv_globals, ephpm_kv_globals)
	STD_PHP_INI_ENTRY("ephpm_kv.session_prefix", "php_session:", PHP_INI_ALL, OnUpdateString,
		session_prefix, zend_ephpm_kv_globals, ephpm_kv_globals)
	STD_PHP_INI_BOOLEAN("ephpm_kv.session_locking", "1", PHP_INI_ALL, OnUpdateBool,
		session_locking, zend_ephpm_kv_globals, ephpm_kv_globals)
	STD_PHP_INI_ENTRY("ephpm_kv.session_lock_timeout", "30000", PHP_INI_ALL, OnUpdateLockTimeout,
		session_lock_timeout, zend_ephpm_kv_globals, ephpm_kv_globals)
PHP_INI_END()

static const char *setting_default(const zend_string *name)
{
	for (const zend_ini_entry_def *def = ini_entries; def->name; def++) {
		if (def->name_length == ZSTR_LEN(name) && memcmp(def->name, ZSTR_VAL(name), def->name_length) == 0) {
			return def->value ? def->value : "";
		}
	}
	return "";
}

static ephpm_store_settings store_settings(void)
{
	return (ephpm_store_settings) {
		.path = EPHPM_KV_G(store_file), .size = (size_t) EPHPM_KV_G(size),
		.group = EPHPM_KV_G(store_file_group), .gid = (gid_t) EPHPM_KV_G(store_file_gid),
	};
}

static PHP_GINIT_FUNCTION(ephpm_kv)
{
	memset(ephpm_kv_globals, 0, sizeof(*ephpm_kv_globals));
}

static PHP_MINIT_FUNCTION(ephpm_kv)
{
	REGISTER_INI_ENTRIES();
	ephpm_store_settings store = store_settings();
	ephpm_go_process_startup(sapi_module.name, &store, rejected_store_size[0] ? rejected_store_size : NULL);
	php_session_register_module(&ps_mod_ephpm);
	return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(ephpm_kv)
{
	ephpm_go_process_shutdown();
	UNREGISTER_INI_ENTRIES();
	return SUCCESS;
}

static PHP_RINIT_FUNCTION(ephpm_kv)
{
	ephpm_request_count++;
	/* PHP has just reinstalled its handlers for this request. */
	if (ephpm_go_runtime_here) {
		ephpm_signals_request_start();
	}
	return SUCCESS;
}

static ZEND_MODULE_POST_ZEND_DEACTIVATE_D(ephpm_kv)
{
	ephpm_session_request_end();
	if (ephpm_go_runtime_here) {
		ephpm_signals_request_end(); /* after every RSHUTDOWN, pcntl's included */
	}
	return SUCCESS;
}

static void info_row_long(const char *name, int64_t value)
{
	char text[32];

	snprintf(text, sizeof(text), "%" PRId64, value);
	php_info_print_table_row(2, name, text);
}

static const char *store_sharing(void)
{
	if (ephpm_kv_store_per_request()) {
		return "this request only (plain CGI runs each request in a new process; the ephpm session "
			"handler refuses to start)";
	}
	if (ephpm_go_store_origin()[0]) {
		return "every process that maps the store file (it outlives a restart of the server)";
	}
	if (strcmp(sapi_module.name, "cli") == 0 || strcmp(sapi_module.name, "phpdbg") == 0) {
		return "this command and the processes it forks before its first use of the store (it "
			"ends with them; ephpm_kv.store_file shares a server's store)";
	}
	return "the processes forked from PHP's parent process (one store per php-fpm master, for "
		"all its pools, or per Apache parent)";
}

static PHP_MINFO_FUNCTION(ephpm_kv)
{
	ephpm_go_info_t figures;

	php_info_print_table_start();
	php_info_print_table_row(2, "ephpm_kv support", "enabled");
	php_info_print_table_row(2, "version", PHP_EPHPM_KV_VERSION);
	php_info_print_table_row(2, "session save handler", EPHPM_KV_SESSION_MODULE_NAME);
	php_info_print_table_row(2, "Store shared by", store_sharing());
	if (ephpm_go_store_origin()[0]) {
		php_info_print_table_row(2, "Store file", ephpm_go_store_origin());
	}
	ephpm_store_settings store = store_settings();
	if (!ephpm_go_started_with(&store)) {
		php_info_print_table_row(2, "Not in effect", "ephpm_kv.store_file, ephpm_kv.size and ephpm_kv.store_file_group as set "
			"here (php_admin_value in a pool or virtual host): they are read once, when PHP's "
			"parent process starts, and the store is the one that process made");
	}
	php_info_print_table_row(2, "Go library", ephpm_go_library_path());
	/* phpinfo() runs inside a request, where starting Go is allowed. */
	bool ready = ephpm_go_ready();
	php_info_print_table_row(2, "Go runtime", ephpm_go_state_description());
	if (ready) {
		char scheduler[256];
		ephpm_go.scheduler(scheduler, sizeof(scheduler));
		php_info_print_table_row(2, "Go scheduler", scheduler);
	}
	if (ready && ephpm_go.info(&figures) == 0) {
		php_info_print_table_row(2, "eviction_policy", ephpm_kv_policy_name(EPHPM_KV_G(eviction_policy)));
		info_row_long("entries", figures.entries);
		info_row_long("memory_used", figures.memory_used);
		info_row_long("memory_free", figures.memory_free);
		info_row_long("memory_total", figures.memory_total);
		info_row_long("hits", figures.hits);
		info_row_long("misses", figures.misses);
		info_row_long("evictions", figures.evictions);
		info_row_long("expirations", figures.expirations);
		info_row_long("shards", figures.shards);
		info_row_long("max_entry_size", figures.max_entry_size);
		info_row_long("lock_takeovers", figures.lock_takeovers);
	}
	php_info_print_table_end();

	DISPLAY_INI_ENTRIES();
}

static const zend_module_dep ephpm_kv_deps[] = {
	ZEND_MOD_REQUIRED("session")
	ZEND_MOD_END
};

zend_module_entry ephpm_kv_module_entry = {
	STANDARD_MODULE_HEADER_EX, NULL,
	ephpm_kv_deps,
	"ephpm_kv",
	ext_functions,
	PHP_MINIT(ephpm_kv),
	PHP_MSHUTDOWN(ephpm_kv),
	PHP_RINIT(ephpm_kv),
	NULL,
	PHP_MINFO(ephpm_kv),
	PHP_EPHPM_KV_VERSION,
	PHP_MODULE_GLOBALS(ephpm_kv),
	PHP_GINIT(ephpm_kv),
	NULL,
	ZEND_MODULE_POST_ZEND_DEACTIVATE_N(ephpm_kv),
	STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_EPHPM_KV
ZEND_GET_MODULE(ephpm_kv)
#endif
