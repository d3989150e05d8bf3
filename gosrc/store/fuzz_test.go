package store

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// FuzzAgainstModel runs a byte-coded program of operations on the store and
// on a plain map with the same semantics, and compares every answer.
func FuzzAgainstModel(f *testing.F) {
	f.Add([]byte{0, 1, 5, 1, 1, 0, 3, 1, 9, 2, 1, 0, 6, 2, 40})
	f.Add([]byte{1, 3, 2, 2, 3, 1, 4, 3, 0, 5, 3, 9, 0, 3, 7, 7, 0, 200})
	f.Fuzz(func(t *testing.T, prog []byte) {
		st, clock := newStore(t, 2<<20, Config{Policy: NoEviction})
		type item struct {
			val      string
			expireAt int64
		}
		model := map[string]item{}
		alive := func(k string) (item, bool) {
			it, ok := model[k]
			if ok && it.expireAt != 0 && it.expireAt <= *clock {
				delete(model, k)
				return item{}, false
			}
			return it, ok
		}
		for len(prog) >= 3 {
			op, k, arg := prog[0]%8, fmt.Sprint("key", prog[1]%8), int(prog[2])
			prog = prog[3:]
			key := []byte(k)
			ttl := time.Duration(arg%4) * time.Second
			switch op {
			case 0: // set
				val := fmt.Sprint(arg * 37)
				_, err := st.Put(key, []byte(val), PutOptions{TTLMillis: ttl.Milliseconds()})
				require.NoError(t, err)
				model[k] = item{val, modelExpiry(*clock, ttl)}
			case 1: // setnx
				_, had := alive(k)
				ok, err := st.Put(key, []byte("nx"), PutOptions{TTLMillis: ttl.Milliseconds(), IfAbsent: true})
				require.NoError(t, err)
				require.Equal(t, !had, ok)
				if !had {
					model[k] = item{"nx", modelExpiry(*clock, ttl)}
				}
			case 2: // get
				it, had := alive(k)
				v, ok := get(st, k)
				require.Equal(t, had, ok, k)
				require.Equal(t, it.val, v)
			case 3: // del
				_, had := alive(k)
				require.Equal(t, had, st.Delete(key))
				delete(model, k)
			case 4: // incr
				it, had := alive(k)
				got, err := st.IncrBy(key, int64(arg)-128)
				cur, perr := int64(0), error(nil)
				if had {
					cur, perr = parseInt([]byte(it.val))
				}
				if perr != nil {
					require.ErrorIs(t, err, ErrNotInteger)
					break
				}
				require.NoError(t, err)
				require.Equal(t, cur+int64(arg)-128, got)
				model[k] = item{fmt.Sprint(got), it.expireAt}
			case 5: // expire
				it, had := alive(k)
				require.Equal(t, had && ttl > 0, st.Expire(key, ttl.Milliseconds()))
				if had && ttl > 0 {
					model[k] = item{it.val, modelExpiry(*clock, ttl)}
				}
			case 6: // advance the clock
				*clock += int64(arg) * 20
			case 7: // pttl
				it, had := alive(k)
				want := int64(TTLMissing)
				if had {
					want = TTLPersist
					if it.expireAt != 0 {
						want = it.expireAt - *clock
					}
				}
				require.Equal(t, want, st.PTTL(key))
			}
		}
		require.NoError(t, verify(st))
	})
}

// modelExpiry is the model's own reading of the TTL rule: ttl <= 0 never
// expires, otherwise now + ttl.
func modelExpiry(now int64, ttl time.Duration) int64 {
	if ttl <= 0 {
		return 0
	}
	return now + ttl.Milliseconds()
}

// FuzzParseInt holds parseInt to its definition: what strconv parses and
// formats back unchanged.
func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"0", "-0", "01", "-9223372036854775808", "9223372036854775807", "9223372036854775808", "+1", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want, werr := strconv.ParseInt(string(b), 10, 64)
		canonical := werr == nil && strconv.FormatInt(want, 10) == string(b)
		got, err := parseInt(b)
		require.Equal(t, canonical, err == nil, "%q", b)
		if canonical {
			require.Equal(t, want, got)
		}
	})
}
