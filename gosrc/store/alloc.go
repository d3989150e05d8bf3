package store

import "math/bits"

// The arena allocator: boundary tags with immediate coalescing and
// segregated free lists (four size classes per power of two), in the manner of
// dlmalloc. Memory freed by a delete is reusable at once by any size that fits,
// so the store never needs a whole-cache wipe to fight fragmentation.

// freeBin maps a block size to its size class.
func freeBin(size uint32) int {
	k := bits.Len32(size) - 1 // floor(log2(size))
	if k < 4 {
		return 0
	}
	b := (k-4)*4 + int((size>>(k-2))&3)
	if b >= freeBins {
		b = freeBins - 1
	}
	return b
}

func (s *shard) binMark(b int)   { s.hdr.freeBinMap[b>>6] |= 1 << (b & 63) }
func (s *shard) binUnmark(b int) { s.hdr.freeBinMap[b>>6] &^= 1 << (b & 63) }

// nextBin returns the first non-empty size class at or above b, or -1.
func (s *shard) nextBin(b int) int {
	for w := b >> 6; w < len(s.hdr.freeBinMap); w++ {
		m := s.hdr.freeBinMap[w]
		if w == b>>6 {
			m &^= (1 << (b & 63)) - 1
		}
		if m != 0 {
			return w<<6 + bits.TrailingZeros64(m)
		}
	}
	return -1
}

// pushFree makes [off, off+size) a free block and files it in its size class.
// The caller has already made the block's header describe this size (or is
// writing a block no walk can see yet).
func (s *shard) pushFree(off, size, prevUsed uint32) {
	f := s.free(off)
	f.block = size | prevUsed
	reached(killStep)
	*s.footer(off, size) = size
	b := freeBin(size)
	f.prev = 0
	f.next = s.hdr.freeBins[b]
	if f.next != 0 {
		s.free(f.next).prev = off
	}
	s.hdr.freeBins[b] = off
	s.binMark(b)
}

func (s *shard) unlinkFree(off uint32) {
	f := s.free(off)
	if f.prev != 0 {
		s.free(f.prev).next = f.next
		reached(killStep)
	} else {
		b := freeBin(blockSize(f.block))
		s.hdr.freeBins[b] = f.next
		if f.next == 0 {
			s.binUnmark(b)
		}
	}
	if f.next != 0 {
		s.free(f.next).prev = f.prev
	}
}

// setPrevUsed records in the block after [off, off+size) whether its
// predecessor is in use.
func (s *shard) setPrevUsed(off, size uint32, used bool) {
	next := off + size
	if next >= s.hdr.arenaEnd {
		return
	}
	w := s.word(next)
	if used {
		*w |= blockPrevUsed
	} else {
		*w &^= blockPrevUsed
	}
}

// allocBlock returns a used, uncommitted block of at least size bytes
// (size is a multiple of 8), or 0 when no free block is large enough.
func (s *shard) allocBlock(size uint32) uint32 {
	off := s.findFree(size)
	if off == 0 {
		return 0
	}
	s.unlinkFree(off)
	reached(killStep)
	word := s.free(off).block
	have, prevUsed := blockSize(word), word&blockPrevUsed
	if rest := have - size; rest >= minFreeBlock {
		// Write the remainder first: until the header below shrinks, it lies
		// inside this block and no arena walk reaches it.
		s.pushFree(off+size, rest, blockPrevUsed)
		reached(killStep)
		*s.word(off) = size | prevUsed | blockUsed
	} else {
		*s.word(off) = have | prevUsed | blockUsed
		s.setPrevUsed(off, have, true)
	}
	return off
}

// hasFreeBlock reports whether a free block of at least size bytes exists.
// Size classes do not overlap, so the largest blocks are in the highest
// non-empty class; a bounded look through it may miss one (then: false).
func (s *shard) hasFreeBlock(size uint32) bool {
	for w := len(s.hdr.freeBinMap) - 1; w >= 0; w-- {
		if m := s.hdr.freeBinMap[w]; m != 0 {
			return s.firstFit(w<<6+63-bits.LeadingZeros64(m), size) != 0
		}
	}
	return false
}

// firstFit returns the first of the first 16 blocks of size class b that
// holds size bytes, or 0: a class may hold blocks smaller than size.
func (s *shard) firstFit(b int, size uint32) uint32 {
	steps := 0
	for off := s.hdr.freeBins[b]; off != 0 && steps < 16; off = s.free(off).next {
		if blockSize(s.free(off).block) >= size {
			return off
		}
		steps++
	}
	return 0
}

func (s *shard) findFree(size uint32) uint32 {
	// First fit through a bounded part of the request's own class, then any
	// block of a higher class fits.
	b := freeBin(size)
	if off := s.firstFit(b, size); off != 0 {
		return off
	}
	if b = s.nextBin(b + 1); b < 0 {
		return 0
	}
	return s.hdr.freeBins[b]
}

// releaseBlock returns the block at off to the free lists, merged with free
// neighbours, and returns where the merged free block starts. The block must
// already be invisible as an entry (uncommitted).
func (s *shard) releaseBlock(off uint32) (freeOff uint32) {
	word := *s.word(off)
	size := blockSize(word)
	if next := off + size; next < s.hdr.arenaEnd {
		if nw := *s.word(next); nw&blockUsed == 0 {
			s.unlinkFree(next)
			size += blockSize(nw)
			*s.word(off) = size | (word & blockPrevUsed) | blockUsed
			reached(killStep)
		}
	}
	if word&blockPrevUsed == 0 && off > s.hdr.arenaOff {
		prev := off - *s.word(off - 4)
		s.unlinkFree(prev)
		size += off - prev
		off = prev
		// One store absorbs the block into its free predecessor.
		*s.word(off) = size | blockPrevUsed
		reached(killStep)
	}
	s.pushFree(off, size, blockPrevUsed)
	s.setPrevUsed(off, size, false)
	return off
}

// resetArena makes the whole arena one free block and forgets every entry.
// clearIndex is false only when the index is known to be zero already.
func (s *shard) resetArena(clearIndex bool) {
	h := s.hdr
	start := h.arenaOff
	// The single header store is what empties the arena for any walker.
	*s.word(start) = (h.arenaEnd - start) | blockPrevUsed
	reached(killStep)
	if clearIndex {
		clear(s.slots)
	}
	h.freeBinMap = [2]uint64{}
	h.freeBins = [freeBins]uint32{}
	s.pushFree(start, h.arenaEnd-start, blockPrevUsed)
	s.forgetEntries()
}

// forgetEntries empties the LRU list and zeroes what counted adds up, before
// the arena is emptied or its entries counted again.
func (s *shard) forgetEntries() {
	h := s.hdr
	h.lruHead, h.lruTail = 0, 0
	h.entries, h.internalEntries, h.usedBytes, h.internalBytes = 0, 0, 0, 0
}
