//go:build go1.26 && !go1.27 && (amd64 || arm64)

package main

// Offsets in Go 1.26's runtime.m and runtime.p (runtime/runtime2.go) on 64-bit
// platforms (amd64, arm64), read from the DWARF of a go1.26 build. runtime_layout_test.go checks
// them against the toolchain that runs the tests; verifyRuntimeLayout checks them
// against the live runtime before any use.
const (
	runtimeLayoutKnown = true
	mOffsetP           = 208 // m.p, the P this M holds
	pOffsetID          = 0   // p.id int32
	pOffsetStatus      = 4   // p.status uint32
	pOffsetSchedtick   = 16  // p.schedtick uint32
	pOffsetM           = 48  // p.m, the back-link to the M
	pStatusRunning     = 1   // _Prunning
)
