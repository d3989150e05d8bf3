package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manyShards is a store size that is cut into several shards.
const manyShards = 64 << 20

// A session and its lock are read and written together in every request: one
// index cache line should hold both, not two lines on two pages of the index.
func TestACompanionIsFiledBesideItsBaseKey(t *testing.T) {
	st, _ := newStore(t, manyShards, Config{})
	for i := 0; i < 1000; i++ {
		base := []byte(fmt.Sprintf("php_session:%032x", i))
		lock := CompanionKey(nil, "lock", base)
		s := st.shardOf(hashKey(base))
		assert.Equal(t, (uint32(hashKey(base))+1)&s.hdr.slotMask, uint32(hashKey(lock))&s.hdr.slotMask,
			"the companion's home slot follows its base's")
		tx, err := st.Begin(base)
		require.NoError(t, err)
		_, err = tx.Put(base, []byte("session"), PutOptions{})
		require.NoError(t, err)
		_, err = tx.Put(lock, []byte("lock"), PutOptions{Pinned: true})
		require.NoError(t, err)
		baseSlot, baseOff := s.find(base, hashKey(base))
		lockSlot, lockOff := s.find(lock, hashKey(lock))
		tx.End()
		require.NotZero(t, baseOff)
		require.NotZero(t, lockOff)
		// Within one probe run of a sparsely filled index: at most a few slots apart.
		assert.Less(t, (lockSlot-baseSlot)&s.hdr.slotMask, uint32(4), "%s", base)
	}
	require.NoError(t, verify(st))
}

func TestCompanionKeysLiveInTheShardOfTheirBaseKey(t *testing.T) {
	st, _ := newStore(t, manyShards, Config{})
	require.Greater(t, len(st.shards), 4)
	used := map[*shard]bool{}
	for i := 0; i < 1000; i++ {
		base := []byte(fmt.Sprint("php_session:", i))
		lock := CompanionKey(nil, "lock", base)
		assert.Equal(t, "\x00ephpm:lock:"+string(base), string(lock))
		home := st.shardOf(hashKey(base))
		assert.Same(t, home, st.shardOf(hashKey(lock)), "%s", base)
		used[home] = true
	}
	assert.Greater(t, len(used), len(st.shards)/2, "bases still spread over the shards")

	// A companion of a companion lands with the base that is not one, as a
	// transaction begun on the inner companion expects.
	for i := 0; i < 100; i++ {
		inner := CompanionKey(nil, "x", []byte(fmt.Sprint("abc", i)))
		outer := CompanionKey(nil, "lock", inner)
		assert.Same(t, st.shardOf(hashKey(inner)), st.shardOf(hashKey(outer)))
		tx, err := st.Begin(inner)
		require.NoError(t, err)
		_, err = tx.Put(outer, []byte("v"), PutOptions{})
		tx.End()
		require.NoError(t, err)
	}

	// Internal keys that are not companions are placed by their own hash.
	plain := []byte(InternalKeyPrefix + "no-tag")
	_, ok := companionBase(plain)
	assert.False(t, ok)
}

func TestTxRunsItsOperationsUnderOneLock(t *testing.T) {
	st, _ := newStore(t, manyShards, Config{})
	base := []byte("php_session:abc")
	lock := CompanionKey(nil, "lock", base)
	put(t, st, string(base), "payload")

	tx, err := st.Begin(base)
	require.NoError(t, err)
	outsider := make(chan struct{})
	go func() {
		st.Put(base, []byte("outsider"), PutOptions{})
		close(outsider)
	}()

	ok, err := tx.Put(lock, []byte("owner"), PutOptions{IfAbsent: true, Pinned: true})
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = tx.Put(lock, []byte("thief"), PutOptions{IfAbsent: true})
	require.NoError(t, err)
	assert.False(t, ok, "IfAbsent holds inside a transaction")
	buf := make([]byte, 16)
	n, _, found := tx.Get(base, buf)
	require.True(t, found)
	assert.Equal(t, "payload", string(buf[:n]))
	assert.True(t, tx.Expire(base, 60_000))
	assert.False(t, tx.Expire(base, 0))
	assert.False(t, tx.DeleteIfEqual(lock, []byte("thief")))
	time.Sleep(20 * time.Millisecond) // give the outsider every chance to cut in
	select {
	case <-outsider:
		t.Fatal("a write to the shard got in while the transaction held it")
	default:
	}
	assert.True(t, tx.DeleteIfEqual(lock, []byte("owner")))
	tx.End()

	<-outsider
	v, _ := get(st, string(base))
	assert.Equal(t, "outsider", v)
	assert.False(t, st.Exists(lock))
	require.NoError(t, verify(st))
}

func TestTxRefusesBadKeys(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{MaxKeySize: 16})
	_, err := st.Begin(nil)
	assert.ErrorIs(t, err, ErrKey)
	base := []byte("k")
	tx, err := st.Begin(base)
	require.NoError(t, err)
	defer tx.End()
	_, err = tx.Put(CompanionKey(nil, "lock", []byte("k-but-far-too-long-for-the-limit-even-with-headroom")), nil, PutOptions{})
	assert.ErrorIs(t, err, ErrKey)
}

func TestTxOnAKeyOfAnotherShardPanicsAndFreesTheShard(t *testing.T) {
	st, _ := newStore(t, manyShards, Config{})
	base := []byte("base")
	home := st.shardOf(hashKey(base))
	var elsewhere []byte
	for i := 0; elsewhere == nil; i++ {
		k := []byte(fmt.Sprint("other-", i))
		if st.shardOf(hashKey(k)) != home {
			elsewhere = k
		}
	}
	assert.Panics(t, func() {
		tx, err := st.Begin(base)
		require.NoError(t, err)
		defer tx.End()
		tx.Put(base, []byte("v"), PutOptions{})
		tx.Put(elsewhere, []byte("v"), PutOptions{})
	})
	assert.Zero(t, home.hdr.lock.Load(), "the shard is unlocked")
	require.NoError(t, verify(st))
	put(t, st, "base", "again")
}

func TestInfoLeavesOutInternalKeys(t *testing.T) {
	st, _ := newStore(t, 2<<20, Config{})
	base := []byte("php_session:a")
	lock := CompanionKey(nil, "lock", base)
	put(t, st, string(base), "data")
	put(t, st, string(lock), "held")
	_, _ = get(st, string(lock))
	_, _ = get(st, string(CompanionKey(nil, "lock", []byte("php_session:none"))))
	_, _ = get(st, string(base))
	_, _ = get(st, "missing")

	info := st.Info()
	assert.Equal(t, int64(1), info.Entries, "the lock is not an entry of the application")
	assert.Equal(t, int64(1), info.Hits)
	assert.Equal(t, int64(1), info.Misses)
	assert.Greater(t, info.MemoryUsed, int64(2*entryHeaderSize), "its memory is still counted")
	require.NoError(t, verify(st))

	// Recovery after a dead shard holder recounts them the same way.
	st.shards[0].hdr.lock.Store(st.me.Pid())
	putAfterTakeover(t, st, "other", "x")
	assert.Equal(t, int64(2), st.Info().Entries)
	require.NoError(t, verify(st))

	assert.True(t, st.Delete(lock))
	assert.Equal(t, int64(2), st.Info().Entries)
	st.Flush()
	assert.Zero(t, st.Info().Entries)
	require.NoError(t, verify(st))
}
