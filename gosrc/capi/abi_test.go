package main

import (
	"encoding/binary"
	"os"
	"os/exec"
	"testing"
	"time"

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

// freshStoreMemory is zeroed shared memory for a store, as MINIT maps it.
func freshStoreMemory(t *testing.T) []byte {
	t.Helper()
	mem, err := unix.Mmap(-1, 0, 4<<20, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_ANONYMOUS)
	require.NoError(t, err)
	t.Cleanup(func() { unix.Munmap(mem) })
	return mem
}

// The extension decides from these bytes whether a store file left by an
// earlier start can be mapped again (ext/store_mapping.c): if the store's
// layout changed and the C constant did not, a server would map a store this
// build cannot read instead of replacing it.
func TestTheCSideReadsAFormattedStoresMagicLayoutAndSize(t *testing.T) {
	mem := freshStoreMemory(t)

	_, err := store.Attach(shm.Region(mem), store.Config{Policy: store.AllKeysLRU, MaxKeySize: 64})
	require.NoError(t, err)

	assert.Equal(t, abiStoreMagic, binary.LittleEndian.Uint64(mem[0:]))
	assert.Equal(t, abiStoreLayout, binary.LittleEndian.Uint32(mem[abiStoreLayoutOffset:]))
	assert.Equal(t, uint64(len(mem)), binary.LittleEndian.Uint64(mem[abiStoreSizeOffset:]))
	assert.LessOrEqual(t, abiStoreSizeOffset+8, abiStoreStampSize)
}

// A store file whose formatter was killed half-way (its state word still
// claims the store, the magic is still zero) is mapped again by the
// extension as an unformatted store: the process that attaches must wait
// while that formatter lives, and format the store itself once it is dead.
func TestTheCSideReadsAFormattersClaimAsTheStoreDoes(t *testing.T) {
	mem := freshStoreMemory(t)
	dead := exec.Command("true")
	require.NoError(t, dead.Run())

	claim := func(pid int) {
		binary.LittleEndian.PutUint32(mem[abiStoreStateOffset:], abiStoreFormatting|uint32(pid))
	}
	claim(os.Getpid())
	binary.LittleEndian.PutUint32(mem[abiStoreLayoutOffset:], abiStoreLayout)
	binary.LittleEndian.PutUint64(mem[abiStoreSizeOffset:], uint64(len(mem)))
	attached := make(chan error, 1)
	go func() {
		_, err := store.Attach(shm.Region(mem), store.Config{Policy: store.AllKeysLRU, MaxKeySize: 64})
		attached <- err
	}()
	select {
	case err := <-attached:
		t.Fatalf("Attach did not wait for the live formatter (err %v)", err)
	case <-time.After(100 * time.Millisecond):
	}

	claim(dead.Process.Pid)
	select {
	case err := <-attached:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Attach waits for a formatter that is dead")
	}
	assert.Equal(t, abiStoreMagic, binary.LittleEndian.Uint64(mem[0:]))
}
