/*
 * The Go library (ephpm_kv_go.so) in this process: loaded lazily on first
 * use, never in MINIT/GINIT, because a Go runtime does not survive fork()
 * (see ARCHITECTURE.md). The shared mapping it attaches to is made in MINIT,
 * before any fork, so that every worker of a pool shares one store.
 */
#ifndef EPHPM_GO_RUNTIME_H
#define EPHPM_GO_RUNTIME_H

#include "php.h"
#include "ephpm_abi.h"
#include "onstack_signals.h"
#include "store_mapping.h"

typedef struct {
	ephpm_go_attach_fn attach;
	ephpm_go_last_error_fn last_error;
	ephpm_go_scheduler_fn scheduler;
	ephpm_go_get_fn get;
	ephpm_go_set_fn set;
	ephpm_go_del_fn del;
	ephpm_go_del_if_eq_fn del_if_eq;
	ephpm_go_exists_fn exists;
	ephpm_go_incr_by_fn incr_by;
	ephpm_go_expire_fn expire;
	ephpm_go_pttl_fn pttl;
	ephpm_go_flush_fn flush;
	ephpm_go_wait_fn wait;
	ephpm_go_info_fn info;
	ephpm_go_session_lock_fn session_lock;
	ephpm_go_session_unlock_fn session_unlock;
	ephpm_go_session_write_fn session_write;
	ephpm_go_session_touch_fn session_touch;
	ephpm_go_session_reserve_fn session_reserve;
	ephpm_go_session_gc_fn session_gc;
	ephpm_go_session_release_all_fn session_release_all;
} ephpm_go_api;

typedef enum {
	EPHPM_GO_NOT_LOADED = 0, /* until the first call in this process */
	EPHPM_GO_READY,
	EPHPM_GO_FORKED,         /* forked after this process's parent started Go */
	EPHPM_GO_UNAVAILABLE     /* refused (host runs Go), no mapping, load/attach failed */
} ephpm_go_state_t;

extern ephpm_go_api ephpm_go;
extern ephpm_go_state_t ephpm_go_state;
/* Whether Go's runtime runs in this process: from loading the library, usable
 * or not (READY, or UNAVAILABLE when it was refused after loading). */
extern bool ephpm_go_runtime_here;
/* Bumped by RINIT; Go reads it (ephpm_go_attach) to pace its scheduler
 * bookkeeping per request rather than per call. */
extern volatile uint64_t ephpm_request_count;

/* MINIT: refuse inside a host that already runs Go, else map the store
 * (anonymous, or a store file: store_mapping.h). rejected_size is the
 * ephpm_kv.size php.ini gave when it was not a size (NULL if none). */
void ephpm_go_process_startup(const char *sapi_name, const ephpm_store_settings *store,
	const char *rejected_size);
/* The store file this process mapped and whether it was new, for phpinfo();
 * "" for an anonymous store. */
const char *ephpm_go_store_origin(void);
/* Whether these are the settings the store was made with (a pool's
 * php_admin_value changes the settings, not the store). */
bool ephpm_go_started_with(const ephpm_store_settings *store);
void ephpm_go_process_shutdown(void);

bool ephpm_go_load(void);

/* True when the store can be used; loads the library on first use. */
static zend_always_inline bool ephpm_go_ready(void)
{
	if (EXPECTED(ephpm_go_state == EPHPM_GO_READY)) {
		ephpm_signals_keep_onstack();
		return true;
	}
	return ephpm_go_load();
}

/* Why ephpm_go_ready() failed, as one sentence for an Error or a warning. */
const char *ephpm_go_unavailable_reason(void);

/* The Go library's reason for the failed call that returned code. */
void ephpm_go_describe_error(int64_t code, char *buf, size_t cap);

/* For phpinfo(). */
const char *ephpm_go_library_path(void);
const char *ephpm_go_state_description(void);

#endif /* EPHPM_GO_RUNTIME_H */
