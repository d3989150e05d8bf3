/* The ephpm_kv_* functions: argument checks, then one call into Go. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include <time.h>

#include "php.h"
#include "zend_exceptions.h"
#include "php_ephpm_kv.h"
#include "go_runtime.h"
#include "kv_functions.h"

/* Values up to this size are copied from here into an exact-size string;
 * larger ones are read again straight into a string of the right size. */
static char get_scratch[64 * 1024];

#define MAX_TTL_SECONDS (INT64_MAX / 1000)

#define REQUIRE_VALID_KEY(key, arg_num) \
	if (UNEXPECTED(!key_is_valid(key, arg_num))) { RETURN_THROWS(); }

#define REQUIRE_STORE() \
	if (UNEXPECTED(!ephpm_go_ready())) { \
		zend_throw_error(NULL, "%s", ephpm_go_unavailable_reason()); \
		RETURN_THROWS(); \
	}

static zend_always_inline bool key_is_valid(const zend_string *key, uint32_t arg_num)
{
	if (UNEXPECTED(ZSTR_LEN(key) == 0)) {
		zend_argument_value_error(arg_num, "must not be empty");
		return false;
	}
	if (UNEXPECTED(ZSTR_LEN(key) > (size_t) EPHPM_KV_G(max_key_size))) {
		zend_argument_value_error(arg_num, "must not be longer than " ZEND_LONG_FMT
			" bytes (ephpm_kv.max_key_size)", EPHPM_KV_G(max_key_size));
		return false;
	}
	if (UNEXPECTED(ZSTR_LEN(key) >= EPHPM_INTERNAL_KEY_PREFIX_LEN
			&& memcmp(ZSTR_VAL(key), EPHPM_INTERNAL_KEY_PREFIX, EPHPM_INTERNAL_KEY_PREFIX_LEN) == 0)) {
		zend_argument_value_error(arg_num, "must not start with \"\\0ephpm:\", "
			"the prefix of the extension's own entries (session locks)");
		return false;
	}
	return true;
}

/* ttl <= 0 means no expiry, as in ePHPm. */
static bool ttl_seconds_to_ms(zend_long ttl, uint32_t arg_num, int64_t *ttl_ms)
{
	if (ttl <= 0) {
		*ttl_ms = 0;
		return true;
	}
	if (ttl > MAX_TTL_SECONDS) {
		zend_argument_value_error(arg_num, "must be less than or equal to %" PRId64, (int64_t) MAX_TTL_SECONDS);
		return false;
	}
	*ttl_ms = (int64_t) ttl * 1000;
	return true;
}

ZEND_COLD void ephpm_kv_warn_store_error(const char *context, int64_t code)
{
	char why[512];

	ephpm_go_describe_error(code, why, sizeof(why));
	php_error_docref(NULL, E_WARNING, "%s%s", context, why);
}

#define warn_store_error(code) ephpm_kv_warn_store_error("", code)

zend_string *ephpm_kv_fetch(const zend_string *key, uint64_t *version, bool *failed)
{
	int64_t len = ephpm_go.get(ZSTR_VAL(key), ZSTR_LEN(key), get_scratch, sizeof(get_scratch), version);

	return ephpm_kv_fetched(key, len, version, failed);
}

char *ephpm_kv_scratch(size_t *capacity)
{
	*capacity = sizeof(get_scratch);
	return get_scratch;
}

zend_string *ephpm_kv_fetched(const zend_string *key, int64_t len, uint64_t *version, bool *failed)
{
	*failed = false;
	if (len < 0) {
		if (len != -1) { /* -1 is "missing" */
			warn_store_error(len);
			*failed = true;
		}
		return NULL;
	}
	if ((size_t) len <= sizeof(get_scratch)) {
		return len == 0 ? ZSTR_EMPTY_ALLOC() : zend_string_init(get_scratch, (size_t) len, 0);
	}
	for (;;) {
		zend_string *value = zend_string_alloc((size_t) len, 0);
		int64_t now = ephpm_go.get(ZSTR_VAL(key), ZSTR_LEN(key), ZSTR_VAL(value), (size_t) len, version);

		if (now >= 0 && now <= len) {
			if (now < len) {
				value = zend_string_truncate(value, (size_t) now, 0);
			}
			ZSTR_VAL(value)[now] = '\0';
			return value;
		}
		zend_string_efree(value);
		if (now < 0) {
			if (now != -1) {
				warn_store_error(now);
				*failed = true;
			}
			return NULL;
		}
		len = now; /* the value grew between the two reads */
	}
}

PHP_FUNCTION(ephpm_kv_get)
{
	zend_string *key;
	uint64_t version;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();
	REQUIRE_VALID_KEY(key, 1);
	REQUIRE_STORE();

	bool failed;
	zend_string *value = ephpm_kv_fetch(key, &version, &failed);
	if (!value) {
		RETURN_NULL();
	}
	RETURN_STR(value);
}

static void store_value(INTERNAL_FUNCTION_PARAMETERS, int mode)
{
	zend_string *key, *value;
	zend_long ttl = 0;
	int64_t ttl_ms;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(key)
		Z_PARAM_STR(value)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(ttl)
	ZEND_PARSE_PARAMETERS_END();
	REQUIRE_VALID_KEY(key, 1);
	if (!ttl_seconds_to_ms(ttl, 3, &ttl_ms)) {
		RETURN_THROWS();
	}
	REQUIRE_STORE();

	int rc = ephpm_go.set(ZSTR_VAL(key), ZSTR_LEN(key), ZSTR_VAL(value), ZSTR_LEN(value), ttl_ms, mode);
	if (rc < 0) {
		warn_store_error(rc);
		RETURN_FALSE;
	}
	RETURN_BOOL(rc == 1);
}

PHP_FUNCTION(ephpm_kv_set)
{
	store_value(INTERNAL_FUNCTION_PARAM_PASSTHRU, 0);
}

PHP_FUNCTION(ephpm_kv_setnx)
{
	store_value(INTERNAL_FUNCTION_PARAM_PASSTHRU, 1);
}

PHP_FUNCTION(ephpm_kv_del)
{
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();
	REQUIRE_VALID_KEY(key, 1);
	REQUIRE_STORE();

	int rc = ephpm_go.del(ZSTR_VAL(key), ZSTR_LEN(key));
	if (rc < 0) {
		warn_store_error(rc);
		RETURN_LONG(0);
	}
	RETURN_LONG(rc);
}

PHP_FUNCTION(ephpm_kv_del_if_eq)
{
	zend_string *key, *expected;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(key)
		Z_PARAM_STR(expected)
	ZEND_PARSE_PARAMETERS_END();
	REQUIRE_VALID_KEY(key, 1);
	REQUIRE_STORE();

	int rc = ephpm_go.del_if_eq(ZSTR_VAL(key), ZSTR_LEN(key), ZSTR_VAL(expected), ZSTR_LEN(expected));
	if (rc < 0) {
		warn_store_error(rc);
		RETURN_FALSE;
	}
	RETURN_BOOL(rc == 1);
}

PHP_FUNCTION(ephpm_kv_exists)
{
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();
	REQUIRE_VALID_KEY(key, 1);
	REQUIRE_STORE();

	int rc = ephpm_go.exists(ZSTR_VAL(key), ZSTR_LEN(key));
	if (rc < 0) {
		warn_store_error(rc);
		RETURN_FALSE;
	}
	RETURN_BOOL(rc == 1);
}

static void add_to_counter(INTERNAL_FUNCTION_PARAMETERS, zend_string *key, zend_long delta)
{
	int64_t result;

	REQUIRE_VALID_KEY(key, 1);
	REQUIRE_STORE();

	int rc = ephpm_go.incr_by(ZSTR_VAL(key), ZSTR_LEN(key), (int64_t) delta, &result);
	if (rc < 0) {
		warn_store_error(rc);
		RETURN_FALSE;
	}
	RETURN_LONG((zend_long) result);
}

PHP_FUNCTION(ephpm_kv_incr)
{
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();
	add_to_counter(INTERNAL_FUNCTION_PARAM_PASSTHRU, key, 1);
}

PHP_FUNCTION(ephpm_kv_decr)
{
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();
	add_to_counter(INTERNAL_FUNCTION_PARAM_PASSTHRU, key, -1);
}

PHP_FUNCTION(ephpm_kv_incr_by)
{
	zend_string *key;
	zend_long delta;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(key)
		Z_PARAM_LONG(delta)
	ZEND_PARSE_PARAMETERS_END();
	add_to_counter(INTERNAL_FUNCTION_PARAM_PASSTHRU, key, delta);
}

PHP_FUNCTION(ephpm_kv_expire)
{
	zend_string *key;
	zend_long ttl;
	int64_t ttl_ms;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(key)
		Z_PARAM_LONG(ttl)
	ZEND_PARSE_PARAMETERS_END();
	REQUIRE_VALID_KEY(key, 1);
	if (!ttl_seconds_to_ms(ttl, 2, &ttl_ms)) {
		RETURN_THROWS();
	}
	REQUIRE_STORE();
	if (ttl_ms == 0) {
		RETURN_FALSE; /* ttl <= 0 changes nothing */
	}

	int rc = ephpm_go.expire(ZSTR_VAL(key), ZSTR_LEN(key), ttl_ms);
	if (rc < 0) {
		warn_store_error(rc);
		RETURN_FALSE;
	}
	RETURN_BOOL(rc == 1);
}

static int64_t remaining_ms(INTERNAL_FUNCTION_PARAMETERS)
{
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END_EX(return INT64_MIN);
	if (!key_is_valid(key, 1)) {
		return INT64_MIN;
	}
	if (!ephpm_go_ready()) {
		zend_throw_error(NULL, "%s", ephpm_go_unavailable_reason());
		return INT64_MIN;
	}
	int64_t pttl = ephpm_go.pttl(ZSTR_VAL(key), ZSTR_LEN(key));
	if (pttl < EPHPM_TTL_MISSING) {
		warn_store_error(pttl);
		return EPHPM_TTL_MISSING;
	}
	return pttl;
}

PHP_FUNCTION(ephpm_kv_pttl)
{
	int64_t pttl = remaining_ms(INTERNAL_FUNCTION_PARAM_PASSTHRU);

	if (pttl == INT64_MIN) {
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long) pttl);
}

PHP_FUNCTION(ephpm_kv_ttl)
{
	int64_t pttl = remaining_ms(INTERNAL_FUNCTION_PARAM_PASSTHRU);

	if (pttl == INT64_MIN) {
		RETURN_THROWS();
	}
	/* Rounds up: 1..999 ms left reads as 1 second, never as "no expiry". */
	RETURN_LONG(pttl < 0 ? (zend_long) pttl : (zend_long) (pttl / 1000 + (pttl % 1000 != 0)));
}

PHP_FUNCTION(ephpm_kv_flush_all)
{
	ZEND_PARSE_PARAMETERS_NONE();
	REQUIRE_STORE();

	int rc = ephpm_go.flush();
	if (rc < 0) {
		warn_store_error(rc);
		RETURN_FALSE;
	}
	RETURN_TRUE;
}

static int64_t monotonic_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

PHP_FUNCTION(ephpm_kv_wait)
{
	zend_string *key;
	zend_long last_version, timeout_ms;

	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_STR(key)
		Z_PARAM_LONG(last_version)
		Z_PARAM_LONG(timeout_ms)
	ZEND_PARSE_PARAMETERS_END();
	REQUIRE_VALID_KEY(key, 1);
	/* As in ePHPm: negative arguments count as 0 (a snapshot, a poll). */
	if (last_version < 0) {
		last_version = 0;
	}
	if (timeout_ms < 0) {
		timeout_ms = 0;
	}
	REQUIRE_STORE();

	int64_t now = monotonic_ms();
	/* A timeout of PHP_INT_MAX ms means "as long as it takes", not an overflow. */
	int64_t deadline = (int64_t) timeout_ms > INT64_MAX - now ? INT64_MAX : now + (int64_t) timeout_ms;
	int64_t left = timeout_ms;
	for (;;) {
		int64_t changed = ephpm_go.wait(ZSTR_VAL(key), ZSTR_LEN(key), (uint64_t) last_version, left);
		if (changed == EPHPM_E_TIMEOUT) {
			RETURN_FALSE;
		}
		if (changed < 0) {
			warn_store_error(changed);
			RETURN_FALSE;
		}

		uint64_t version = 0;
		bool failed;
		zend_string *value = ephpm_kv_fetch(key, &version, &failed);
		if (failed) {
			RETURN_FALSE;
		}
		if (version != (uint64_t) last_version) {
			array_init_size(return_value, 2);
			add_assoc_long(return_value, "version", (zend_long) version);
			if (value) {
				add_assoc_str(return_value, "value", value);
			} else {
				add_assoc_null(return_value, "value");
			}
			return;
		}
		/* It changed and changed back before we could read it: keep waiting. */
		if (value) {
			zend_string_release(value);
		}
		left = deadline - monotonic_ms();
		if (left <= 0) {
			RETURN_FALSE;
		}
	}
}

PHP_FUNCTION(ephpm_kv_info)
{
	ephpm_go_info_t figures;

	ZEND_PARSE_PARAMETERS_NONE();
	REQUIRE_STORE();

	int rc = ephpm_go.info(&figures);
	if (rc < 0) {
		char why[512];
		ephpm_go_describe_error(rc, why, sizeof(why));
		zend_throw_error(NULL, "ephpm_kv_info(): %s", why);
		RETURN_THROWS();
	}
	array_init_size(return_value, 12);
	add_assoc_long(return_value, "entries", figures.entries);
	add_assoc_long(return_value, "memory_used", figures.memory_used);
	add_assoc_long(return_value, "memory_free", figures.memory_free);
	add_assoc_long(return_value, "memory_total", figures.memory_total);
	add_assoc_long(return_value, "hits", figures.hits);
	add_assoc_long(return_value, "misses", figures.misses);
	add_assoc_long(return_value, "evictions", figures.evictions);
	add_assoc_long(return_value, "expirations", figures.expirations);
	add_assoc_long(return_value, "shards", figures.shards);
	add_assoc_long(return_value, "max_entry_size", figures.max_entry_size);
	add_assoc_long(return_value, "lock_takeovers", figures.lock_takeovers);
	add_assoc_string(return_value, "eviction_policy", ephpm_kv_policy_name(EPHPM_KV_G(eviction_policy)));
}
