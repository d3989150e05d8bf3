//go:build !go1.26 || go1.27 || !(amd64 || arm64)

package main

// No offsets for this Go version: the tick is kept fresh by yielding
// (schedtick.go). Add a runtime_layout_goXYZ.go from the runtime's DWARF
// (runtime_layout_test.go prints it) to enable the cheaper path.
const (
	runtimeLayoutKnown = false
	mOffsetP           = 0
	pOffsetID          = 0
	pOffsetStatus      = 0
	pOffsetSchedtick   = 0
	pOffsetM           = 0
	pStatusRunning     = 0
)
