package main

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/ephpm/ephpm-kv/gosrc/shm"
	"github.com/ephpm/ephpm-kv/gosrc/store"
)

func TestTheCSideRefusesTheStoresInternalPrefix(t *testing.T) {
	assert.Equal(t, store.InternalKeyPrefix, abiInternalKeyPrefix)
	assert.Len(t, abiInternalKeyPrefix, abiInternalKeyPrefixLen)
}

// The extension decides from these bytes whether a store file left by an
// earlier start can be mapped again (ext/store_mapping.c): if the store's
// layout changed and the C constant did not, a server would map a store this
// build cannot read instead of replacing it.
func TestTheCSideReadsAFormattedStoresMagicLayoutAndSize(t *testing.T) {
	const size = 4 << 20
	mem, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_ANONYMOUS)
	require.NoError(t, err)
	defer unix.Munmap(mem)
	assert.Equal(t, make([]byte, abiStoreStampSize), mem[:abiStoreStampSize], "an unformatted store is all zero")

	_, err = store.Attach(shm.Region(mem), store.Config{Policy: store.AllKeysLRU, MaxKeySize: 64})
	require.NoError(t, err)

	assert.Equal(t, abiStoreMagic, binary.LittleEndian.Uint64(mem[0:]))
	assert.Equal(t, abiStoreLayout, binary.LittleEndian.Uint32(mem[abiStoreLayoutOffset:]))
	assert.Equal(t, uint64(size), binary.LittleEndian.Uint64(mem[abiStoreSizeOffset:]))
	assert.LessOrEqual(t, abiStoreSizeOffset+8, abiStoreStampSize)
}
