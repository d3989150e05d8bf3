package store

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestGetSetDelete(t *testing.T) {
	st, _ := newStore(t, 8<<20, Config{})
	_, ok := get(st, "a")
	assert.False(t, ok)
	put(t, st, "a", "1")
	put(t, st, "a\x00b", "binary key")
	v, ok := get(st, "a")
	assert.True(t, ok)
	assert.Equal(t, "1", v)
	v, _ = get(st, "a\x00b")
	assert.Equal(t, "binary key", v, "a NUL byte is part of the key")
	put(t, st, "a", strings.Repeat("x", 5000))
	v, _ = get(st, "a")
	assert.Equal(t, 5000, len(v))
	assert.True(t, st.Delete([]byte("a")))
	assert.False(t, st.Delete([]byte("a")))
	assert.False(t, st.Exists([]byte("a")))
	assert.True(t, st.Exists([]byte("a\x00b")))
	require.NoError(t, verify(st))
}

func TestGetReportsLengthWhenBufferTooSmall(t *testing.T) {
	st, _ := newStore(t, 8<<20, Config{})
	put(t, st, "k", "0123456789")
	small := make([]byte, 4)
	n, version, ok := st.Get([]byte("k"), small)
	assert.True(t, ok)
	assert.Equal(t, 10, n)
	assert.NotZero(t, version)
	assert.Equal(t, []byte{0, 0, 0, 0}, small, "nothing copied into a short buffer")
}

func TestKeyLimits(t *testing.T) {
	st, _ := newStore(t, 8<<20, Config{MaxKeySize: 8})
	_, err := st.Put(nil, []byte("v"), PutOptions{})
	assert.ErrorIs(t, err, ErrKey)
	_, err = st.Put([]byte("123456789"), []byte("v"), PutOptions{})
	assert.ErrorIs(t, err, ErrKey)
	assert.Contains(t, err.Error(), "maximum is 8")
	put(t, st, "12345678", "v")
}

func TestTTL(t *testing.T) {
	st, clock := newStore(t, 8<<20, Config{})
	_, err := st.Put([]byte("k"), []byte("v"), PutOptions{TTLMillis: (2 * time.Second).Milliseconds()})
	require.NoError(t, err)
	assert.Equal(t, int64(2000), st.PTTL([]byte("k")))
	*clock += 1999
	assert.Equal(t, int64(1), st.PTTL([]byte("k")))
	assert.True(t, st.Exists([]byte("k")))
	*clock++
	_, ok := get(st, "k")
	assert.False(t, ok, "an expired key is never returned")
	assert.Equal(t, int64(TTLMissing), st.PTTL([]byte("k")))

	put(t, st, "p", "v")
	assert.Equal(t, int64(TTLPersist), st.PTTL([]byte("p")))
	assert.False(t, st.Expire([]byte("p"), 0), "ttl <= 0 is refused")
	assert.Equal(t, int64(TTLPersist), st.PTTL([]byte("p")), "and changes nothing")
	assert.False(t, st.Expire([]byte("missing"), time.Second.Milliseconds()))
	assert.True(t, st.Expire([]byte("p"), time.Second.Milliseconds()))
	assert.Equal(t, int64(1000), st.PTTL([]byte("p")))

	_, err = st.Put([]byte("p"), []byte("v2"), PutOptions{})
	require.NoError(t, err)
	assert.Equal(t, int64(TTLPersist), st.PTTL([]byte("p")), "a set replaces the TTL too")
}

func TestSetNX(t *testing.T) {
	st, clock := newStore(t, 8<<20, Config{})
	ok, err := st.Put([]byte("k"), []byte("first"), PutOptions{IfAbsent: true, TTLMillis: time.Second.Milliseconds()})
	require.NoError(t, err)
	assert.True(t, ok)
	ok, _ = st.Put([]byte("k"), []byte("second"), PutOptions{IfAbsent: true})
	assert.False(t, ok)
	v, _ := get(st, "k")
	assert.Equal(t, "first", v)
	*clock += 1000
	ok, _ = st.Put([]byte("k"), []byte("third"), PutOptions{IfAbsent: true})
	assert.True(t, ok, "an expired entry counts as absent")
}

func TestDeleteIfEqual(t *testing.T) {
	st, _ := newStore(t, 8<<20, Config{})
	put(t, st, "lock", "token-a")
	assert.False(t, st.DeleteIfEqual([]byte("lock"), []byte("token-b")))
	assert.True(t, st.Exists([]byte("lock")))
	assert.True(t, st.DeleteIfEqual([]byte("lock"), []byte("token-a")))
	assert.False(t, st.Exists([]byte("lock")))
}

func TestIncrBy(t *testing.T) {
	st, clock := newStore(t, 8<<20, Config{})
	v, err := st.IncrBy([]byte("n"), 5)
	require.NoError(t, err)
	assert.Equal(t, int64(5), v)
	assert.Equal(t, int64(TTLPersist), st.PTTL([]byte("n")), "created without TTL")
	st.Expire([]byte("n"), 10*time.Second.Milliseconds())
	*clock += 1000
	v, _ = st.IncrBy([]byte("n"), -7)
	assert.Equal(t, int64(-2), v)
	assert.Equal(t, int64(9000), st.PTTL([]byte("n")), "an existing TTL is kept")

	for _, bad := range []string{"1.5", " 1", "1 ", "abc", "+1", "01", "", "-0", "99999999999999999999"} {
		put(t, st, "bad", bad)
		_, err := st.IncrBy([]byte("bad"), 1)
		assert.ErrorIs(t, err, ErrNotInteger, "%q", bad)
		got, _ := get(st, "bad")
		assert.Equal(t, bad, got, "value unchanged")
	}
	put(t, st, "max", "9223372036854775807")
	_, err = st.IncrBy([]byte("max"), 1)
	assert.ErrorIs(t, err, ErrOverflow)
	put(t, st, "min", "-9223372036854775808")
	_, err = st.IncrBy([]byte("min"), -1)
	assert.ErrorIs(t, err, ErrOverflow)
	got, _ := get(st, "min")
	assert.Equal(t, "-9223372036854775808", got)
	require.NoError(t, verify(st))
}

func TestTooLargeAndNoEviction(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{Policy: NoEviction})
	info := st.Info()
	_, err := st.Put([]byte("huge"), make([]byte, info.MaxEntrySize+1), PutOptions{})
	assert.ErrorIs(t, err, ErrTooLarge)
	put(t, st, "keep", "me")
	val := bytes.Repeat([]byte("v"), 1000)
	var full error
	for i := 0; full == nil; i++ {
		_, full = st.Put([]byte(fmt.Sprint("k", i)), val, PutOptions{})
		require.Less(t, i, 10000)
	}
	assert.ErrorIs(t, full, ErrNoMemory)
	assert.Contains(t, full.Error(), "noeviction")
	v, ok := get(st, "keep")
	assert.True(t, ok)
	assert.Equal(t, "me", v, "a failed write touches nothing else")
	assert.Zero(t, st.Info().Evictions)
	require.NoError(t, verify(st))
}

// The room kept for session locks is one free block, not a count of free
// bytes that holes between entries could make up; and it holds index slots
// as well as memory.
func TestApplicationWritesLeaveRoomForInternalEntries(t *testing.T) {
	lockSized := func(i int) []byte { return CompanionKey(nil, "lock", []byte(fmt.Sprintf("php_session:%032d", i))) }
	fill := func(t *testing.T, st *Store, val []byte, from int) int {
		var full error
		i := from
		for ; full == nil; i++ {
			_, full = st.Put([]byte(fmt.Sprint("k", i)), val, PutOptions{})
			require.Less(t, i, 1_000_000)
		}
		require.ErrorIs(t, full, ErrNoMemory)
		return i
	}
	// A full noeviction store whose holes (every other 24-byte entry of k0,
	// k2, ...) are smaller than a lock's entry.
	fragmented := func(t *testing.T) *Store {
		st, _ := newStore(t, 2<<20, Config{Policy: NoEviction})
		n := fill(t, st, make([]byte, 24), 0)
		for i := 0; i < n; i += 2 {
			st.Delete([]byte(fmt.Sprint("k", i)))
		}
		fill(t, st, make([]byte, 200), n)
		return st
	}
	takeLocks := func(t *testing.T, st *Store, n int) {
		for i := range n {
			_, err := st.Put(lockSized(i), make([]byte, 20), PutOptions{IfAbsent: true, Pinned: true})
			require.NoError(t, err, "lock %d", i)
		}
		for i := range n {
			require.True(t, st.Delete(lockSized(i)))
		}
	}

	t.Run("memory, fragmented", func(t *testing.T) {
		st := fragmented(t)
		require.Greater(t, st.Info().MemoryFree, int64(100<<10), "the holes are there")
		takeLocks(t, st, 40)
		require.NoError(t, verify(st))
	})
	t.Run("index slots", func(t *testing.T) {
		// Keys with empty values fill the index before the memory.
		st, _ := newStore(t, 2<<20, Config{Policy: NoEviction})
		fill(t, st, nil, 0)
		_, err := st.Put([]byte("one more"), nil, PutOptions{})
		require.ErrorContains(t, err, "index")
		takeLocks(t, st, 40)
		require.NoError(t, verify(st))
	})
	t.Run("a held lock does not shut the application out", func(t *testing.T) {
		st := fragmented(t)
		// The holes are too small for a lock: it comes out of the kept block.
		_, err := st.Put(lockSized(0), make([]byte, 20), PutOptions{IfAbsent: true, Pinned: true})
		require.NoError(t, err)
		for i := 0; i < 200; i += 2 {
			_, err := st.Put([]byte(fmt.Sprint("k", i)), make([]byte, 24), PutOptions{})
			require.NoError(t, err, "a write into a hole, with a lock held")
		}
		require.NoError(t, verify(st))
	})
	t.Run("a held lock does not empty volatile-lru", func(t *testing.T) {
		// Filled without evicting: entries with and without a TTL alternate.
		st, _ := newStore(t, 2<<20, Config{Policy: NoEviction})
		var full error
		for i := 0; full == nil; i++ {
			_, full = st.Put([]byte(fmt.Sprint("k", i)), make([]byte, 200), PutOptions{TTLMillis: int64(i%2) * 3_600_000})
		}
		st.cfg.Policy = VolatileLRU
		_, err := st.Put(lockSized(0), make([]byte, 20), PutOptions{IfAbsent: true, Pinned: true})
		require.NoError(t, err)
		before := st.Info().Evictions
		_, err = st.Put([]byte("one more"), make([]byte, 200), PutOptions{TTLMillis: 3_600_000})
		require.NoError(t, err)
		assert.LessOrEqual(t, st.Info().Evictions-before, int64(4), "evicts about its own size")
		require.NoError(t, verify(st))
	})
	t.Run("allkeys-lru keeps nothing", func(t *testing.T) {
		st, _ := newStore(t, 2<<20, Config{Policy: AllKeysLRU})
		for i := range 30000 {
			put(t, st, fmt.Sprint("k", i), string(make([]byte, 100)))
		}
		info := st.Info()
		require.Positive(t, info.Evictions)
		assert.Less(t, info.MemoryFree, int64(lockRoomBytes), "the application may use all of it")
	})
}

func TestAllKeysLRUEvictsLeastRecentlyUsed(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{Policy: AllKeysLRU})
	val := bytes.Repeat([]byte("v"), 1000)
	put(t, st, "hot", "h")
	for i := 0; i < 5000; i++ {
		_, err := st.Put([]byte(fmt.Sprint("k", i)), val, PutOptions{})
		require.NoError(t, err)
		_, ok := get(st, "hot") // keep it recently used
		require.True(t, ok, "at %d", i)
	}
	info := st.Info()
	assert.Greater(t, info.Evictions, int64(3000))
	_, ok := get(st, "k4999")
	assert.True(t, ok, "the newest survives")
	_, ok = get(st, "k0")
	assert.False(t, ok, "the oldest was evicted")
	require.NoError(t, verify(st))
}

func TestVolatileLRUEvictsOnlyKeysWithTTL(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{Policy: VolatileLRU})
	val := bytes.Repeat([]byte("v"), 1000)
	put(t, st, "persistent", "p")
	var err error
	for i := 0; i < 5000 && err == nil; i++ {
		_, err = st.Put([]byte(fmt.Sprint("t", i)), val, PutOptions{TTLMillis: time.Hour.Milliseconds()})
	}
	require.NoError(t, err, "keys with TTL make room for each other")
	assert.True(t, st.Exists([]byte("persistent")))
	for i := 0; err == nil; i++ {
		_, err = st.Put([]byte(fmt.Sprint("p", i)), val, PutOptions{})
		require.Less(t, i, 10000)
	}
	assert.ErrorIs(t, err, ErrNoMemory, "once only persistent keys are left, writes fail")
	assert.True(t, st.Exists([]byte("persistent")))
	require.NoError(t, verify(st))
}

// roomSearchSteps is how many entries the store has looked at to make room.
func roomSearchSteps(st *Store) (n uint64) {
	for i := range st.shards {
		n += st.shards[i].hdr.roomSearchSteps
	}
	return n
}

// fillUntilEvicting writes key<i> → val with opt until the store has to make
// room, and returns how many it wrote.
func fillUntilEvicting(t *testing.T, st *Store, prefix string, val []byte, opt PutOptions) int {
	t.Helper()
	i := 0
	for before := st.Info(); ; i++ {
		_, err := st.Put([]byte(fmt.Sprint(prefix, i)), val, opt)
		require.NoError(t, err)
		if now := st.Info(); now.Evictions+now.Expirations > before.Evictions+before.Expirations {
			return i
		}
	}
}

// A write into a full shard used to sweep the whole shard for expired entries
// first: with sessions (every entry has a TTL) each write then looked at every
// entry. Making room must look at a few entries per write, under every policy.
func TestMakingRoomInAFullStoreLooksAtFewEntriesPerWrite(t *testing.T) {
	const writes = 20000
	val := bytes.Repeat([]byte("v"), 100)
	hour := PutOptions{TTLMillis: time.Hour.Milliseconds()}
	cases := []struct {
		name   string
		policy Policy
		fill   func(t *testing.T, st *Store, clock *int64)
		write  func(st *Store, clock *int64, i int) error
	}{
		{"allkeys-lru, every entry with a TTL", AllKeysLRU,
			func(t *testing.T, st *Store, _ *int64) { fillUntilEvicting(t, st, "s", val, hour) },
			func(st *Store, _ *int64, i int) error {
				_, err := st.Put([]byte(fmt.Sprint("new", i)), val, hour)
				return err
			}},
		{"volatile-lru, half the entries without TTL", VolatileLRU,
			func(t *testing.T, st *Store, _ *int64) {
				n := fillUntilEvicting(t, st, "s", val, hour)
				for i := 0; i < n/2; i++ {
					put(t, st, fmt.Sprint("permanent", i), string(val))
				}
			},
			func(st *Store, _ *int64, i int) error {
				_, err := st.Put([]byte(fmt.Sprint("new", i)), val, hour)
				return err
			}},
		{"noeviction, one entry expiring per write", NoEviction,
			func(t *testing.T, st *Store, clock *int64) {
				for i := 0; ; i++ {
					// Keys of one length: each expired entry frees the room of one new one.
					ok, err := st.Put([]byte(fmt.Sprintf("s%06d", i)), val, PutOptions{TTLMillis: int64(1000 + i)})
					if errors.Is(err, ErrNoMemory) {
						return
					}
					require.NoError(t, err)
					require.True(t, ok)
				}
			},
			func(st *Store, clock *int64, i int) error {
				*clock++ // the oldest remaining entry expires; these do in turn
				_, err := st.Put([]byte(fmt.Sprintf("n%06d", i)), val, PutOptions{TTLMillis: 5000})
				return err
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, clock := newStore(t, 2<<20, Config{Policy: c.policy})
			c.fill(t, st, clock)
			*clock += 1000
			entries := st.Info().Entries
			before := roomSearchSteps(st)
			for i := 0; i < writes; i++ {
				require.NoError(t, c.write(st, clock, i), "write %d", i)
			}
			perWrite := float64(roomSearchSteps(st)-before) / writes
			t.Logf("%d entries; %.1f entries looked at per write", entries, perWrite)
			assert.Less(t, perWrite, 16.0, "a full store of %d entries: 4 index slots and a hand step or two", entries)
			require.NoError(t, verify(st))
		})
	}
}

func TestExpiredEntriesMakeRoomBeforeLiveOnes(t *testing.T) {
	val := bytes.Repeat([]byte("v"), 100)
	probe, _ := newStore(t, 2<<20, Config{Policy: AllKeysLRU})
	capacity := fillUntilEvicting(t, probe, "k", val, PutOptions{})

	// Filled without evicting anything: the oldest half expires, the rest lives on.
	st, clock := newStore(t, 2<<20, Config{Policy: AllKeysLRU})
	half := capacity/2 - 10
	for i := 0; i < half; i++ {
		_, err := st.Put([]byte(fmt.Sprint("k", i)), val, PutOptions{TTLMillis: 1000})
		require.NoError(t, err)
	}
	for i := half; i < 2*half; i++ {
		put(t, st, fmt.Sprint("k", i), string(val))
	}
	require.Zero(t, st.Info().Evictions)
	*clock += 1000
	for i := 0; i < half/2; i++ {
		put(t, st, fmt.Sprint("new", i), string(val))
	}
	assert.Zero(t, st.Info().Evictions, "no live entry was evicted")
	assert.GreaterOrEqual(t, st.Info().Expirations, int64(half/2-20))
	for i := half; i < 2*half; i++ {
		require.True(t, st.Exists([]byte(fmt.Sprint("k", i))), "k%d", i)
	}
	require.NoError(t, verify(st))
}

// Expired entries near the head (written last, with a short TTL) are not met
// by the hand soon; the index sample run before each eviction finds them
// within half a shard's worth of writes (4 slots an eviction, 1.6 slots an entry).
func TestYoungExpiredEntriesAreFoundWhileTheShardEvicts(t *testing.T) {
	st, clock := newStore(t, 2<<20, Config{Policy: AllKeysLRU})
	val := bytes.Repeat([]byte("v"), 100)
	capacity := fillUntilEvicting(t, st, "old", val, PutOptions{})
	for i := 0; i < capacity/10; i++ {
		_, err := st.Put([]byte(fmt.Sprint("young", i)), val, PutOptions{TTLMillis: 1000})
		require.NoError(t, err)
	}
	*clock += 1000
	expiredLeft := func() (n int) {
		s := &st.shards[0]
		at := moment{clock: st.now}
		for off := s.hdr.lruHead; off != 0; off = s.entry(off).lruNext {
			if expired(s.entry(off), &at) {
				n++
			}
		}
		return n
	}
	require.Greater(t, expiredLeft(), capacity/20, "the sampler has not taken them all already")
	before := st.Info()
	for i := 0; i < capacity/2; i++ {
		put(t, st, fmt.Sprint("new", i), string(val))
	}
	assert.Zero(t, expiredLeft())
	evicted := st.Info().Evictions - before.Evictions
	assert.LessOrEqual(t, evicted, int64(capacity/2), "at most one entry evicted per write")
	require.NoError(t, verify(st))
}

// scrambleFull fills st past capacity with values of mixed sizes written over
// random keys, so that the LRU order has nothing to do with where entries lie;
// every pinEvery-th key is pinned; it returns the pinned keys.
func scrambleFull(t *testing.T, st *Store, pinEvery int) (pinned []string) {
	t.Helper()
	r := rand.New(rand.NewPCG(3, 4))
	seen := map[string]bool{}
	for i := 0; i < 60000; i++ {
		k := r.IntN(30000)
		key := fmt.Sprint("k", k)
		opt := PutOptions{Pinned: k%pinEvery == 0}
		_, err := st.Put([]byte(key), make([]byte, 50+r.IntN(250)), opt)
		require.NoError(t, err)
		if opt.Pinned && !seen[key] {
			seen[key] = true
			pinned = append(pinned, key)
		}
	}
	require.NotZero(t, st.Info().Evictions, "the store is full")
	return pinned
}

// Blocks freed in LRU order lie all over the arena and seldom join into one
// large block: a large write used to evict most of the shard before one
// formed. It must evict about its own size.
func TestALargeWriteIntoAFullStoreEvictsAboutItsOwnSize(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{Policy: AllKeysLRU})
	pinned := scrambleFull(t, st, 200)
	entries := st.Info().Entries
	before := st.Info().Evictions
	_, err := st.Put([]byte("large"), make([]byte, 16<<10), PutOptions{})
	require.NoError(t, err)
	evicted := st.Info().Evictions - before
	t.Logf("a 16 KB write into a full store of %d entries evicted %d", entries, evicted)
	assert.Less(t, evicted, int64(16<<10/90+30), "entries take at least 90 bytes; a few LRU victims before the run")
	require.NotEmpty(t, pinned)
	for _, key := range pinned {
		require.True(t, st.Exists([]byte(key)), "%s is pinned", key)
	}
	require.NoError(t, verify(st))
}

func TestEvictionRunsKeepWhatThePolicyKeeps(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{Policy: VolatileLRU})
	// Every third key has a TTL: those are all volatile-lru may take.
	r := rand.New(rand.NewPCG(5, 6))
	permanent := map[string]bool{}
	for i := 0; i < 60000; i++ {
		k := r.IntN(30000)
		key := fmt.Sprint("k", k)
		opt := PutOptions{}
		if k%3 == 0 {
			opt.TTLMillis = time.Hour.Milliseconds()
		}
		if _, err := st.Put([]byte(key), make([]byte, 50+r.IntN(250)), opt); errors.Is(err, ErrNoMemory) {
			break // nothing with a TTL is left to evict
		} else {
			require.NoError(t, err)
		}
		if opt.TTLMillis == 0 {
			permanent[key] = true
		}
	}
	require.NotZero(t, st.Info().Evictions)
	_, err := st.Put([]byte("large"), make([]byte, 16<<10), PutOptions{TTLMillis: 1000})
	if err != nil {
		require.ErrorIs(t, err, ErrNoMemory)
	}
	for key := range permanent {
		require.True(t, st.Exists([]byte(key)), "%s has no TTL", key)
	}
	require.NoError(t, verify(st))
}

func TestMemoryIsReusedWithoutWipes(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{Policy: NoEviction})
	// Churn through mixed sizes many times the store's size: freed blocks must
	// coalesce and be reused, so nothing fails and nothing is evicted.
	for round := 0; round < 50; round++ {
		for i := 0; i < 200; i++ {
			size := 10 + (i*7919+round*104729)%3000
			_, err := st.Put([]byte(fmt.Sprint("k", i)), make([]byte, size), PutOptions{})
			require.NoError(t, err, "round %d key %d", round, i)
		}
	}
	require.NoError(t, verify(st))
	assert.Equal(t, int64(200), st.Info().Entries)
	st.Flush()
	assert.Zero(t, st.Info().Entries)
	assert.Zero(t, st.Info().MemoryUsed)
	require.NoError(t, verify(st))
}

func TestFlushKeepsPinnedEntries(t *testing.T) {
	st, _ := newStore(t, manyShards, Config{})
	var locks [][]byte
	for i := 0; i < 2000; i++ {
		put(t, st, fmt.Sprint("k", i), "value")
		if i%100 == 0 {
			lock := CompanionKey(nil, "lock", []byte(fmt.Sprint("k", i)))
			_, err := st.Put(lock, []byte("owner"), PutOptions{Pinned: true})
			require.NoError(t, err)
			locks = append(locks, lock)
		}
	}
	st.Flush()
	left := uint64(0)
	for i := range st.shards {
		left += st.shards[i].hdr.entries
	}
	assert.Equal(t, uint64(len(locks)), left, "only the pinned entries are left")
	assert.Zero(t, st.Info().Entries, "which are internal")
	for _, lock := range locks {
		assert.True(t, st.DeleteIfEqual(lock, []byte("owner")), "%q", lock)
	}
	for i := 0; i < 2000; i += 37 {
		assert.False(t, st.Exists([]byte(fmt.Sprint("k", i))))
	}
	require.NoError(t, verify(st))
	assert.Zero(t, st.Info().MemoryUsed)
}

func TestActiveExpiryReclaimsWithoutReads(t *testing.T) {
	st, clock := newStore(t, 2<<20, Config{})
	for i := 0; i < 500; i++ {
		_, err := st.Put([]byte(fmt.Sprint("k", i)), []byte("v"), PutOptions{TTLMillis: time.Second.Milliseconds()})
		require.NoError(t, err)
	}
	*clock += 2000
	// Unrelated writes to other keys drive the sampler: enough of them to
	// pass the cursor over the whole index once.
	slots := int(st.shards[0].hdr.slotMask) + 1
	for i := 0; i < slots/expirySampleSlots*expirySampleEvery+1000; i++ {
		st.Delete([]byte(fmt.Sprint("other", i%10)))
	}
	info := st.Info()
	assert.Less(t, info.Entries, int64(50), "expired keys were reclaimed by sampling")
	assert.Greater(t, info.Expirations, int64(450))
}

func TestSweepExpiredCountsPrefix(t *testing.T) {
	st, clock := newStore(t, 8<<20, Config{})
	for i := 0; i < 10; i++ {
		st.Put([]byte(fmt.Sprint("php_session:", i)), []byte("x"), PutOptions{TTLMillis: time.Second.Milliseconds()})
		st.Put([]byte(fmt.Sprint("cache:", i)), []byte("x"), PutOptions{TTLMillis: time.Second.Milliseconds()})
	}
	st.Put([]byte("php_session:live"), []byte("x"), PutOptions{TTLMillis: time.Hour.Milliseconds()})
	*clock += 1500
	assert.Equal(t, 10, st.SweepExpired([]byte("php_session:")))
	assert.Equal(t, int64(1), st.Info().Entries)
}

func TestScanSeesEveryLiveEntryUnderThePrefixInEveryShard(t *testing.T) {
	st, clock := newStore(t, manyShards, Config{})
	want := map[string]string{}
	for i := 0; i < 300; i++ {
		k := fmt.Sprint("php_session:", i)
		put(t, st, k, fmt.Sprint("v", i))
		want[k] = fmt.Sprint("v", i)
		put(t, st, fmt.Sprint("cache:", i), "other")
	}
	lock := string(CompanionKey(nil, "lock", []byte("php_session:7")))
	_, err := st.Put([]byte(lock), []byte("owner"), PutOptions{Pinned: true})
	require.NoError(t, err)
	_, err = st.Put([]byte("php_session:gone"), []byte("x"), PutOptions{TTLMillis: 1000})
	require.NoError(t, err)
	*clock += 1500

	seen := map[string]string{}
	shards := map[*shard]bool{}
	st.Scan([]byte("php_session:"), func(key, val []byte) {
		seen[string(key)] = string(val)
		shards[st.shardOf(hashKey(key))] = true
	})
	assert.Equal(t, want, seen, "neither other prefixes, nor the expired entry, nor the internal lock")
	assert.Greater(t, len(shards), 1)

	seen = map[string]string{}
	st.Scan([]byte(InternalKeyPrefix), func(key, val []byte) { seen[string(key)] = string(val) })
	assert.Equal(t, map[string]string{lock: "owner"}, seen)
	require.NoError(t, verify(st))
}

// session_gc() looks for orphaned session locks in every shard; at any moment
// few shards hold one, and the others are not walked.
func TestScanForInternalKeysWalksOnlyTheShardsHoldingSome(t *testing.T) {
	st, clock := newStore(t, manyShards, Config{})
	for i := 0; i < 1000; i++ {
		_, err := st.Put([]byte(fmt.Sprint("php_session:", i)), []byte("x"), PutOptions{TTLMillis: time.Hour.Milliseconds()})
		require.NoError(t, err)
	}
	lock := string(CompanionKey(nil, "lock", []byte("php_session:7")))
	_, err := st.Put([]byte(lock), []byte("owner"), PutOptions{Pinned: true})
	require.NoError(t, err)

	walked := 0 // a shard walked reads the clock once, for its first entry with a TTL
	st.now = func() int64 { walked++; return *clock }
	seen := map[string]string{}
	st.Scan([]byte(InternalKeyPrefix), func(key, val []byte) { seen[string(key)] = string(val) })
	assert.Equal(t, map[string]string{lock: "owner"}, seen)
	assert.Equal(t, 1, walked, "of %d shards", len(st.shards))

	st.Delete([]byte(lock))
	walked = 0
	st.Scan([]byte(InternalKeyPrefix), func(key, val []byte) { t.Errorf("found %q", key) })
	assert.Zero(t, walked)
	walked = 0
	st.Scan([]byte("php_session:"), func(key, val []byte) {})
	assert.Equal(t, len(st.shards), walked, "other prefixes walk every shard")
}

func TestWait(t *testing.T) {
	st, _ := newStore(t, 8<<20, Config{})
	st.now = func() int64 { return time.Now().UnixMilli() }
	v, changed := st.Wait([]byte("k"), 0, 0)
	assert.False(t, changed, "a poll of an absent key at version 0")
	assert.Zero(t, v)
	_, changed = st.Wait([]byte("k"), 0, 20*time.Millisecond)
	assert.False(t, changed, "times out")

	put(t, st, "k", "1")
	v1, changed := st.Wait([]byte("k"), 0, 0)
	assert.True(t, changed)
	assert.NotZero(t, v1)

	got := make(chan uint64)
	go func() {
		v, _ := st.Wait([]byte("k"), v1, 10*time.Second)
		got <- v
	}()
	time.Sleep(20 * time.Millisecond)
	put(t, st, "k", "2")
	select {
	case v2 := <-got:
		assert.Greater(t, v2, v1)
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter was not woken by the write")
	}
	st.Delete([]byte("k"))
	v, changed = st.Wait([]byte("k"), v1, 0)
	assert.True(t, changed)
	assert.Zero(t, v, "deleted reads as version 0")
}

// Nobody writes when a TTL runs out, so nobody wakes a waiter then: the
// waiter must wake itself at the expiry of the entry it watches.
func TestWaitReturnsWhenTheWatchedKeyExpires(t *testing.T) {
	st, _ := newStore(t, 8<<20, Config{})
	st.now = func() int64 { return time.Now().UnixMilli() }
	_, err := st.Put([]byte("k"), []byte("v"), PutOptions{TTLMillis: 100})
	require.NoError(t, err)
	v1, changed := st.Wait([]byte("k"), 0, 0)
	require.True(t, changed)

	start := time.Now()
	v, changed := st.Wait([]byte("k"), v1, 5*time.Second)
	assert.Less(t, time.Since(start), 2*time.Second, "woke at the expiry, not at the timeout")
	assert.True(t, changed)
	assert.Zero(t, v, "expired reads as version 0")
	assert.False(t, st.Exists([]byte("k")))
}

// An expire that brings the expiry forward keeps the version: a waiter that
// sleeps until the old expiry must be woken to look at the new one.
func TestWaitReturnsWhenAnExpireBringsTheExpiryForward(t *testing.T) {
	st, _ := newStore(t, 8<<20, Config{})
	st.now = func() int64 { return time.Now().UnixMilli() }
	_, err := st.Put([]byte("k"), []byte("v"), PutOptions{TTLMillis: time.Hour.Milliseconds()})
	require.NoError(t, err)
	v1, _ := st.Wait([]byte("k"), 0, 0)

	start := time.Now()
	go func() {
		time.Sleep(20 * time.Millisecond)
		st.Expire([]byte("k"), 100)
	}()
	v, changed := st.Wait([]byte("k"), v1, 5*time.Second)
	assert.Less(t, time.Since(start), 2*time.Second, "woke at the new expiry, not at the timeout")
	assert.True(t, changed)
	assert.Zero(t, v)
}

// Only an expire that brings the expiry forward can shorten a Wait: one that
// puts it later (every session touch) wakes nobody.
func TestOnlyAnEarlierExpiryWakesSleepers(t *testing.T) {
	st, _ := newStore(t, 8<<20, Config{})
	_, err := st.Put([]byte("k"), []byte("v"), PutOptions{TTLMillis: 60_000})
	require.NoError(t, err)
	s := st.shardOf(hashKey([]byte("k")))
	seq := s.hdr.changeSeq.Load()
	require.True(t, st.Expire([]byte("k"), 120_000))
	assert.Equal(t, seq, s.hdr.changeSeq.Load(), "a later expiry")
	require.True(t, st.Expire([]byte("k"), 1_000))
	assert.NotEqual(t, seq, s.hdr.changeSeq.Load(), "an earlier expiry")
}

// An entry that expires after the deadline does not stretch the wait, and an
// unchanged key at the deadline is a timeout.
func TestWaitOnAKeyExpiringAfterTheDeadlineTimesOut(t *testing.T) {
	st, _ := newStore(t, 8<<20, Config{})
	st.now = func() int64 { return time.Now().UnixMilli() }
	_, err := st.Put([]byte("k"), []byte("v"), PutOptions{TTLMillis: time.Minute.Milliseconds()})
	require.NoError(t, err)
	v1, _ := st.Wait([]byte("k"), 0, 0)

	start := time.Now()
	v, changed := st.Wait([]byte("k"), v1, 50*time.Millisecond)
	elapsed := time.Since(start)
	assert.False(t, changed)
	assert.Equal(t, v1, v)
	assert.GreaterOrEqual(t, elapsed, 50*time.Millisecond)
	assert.Less(t, elapsed, 2*time.Second)
}

func TestConcurrentGoroutines(t *testing.T) {
	st, _ := newStore(t, 4<<20, Config{})
	st.now = func() int64 { return time.Now().UnixMilli() }
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				_, err := st.IncrBy([]byte("shared"), 1)
				assert.NoError(t, err)
				key := []byte(fmt.Sprintf("g%d-%d", g, i%50))
				st.Put(key, bytes.Repeat([]byte{byte(g)}, i%300), PutOptions{})
				buf := make([]byte, 512)
				if n, _, ok := st.Get(key, buf); ok {
					assert.Equal(t, bytes.Repeat([]byte{byte(g)}, n), buf[:n])
				}
				if i%7 == 0 {
					st.Delete(key)
				}
			}
		}(g)
	}
	wg.Wait()
	v, _ := get(st, "shared")
	assert.Equal(t, "16000", v)
	require.NoError(t, verify(st))
}

func TestAttachJoinsAndValidates(t *testing.T) {
	path := shmPath(t)
	first, err := Attach(sharedFile(t, path, 4<<20), Config{MaxKeySize: 64})
	require.NoError(t, err)
	put(t, first, "k", "v")
	second, err := Attach(sharedFile(t, path, 4<<20), Config{MaxKeySize: 64})
	require.NoError(t, err)
	v, ok := get(second, "k")
	assert.True(t, ok, "a second mapping of the same memory sees the same store")
	assert.Equal(t, "v", v)

	garbage := make([]byte, 4<<20)
	garbage[8] = stateReady // claims to be formatted, magic is wrong
	_, err = Attach(garbage, Config{MaxKeySize: 64})
	assert.ErrorIs(t, err, ErrLayout)
	_, err = Attach(make([]byte, 1000), Config{MaxKeySize: 64})
	assert.ErrorContains(t, err, "too small")
}

func TestHugeTTLsAreKeptNotWrapped(t *testing.T) {
	st, _ := newStore(t, 8<<20, Config{})
	const tenBillionSeconds = int64(10_000_000_000) * 1000
	_, err := st.Put([]byte("k"), []byte("v"), PutOptions{TTLMillis: tenBillionSeconds})
	require.NoError(t, err)
	assert.Equal(t, tenBillionSeconds, st.PTTL([]byte("k")), "beyond time.Duration's range")
	assert.True(t, st.Expire([]byte("k"), tenBillionSeconds*100))
	assert.Equal(t, tenBillionSeconds*100, st.PTTL([]byte("k")))
}

// A deadline past the end of time saturates: the key keeps a TTL that never
// runs out. It must not read as "no expiry" (0) nor wrap into the past, on
// any path that takes a TTL.
func TestTTLsBeyondTheEndOfTimeSaturate(t *testing.T) {
	st, clock := newStore(t, 8<<20, Config{})
	farEnd := math.MaxInt64 - *clock
	// The largest TTL PHP can pass (PHP_INT_MAX / 1000 seconds), and the
	// largest int64.
	for _, ttl := range []int64{math.MaxInt64 / 1000 * 1000, math.MaxInt64} {
		_, err := st.Put([]byte("set"), []byte("v"), PutOptions{TTLMillis: ttl})
		require.NoError(t, err)
		assert.Equal(t, farEnd, st.PTTL([]byte("set")), "set, ttl %d", ttl)

		st.Delete([]byte("setnx"))
		stored, err := st.Put([]byte("setnx"), []byte("v"), PutOptions{TTLMillis: ttl, IfAbsent: true})
		require.NoError(t, err)
		require.True(t, stored)
		assert.Equal(t, farEnd, st.PTTL([]byte("setnx")), "setnx, ttl %d", ttl)

		put(t, st, "expire", "v")
		assert.True(t, st.Expire([]byte("expire"), ttl))
		assert.Equal(t, farEnd, st.PTTL([]byte("expire")), "expire, ttl %d", ttl)

		put(t, st, "incr", "1")
		require.True(t, st.Expire([]byte("incr"), ttl))
		_, err = st.IncrBy([]byte("incr"), 1)
		require.NoError(t, err)
		assert.Equal(t, farEnd, st.PTTL([]byte("incr")), "incr keeps it, ttl %d", ttl)

		// Sessions write in transactions.
		tx, err := st.Begin([]byte("tx-put"))
		require.NoError(t, err)
		_, err = tx.Put([]byte("tx-put"), []byte("v"), PutOptions{TTLMillis: ttl})
		tx.End()
		require.NoError(t, err)
		assert.Equal(t, farEnd, st.PTTL([]byte("tx-put")), "tx put, ttl %d", ttl)

		put(t, st, "tx-expire", "v")
		tx, err = st.Begin([]byte("tx-expire"))
		require.NoError(t, err)
		expired := tx.Expire([]byte("tx-expire"), ttl)
		tx.End()
		assert.True(t, expired)
		assert.Equal(t, farEnd, st.PTTL([]byte("tx-expire")), "tx expire, ttl %d", ttl)
	}
	*clock += 100 * 365 * 24 * time.Hour.Milliseconds()
	for _, key := range []string{"set", "setnx", "expire", "incr", "tx-put", "tx-expire"} {
		_, found := get(st, key)
		assert.True(t, found, "%s is still there a century later", key)
		assert.Equal(t, math.MaxInt64-*clock, st.PTTL([]byte(key)), key)
	}
}

func TestParseIntMatchesFormatInt(t *testing.T) {
	for _, v := range []int64{0, 1, -1, 9, 10, -10, 123456789, math.MaxInt64, math.MinInt64, math.MinInt64 + 1} {
		got, err := parseInt([]byte(strconv.FormatInt(v, 10)))
		require.NoError(t, err, v)
		assert.Equal(t, v, got)
	}
	for _, bad := range []string{"", "-", "-0", "00", "01", "-01", "+1", " 1", "1 ", "1.5", "1e3", "abc",
		"9223372036854775808", "-9223372036854775809", "99999999999999999999", "12a"} {
		_, err := parseInt([]byte(bad))
		assert.ErrorIs(t, err, ErrNotInteger, "%q", bad)
	}
}

func TestFormattingLeavesTheIndexUntouched(t *testing.T) {
	const size = 256 << 20
	mem := anonymousShared(t, size)
	rssBefore := residentPages(t, mem)
	_, err := Attach(mem, Config{MaxKeySize: 64})
	require.NoError(t, err)
	// The index of a 256 MiB store is 16 MiB; formatting may touch a few pages
	// per shard (headers, first and last arena block), not the index.
	touched := residentPages(t, mem) - rssBefore
	assert.Less(t, touched, 64*4, "pages touched by formatting: %d", touched)
}

// residentPages counts the pages of mem that are in memory (mincore).
func residentPages(t *testing.T, mem []byte) int {
	vec := make([]byte, (len(mem)+os.Getpagesize()-1)/os.Getpagesize())
	_, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&mem[0])), uintptr(len(mem)),
		uintptr(unsafe.Pointer(&vec[0])))
	require.Zero(t, errno)
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}
