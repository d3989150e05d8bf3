package store

// A killPoint names a place between two steps of the store's code that
// touch shared memory, where a process killed there leaves the others a state
// they must cope with: places the shard lock does not cover (after the
// release, a sleeper's registration) and, under it, any point between two
// stores of a change, which a taker's recover() must repair. Tests set
// atKillPoint to die at one, in a child process, and check what the survivors
// see; it is nil otherwise and costs a load and a branch.
type killPoint int

const (
	killUnlocked      killPoint = iota + 1 // unlock: the lock word is free, its waiters not woken yet
	killSleeperFiling                      // registerSleeper: the slot is written, the sleeper not counted yet
	killSleeperAwake                       // Wait: woken, still registered as a sleeper
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
