package store

// A killPoint names a place between two steps of the store's code that
// touch shared memory, where a process killed there leaves the others a state
// they must cope with. Most such places are covered by the shard lock (a
// takeover rebuilds the shard); these are the ones that are not, or whose
// repair is not recover()'s. Tests set atKillPoint to die there, in a child
// process, and check what the survivors see; it is nil otherwise and costs a
// load and a branch.
type killPoint int

const (
	killUnlocked       killPoint = iota + 1 // unlock: the lock word is free, nobody woken yet
	killSleeperFiling                       // registerSleeper: the slot is written, the sleeper not counted yet
	killSleeperLeaving                      // unregisterSleeper: the first of its steps is done
	// Between two stores of a change to a shard, under its lock: in a write,
	// a removal, the allocator, the index, the LRU list or the counters.
	killStep
	killRecoverStep // between two stores of recover() rebuilding a shard
)

var atKillPoint func(killPoint)

func reached(p killPoint) {
	if atKillPoint != nil {
		atKillPoint(p)
	}
}
