package shm

import (
	"sync/atomic"
	"unsafe"
)

// Region is a byte range shared between processes (a MAP_SHARED mapping).
// Offsets into it are the only references stored in it: it is mapped at a
// different address in each process.
type Region []byte

// Ptr returns a pointer to the T that lives at off. The caller guarantees that
// off is aligned for T and that off+sizeof(T) lies inside the region.
func Ptr[T any](r Region, off uint64) *T {
	return (*T)(unsafe.Pointer(&r[off]))
}

// Uint32 returns the 32-bit word at off for atomic access.
func (r Region) Uint32(off uint64) *atomic.Uint32 {
	return (*atomic.Uint32)(unsafe.Pointer(&r[off]))
}

// Uint64 returns the 64-bit word at off for atomic access.
func (r Region) Uint64(off uint64) *atomic.Uint64 {
	return (*atomic.Uint64)(unsafe.Pointer(&r[off]))
}

// FromPointer views size bytes at base as a Region. It is how the cgo
// boundary turns the mapping C created into something Go can index; the
// memory is not Go's, so the garbage collector never scans or moves it.
func FromPointer(base unsafe.Pointer, size uint64) Region {
	return Region(unsafe.Slice((*byte)(base), size))
}

// Uint64s views n consecutive 64-bit words starting at off (8-aligned).
func (r Region) Uint64s(off uint64, n int) []uint64 {
	return unsafe.Slice((*uint64)(unsafe.Pointer(&r[off])), n)
}
