package store

// Tx is a run of operations on one key and its companions (CompanionKey)
// under a single acquisition of their shard's lock: nobody sees the shard
// between two of them. Each operation keeps the crash guarantee of the Store
// method of the same name (a worker killed at any instruction leaves every
// entry old or new); a crash between two operations leaves the first done and
// the second not, as two separate calls would.
//
// Begin and End pair like a mutex: defer tx.End() right after Begin, and keep
// the work between them short and free of sleeps.
type Tx struct {
	st *Store
	s  *shard
	at moment
}

// Begin locks the shard of key for a transaction.
func (st *Store) Begin(key []byte) (Tx, error) {
	if err := st.checkKey(key); err != nil {
		return Tx{}, err
	}
	s, _, at := st.locateForWrite(key)
	return Tx{st: st, s: s, at: at}, nil
}

// End unlocks the shard. If the transaction panicked, the shard is rebuilt
// from its blocks first and the panic goes on.
func (tx *Tx) End() {
	tx.s.finish(recover())
}

// member hashes key, which must be valid and live in the transaction's shard:
// a key from elsewhere is a bug in the caller, not bad input.
func (tx *Tx) member(key []byte) (uint64, error) {
	if err := tx.st.checkKey(key); err != nil {
		return 0, err
	}
	h := hashKey(key)
	if tx.st.shardOf(h) != tx.s {
		panic("store: transaction on a key outside its shard")
	}
	return h, nil
}

// Get is Store.Get inside the transaction.
func (tx *Tx) Get(key, dst []byte) (n int, version uint64, found bool) {
	h, err := tx.member(key)
	if err != nil {
		return 0, 0, false
	}
	return tx.s.get(key, h, dst, &tx.at)
}

// Put is Store.Put inside the transaction.
func (tx *Tx) Put(key, val []byte, opt PutOptions) (bool, error) {
	h, err := tx.member(key)
	if err != nil {
		return false, err
	}
	return tx.s.put(key, h, val, opt, tx.st.cfg.Policy, &tx.at)
}

// DeleteIfEqual is Store.DeleteIfEqual inside the transaction.
func (tx *Tx) DeleteIfEqual(key, expected []byte) bool {
	h, err := tx.member(key)
	if err != nil {
		return false
	}
	return tx.s.delete(key, h, expected, true, &tx.at)
}

// Delete is Store.Delete inside the transaction.
func (tx *Tx) Delete(key []byte) bool {
	h, err := tx.member(key)
	if err != nil {
		return false
	}
	return tx.s.delete(key, h, nil, false, &tx.at)
}

// Expire is Store.Expire inside the transaction.
func (tx *Tx) Expire(key []byte, ttlMillis int64) bool {
	h, err := tx.member(key)
	if err != nil || ttlMillis <= 0 {
		return false
	}
	return tx.s.expire(key, h, ttlMillis, &tx.at)
}
