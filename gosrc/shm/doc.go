// Package shm holds the few primitives that touch shared memory directly:
// typed views into a byte region, futex wait/wake on words inside it, and the
// liveness check of another process. Every unsafe pointer conversion of the
// project lives in this package; callers deal in offsets only.
package shm
