package store

// recover rebuilds every derived structure of the shard from the block
// headers, after its lock was taken over from a process that died holding it.
// Whatever that process was doing is either complete (its entry is committed)
// or undone (its block is uncommitted and becomes free again); if it died
// between committing a replacement and removing the old entry, the newer
// version wins.
//
// Two passes, because free-list links are stale until the second one: the
// first indexes the entries without freeing anything, the second turns every
// run of non-entry blocks into one free block.
func (s *shard) recover() {
	h := s.hdr
	if !s.arenaWalkable() {
		// Not reachable through the writers' ordering; if the arena cannot be
		// walked, losing this shard beats serving garbage or looping.
		s.resetArena(true)
		return
	}
	clear(s.slots)
	s.forgetEntries()
	h.wakePending = 1 // sleepers may have missed a change the dead process made

	for off := h.arenaOff; off < h.arenaEnd; off += blockSize(*s.word(off)) {
		word := s.word(off)
		if *word&(blockUsed|blockCommitted) != blockUsed|blockCommitted {
			continue
		}
		if !s.entryIntact(off, blockSize(*word)) {
			*word &^= blockCommitted
			reached(killRecoverStep)
			continue
		}
		s.adopt(off)
		reached(killRecoverStep)
	}

	h.freeBinMap = [2]uint64{}
	h.freeBins = [freeBins]uint32{}
	var runStart, runSize uint32
	prevUsed := uint32(blockPrevUsed) // the arena's first block has no predecessor
	for off := h.arenaOff; off < h.arenaEnd; {
		word := s.word(off)
		size := blockSize(*word)
		if *word&blockCommitted != 0 {
			if runSize != 0 {
				s.pushFree(runStart, runSize, blockPrevUsed)
				reached(killRecoverStep)
				runSize, prevUsed = 0, 0
			}
			*word = size | blockUsed | blockCommitted | prevUsed
			reached(killRecoverStep)
			prevUsed = blockPrevUsed
		} else {
			if runSize == 0 {
				runStart = off
			}
			runSize += size
		}
		off += size
	}
	if runSize != 0 {
		s.pushFree(runStart, runSize, blockPrevUsed)
	}
}

// arenaWalkable checks that block sizes tile the arena exactly.
func (s *shard) arenaWalkable() bool {
	h := s.hdr
	for off := h.arenaOff; off < h.arenaEnd; {
		size := blockSize(*s.word(off))
		if size < 16 || size > h.arenaEnd-off {
			return false
		}
		off += size
	}
	return true
}

func (s *shard) entryIntact(off, size uint32) bool {
	e := s.entry(off)
	return size >= entryHeaderSize && e.keyLen > 0 &&
		uint64(entryHeaderSize)+uint64(e.keyLen)+uint64(e.valLen) <= uint64(size)
}

// adopt indexes a committed entry found by the walk. Of two entries with the
// same key, the lower version stops being an entry (its block is reclaimed by
// the second pass).
func (s *shard) adopt(off uint32) {
	e := s.entry(off)
	h := hashKey(s.keyOf(off, e))
	idx, other := s.find(s.keyOf(off, e), h)
	if other != 0 {
		oe := s.entry(other)
		if oe.version > e.version {
			e.block &^= blockCommitted
			return
		}
		oe.block &^= blockCommitted
		s.lruUnlink(other, oe)
		s.counted(other, oe, -1)
	}
	s.slots[idx] = slotOf(h, off)
	s.lruPushFront(off, e)
	s.counted(off, e, +1)
	if e.version > s.hdr.lastVersion {
		s.hdr.lastVersion = e.version
	}
}
