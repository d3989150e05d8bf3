package store

// The index of a shard is an open-addressing hash table with linear probing.
// A slot holds the low 32 bits of the key's hash (which also give its home
// slot) beside the entry offset, so a lookup reads one run of slots and then
// only the entry whose hash matches: one or two cache misses on a large store,
// where chains cost one per hop. Deletion shifts later slots back instead of
// leaving tombstones, so probe runs stay short.

const maxLoadPercent = 90 // above this the shard evicts before inserting

func slotOf(h uint64, off uint32) uint64 { return uint64(uint32(h))<<32 | uint64(off) }
func slotHash(slot uint64) uint32        { return uint32(slot >> 32) }
func slotEntry(slot uint64) uint32       { return uint32(slot) }

// find returns the slot index of key (hash h) and its entry offset, or
// off == 0. It does not look at expiry.
func (s *shard) find(key []byte, h uint64) (idx, off uint32) {
	mask, hash := s.hdr.slotMask, uint32(h)
	for i := hash & mask; ; i = (i + 1) & mask {
		slot := s.slots[i]
		if slot == 0 {
			return i, 0
		}
		if slotHash(slot) == hash {
			e := s.entry(slotEntry(slot))
			if e.keyLen == uint32(len(key)) && string(s.keyOf(slotEntry(slot), e)) == string(key) {
				return i, slotEntry(slot)
			}
		}
	}
}

// indexFull reports whether one more key would pass the load limit with
// keep slots to spare.
func (s *shard) indexFull(keep uint64) bool {
	return (s.hdr.entries+1+keep)*100 > (uint64(s.hdr.slotMask)+1)*maxLoadPercent
}

// indexInsert files a new key's entry; the key must not be in the index.
func (s *shard) indexInsert(off uint32, h uint64) {
	mask := s.hdr.slotMask
	i := uint32(h) & mask
	for s.slots[i] != 0 {
		i = (i + 1) & mask
	}
	s.slots[i] = slotOf(h, off)
}

// indexSlotOf finds the slot that points at the entry off.
func (s *shard) indexSlotOf(off uint32) uint32 {
	e := s.entry(off)
	h := hashKey(s.keyOf(off, e))
	mask := s.hdr.slotMask
	for i := uint32(h) & mask; ; i = (i + 1) & mask {
		if slotEntry(s.slots[i]) == off || s.slots[i] == 0 {
			return i
		}
	}
}

// indexDelete empties slot i and moves back any later slot of the same probe
// run that would otherwise become unreachable.
func (s *shard) indexDelete(i uint32) {
	mask := s.hdr.slotMask
	for j := (i + 1) & mask; s.slots[j] != 0; j = (j + 1) & mask {
		home := slotHash(s.slots[j]) & mask
		// The slot at j may move to the hole at i iff its home does not lie
		// cyclically in (i, j].
		if (j-home)&mask >= (j-i)&mask {
			s.slots[i] = s.slots[j]
			reached(killStep)
			i = j
		}
	}
	s.slots[i] = 0
}
