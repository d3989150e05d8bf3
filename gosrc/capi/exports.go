// Command capi is the cgo boundary: the only Go code C calls. It is built with
// -buildmode=c-shared into ephpm_kv_go.so, which the PHP extension dlopen()s
// in each worker process. The contract is ephpm_abi.h; every exported
// function is declared there as a typedef of the same name plus _fn.
//
// C memory is viewed only for the duration of a call and results are copied
// into buffers C owns; nothing here calls back into C.
package main

/*
#include "ephpm_abi.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/ephpm/ephpm-kv/gosrc/session"
	"github.com/ephpm/ephpm-kv/gosrc/shm"
	"github.com/ephpm/ephpm-kv/gosrc/store"
)

func main() {}

var (
	st      *store.Store
	locks   *session.Locks
	lastErr atomic.Pointer[string]
)

// bytesOf views C memory as a byte slice for the duration of a call.
func bytesOf(p *C.char, n C.size_t) []byte {
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(p)), int(n))
}

func fail(err error) {
	msg := err.Error()
	lastErr.Store(&msg)
}

// code maps an error to its EPHPM_E_* value and records its message.
func code(err error) int {
	fail(err)
	switch {
	case errors.Is(err, store.ErrNoMemory):
		return C.EPHPM_E_NOMEM
	case errors.Is(err, store.ErrTooLarge):
		return C.EPHPM_E_TOO_LARGE
	case errors.Is(err, store.ErrNotInteger):
		return C.EPHPM_E_NOT_INT
	case errors.Is(err, store.ErrOverflow):
		return C.EPHPM_E_OVERFLOW
	case errors.Is(err, store.ErrKey):
		return C.EPHPM_E_KEY
	case errors.Is(err, session.ErrTimeout):
		return C.EPHPM_E_TIMEOUT
	case errors.Is(err, session.ErrLockLost):
		return C.EPHPM_E_LOCK_LOST
	}
	return C.EPHPM_E_ARG
}

// guard turns a panic into an error code: a Go panic must not take the PHP
// worker down. Store operations release their shard lock while unwinding.
func guard[T ~int32 | ~int64](rc *T) {
	if r := recover(); r != nil {
		fail(fmt.Errorf("ephpm_kv internal error: %v", r))
		*rc = C.EPHPM_E_ARG
	}
}

// enter is the first step of every export that uses the store: it keeps the
// Go scheduler's view of this thread fresh (schedtick.go) before any lock of
// ours is taken, then reports whether the store is attached.
func enter() bool {
	refreshSchedTick()
	if st == nil {
		fail(errors.New("the store is not attached (ephpm_go_attach failed or was not called)"))
		return false
	}
	return true
}

// ms converts a C millisecond count for waits and timeouts; it saturates
// instead of wrapping, so an absurd timeout means "very long", never "none".
func ms(n C.int64_t) time.Duration {
	if int64(n) > int64(math.MaxInt64/time.Millisecond) {
		return math.MaxInt64
	}
	return time.Duration(n) * time.Millisecond
}

//export ephpm_go_attach
func ephpm_go_attach(base unsafe.Pointer, size C.uint64_t, policy, maxKeySize, gomaxprocs C.int, gomemlimit C.int64_t,
	tickInPlace C.int, requestCount *C.uint64_t) (rc C.int) {
	defer guard(&rc)
	hostRequests = (*uint64)(unsafe.Pointer(requestCount))
	if gomaxprocs > 0 {
		runtime.GOMAXPROCS(int(gomaxprocs))
	}
	if gomemlimit > 0 {
		debug.SetMemoryLimit(int64(gomemlimit))
	}
	enableSchedTickInPlace(tickInPlace != 0) // after GOMAXPROCS: it verifies on a P
	s, err := store.Attach(shm.FromPointer(base, uint64(size)),
		store.Config{Policy: store.Policy(policy), MaxKeySize: int(maxKeySize)})
	if err != nil {
		fail(err)
		return C.EPHPM_E_ARG
	}
	st, locks = s, session.NewLocks(s)
	return 0
}

//export ephpm_go_last_error
func ephpm_go_last_error(buf *C.char, capacity C.size_t) C.int {
	msg := ""
	if p := lastErr.Load(); p != nil {
		msg = *p
	}
	return cString(buf, capacity, msg)
}

//export ephpm_go_scheduler
func ephpm_go_scheduler(buf *C.char, capacity C.size_t) C.int {
	return cString(buf, capacity, runtime.Version()+", "+schedTickDescription())
}

// cString copies msg into a C buffer of capacity bytes, NUL-terminated and
// truncated to fit, and returns its full length.
func cString(buf *C.char, capacity C.size_t, msg string) C.int {
	if capacity > 0 {
		dst := bytesOf(buf, capacity)
		n := copy(dst[:len(dst)-1], msg)
		dst[n] = 0
	}
	return C.int(len(msg))
}

//export ephpm_go_abi_version
func ephpm_go_abi_version() C.int {
	return C.EPHPM_ABI_VERSION
}

//export ephpm_go_get
func ephpm_go_get(key *C.char, klen C.size_t, buf *C.char, capacity C.size_t, version *C.uint64_t) (rc C.int64_t) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	n, v, found := st.Get(bytesOf(key, klen), bytesOf(buf, capacity))
	*version = C.uint64_t(apiVersion(v))
	if !found {
		return -1
	}
	return C.int64_t(n)
}

//export ephpm_go_set
func ephpm_go_set(key *C.char, klen C.size_t, val *C.char, vlen C.size_t, ttlMs C.int64_t, mode C.int) (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	stored, err := st.Put(bytesOf(key, klen), bytesOf(val, vlen), store.PutOptions{TTLMillis: int64(ttlMs), IfAbsent: mode == 1})
	if err != nil {
		return C.int(code(err))
	}
	if !stored {
		return 0
	}
	return 1
}

func boolInt(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

//export ephpm_go_del
func ephpm_go_del(key *C.char, klen C.size_t) (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	return boolInt(st.Delete(bytesOf(key, klen)))
}

//export ephpm_go_del_if_eq
func ephpm_go_del_if_eq(key *C.char, klen C.size_t, expected *C.char, elen C.size_t) (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	return boolInt(st.DeleteIfEqual(bytesOf(key, klen), bytesOf(expected, elen)))
}

//export ephpm_go_exists
func ephpm_go_exists(key *C.char, klen C.size_t) (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	return boolInt(st.Exists(bytesOf(key, klen)))
}

//export ephpm_go_incr_by
func ephpm_go_incr_by(key *C.char, klen C.size_t, delta C.int64_t, result *C.int64_t) (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	v, err := st.IncrBy(bytesOf(key, klen), int64(delta))
	if err != nil {
		return C.int(code(err))
	}
	*result = C.int64_t(v)
	return 0
}

//export ephpm_go_expire
func ephpm_go_expire(key *C.char, klen C.size_t, ttlMs C.int64_t) (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	return boolInt(st.Expire(bytesOf(key, klen), int64(ttlMs)))
}

//export ephpm_go_pttl
func ephpm_go_pttl(key *C.char, klen C.size_t) (rc C.int64_t) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	return C.int64_t(st.PTTL(bytesOf(key, klen)))
}

//export ephpm_go_flush
func ephpm_go_flush() (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	st.Flush()
	return 0
}

//export ephpm_go_wait
func ephpm_go_wait(key *C.char, klen C.size_t, lastVersion C.uint64_t, timeoutMs C.int64_t) (rc C.int64_t) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	last, snapshot := storeVersion(uint64(lastVersion))
	timeout := ms(timeoutMs)
	if snapshot {
		timeout = 0 // "nothing seen yet": the current state, at once
	}
	v, changed := st.Wait(bytesOf(key, klen), last, timeout)
	if !changed {
		return C.EPHPM_E_TIMEOUT
	}
	return C.int64_t(apiVersion(v))
}

// Versions as the PHP API hands them out follow ePHPm's ephpm_kv_wait
// protocol: 0 is "nothing seen yet" and never the version of a key, so
// ephpm_kv_wait($key, 0, ...) returns the current state at once whether or
// not the key exists (ePHPm's "register + snapshot" first call); an absent
// key is version 1; a stored entry is its store version + 1 (the store uses
// 0 for "absent" and hands out versions from 1).
func apiVersion(storeVersion uint64) uint64 {
	return storeVersion + 1
}

// storeVersion maps an API version back to the store's. API version 0 maps
// to a version no key ever has (snapshot == true), so any state differs.
func storeVersion(api uint64) (v uint64, snapshot bool) {
	if api == 0 {
		return math.MaxUint64, true
	}
	return api - 1, false
}

//export ephpm_go_info
func ephpm_go_info(out *C.ephpm_go_info_t) (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	i := st.Info()
	*out = C.ephpm_go_info_t{
		entries: C.int64_t(i.Entries), memory_total: C.int64_t(i.MemoryTotal),
		memory_used: C.int64_t(i.MemoryUsed), memory_free: C.int64_t(i.MemoryFree),
		hits: C.int64_t(i.Hits), misses: C.int64_t(i.Misses), evictions: C.int64_t(i.Evictions),
		expirations: C.int64_t(i.Expirations), shards: C.int64_t(i.Shards),
		max_entry_size: C.int64_t(i.MaxEntrySize), lock_takeovers: C.int64_t(i.LockTakeovers),
	}
	return 0
}

//export ephpm_go_session_lock
func ephpm_go_session_lock(key *C.char, klen C.size_t, timeoutMs C.int64_t, buf *C.char, capacity C.size_t,
	token *C.uint64_t, waitedMs *C.int64_t, sessionLen *C.int64_t) (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	got, err := locks.Lock(bytesOf(key, klen), bytesOf(buf, capacity), ms(timeoutMs))
	*waitedMs = C.int64_t(got.Waited.Milliseconds())
	if err != nil {
		return C.int(code(err))
	}
	*token = C.uint64_t(got.Token)
	*sessionLen = C.int64_t(got.Len)
	return 0
}

//export ephpm_go_session_unlock
func ephpm_go_session_unlock(key *C.char, klen C.size_t, token C.uint64_t) (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	return boolInt(locks.Unlock(bytesOf(key, klen), uint64(token)))
}

//export ephpm_go_session_write
func ephpm_go_session_write(key *C.char, klen C.size_t, val *C.char, vlen C.size_t, ttlMs C.int64_t, token C.uint64_t, release C.int) (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	if err := locks.Write(bytesOf(key, klen), bytesOf(val, vlen), int64(ttlMs), uint64(token), release != 0); err != nil {
		return C.int(code(err))
	}
	return 1
}

//export ephpm_go_session_touch
func ephpm_go_session_touch(key *C.char, klen C.size_t, val *C.char, vlen C.size_t, ttlMs C.int64_t, token C.uint64_t, release C.int) (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	if err := locks.Touch(bytesOf(key, klen), bytesOf(val, vlen), int64(ttlMs), uint64(token), release != 0); err != nil {
		return C.int(code(err))
	}
	return 1
}

//export ephpm_go_session_reserve
func ephpm_go_session_reserve(key *C.char, klen C.size_t, ttlMs C.int64_t) (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	ok, err := locks.Reserve(bytesOf(key, klen), int64(ttlMs))
	if err != nil {
		return C.int(code(err))
	}
	return boolInt(ok)
}

//export ephpm_go_session_gc
func ephpm_go_session_gc(prefix *C.char, plen C.size_t) (rc C.int64_t) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	p := append([]byte{}, bytesOf(prefix, plen)...)
	locks.ReleaseOrphans(p)
	return C.int64_t(st.SweepExpired(p))
}

//export ephpm_go_session_release_all
func ephpm_go_session_release_all() (rc C.int) {
	defer guard(&rc)
	if !enter() {
		return C.EPHPM_E_NOT_ATTACHED
	}
	return C.int(locks.ReleaseAll())
}

// What the C side knows of the store, for the tests that keep it equal to
// the store's (test files cannot use cgo): the key prefix it refuses, and
// where it reads a store file's magic, layout, size and formatter's state.
const (
	abiInternalKeyPrefix    = C.EPHPM_INTERNAL_KEY_PREFIX
	abiInternalKeyPrefixLen = C.EPHPM_INTERNAL_KEY_PREFIX_LEN
	abiStoreMagic           = uint64(C.EPHPM_STORE_MAGIC)
	abiStoreLayout          = uint32(C.EPHPM_STORE_LAYOUT)
	abiStoreLayoutOffset    = C.EPHPM_STORE_LAYOUT_OFFSET
	abiStoreSizeOffset      = C.EPHPM_STORE_SIZE_OFFSET
	abiStoreStampSize       = C.EPHPM_STORE_STAMP_SIZE
	abiStoreStateOffset     = C.EPHPM_STORE_STATE_OFFSET
	abiStoreFormatting      = uint32(C.EPHPM_STORE_FORMATTING)
)
