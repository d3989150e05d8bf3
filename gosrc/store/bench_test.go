package store

import (
	"fmt"
	"testing"
)

// Engine cost without the cgo boundary; bench/ compares the PHP-level calls
// against APCu.

func benchKeys(n int) [][]byte {
	keys := make([][]byte, n)
	for i := range keys {
		keys[i] = []byte(fmt.Sprintf("user:%08d", i))
	}
	return keys
}

func benchStore(b *testing.B, n int) (*Store, [][]byte) {
	st, _ := newStore(b, 512<<20, Config{})
	keys := benchKeys(n)
	val := make([]byte, 100)
	for _, k := range keys {
		if _, err := st.Put(k, val, PutOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	return st, keys
}

func BenchmarkGet(b *testing.B) {
	for _, n := range []int{1_000, 1_000_000} {
		b.Run(fmt.Sprint(n, "keys"), func(b *testing.B) {
			st, keys := benchStore(b, n)
			buf := make([]byte, 256)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				st.Get(keys[i%n], buf)
			}
		})
	}
}

func BenchmarkSet(b *testing.B) {
	st, keys := benchStore(b, 1000)
	val := make([]byte, 100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st.Put(keys[i%1000], val, PutOptions{})
	}
}

func BenchmarkIncr(b *testing.B) {
	st, _ := newStore(b, 64<<20, Config{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st.IncrBy([]byte("counter"), 1)
	}
}
