package store

import (
	"sync/atomic"
	"unsafe"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
)

// The mapping, front to back:
//
//	storeHeader (padded to headerSize)
//	shard 0 .. shard N-1, each shardSize bytes:
//	    shardHeader (padded to shardHeaderSize)
//	    index: slotCount uint64 slots, hash<<32 | entry offset (0 = empty)
//	    arena: a gap-free sequence of blocks, from arenaOff to arenaEnd
//
// Every reference stored in the mapping is an offset from the start of the
// owning shard (uint32: a shard is smaller than 4 GiB). No pointer is ever
// stored: each process maps the region at its own address.
//
// Invariants of an arena, true at every instruction (so that a process killed
// anywhere leaves a shard that recover() can rebuild):
//   - blocks tile the arena: walking block sizes from arenaOff lands exactly
//     on arenaEnd. A block's size is changed only by one 32-bit store of its
//     header, after any header it uncovers has been written.
//   - a block is an entry iff blockUsed and blockCommitted are both set;
//     blockCommitted is set only after the entry's bytes are complete and is
//     cleared before the entry is unlinked.
//   - everything else in the shard (the index, the LRU list, free lists,
//     counters, footers and blockPrevUsed bits) is derived and rebuilt by
//     recover() after a lock is taken over from a dead process.

const (
	storeMagic    = 0x31564B4D50485045 // "EPHPMKV1" read as little-endian
	layoutVersion = 7                  // (EPHPM_STORE_LAYOUT in ephpm_abi.h too) bumped with every change to the structs below or to hashKey: 2 added roomSearchSteps, 3 holder, 4 sleeperTags, 5 companions filed beside their base, 6 internalBytes, 7 sleepers is a bitmap of slots and a count of slotless sleepers

	headerSize      = 4096
	shardHeaderSize = 1024

	minShardSize  = 1 << 20 // below this a shard cannot hold useful values
	goalShardSize = 4 << 20 // more shards than this much memory buys nothing
	maxShards     = 64
	maxShardSize  = 1<<32 - 4096

	// One index slot per this many arena bytes: room for as many entries as
	// fit when they average 96+ bytes; smaller ones hit the index limit
	// (maxLoad) first and are evicted as if memory were full.
	bytesPerSlot = 96
)

// storeHeader.state values; any other value is stateFormatting|pid.
const (
	stateEmpty      = 0
	stateReady      = 1
	stateFormatting = 1 << 31
)

type storeHeader struct {
	magic      uint64
	state      atomic.Uint32 // futex word: stateEmpty, stateReady, stateFormatting|pid
	layout     uint32
	shardCount uint32
	_          uint32
	shardSize  uint64
	totalSize  uint64
}

// shardHeader is the mutable state of a shard. Fields other than the atomics
// are read and written only by the holder of lock.
type shardHeader struct {
	lock      atomic.Uint32 // 0 = free, else owner pid | lockWaiters (futex word)
	changeSeq atomic.Uint32 // bumped by every change; ephpm_kv_wait sleeps on it
	sleepers  atomic.Uint32 // callers registered in Wait: a bit per slot, then a count (sleepers.go)
	opCount   uint32        // operations since the last expiry sample
	holder    atomic.Uint64 // shm.Tag of the process holding lock, 0 = unknown (lock.go)

	lastVersion  uint64 // versions handed out increase; 0 means "absent"
	slotMask     uint32
	slotsOff     uint32
	arenaOff     uint32
	arenaEnd     uint32
	lruHead      uint32 // most recently inserted or given a second chance
	lruTail      uint32 // where the eviction hand looks first
	expireCursor uint32 // next slot the expiry sampler looks at
	wakePending  uint32 // a change happened while processes slept in Wait

	entries         uint64 // every key in the index, internal ones included
	internalEntries uint64 // of which InternalKeyPrefix keys (held session locks)
	usedBytes       uint64 // sum of entry block sizes
	internalBytes   uint64 // of which the blocks of InternalKeyPrefix keys

	hits, misses, evictions, expirations, takeovers uint64

	roomSearchSteps uint64 // entries and slots makeRoom looked at; tests bound it per write

	freeBinMap [2]uint64        // bit b set iff freeBins[b] is non-empty
	freeBins   [freeBins]uint32 // heads of the free lists by size class

	sleeperTags  [sleeperSlots]atomic.Uint64 // shm.Tag of the sleeper in each slot whose bit is set in sleepers
	sleeperAudit atomic.Int64                // unix ns of the last forgetDeadSleepers
}

// entryHeader starts every used block; the key and then the value follow it.
type entryHeader struct {
	block    uint32 // size | block flags
	keyLen   uint32
	valLen   uint32
	lruPrev  uint32
	lruNext  uint32
	flags    uint32 // entryPinned, entryReferenced
	expireAt int64  // unix milliseconds; 0 = never
	version  uint64
}

// freeHeader starts every free block; a copy of the size ends it (the footer),
// so that the block after it can find it when coalescing.
type freeHeader struct {
	block uint32
	_     uint32
	next  uint32
	prev  uint32
}

const (
	blockUsed      = 1 << 0
	blockPrevUsed  = 1 << 1
	blockCommitted = 1 << 2
	blockFlagMask  = 7

	entryPinned     = 1 << 0 // never evicted (session locks)
	entryReferenced = 1 << 1 // read since the eviction hand last passed it

	entryHeaderSize = uint32(unsafe.Sizeof(entryHeader{}))
	minFreeBlock    = 64 // a smaller remainder is left inside the used block
	freeBins        = 128
)

func blockSize(word uint32) uint32 { return word &^ blockFlagMask }

func align8(n uint64) uint64 { return (n + 7) &^ 7 }

// shard is a process-local view of one shard of the mapping.
type shard struct {
	mem   shm.Region // this shard's bytes only; offsets index it directly
	hdr   *shardHeader
	slots []uint64
}

func (s *shard) entry(off uint32) *entryHeader { return shm.Ptr[entryHeader](s.mem, uint64(off)) }
func (s *shard) free(off uint32) *freeHeader   { return shm.Ptr[freeHeader](s.mem, uint64(off)) }
func (s *shard) word(off uint32) *uint32       { return shm.Ptr[uint32](s.mem, uint64(off)) }

func (s *shard) keyOf(off uint32, e *entryHeader) []byte {
	start := off + entryHeaderSize
	return s.mem[start : start+e.keyLen]
}

func (s *shard) valueOf(off uint32, e *entryHeader) []byte {
	start := off + entryHeaderSize + e.keyLen
	return s.mem[start : start+e.valLen]
}

// footer is the last word of the free block at off of the given size.
func (s *shard) footer(off, size uint32) *uint32 { return s.word(off + size - 4) }

func init() {
	// Layout facts the code relies on; a change of struct fields must keep them.
	if unsafe.Sizeof(entryHeader{}) != 40 || unsafe.Sizeof(storeHeader{}) > headerSize ||
		unsafe.Sizeof(shardHeader{}) > shardHeaderSize || unsafe.Sizeof(freeHeader{}) != 16 {
		panic("store: layout structs do not fit their reserved sizes")
	}
}
