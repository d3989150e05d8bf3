package store

import "bytes"

// Everything in this file runs with the shard lock held.

const (
	expirySampleEvery = 16 // writes between two expiry samples
	expirySampleSlots = 8  // index slots looked at per sample

	evictionSampleSlots  = 4 // index slots makeRoom searches before it evicts a live entry
	lruRemovalsBeforeRun = 4 // see allocEntry

	// See roomKeptForLocks: about 60 session locks per shard.
	lockRoomBytes = 8 << 10
	lockRoomSlots = 64
)

// roomKeptForLocks is what a write of key must leave free in its shard: one
// free block of keepBytes and keepSlots index slots. A session's lock is an
// entry of its own, written when session_start() reads the session: if the
// application could fill the store under a policy that cannot evict for the
// lock (noeviction; volatile-lru with no entry that has a TTL), no stored
// session could be read any more. So the application's writes stop short of
// full, and internal entries (locks) may use the rest. With allkeys-lru a
// lock evicts like any write and nothing is kept.
//
// The room is for lockRoomBytes of locks, held or not: the locks held now
// count against it. Otherwise one lock carved out of the kept block would
// leave it short for good and refuse every write of the shard while held.
func (s *shard) roomKeptForLocks(key []byte, policy Policy) (keepBytes uint32, keepSlots uint64) {
	if policy == AllKeysLRU || isInternalKey(key) {
		return 0, 0
	}
	// A small shard (tests, a 2 MB store) keeps at most a 32nd of itself.
	roomBytes := uint64(min(lockRoomBytes, (s.hdr.arenaEnd-s.hdr.arenaOff)/32))
	roomSlots := min(lockRoomSlots, (uint64(s.hdr.slotMask)+1)/32)
	return uint32(roomBytes - min(roomBytes, s.hdr.internalBytes)), roomSlots - min(roomSlots, s.hdr.internalEntries)
}

// findLive looks key up, treating an expired entry as absent and
// reclaiming it. It returns the entry's index slot and offset, or off == 0.
func (s *shard) findLive(key []byte, h uint64, at *moment) (idx, off uint32) {
	idx, off = s.find(key, h)
	if off != 0 && expired(s.entry(off), at) {
		s.hdr.expirations++
		s.removeAt(idx, off)
		return idx, 0
	}
	return idx, off
}

// get copies the value of key into dst when it fits; see Store.Get.
func (s *shard) get(key []byte, h uint64, dst []byte, at *moment) (n int, version uint64, found bool) {
	_, off := s.findLive(key, h, at)
	if off == 0 {
		if !isInternalKey(key) {
			s.hdr.misses++
		}
		return 0, 0, false
	}
	if !isInternalKey(key) {
		s.hdr.hits++
	}
	s.touch(off)
	e := s.entry(off)
	val := s.valueOf(off, e)
	if len(val) <= len(dst) {
		copy(dst, val)
	}
	return len(val), e.version, true
}

// put stores key → val; see Store.Put.
func (s *shard) put(key []byte, h uint64, val []byte, opt PutOptions, policy Policy, at *moment) (bool, error) {
	if _, off := s.findLive(key, h, at); opt.IfAbsent && off != 0 {
		return false, nil
	}
	var flags uint32
	if opt.Pinned {
		flags = entryPinned
	}
	return true, s.write(key, h, val, expiryAt(at, opt.TTLMillis), flags, policy, at)
}

// delete removes key, when onlyIfEqual only if its value is expected.
func (s *shard) delete(key []byte, h uint64, expected []byte, onlyIfEqual bool, at *moment) bool {
	idx, off := s.findLive(key, h, at)
	if off == 0 || onlyIfEqual && !bytes.Equal(s.valueOf(off, s.entry(off)), expected) {
		return false
	}
	s.removeAt(idx, off)
	return true
}

// expire gives an existing key a new TTL (ttlMillis > 0).
func (s *shard) expire(key []byte, h uint64, ttlMillis int64, at *moment) bool {
	_, off := s.findLive(key, h, at)
	if off == 0 {
		return false
	}
	e := s.entry(off)
	old, expireAt := e.expireAt, expiryAt(at, ttlMillis)
	// One aligned 8-byte store: a crash leaves the old or the new TTL.
	e.expireAt = expireAt
	// The version stays, and a Wait on the key sleeps until the old expiry
	// at most: an earlier one must wake it. A later one (every session
	// touch) wakes nobody.
	if old == 0 || expireAt < old {
		s.changed()
	}
	return true
}

func expired(e *entryHeader, at *moment) bool { return e.expireAt != 0 && e.expireAt <= at.now() }

func (s *shard) nextVersion() uint64 {
	s.hdr.lastVersion++
	return s.hdr.lastVersion
}

// write stores a complete entry for key, replacing any entry it has. It
// allocates (evicting or failing per policy) before it touches the old entry,
// so a failed write leaves the store as it was.
func (s *shard) write(key []byte, h uint64, val []byte, expireAt int64, flags uint32, policy Policy, at *moment) error {
	need := align8(uint64(entryHeaderSize) + uint64(len(key)) + uint64(len(val)))
	keepBytes, keepSlots := s.roomKeptForLocks(key, policy)
	off, err := s.allocEntry(need, keepBytes, policy, at)
	if err != nil {
		return err
	}
	e := s.entry(off)
	e.keyLen, e.valLen, e.flags = uint32(len(key)), uint32(len(val)), flags
	e.expireAt, e.version = expireAt, s.nextVersion()
	reached(killStep)
	copy(s.keyOf(off, e), key)
	copy(s.valueOf(off, e), val)
	// Eviction inside allocEntry may have removed the old entry: look it up
	// only now.
	idx, old := s.find(key, h)
	for old == 0 && s.indexFull(keepSlots) {
		if !s.makeRoom(policy, at, 0) {
			s.releaseBlock(off)
			return errIndexFull(s.hdr.entries, policy)
		}
		idx, old = s.find(key, h)
	}
	e.block |= blockCommitted
	reached(killStep)
	s.lruPushFront(off, e)
	s.counted(off, e, +1)
	// One store files the key under its new entry (for a replacement, in the
	// old entry's slot); then the old entry goes.
	s.slots[idx] = slotOf(h, off)
	reached(killStep)
	if old != 0 {
		s.forget(old)
	}
	s.changed()
	return nil
}

// allocEntry finds room for need bytes that leaves a free block of keep
// bytes, removing entries (expired ones first) per policy until it does.
func (s *shard) allocEntry(need uint64, keep uint32, policy Policy, at *moment) (uint32, error) {
	if need > uint64(s.hdr.arenaEnd-s.hdr.arenaOff) {
		return 0, errTooLarge(need, s.maxEntry())
	}
	size := uint32(need)
	for removals := 0; ; removals++ {
		if off := s.allocBlock(size); off != 0 {
			if keep == 0 || s.hasFreeBlock(keep) {
				return off, nil
			}
			s.releaseBlock(off)
		}
		// Entries removed in LRU order lie scattered over the arena: for a
		// value larger than they were, their blocks may never join into one
		// that fits (a 10 KB write into a full store of small entries evicted
		// 25 k of them). Past a few, the neighbours of the next victim go too.
		runFor := uint32(0)
		if removals >= lruRemovalsBeforeRun {
			runFor = size + keep
		}
		if !s.makeRoom(policy, at, runFor) {
			return 0, errNoMemory(need, keep, policy)
		}
	}
}

// makeRoom removes one entry and reports whether it could. The first expired
// entry the hand meets goes before any live one; before a live one goes, the
// next evictionSampleSlots index slots are searched for expired entries (the
// sampler of tick, run harder under memory pressure), so expired entries
// the hand does not reach soon (young ones with a short TTL, near the head)
// are found too. Each write looks at a bounded number of entries: sweeping
// the whole shard here, as before, made every write into a full shard walk
// all its entries (220 µs a write at 100 k entries, against 0.8 µs).
//
// With runFor > 0 the entries that follow the victim in the arena go too,
// until the free block it leaves is runFor bytes (see extendFreeBlock).
func (s *shard) makeRoom(policy Policy, at *moment, runFor uint32) bool {
	off, isExpired := s.victim(policy, at)
	switch {
	case off == 0:
		return false
	case isExpired:
		s.hdr.expirations++
	default:
		s.hdr.roomSearchSteps += evictionSampleSlots
		if s.sampleExpired(at, evictionSampleSlots) > 0 {
			return true // the live victim stays: room was made without it
		}
		s.hdr.evictions++
	}
	freed := s.removeAt(s.indexSlotOf(off), off)
	if runFor > 0 {
		s.extendFreeBlock(freed, runFor, policy, at)
	}
	return true
}

// extendFreeBlock removes the entries that follow the free block at off in
// the arena (each merges into it) until the block is size bytes, or an entry
// that must stay ends the run: pinned, kept by the policy, or still being
// written. Unlike the hand it does not spare referenced entries: the run is
// about where memory lies, not about use.
func (s *shard) extendFreeBlock(off, size uint32, policy Policy, at *moment) {
	for {
		have := blockSize(*s.word(off))
		next := off + have
		if have >= size || next >= s.hdr.arenaEnd {
			return
		}
		// Free blocks never follow one another, so next is used.
		if *s.word(next)&blockCommitted == 0 {
			return
		}
		s.hdr.roomSearchSteps++
		e := s.entry(next)
		switch {
		case expired(e, at):
			s.hdr.expirations++
		case policy.mayEvict(e):
			s.hdr.evictions++
		default:
			return
		}
		s.removeAt(s.indexSlotOf(next), next)
	}
}

// maxEntry is the largest key+value a shard can ever hold.
func (s *shard) maxEntry() uint64 {
	return uint64(s.hdr.arenaEnd-s.hdr.arenaOff) - uint64(entryHeaderSize)
}

// victim is the entry makeRoom removes: the first expired entry the hand
// meets, else the least recently used entry the policy lets go, by the CLOCK
// (second chance) rule: a read only sets a bit in the entry it already has in
// cache instead of relinking the list on every hit.
//
// The hand starts at the tail and sends every entry it passes over back to
// the head: a referenced one with its bit cleared, and one the policy keeps
// (pinned, without TTL under volatile-lru, any live entry under noeviction)
// as it is. So no call walks over what an earlier call has passed, and making
// room looks at O(1) entries amortized under every policy. Two passes at
// most (one under noeviction): after one, no entry is still referenced. 0
// when nothing can go.
func (s *shard) victim(policy Policy, at *moment) (off uint32, isExpired bool) {
	limit := 2 * s.hdr.entries
	if policy == NoEviction {
		limit = s.hdr.entries // only expired entries can go: referenced bits do not matter
	}
	off = s.hdr.lruTail
	for steps := uint64(0); off != 0 && steps <= limit; steps++ {
		s.hdr.roomSearchSteps++
		e := s.entry(off)
		prev := e.lruPrev
		switch {
		case expired(e, at):
			return off, true
		case e.flags&entryReferenced == 0 && policy.mayEvict(e):
			return off, false
		default:
			e.flags &^= entryReferenced
			s.lruUnlink(off, e)
			s.lruPushFront(off, e)
		}
		if prev == 0 {
			prev = s.hdr.lruTail // the hand wraps around
		}
		off = prev
	}
	return 0, false
}

// removeAt deletes the entry at off, filed in index slot idx: it stops being
// an entry first, then leaves the index, then its block is freed. It returns
// where the free block that now holds it starts.
func (s *shard) removeAt(idx, off uint32) (freeOff uint32) {
	s.entry(off).block &^= blockCommitted
	reached(killStep)
	s.indexDelete(idx)
	return s.forget(off)
}

// forget frees an entry that is no longer in the index; see removeAt.
func (s *shard) forget(off uint32) (freeOff uint32) {
	e := s.entry(off)
	e.block &^= blockCommitted
	s.lruUnlink(off, e)
	s.counted(off, e, -1)
	freeOff = s.releaseBlock(off)
	s.changed()
	return freeOff
}

// counted adds (delta +1) or takes away (-1) the entry e at off in the
// shard's entry and byte counts.
func (s *shard) counted(off uint32, e *entryHeader, delta int) {
	d := uint64(delta) // -1 wraps around: adding it subtracts one
	s.hdr.entries += d
	reached(killStep)
	s.hdr.usedBytes += d * uint64(blockSize(e.block))
	if isInternalKey(s.keyOf(off, e)) {
		s.hdr.internalEntries += d
		s.hdr.internalBytes += d * uint64(blockSize(e.block))
	}
}

func (s *shard) lruPushFront(off uint32, e *entryHeader) {
	e.lruPrev, e.lruNext = 0, s.hdr.lruHead
	if s.hdr.lruHead != 0 {
		s.entry(s.hdr.lruHead).lruPrev = off
		reached(killStep)
	} else {
		s.hdr.lruTail = off
	}
	s.hdr.lruHead = off
}

func (s *shard) lruUnlink(off uint32, e *entryHeader) {
	if e.lruPrev != 0 {
		s.entry(e.lruPrev).lruNext = e.lruNext
	} else {
		s.hdr.lruHead = e.lruNext
	}
	reached(killStep)
	if e.lruNext != 0 {
		s.entry(e.lruNext).lruPrev = e.lruPrev
	} else {
		s.hdr.lruTail = e.lruPrev
	}
}

// touch records a read for the eviction hand. The test keeps a hot entry's
// cache line clean: it is shared by every core that reads it.
func (s *shard) touch(off uint32) {
	if e := s.entry(off); e.flags&entryReferenced == 0 {
		e.flags |= entryReferenced
	}
}

// changed publishes a modification to processes sleeping in Wait.
func (s *shard) changed() {
	s.hdr.changeSeq.Add(1)
	if s.hdr.sleepers.Load() != 0 {
		s.hdr.wakePending = 1
	}
}

// tick runs the sampled active expiry every few writes, so that expired keys
// give their memory back without waiting for a read of them or a full shard.
// Reads do not tick: they need no memory, and stay cheaper.
func (s *shard) tick(at *moment) {
	s.hdr.opCount++
	if s.hdr.opCount < expirySampleEvery {
		return
	}
	s.hdr.opCount = 0
	s.sampleExpired(at, expirySampleSlots)
}

// sampleExpired looks at the next slots index slots, from where the last
// sample stopped (round the index), removes the expired entries filed there
// and returns how many.
func (s *shard) sampleExpired(at *moment, slots int) (removed int) {
	mask := s.hdr.slotMask
	i := s.hdr.expireCursor & mask
	for n := 0; n < slots; n++ {
		// A removal shifts a later slot into i: look at i again.
		if off := slotEntry(s.slots[i]); off != 0 && expired(s.entry(off), at) {
			s.hdr.expirations++
			s.removeAt(i, off)
			removed++
			continue
		}
		i = (i + 1) & mask
	}
	s.hdr.expireCursor = i
	return removed
}

// removeUnpinned empties the shard of every entry that is not pinned: at once
// when none is, else one entry at a time (each removal is crash-safe).
func (s *shard) removeUnpinned() {
	pinned := false
	for off := s.hdr.lruHead; off != 0 && !pinned; off = s.entry(off).lruNext {
		pinned = s.entry(off).flags&entryPinned != 0
	}
	if !pinned {
		s.resetArena(true)
		return
	}
	for off := s.hdr.lruHead; off != 0; {
		e := s.entry(off)
		next := e.lruNext
		if e.flags&entryPinned == 0 {
			s.removeAt(s.indexSlotOf(off), off)
		}
		off = next
	}
}

// sweepExpired reclaims every expired entry of the shard and returns how many
// of them had a key starting with prefix (when prefix is not nil).
func (s *shard) sweepExpired(at *moment, prefix []byte) (matched int) {
	for off := s.hdr.lruHead; off != 0; {
		e := s.entry(off)
		next := e.lruNext
		if expired(e, at) {
			if prefix != nil && bytes.HasPrefix(s.keyOf(off, e), prefix) {
				matched++
			}
			s.hdr.expirations++
			s.removeAt(s.indexSlotOf(off), off)
		}
		off = next
	}
	return matched
}

// scan calls fn for each live entry whose key starts with prefix; see Store.Scan.
func (s *shard) scan(at *moment, prefix []byte, fn func(key, val []byte)) {
	// Internal keys are counted: session_gc() looks for orphaned session
	// locks in every shard, and at any moment only a few shards hold a lock.
	if isInternalKey(prefix) && s.hdr.internalEntries == 0 {
		return
	}
	for off := s.hdr.lruHead; off != 0; off = s.entry(off).lruNext {
		e := s.entry(off)
		if key := s.keyOf(off, e); !expired(e, at) && bytes.HasPrefix(key, prefix) {
			fn(key, s.valueOf(off, e))
		}
	}
}
