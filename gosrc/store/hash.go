package store

import (
	"encoding/binary"
	"math"
	"math/bits"
)

// hashKey is the hash that files key: its high bits choose the shard, its low
// 32 bits the home slot in the shard's index (and are kept in the slot).
//
// A companion (CompanionKey) hashes to its base key's hash with one added to
// the low half only: the high half places it in its base's shard, so that one
// transaction covers both (a companion of a companion lands with the first
// base that is not one), and its home slot is the one after its base's: a
// session and its lock share an index cache line. With independent hashes
// they sat on two of the ~85 pages of a shard's index, both cold in a request
// (a session comes back once per thousand requests of a pool), and on the
// bench VM a cold page costs 4-10 µs: the lock's put took 10 µs in a third of
// serial requests, its index slot being most of it.
func hashKey(key []byte) uint64 {
	if base, ok := companionBase(key); ok {
		h := hashKey(base)
		return h&^math.MaxUint32 | uint64(uint32(h)+1)
	}
	return hashBytes(key)
}

// hashBytes must give the same answer in every process that maps the store,
// so it cannot be maphash (randomly seeded per process). A murmur3-style mix
// of 8-byte words: fast on short keys such as session ids and well spread in
// both the low bits (bucket) and the high bits (shard, tag).
func hashBytes(key []byte) uint64 {
	const (
		c1 = 0x87c37b91114253d5
		c2 = 0x4cf5ad432745937f
	)
	h := uint64(len(key)) * 0x9E3779B97F4A7C15
	for len(key) >= 8 {
		k := binary.LittleEndian.Uint64(key)
		h ^= bits.RotateLeft64(k*c1, 31) * c2
		h = bits.RotateLeft64(h, 27)*5 + 0x52dce729
		key = key[8:]
	}
	var tail uint64
	for i := len(key) - 1; i >= 0; i-- {
		tail = tail<<8 | uint64(key[i])
	}
	h ^= bits.RotateLeft64(tail*c1, 31) * c2
	// fmix64: every input bit reaches every output bit.
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
