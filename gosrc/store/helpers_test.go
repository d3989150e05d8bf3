package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
)

// sharedFile maps path (created with size bytes if needed) MAP_SHARED, the way
// the multi-process tests share one store between OS processes.
func sharedFile(t testing.TB, path string, size int) shm.Region {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	require.NoError(t, err)
	defer f.Close()
	if st, _ := f.Stat(); st.Size() == 0 {
		require.NoError(t, f.Truncate(int64(size)))
	}
	mem, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	require.NoError(t, err)
	t.Cleanup(func() { unix.Munmap(mem) })
	return mem
}

// anonymousShared maps size bytes MAP_SHARED|MAP_ANONYMOUS, as the extension
// does in MINIT.
func anonymousShared(t testing.TB, size int) shm.Region {
	mem, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_ANONYMOUS)
	require.NoError(t, err)
	t.Cleanup(func() { unix.Munmap(mem) })
	return mem
}

// shmPath is a file on tmpfs for stores shared with child processes: a
// disk-backed file would add writeback faults production never sees.
func shmPath(t testing.TB) string {
	dir, err := os.MkdirTemp("/dev/shm", "ephpm-store-test-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "store")
}

// newStore attaches a fresh store of size bytes with a controllable clock.
func newStore(t testing.TB, size int, cfg Config) (*Store, *int64) {
	t.Helper()
	if cfg.MaxKeySize == 0 {
		cfg.MaxKeySize = 1024
	}
	mem := anonymousShared(t, size)
	st, err := Attach(mem, cfg)
	require.NoError(t, err)
	clock := int64(1_700_000_000_000)
	st.now = func() int64 { return clock }
	return st, &clock
}

func get(st *Store, key string) (string, bool) {
	buf := make([]byte, 1<<20)
	n, _, ok := st.Get([]byte(key), buf)
	if !ok {
		return "", false
	}
	return string(buf[:n]), true
}

func put(t testing.TB, st *Store, key, val string) {
	t.Helper()
	ok, err := st.Put([]byte(key), []byte(val), PutOptions{})
	require.NoError(t, err)
	require.True(t, ok)
}

// verify checks every invariant of every shard: the arena tiles, entries and
// free blocks are where the index and the free lists say, counters match.
func verify(st *Store) error {
	for i := range st.shards {
		s := &st.shards[i]
		s.lock(st.me)
		err := verifyShard(s)
		s.unlock()
		if err != nil {
			return fmt.Errorf("shard %d: %w", i, err)
		}
	}
	return nil
}

func verifyShard(s *shard) error {
	h := s.hdr
	entries, used, free := map[uint32]bool{}, uint64(0), map[uint32]bool{}
	internal, internalBytes := uint64(0), uint64(0)
	prevUsed := true
	for off := h.arenaOff; off < h.arenaEnd; {
		w := *s.word(off)
		size := blockSize(w)
		if size < 16 || size > h.arenaEnd-off {
			return fmt.Errorf("block %d has size %d", off, size)
		}
		if (w&blockPrevUsed != 0) != prevUsed {
			return fmt.Errorf("block %d prev-used bit wrong", off)
		}
		switch {
		case w&blockUsed == 0:
			if !prevUsed {
				return fmt.Errorf("two adjacent free blocks at %d", off)
			}
			if *s.footer(off, size) != size {
				return fmt.Errorf("free block %d footer wrong", off)
			}
			free[off] = true
		case w&blockCommitted != 0:
			entries[off] = true
			used += uint64(size)
			e := s.entry(off)
			if isInternalKey(s.keyOf(off, e)) {
				internal++
				internalBytes += uint64(size)
			}
			if e.version > h.lastVersion {
				return fmt.Errorf("entry %d has version %d, above the last handed out (%d)", off, e.version, h.lastVersion)
			}
		default:
			return fmt.Errorf("used but uncommitted block %d outside an operation", off)
		}
		prevUsed = w&blockUsed != 0
		off += size
	}
	if uint64(len(entries)) != h.entries || used != h.usedBytes {
		return fmt.Errorf("counters say %d entries/%d bytes, arena holds %d/%d", h.entries, h.usedBytes, len(entries), used)
	}
	if internal != h.internalEntries || internalBytes != h.internalBytes {
		return fmt.Errorf("counters say %d internal entries/%d bytes, arena holds %d/%d", h.internalEntries, h.internalBytes, internal, internalBytes)
	}
	indexed := 0
	for i, slot := range s.slots {
		if slot == 0 {
			continue
		}
		off := slotEntry(slot)
		if !entries[off] {
			return fmt.Errorf("slot %d points at non-entry %d", i, off)
		}
		key := s.keyOf(off, s.entry(off))
		if slotHash(slot) != uint32(hashKey(key)) {
			return fmt.Errorf("slot %d has the wrong hash", i)
		}
		if idx, found := s.find(key, hashKey(key)); found != off || idx != uint32(i) {
			return fmt.Errorf("entry %d unreachable through its probe run", off)
		}
		indexed++
	}
	if indexed != len(entries) {
		return fmt.Errorf("%d entries indexed, %d in arena", indexed, len(entries))
	}
	lru := 0
	for off, prev := h.lruHead, uint32(0); off != 0; prev, off = off, s.entry(off).lruNext {
		if !entries[off] || s.entry(off).lruPrev != prev {
			return fmt.Errorf("LRU broken at %d", off)
		}
		lru++
	}
	if lru != len(entries) {
		return fmt.Errorf("LRU has %d of %d entries", lru, len(entries))
	}
	listed := 0
	for b := 0; b < freeBins; b++ {
		for off := h.freeBins[b]; off != 0; off = s.free(off).next {
			if !free[off] || freeBin(blockSize(s.free(off).block)) != b {
				return fmt.Errorf("free list %d holds bad block %d", b, off)
			}
			listed++
		}
		if (h.freeBins[b] != 0) != (h.freeBinMap[b>>6]&(1<<(b&63)) != 0) {
			return fmt.Errorf("bin map disagrees for bin %d", b)
		}
	}
	if listed != len(free) {
		return fmt.Errorf("%d free blocks listed, %d in arena", listed, len(free))
	}
	return nil
}
