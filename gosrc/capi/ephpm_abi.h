/*
 * ephpm_abi.h — the one contract between the C extension (ext/) and the Go
 * library (gosrc/capi, built with -buildmode=c-shared as ephpm_kv_go.so).
 *
 * The C side never links the Go library: it dlopen()s it lazily in each
 * process and resolves every symbol below with dlsym(). The function-pointer
 * typedefs (ephpm_go_*_fn) exist for that purpose.
 *
 * Rules of the boundary:
 *  - Every (ptr, len) argument is only read during the call; Go never keeps it.
 *  - Output bytes are copied into buffers the caller owns (buf, cap). When a
 *    value is longer than cap, nothing is copied and the full length is
 *    returned, so the caller can allocate exactly and ask again.
 *  - Go never calls back into C or Zend, never allocates memory for C, and
 *    never writes to stdout/stderr.
 *  - Negative return values are EPHPM_E_* codes; the human-readable reason of
 *    the last failed call in this process is available from
 *    ephpm_go_last_error().
 */
#ifndef EPHPM_ABI_H
#define EPHPM_ABI_H

#include <stdint.h>
#include <stddef.h>

/* Bumped on every change to this file that the other side would notice (a
 * signature, a code, the layout of a struct). The extension refuses a Go
 * library whose ephpm_go_abi_version() differs. 2: the session lock reads the
 * session, session write/touch release the lock. 4: versions of get and wait
 * are the PHP API's (absent = 1, never 0; wait with last_version 0 answers at
 * once). */
#define EPHPM_ABI_VERSION 4

/* Return codes shared by all calls (>= 0 means success, meaning per call). */
#define EPHPM_E_NOMEM        (-1)  /* store full and policy forbids/failed eviction */
#define EPHPM_E_TOO_LARGE    (-2)  /* entry can never fit in one shard */
#define EPHPM_E_NOT_INT      (-3)  /* incr on a value that is not a decimal int64 */
#define EPHPM_E_OVERFLOW     (-4)  /* incr would overflow int64 */
#define EPHPM_E_NOT_ATTACHED (-5)  /* ephpm_go_attach has not succeeded */
#define EPHPM_E_TIMEOUT      (-6)  /* wait / lock timed out */
#define EPHPM_E_LOCK_LOST    (-7)  /* session lock token no longer held */
#define EPHPM_E_KEY          (-8)  /* empty key or key longer than max_key_size */
#define EPHPM_E_ARG          (-9)  /* other invalid argument */
#define EPHPM_E_MISSING      (-10) /* key does not exist (where that is an error) */

/* Keys that start with this are the store's own (session locks): the PHP API
 * refuses them, so application code can neither read nor forge a lock. The
 * Go side names it store.InternalKeyPrefix; a Go test keeps the two equal. */
#define EPHPM_INTERNAL_KEY_PREFIX     "\0ephpm:"
#define EPHPM_INTERNAL_KEY_PREFIX_LEN 7

/* The start of a formatted store, as the extension reads it in a store file
 * (ephpm_kv.store_file) left by an earlier start, to decide whether this
 * build can map it again: EPHPM_STORE_MAGIC (uint64) at offset 0, the layout
 * version (uint32) at EPHPM_STORE_LAYOUT_OFFSET and the store's size (uint64)
 * at EPHPM_STORE_SIZE_OFFSET, little-endian; all zero before it is
 * formatted. The Go side is gosrc/store's storeHeader, layoutVersion and
 * storeMagic; a Go test formats a store and reads it back through these. */
#define EPHPM_STORE_MAGIC          0x31564B4D50485045ULL /* "EPHPMKV1" */
#define EPHPM_STORE_LAYOUT         7
#define EPHPM_STORE_LAYOUT_OFFSET  12
#define EPHPM_STORE_SIZE_OFFSET    32
#define EPHPM_STORE_STAMP_SIZE     40
/* The formatter's state word (uint32): EPHPM_STORE_FORMATTING | pid while a
 * process formats the store. A formatter killed half-way leaves it so, the
 * header partly written and the magic (written last) still zero; the next
 * process to attach formats the store again. */
#define EPHPM_STORE_STATE_OFFSET   8
#define EPHPM_STORE_FORMATTING     0x80000000U

/* Eviction policies (ini ephpm_kv.eviction_policy). */
#define EPHPM_POLICY_ALLKEYS_LRU  0
#define EPHPM_POLICY_VOLATILE_LRU 1
#define EPHPM_POLICY_NOEVICTION   2

/* pttl special results */
#define EPHPM_TTL_MISSING   (-2)
#define EPHPM_TTL_PERSIST   (-1)

/* EPHPM_ABI_VERSION of the library's build. Resolved and called before
 * anything else: with another version, no other symbol is used. */
typedef int (*ephpm_go_abi_version_fn)(void);

typedef struct ephpm_go_info {
    int64_t entries;
    int64_t memory_total;   /* bytes of the shared mapping */
    int64_t memory_used;    /* bytes of the data arenas in use (entries + headers) */
    int64_t memory_free;    /* bytes of the data arenas free */
    int64_t hits;
    int64_t misses;
    int64_t evictions;
    int64_t expirations;    /* expired entries reclaimed (lazily or by sampling) */
    int64_t shards;
    int64_t max_entry_size; /* largest key+value that can ever be stored */
    int64_t lock_takeovers; /* shard locks taken over from dead processes */
} ephpm_go_info_t;

/*
 * Attach this process to the shared mapping [base, base+size). The first
 * process to attach formats it; later ones validate it. Also applies runtime
 * settings (gomaxprocs <= 0 and gomemlimit <= 0 leave Go's defaults).
 * request_count, when not NULL, is a counter the host increments at the
 * start of every request and keeps alive while the library is loaded; Go
 * reads it to look at the clock once per request (capi/schedtick.go).
 * tick_in_place = 0 keeps the Go scheduler's tick of this thread fresh by
 * yielding even where moving it in place is possible (capi/runtime_p.go).
 * Returns 0, or a negative code (see ephpm_go_last_error()).
 */
typedef int (*ephpm_go_attach_fn)(void *base, uint64_t size, int policy,
                                  int max_key_size, int gomaxprocs,
                                  int64_t gomemlimit, int tick_in_place,
                                  const volatile uint64_t *request_count);

/* Copies the reason of the last failed call into buf (NUL-terminated,
 * truncated to cap-1). Returns the full length of the message. */
typedef int (*ephpm_go_last_error_fn)(char *buf, size_t cap);

/* Describes, for phpinfo(), the Go version and how this process keeps the Go
 * scheduler from taking its thread's P between calls (in place, or by yielding
 * and why). Same buffer contract as ephpm_go_last_error. */
typedef int (*ephpm_go_scheduler_fn)(char *buf, size_t cap);

/* Returns -1 when missing/expired; otherwise the value length (copied only if
 * <= cap). *version receives the key's version as ephpm_kv_wait() reports it:
 * 1 when missing, otherwise > 1; never 0. */
typedef int64_t (*ephpm_go_get_fn)(const char *key, size_t klen,
                                   char *buf, size_t cap, uint64_t *version);

/* mode: 0 = set (replace), 1 = setnx (only if absent or expired).
 * ttl_ms <= 0 means no expiry. Returns 1 stored, 0 not stored (setnx lost),
 * or a negative code. */
typedef int (*ephpm_go_set_fn)(const char *key, size_t klen,
                               const char *val, size_t vlen,
                               int64_t ttl_ms, int mode);

/* Returns 1 if the key existed (and is now deleted), 0 otherwise. */
typedef int (*ephpm_go_del_fn)(const char *key, size_t klen);

/* Deletes only if the current value equals expected. Returns 1/0. */
typedef int (*ephpm_go_del_if_eq_fn)(const char *key, size_t klen,
                                     const char *expected, size_t elen);

/* Returns 1/0. */
typedef int (*ephpm_go_exists_fn)(const char *key, size_t klen);

/* Adds delta; missing key starts at 0 with no TTL. Returns 0 and *result,
 * or EPHPM_E_NOT_INT / EPHPM_E_OVERFLOW / EPHPM_E_NOMEM (value unchanged). */
typedef int (*ephpm_go_incr_by_fn)(const char *key, size_t klen,
                                   int64_t delta, int64_t *result);

/* Sets a TTL on an existing key. Returns 1 if set, 0 if missing or ttl_ms <= 0. */
typedef int (*ephpm_go_expire_fn)(const char *key, size_t klen, int64_t ttl_ms);

/* Remaining TTL in ms, EPHPM_TTL_MISSING or EPHPM_TTL_PERSIST. */
typedef int64_t (*ephpm_go_pttl_fn)(const char *key, size_t klen);

/* Removes every entry. Returns 0. */
typedef int (*ephpm_go_flush_fn)(void);

/* Sleeps until the key's version differs from last_version or timeout_ms
 * passes (0 = poll). Versions as ephpm_go_get reports them; last_version 0
 * ("nothing seen yet") returns the current version at once. Returns the new
 * version (>= 1; 1 = key absent), or EPHPM_E_TIMEOUT. The caller then reads
 * the value with ephpm_go_get. */
typedef int64_t (*ephpm_go_wait_fn)(const char *key, size_t klen,
                                    uint64_t last_version, int64_t timeout_ms);

typedef int (*ephpm_go_info_fn)(ephpm_go_info_t *out);

/* ---- session support (used by the native "ephpm" session module) ---- */

/* Takes the per-session lock for key, sleeping (futex) until it is free, its
 * owner process is found dead (taken over at once), or timeout_ms passes,
 * and reads the session in the same step: when it fits in buf (capacity
 * bytes) it is copied there. On success returns 0, *token (never 0) and
 * *session_len, the session's full length or -1 when there is none; a
 * session longer than capacity is then read with ephpm_go_get (the lock
 * keeps it stable). On timeout returns EPHPM_E_TIMEOUT and *waited_ms how
 * long it waited. */
typedef int (*ephpm_go_session_lock_fn)(const char *key, size_t klen,
                                        int64_t timeout_ms,
                                        char *buf, size_t capacity,
                                        uint64_t *token, int64_t *waited_ms,
                                        int64_t *session_len);

/* Releases the lock if token still owns it. Returns 1 released, 0 not owned. */
typedef int (*ephpm_go_session_unlock_fn)(const char *key, size_t klen,
                                          uint64_t token);

/* Writes the session payload with ttl_ms. token 0 = locking off (plain set).
 * Otherwise, in one step with the write, checks that token still holds the
 * lock (refusing with EPHPM_E_LOCK_LOST when it does not) and, when release
 * is non-zero, releases it, also when the payload could not be stored: the
 * session engine closes the session right after writing it. Returns 1 or a
 * negative code. */
typedef int (*ephpm_go_session_write_fn)(const char *key, size_t klen,
                                         const char *val, size_t vlen,
                                         int64_t ttl_ms, uint64_t token,
                                         int release);

/* Refreshes the TTL without rewriting the payload (lazy_write unchanged
 * data). If the entry is gone, writes val instead. Same token and release
 * rules as write. */
typedef int (*ephpm_go_session_touch_fn)(const char *key, size_t klen,
                                         const char *val, size_t vlen,
                                         int64_t ttl_ms, uint64_t token,
                                         int release);

/* Reserves key atomically with an empty payload and ttl_ms. Returns 1 if
 * reserved (the id is new), 0 if the key already exists. */
typedef int (*ephpm_go_session_reserve_fn)(const char *key, size_t klen,
                                           int64_t ttl_ms);

/* Reclaims every expired entry in the store and the locks of sessions under
 * prefix whose owner process is gone; returns how many of the expired entries
 * had a key starting with prefix (the expired sessions). */
typedef int64_t (*ephpm_go_session_gc_fn)(const char *prefix, size_t plen);

/* Releases every session lock this process still holds; called at request
 * shutdown so that a request that never closed its session (bailout) cannot
 * leave its lock to a live process. Returns how many were released. */
typedef int (*ephpm_go_session_release_all_fn)(void);

#endif /* EPHPM_ABI_H */
