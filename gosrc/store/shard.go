package store

import "bytes"

// Everything in this file runs with the shard lock held.

const (
	expirySampleEvery   = 16 // operations between two expiry samples
	expirySampleBuckets = 8  // buckets looked at per sample
)

// find returns the entry for key (hash h), or 0. It does not look at expiry.
func (s *shard) find(key []byte, h uint64) uint32 {
	tag := uint32(h >> 32)
	for off := s.buckets[uint32(h)&s.hdr.bucketMask]; off != 0; {
		e := s.entry(off)
		if e.hashTag == tag && e.keyLen == uint32(len(key)) && bytes.Equal(s.keyOf(off, e), key) {
			return off
		}
		off = e.hashNext
	}
	return 0
}

// findLive is find that treats an expired entry as absent, reclaiming it.
func (s *shard) findLive(key []byte, h uint64, now int64) uint32 {
	off := s.find(key, h)
	if off != 0 && expired(s.entry(off), now) {
		s.hdr.expirations++
		s.remove(off)
		return 0
	}
	return off
}

func expired(e *entryHeader, now int64) bool { return e.expireAt != 0 && e.expireAt <= now }

func (s *shard) nextVersion() uint64 {
	s.hdr.lastVersion++
	return s.hdr.lastVersion
}

// write stores a complete entry for key, replacing any entry it has. It
// allocates (evicting or failing per policy) before it touches the old entry,
// so a failed write leaves the store as it was.
func (s *shard) write(key []byte, h uint64, val []byte, expireAt int64, flags uint32, policy Policy, now int64) error {
	need := align8(uint64(entryHeaderSize) + uint64(len(key)) + uint64(len(val)))
	off, err := s.allocEntry(need, policy, now)
	if err != nil {
		return err
	}
	e := s.entry(off)
	e.keyLen, e.valLen = uint32(len(key)), uint32(len(val))
	e.hashTag, e.flags = uint32(h>>32), flags
	e.expireAt, e.version = expireAt, s.nextVersion()
	copy(s.keyOf(off, e), key)
	copy(s.valueOf(off, e), val)
	// Eviction inside allocEntry may have removed the old entry: look it up
	// only now.
	old := s.find(key, h)
	e.block |= blockCommitted
	s.link(off, h)
	if old != 0 {
		s.remove(old)
	}
	s.hdr.entries++
	s.hdr.usedBytes += uint64(blockSize(e.block))
	s.changed()
	return nil
}

// allocEntry finds room for need bytes: free space first, then expired
// entries, then the eviction policy.
func (s *shard) allocEntry(need uint64, policy Policy, now int64) (uint32, error) {
	if need > uint64(s.hdr.arenaEnd-s.hdr.arenaOff) {
		return 0, errTooLarge(need, s.maxEntry())
	}
	size := uint32(need)
	if off := s.allocBlock(size); off != 0 {
		return off, nil
	}
	s.sweepExpired(now, nil)
	for {
		if off := s.allocBlock(size); off != 0 {
			return off, nil
		}
		victim := s.evictionCandidate(policy)
		if victim == 0 {
			return 0, errNoMemory(need, policy)
		}
		s.hdr.evictions++
		s.remove(victim)
	}
}

// maxEntry is the largest key+value a shard can ever hold.
func (s *shard) maxEntry() uint64 {
	return uint64(s.hdr.arenaEnd-s.hdr.arenaOff) - uint64(entryHeaderSize)
}

func (s *shard) evictionCandidate(policy Policy) uint32 {
	if policy == NoEviction {
		return 0
	}
	for off := s.hdr.lruTail; off != 0; off = s.entry(off).lruPrev {
		e := s.entry(off)
		if e.flags&entryPinned != 0 || policy == VolatileLRU && e.expireAt == 0 {
			continue
		}
		return off
	}
	return 0
}

// link puts a committed entry into its bucket and at the head of the LRU.
func (s *shard) link(off uint32, h uint64) {
	e := s.entry(off)
	b := uint32(h) & s.hdr.bucketMask
	e.hashNext = s.buckets[b]
	s.buckets[b] = off
	s.lruPushFront(off, e)
}

// remove deletes the entry at off: it stops being an entry first, then leaves
// the index, then its block is freed.
func (s *shard) remove(off uint32) {
	e := s.entry(off)
	e.block &^= blockCommitted
	s.unlinkBucket(off, e)
	s.lruUnlink(off, e)
	s.hdr.entries--
	s.hdr.usedBytes -= uint64(blockSize(e.block))
	s.releaseBlock(off)
	s.changed()
}

func (s *shard) unlinkBucket(off uint32, e *entryHeader) {
	b := s.bucketOfEntry(off, e)
	if s.buckets[b] == off {
		s.buckets[b] = e.hashNext
		return
	}
	for p := s.buckets[b]; p != 0; {
		pe := s.entry(p)
		if pe.hashNext == off {
			pe.hashNext = e.hashNext
			return
		}
		p = pe.hashNext
	}
}

func (s *shard) bucketOfEntry(off uint32, e *entryHeader) uint32 {
	return uint32(hashKey(s.keyOf(off, e))) & s.hdr.bucketMask
}

func (s *shard) lruPushFront(off uint32, e *entryHeader) {
	e.lruPrev, e.lruNext = 0, s.hdr.lruHead
	if s.hdr.lruHead != 0 {
		s.entry(s.hdr.lruHead).lruPrev = off
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
	if e.lruNext != 0 {
		s.entry(e.lruNext).lruPrev = e.lruPrev
	} else {
		s.hdr.lruTail = e.lruPrev
	}
}

func (s *shard) touch(off uint32) {
	if s.hdr.lruHead == off {
		return
	}
	e := s.entry(off)
	s.lruUnlink(off, e)
	s.lruPushFront(off, e)
}

// changed publishes a modification to processes sleeping in Wait.
func (s *shard) changed() {
	s.hdr.changeSeq.Add(1)
	if s.hdr.sleepers.Load() != 0 {
		s.hdr.wakePending = 1
	}
}

// tick runs the sampled active expiry every few operations, so that expired
// keys give their memory back without waiting for a read or a full store.
func (s *shard) tick(now int64) {
	s.hdr.opCount++
	if s.hdr.opCount < expirySampleEvery {
		return
	}
	s.hdr.opCount = 0
	for i := 0; i < expirySampleBuckets; i++ {
		b := s.hdr.expireCursor & s.hdr.bucketMask
		s.hdr.expireCursor = b + 1
		s.expireBucket(b, now, nil)
	}
}

// sweepExpired reclaims every expired entry of the shard and returns how many
// of them had a key starting with prefix (when prefix is not nil).
func (s *shard) sweepExpired(now int64, prefix []byte) (matched int) {
	for b := uint32(0); b <= s.hdr.bucketMask; b++ {
		matched += s.expireBucket(b, now, prefix)
	}
	return matched
}

func (s *shard) expireBucket(b uint32, now int64, prefix []byte) (matched int) {
	for off := s.buckets[b]; off != 0; {
		e := s.entry(off)
		next := e.hashNext
		if expired(e, now) {
			if prefix != nil && bytes.HasPrefix(s.keyOf(off, e), prefix) {
				matched++
			}
			s.hdr.expirations++
			s.remove(off)
		}
		off = next
	}
	return matched
}
