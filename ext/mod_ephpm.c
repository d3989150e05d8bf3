/*
 * The native session module "ephpm": sessions in the shared store.
 *
 * Contract (php-src ext/session/mod_files.c is the reference module):
 *   open            - create the module data (the key prefix). Called again
 *                     without close by session_reset(): keep the held lock.
 *   create_sid      - a new id, reserved atomically in the store (empty
 *                     payload, TTL gc_maxlifetime) so it is never handed out
 *                     twice; retried on collision. A full store cannot
 *                     hold the reservation: then an id nobody has, unreserved.
 *                     A reservation no read used by close (session_create_id)
 *                     is dropped.
 *   validate_sid    - SUCCESS iff a session with this id exists (strict mode).
 *                     The id create_sid has just reserved counts as new, which
 *                     is what session_regenerate_id()/session_create_id() ask.
 *   read            - take the session lock (when ephpm_kv.session_locking),
 *                     held until close, and the payload ("" when unknown),
 *                     in one store step. The application's writes leave room
 *                     for locks (gosrc/store), so a full store still reads.
 *   write           - the payload with TTL gc_maxlifetime, refused when the
 *                     lock was lost. Called by the session engine itself
 *                     (not through a \SessionHandler), it also releases the
 *                     lock in the same step: the engine closes right after.
 *   update_timestamp- lazy_write with unchanged data: refresh the TTL only.
 *   destroy         - delete the payload (missing is fine); lock kept to close.
 *   gc              - reclaim expired entries; *nrdels = expired sessions.
 *   close           - release the lock, free the module data.
 *
 * Keys are ephpm_kv.session_prefix + session.save_path + id. session.save_path
 * is an optional per-pool/per-site prefix ("site1:" gives
 * "php_session:site1:<id>"); a value containing '/' is a files-handler
 * directory (Debian compiles one in) and is ignored.
 *
 * Rules: never change PS() (read only PS(mod), to tell the engine from a
 * \SessionHandler wrapper); never throw from a callback;
 * when the store is unusable (Go library missing, forked child) or would not
 * outlive the request (plain CGI) fail with a warning that says why, never hang.
 */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "php_ini.h"
#include "php_ephpm_kv.h"
#include "go_runtime.h"
#include "kv_functions.h"
#include "mod_ephpm.h"

#define CREATE_SID_ATTEMPTS 3
/* The files handler's words, so that logs read the same with either handler. */
#define INVALID_ID_WARNING "Session ID is too long or contains illegal characters. " \
	"Only the A-Z, a-z, 0-9, \"-\", and \",\" characters are allowed"

typedef struct {
	zend_string *prefix;
	zend_string *locked_key;  /* key whose lock this request holds, or NULL */
	uint64_t lock_token;
	zend_string *minted_key;  /* the key create_sid reserved, until a read uses it */
} ps_ephpm;

#define PS_EPHPM_DATA ps_ephpm *data = PS_GET_MOD_DATA()

/* A class extending \SessionHandler may override open() without calling
 * parent::open() and still call the parent's other methods. */
#define PS_EPHPM_REQUIRE_OPEN(failed) \
	if (UNEXPECTED(!data)) { \
		php_error_docref(NULL, E_WARNING, "The ephpm session module is not open " \
			"(a handler extending SessionHandler must call parent::open())"); \
		return failed; \
	}

/* Whether this request holds a session lock that close has not released (then
 * the request end releases it; every other request skips that Go call). */
static bool locked_in_this_request;

PS_FUNCS_UPDATE_TIMESTAMP(ephpm)

const ps_module ps_mod_ephpm = {
	PS_MOD_UPDATE_TIMESTAMP(ephpm)
};

static bool store_usable(void)
{
	if (EXPECTED(ephpm_go_ready())) {
		return true;
	}
	php_error_docref(NULL, E_WARNING, "%s", ephpm_go_unavailable_reason());
	return false;
}

static zend_string *key_prefix(const char *save_path)
{
	const char *prefix = EPHPM_KV_G(session_prefix) ? EPHPM_KV_G(session_prefix) : "";

	if (!save_path || !*save_path || strchr(save_path, '/')) {
		return zend_string_init(prefix, strlen(prefix), 0);
	}
	return zend_string_concat2(prefix, strlen(prefix), save_path, strlen(save_path));
}

static bool valid_id(const zend_string *id)
{
	return php_session_valid_key(ZSTR_VAL(id)) == SUCCESS && strlen(ZSTR_VAL(id)) == ZSTR_LEN(id);
}

/* The store key of session id, or NULL (after a warning) when the store is
 * unusable or id is not a valid session id: every callback that reaches the
 * store starts here. validate_sid and destroy check valid_id() first and
 * quietly: no session can be stored under an invalid id, so it is unknown
 * (strict mode replaces a client's invalid id silently, like files does). */
static zend_string *session_key(const ps_ephpm *data, const zend_string *id)
{
	if (!store_usable()) {
		return NULL;
	}
	if (!valid_id(id)) {
		php_error_docref(NULL, E_WARNING, INVALID_ID_WARNING);
		return NULL;
	}
	return zend_string_concat2(ZSTR_VAL(data->prefix), ZSTR_LEN(data->prefix), ZSTR_VAL(id), ZSTR_LEN(id));
}

static int64_t lifetime_ms(zend_long seconds)
{
	if (seconds <= 0) {
		return 0; /* no expiry rather than instant loss */
	}
	return seconds > INT64_MAX / 1000 ? INT64_MAX / 1000 * 1000 : (int64_t) seconds * 1000;
}

static uint64_t held_token(const ps_ephpm *data, const zend_string *key)
{
	return data->locked_key && zend_string_equals(data->locked_key, key) ? data->lock_token : 0;
}

/* The lock is already gone in the store (released by a write): forget it. */
static void forget_lock(ps_ephpm *data)
{
	zend_string_release(data->locked_key);
	data->locked_key = NULL;
	data->lock_token = 0;
	locked_in_this_request = false;
}

static void release_lock(ps_ephpm *data)
{
	if (!data->locked_key) {
		return;
	}
	if (ephpm_go_state == EPHPM_GO_READY) {
		ephpm_go.session_unlock(ZSTR_VAL(data->locked_key), ZSTR_LEN(data->locked_key), data->lock_token);
	}
	forget_lock(data); /* a request holds at most one session lock */
}

/* Takes the session's lock (unless locking is off or it is held already) and
 * reads the session into the scratch buffer: *len as ephpm_kv_fetched wants. */
static zend_result lock_and_read(ps_ephpm *data, zend_string *key, const zend_string *id, int64_t *len)
{
	zend_long timeout_ms = EPHPM_KV_G(session_lock_timeout);
	uint64_t token = 0, version;
	int64_t waited_ms = 0;
	size_t capacity;
	char *scratch = ephpm_kv_scratch(&capacity);

	if (!EPHPM_KV_G(session_locking) || held_token(data, key)) {
		*len = ephpm_go.get(ZSTR_VAL(key), ZSTR_LEN(key), scratch, capacity, &version);
		return SUCCESS;
	}
	release_lock(data);
	int rc = ephpm_go.session_lock(ZSTR_VAL(key), ZSTR_LEN(key), (int64_t) timeout_ms,
		scratch, capacity, &token, &waited_ms, len);
	if (rc == EPHPM_E_TIMEOUT) {
		php_error_docref(NULL, E_WARNING, "Session %s is locked by another request; waited %" PRId64
			" ms (ephpm_kv.session_lock_timeout=" ZEND_LONG_FMT ")", ZSTR_VAL(id), waited_ms, timeout_ms);
		return FAILURE;
	}
	if (rc < 0) {
		ephpm_kv_warn_store_error("Cannot lock the session: ", rc);
		return FAILURE;
	}
	data->locked_key = zend_string_copy(key);
	data->lock_token = token;
	locked_in_this_request = true;
	return SUCCESS;
}

static zend_result stored(int rc, const zend_string *id)
{
	if (rc >= 0) {
		return SUCCESS;
	}
	if (rc == EPHPM_E_LOCK_LOST) {
		php_error_docref(NULL, E_WARNING, "Session %s was not written: its lock was taken over by "
			"another request, which may have changed it", ZSTR_VAL(id));
		return FAILURE;
	}
	char context[320]; /* ids are at most 256 bytes */
	snprintf(context, sizeof(context), "Session %s was not written: ", ZSTR_VAL(id));
	ephpm_kv_warn_store_error(context, rc);
	return FAILURE;
}

/* session_create_id() hands the id create_sid reserved to the script, which
 * may never use it (or use it with a prefix, under another key): a reservation
 * no read has used is dropped when another id is minted and at close, as long
 * as it is still the empty reservation. */
static void drop_unused_reservation(ps_ephpm *data)
{
	if (!data->minted_key) {
		return;
	}
	if (ephpm_go_state == EPHPM_GO_READY) {
		ephpm_go.del_if_eq(ZSTR_VAL(data->minted_key), ZSTR_LEN(data->minted_key), "", 0);
	}
	zend_string_release(data->minted_key);
	data->minted_key = NULL;
}

void ephpm_session_request_end(void)
{
	if (locked_in_this_request && ephpm_go_state == EPHPM_GO_READY) {
		ephpm_go.session_release_all();
	}
	locked_in_this_request = false;
}

PS_OPEN_FUNC(ephpm)
{
	PS_EPHPM_DATA;

	if (ephpm_kv_store_per_request()) {
		/* Refused rather than handing out sessions that vanish with the process. */
		php_error_docref(NULL, E_WARNING, "The ephpm session handler cannot keep sessions under "
			"plain CGI: php-cgi runs each request in a new process, and the in-memory store ends "
			"with it. Run php-cgi as FastCGI (php-cgi -b with PHP_FCGI_CHILDREN) or php-fpm, "
			"or keep the store in a file (ephpm_kv.store_file)");
		return FAILURE;
	}
	if (!store_usable()) {
		return FAILURE;
	}
	if (data) { /* session_reset(): same session, same lock */
		zend_string_release(data->prefix);
		data->prefix = key_prefix(save_path);
		return SUCCESS;
	}
	data = ecalloc(1, sizeof(*data));
	data->prefix = key_prefix(save_path);
	PS_SET_MOD_DATA(data);
	return SUCCESS;
}

PS_CLOSE_FUNC(ephpm)
{
	PS_EPHPM_DATA;

	if (data) {
		release_lock(data);
		drop_unused_reservation(data);
		zend_string_release(data->prefix);
		efree(data);
		PS_SET_MOD_DATA(NULL);
	}
	return SUCCESS;
}

PS_READ_FUNC(ephpm)
{
	PS_EPHPM_DATA;
	uint64_t version;
	bool failed;

	PS_EPHPM_REQUIRE_OPEN(FAILURE);

	zend_string *skey = session_key(data, key);
	if (!skey) {
		return FAILURE;
	}
	int64_t len;
	if (lock_and_read(data, skey, key, &len) == FAILURE) {
		zend_string_release(skey);
		return FAILURE;
	}
	if (data->minted_key && zend_string_equals(data->minted_key, skey)) {
		zend_string_release(data->minted_key); /* the reservation is this session now */
		data->minted_key = NULL;
	}
	*val = ephpm_kv_fetched(skey, len, &version, &failed);
	zend_string_release(skey);
	if (failed) {
		return FAILURE; /* never hand out an empty session that would overwrite the stored one */
	}
	if (!*val) {
		*val = ZSTR_EMPTY_ALLOC();
	}
	return SUCCESS;
}

/* write and update_timestamp differ only in the Go call: both store under the
 * session's lock token with the session TTL (touch just refreshes the TTL when
 * the payload is unchanged). */
static zend_result save_session(ps_ephpm *data, zend_string *key, zend_string *val,
	zend_long maxlifetime, ephpm_go_session_write_fn save)
{
	zend_string *skey = session_key(data, key);
	if (!skey) {
		return FAILURE;
	}
	uint64_t token = held_token(data, skey);
	/* The engine closes right after its own write; a \SessionHandler
	 * wrapper may go on using the session until it calls close. */
	bool release = token && PS(mod) == &ps_mod_ephpm;
	int rc = save(ZSTR_VAL(skey), ZSTR_LEN(skey), ZSTR_VAL(val), ZSTR_LEN(val),
		lifetime_ms(maxlifetime), token, release);
	zend_string_release(skey);
	if (release && rc >= 0) {
		forget_lock(data); /* on failure close still unlocks: a no-op if it is gone */
	}
	return stored(rc, key);
}

PS_WRITE_FUNC(ephpm)
{
	PS_EPHPM_DATA;

	PS_EPHPM_REQUIRE_OPEN(FAILURE);
	return save_session(data, key, val, maxlifetime, ephpm_go.session_write);
}

PS_UPDATE_TIMESTAMP_FUNC(ephpm)
{
	PS_EPHPM_DATA;

	PS_EPHPM_REQUIRE_OPEN(FAILURE);
	return save_session(data, key, val, maxlifetime, ephpm_go.session_touch);
}

PS_DESTROY_FUNC(ephpm)
{
	PS_EPHPM_DATA;

	PS_EPHPM_REQUIRE_OPEN(FAILURE);

	if (!valid_id(key)) {
		return SUCCESS; /* nothing is stored under it: destroying a missing id succeeds */
	}
	zend_string *skey = session_key(data, key);
	if (!skey) {
		return FAILURE;
	}
	int rc = ephpm_go.del(ZSTR_VAL(skey), ZSTR_LEN(skey));
	zend_string_release(skey);
	if (rc < 0) {
		ephpm_kv_warn_store_error("Cannot destroy the session: ", rc);
		return FAILURE;
	}
	return SUCCESS;
}

PS_GC_FUNC(ephpm)
{
	PS_EPHPM_DATA;

	*nrdels = 0;
	PS_EPHPM_REQUIRE_OPEN(0);
	if (!store_usable()) {
		return 0;
	}
	int64_t reclaimed = ephpm_go.session_gc(ZSTR_VAL(data->prefix), ZSTR_LEN(data->prefix));
	if (reclaimed < 0) {
		ephpm_kv_warn_store_error("Session garbage collection failed: ", reclaimed);
		return 0;
	}
	*nrdels = (zend_long) reclaimed;
	return *nrdels;
}

PS_CREATE_SID_FUNC(ephpm)
{
	PS_EPHPM_DATA;

	if (!store_usable()) {
		return NULL;
	}
	int64_t ttl_ms = lifetime_ms(zend_ini_long(ZEND_STRL("session.gc_maxlifetime"), 0));
	/* Without open (see PS_EPHPM_REQUIRE_OPEN) there is no save_path part. */
	zend_string *prefix = data ? zend_string_copy(data->prefix) : key_prefix(NULL);
	for (int attempt = 0; attempt < CREATE_SID_ATTEMPTS; attempt++) {
		zend_string *id = php_session_create_id(mod_data);
		if (!id) {
			continue;
		}
		zend_string *skey = zend_string_concat2(ZSTR_VAL(prefix), ZSTR_LEN(prefix), ZSTR_VAL(id), ZSTR_LEN(id));
		int rc = ephpm_go.session_reserve(ZSTR_VAL(skey), ZSTR_LEN(skey), ttl_ms);
		if (rc == EPHPM_E_NOMEM) {
			/* A full store cannot hold the reservation. Like the files
			 * handler on a full disk, the request goes on with a fresh id
			 * nobody has, and its session write reports the full store. */
			int taken = ephpm_go.exists(ZSTR_VAL(skey), ZSTR_LEN(skey));
			rc = taken < 0 ? taken : !taken;
		}
		if (rc == 1) {
			zend_string_release(prefix);
			if (data) {
				drop_unused_reservation(data);
				data->minted_key = skey;
			} else {
				zend_string_release(skey);
			}
			return id;
		}
		zend_string_release(skey);
		zend_string_release(id);
		if (rc < 0) {
			zend_string_release(prefix);
			ephpm_kv_warn_store_error("Cannot reserve a new session id: ", rc);
			return NULL;
		}
	}
	zend_string_release(prefix);
	php_error_docref(NULL, E_WARNING, "Cannot create a new session id: %d generated ids were already in use",
		CREATE_SID_ATTEMPTS);
	return NULL;
}

PS_VALIDATE_SID_FUNC(ephpm)
{
	PS_EPHPM_DATA;

	PS_EPHPM_REQUIRE_OPEN(FAILURE);

	if (!valid_id(key)) {
		return FAILURE; /* unknown, and replaced without a warning */
	}
	zend_string *skey = session_key(data, key);
	if (!skey) {
		return FAILURE;
	}
	if (data->minted_key && zend_string_equals(data->minted_key, skey)) {
		zend_string_release(skey);
		return FAILURE;
	}
	int rc = ephpm_go.exists(ZSTR_VAL(skey), ZSTR_LEN(skey));
	zend_string_release(skey);
	if (rc < 0) {
		ephpm_kv_warn_store_error("Cannot check the session id: ", rc);
	}
	return rc == 1 ? SUCCESS : FAILURE;
}
