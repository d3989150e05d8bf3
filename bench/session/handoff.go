package main

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// lockSpan is what handoff.php reports, in the pool's shared CLOCK_MONOTONIC (ns).
type lockSpan struct{ asked, acquired, released int64 }

type handoffStats struct {
	samples         []float64 // µs from one request's session_write_close to the next one's lock
	overlaps        int       // a request acquired before its predecessor released: no mutual exclusion
	requests, fails int
}

// measureHandoff sends `clients` concurrent request loops on ONE session id to handoff.php,
// which holds the lock for holdMicros; every request that was already waiting when its
// predecessor released gives one hand-off sample.
func measureHandoff(url, sessionID string, clients, perClient, holdMicros int) (handoffStats, error) {
	client := &http.Client{Timeout: 30 * time.Second}
	var (
		mu    sync.Mutex
		spans []lockSpan
		st    handoffStats
		first error
		wg    sync.WaitGroup
	)
	target := fmt.Sprintf("%s?hold_us=%d", url, holdMicros)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perClient; i++ {
				span, err := fetchSpan(client, target, sessionID)
				mu.Lock()
				st.requests++
				if err != nil {
					st.fails++
					if first == nil {
						first = err
					}
				} else {
					spans = append(spans, span)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(spans) == 0 {
		return st, fmt.Errorf("no successful hand-off request: %v", first)
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].acquired < spans[j].acquired })
	for i := 1; i < len(spans); i++ {
		prev, cur := spans[i-1], spans[i]
		if cur.acquired < prev.released {
			st.overlaps++
			continue
		}
		if cur.asked < prev.released {
			st.samples = append(st.samples, float64(cur.acquired-prev.released)/1e3)
		}
	}
	return st, first
}

func fetchSpan(client *http.Client, url, sessionID string) (lockSpan, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return lockSpan{}, err
	}
	req.Header.Set("Cookie", "PHPSESSID="+sessionID)
	resp, err := client.Do(req)
	if err != nil {
		return lockSpan{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return lockSpan{}, err
	}
	f := strings.Fields(string(body))
	if resp.StatusCode != http.StatusOK || len(f) != 3 {
		return lockSpan{}, fmt.Errorf("handoff.php: status %d, body %q", resp.StatusCode, body)
	}
	var v [3]int64
	for i := range v {
		if v[i], err = strconv.ParseInt(f[i], 10, 64); err != nil {
			return lockSpan{}, fmt.Errorf("handoff.php: body %q: %v", body, err)
		}
	}
	return lockSpan{asked: v[0], acquired: v[1], released: v[2]}, nil
}

// quantile of a sample (nearest rank); xs is sorted in place.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	i := int(q*float64(len(xs))+0.5) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(xs) {
		i = len(xs) - 1
	}
	return xs[i]
}
