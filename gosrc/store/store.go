// Package store is the key-value engine: a hash table with TTLs, LRU eviction
// and a block allocator, laid out in one shared memory region that every
// process of a PHP pool maps. Nothing it stores lives on the Go heap, and a
// process killed at any instruction leaves the store usable (see layout.go).
package store

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
)

// Policy says what a full shard may evict to make room.
type Policy int

const (
	AllKeysLRU  Policy = iota // any entry, least recently used first
	VolatileLRU               // only entries with a TTL
	NoEviction                // nothing: the write fails
)

func (p Policy) String() string {
	switch p {
	case AllKeysLRU:
		return "allkeys-lru"
	case VolatileLRU:
		return "volatile-lru"
	case NoEviction:
		return "noeviction"
	}
	return fmt.Sprintf("Policy(%d)", int(p))
}

// mayEvict reports whether the policy lets the live entry e go to make room.
// Pinned entries (session locks) never go.
func (p Policy) mayEvict(e *entryHeader) bool {
	return e.flags&entryPinned == 0 && (p == AllKeysLRU || p == VolatileLRU && e.expireAt != 0)
}

// Config is the per-process view of the settings (php.ini). Every process
// of a pool reads the same ini, so they agree.
type Config struct {
	Policy     Policy
	MaxKeySize int
}

// Errors callers tell apart; the returned errors wrap them with details.
var (
	ErrNoMemory   = errors.New("store full")
	ErrTooLarge   = errors.New("entry too large")
	ErrNotInteger = errors.New("value is not an integer")
	ErrOverflow   = errors.New("integer overflow")
	ErrKey        = errors.New("invalid key")
	ErrLayout     = errors.New("shared memory is not an ephpm_kv store")
)

func errNoMemory(need uint64, keep uint32, p Policy) error {
	kept := ""
	if keep > 0 {
		kept = fmt.Sprintf(" beside the %d bytes a shard keeps for session locks", keep)
	}
	if p == NoEviction {
		return fmt.Errorf("%w: no free memory for %d bytes%s and the eviction policy is noeviction (raise ephpm_kv.size or choose allkeys-lru)", ErrNoMemory, need, kept)
	}
	return fmt.Errorf("%w: no free memory for %d bytes%s and nothing left that policy %s may evict", ErrNoMemory, need, kept, p)
}

func errIndexFull(entries uint64, p Policy) error {
	return fmt.Errorf("%w: its index holds %d entries, the most it can, and policy %s may evict none of them (raise ephpm_kv.size)", ErrNoMemory, entries, p)
}

func errTooLarge(need, max uint64) error {
	return fmt.Errorf("%w: key and value need %d bytes, the largest entry this store can hold is %d bytes (raise ephpm_kv.size)", ErrTooLarge, need, max)
}

// Store is one process' handle on the shared store. Its methods are safe for
// concurrent use by goroutines and by any number of processes.
type Store struct {
	hdr       *storeHeader
	shards    []shard
	shardBits uint
	cfg       Config
	me        shm.Tag      // this process, as shard locks record their holder
	now       func() int64 // unix milliseconds; replaced by tests
}

// Attach joins the store in mem, formatting it if this is the first process
// to arrive. A process that dies while formatting is replaced by the next.
// mem must be zero-filled before its first Attach, as a fresh anonymous or
// newly truncated mapping is: formatting then leaves the index pages
// untouched, so a large store costs no time or memory until it is used.
func Attach(mem shm.Region, cfg Config) (*Store, error) {
	if len(mem) < headerSize+minShardSize {
		return nil, fmt.Errorf("ephpm_kv.size of %d bytes is too small: at least %d are needed", len(mem), headerSize+minShardSize)
	}
	if cfg.MaxKeySize <= 0 || cfg.MaxKeySize > math.MaxUint16 {
		return nil, fmt.Errorf("max key size %d is out of range 1..%d", cfg.MaxKeySize, math.MaxUint16)
	}
	st := &Store{hdr: shm.Ptr[storeHeader](mem, 0), cfg: cfg, me: shm.Self().Tag(),
		now: func() int64 { return time.Now().UnixMilli() }}
	for {
		state := st.hdr.state.Load()
		switch {
		case state == stateReady:
			return st, st.open(mem)
		case state == stateEmpty:
			if st.hdr.state.CompareAndSwap(stateEmpty, stateFormatting|st.me.Pid()) {
				st.formatAndPublish(mem, true)
			}
		case !shm.ProcessAlive(state &^ stateFormatting):
			// The formatter died half-way: start over on memory that is no
			// longer zero.
			if st.hdr.state.CompareAndSwap(state, stateFormatting|st.me.Pid()) {
				st.formatAndPublish(mem, false)
			}
		default:
			shm.FutexWait(&st.hdr.state, state, 10*time.Millisecond)
		}
	}
}

func (st *Store) formatAndPublish(mem shm.Region, zeroed bool) {
	format(mem, zeroed)
	st.hdr.state.Store(stateReady)
	shm.FutexWake(&st.hdr.state, math.MaxInt32)
}

// shardLayout decides how a region of size bytes is cut into shards.
func shardLayout(size uint64) (count, shardSize uint64) {
	count = 1
	for count < maxShards && (size-headerSize)/(count*2) >= goalShardSize {
		count *= 2
	}
	shardSize = (size - headerSize) / count &^ 63
	for shardSize > maxShardSize {
		shardSize = maxShardSize
	}
	return count, shardSize
}

func format(mem shm.Region, zeroed bool) {
	count, shardSize := shardLayout(uint64(len(mem)))
	hdr := shm.Ptr[storeHeader](mem, 0)
	hdr.layout = layoutVersion
	hdr.shardCount = uint32(count)
	hdr.shardSize = shardSize
	hdr.totalSize = uint64(len(mem))
	for i := uint64(0); i < count; i++ {
		region := mem[headerSize+i*shardSize : headerSize+(i+1)*shardSize]
		h := shm.Ptr[shardHeader](region, 0)
		*h = shardHeader{}
		slots := uint64(1)
		for slots*2*bytesPerSlot <= shardSize {
			slots *= 2
		}
		h.slotMask = uint32(slots - 1)
		h.slotsOff = shardHeaderSize
		h.arenaOff = uint32(shardHeaderSize + 8*slots)
		h.arenaEnd = uint32(shardSize)
		s := viewShard(region)
		if !zeroed {
			clear(s.slots)
		}
		s.resetArena(false)
	}
	hdr.magic = storeMagic
}

func viewShard(region shm.Region) shard {
	h := shm.Ptr[shardHeader](region, 0)
	return shard{mem: region, hdr: h, slots: region.Uint64s(uint64(h.slotsOff), int(h.slotMask)+1)}
}

func (st *Store) open(mem shm.Region) error {
	h := st.hdr
	if h.magic != storeMagic || h.layout != layoutVersion || h.totalSize != uint64(len(mem)) ||
		h.shardCount == 0 || h.shardCount&(h.shardCount-1) != 0 ||
		headerSize+uint64(h.shardCount)*h.shardSize > uint64(len(mem)) {
		return ErrLayout
	}
	st.shards = make([]shard, h.shardCount)
	for i := range st.shards {
		start := headerSize + uint64(i)*h.shardSize
		st.shards[i] = viewShard(mem[start : start+h.shardSize])
	}
	for n := h.shardCount; n > 1; n >>= 1 {
		st.shardBits++
	}
	return nil
}

// InternalKeyPrefix starts the keys that the store's own users keep beside
// the keys they were given (session locks). Such a key may exceed
// MaxKeySize by internalKeyHeadroom bytes, so that every key that fits the
// limit can also have its internal companions.
const (
	InternalKeyPrefix   = "\x00ephpm:"
	internalKeyHeadroom = 32
)

// isInternalKey reports whether key belongs to the store's own users rather
// than to anyone's data: the figures of Info leave such keys out.
func isInternalKey(key []byte) bool {
	return len(key) > 0 && key[0] == 0 && bytes.HasPrefix(key, []byte(InternalKeyPrefix))
}

// CompanionKey appends to dst the key of the entry named tag that belongs to
// base: InternalKeyPrefix + tag + ":" + base. A companion lives in the shard
// of its base key, so one transaction (Begin) covers both. tag must not
// contain ':'.
func CompanionKey(dst []byte, tag string, base []byte) []byte {
	dst = append(append(dst, InternalKeyPrefix...), tag...)
	return append(append(dst, ':'), base...)
}

// companionBase returns the base key of a companion key.
func companionBase(key []byte) ([]byte, bool) {
	if !isInternalKey(key) {
		return nil, false
	}
	rest := key[len(InternalKeyPrefix):]
	tagEnd := bytes.IndexByte(rest, ':')
	if tagEnd < 0 {
		return nil, false
	}
	return rest[tagEnd+1:], true
}

func (st *Store) checkKey(key []byte) error {
	if len(key) == 0 {
		return fmt.Errorf("%w: the key is empty", ErrKey)
	}
	limit := st.cfg.MaxKeySize
	if isInternalKey(key) {
		limit += internalKeyHeadroom
	}
	if len(key) > limit {
		return fmt.Errorf("%w: the key is %d bytes, the maximum is %d (ephpm_kv.max_key_size)", ErrKey, len(key), st.cfg.MaxKeySize)
	}
	return nil
}

// moment is the time of one operation, read from the clock at most once and
// only when an entry with a TTL is involved: on a VM a clock read can cost
// more than the whole lookup.
type moment struct {
	clock func() int64
	ms    int64
}

func (m *moment) now() int64 {
	if m.ms == 0 {
		m.ms = m.clock()
	}
	return m.ms
}

// locate hashes key and returns its shard, locked, and the operation's
// moment. Callers defer s.release(): a panic must never leave a shard locked.
func (st *Store) locate(key []byte) (*shard, uint64, moment) {
	h := hashKey(key)
	s := st.shardOf(h)
	s.lock(st.me)
	return s, h, moment{clock: st.now}
}

// shardOf is the shard that holds the key whose hash is h (see hashKey).
func (st *Store) shardOf(h uint64) *shard {
	return &st.shards[h>>(64-st.shardBits)] // len(st.shards) == 1<<shardBits, at most 64
}

// locateForWrite is locate for operations that change the shard; they drive
// the expiry sampler.
func (st *Store) locateForWrite(key []byte) (*shard, uint64, moment) {
	s, h, at := st.locate(key)
	s.tick(&at)
	return s, h, at
}
