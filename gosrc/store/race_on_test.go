//go:build race

package store

// raceEnabled: the race detector slows the in-process step tests tenfold, so
// they look at a sample of the steps under it (all of them otherwise).
const raceEnabled = true
