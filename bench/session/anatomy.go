package main

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// anatomyStats: one request at a time, so nothing competes; where a request's cost goes.
type anatomyStats struct {
	startMicros, closeMicros float64 // medians, µs inside session_start() / session_write_close()
	userMicros, sysMicros    float64 // worker CPU per request, µs (all threads of the worker)
}

type workerUsage struct {
	firstUser, firstSys, lastUser, lastSys int64
	requests                               int
}

// measureAnatomy sends warm then measured requests, one at a time, to anatomy.php, cycling
// through the users' session ids; CPU per request comes from each worker's cumulative
// getrusage() between its first and last measured response.
func measureAnatomy(url string, withSession bool, warm, measured int) (anatomyStats, error) {
	if !withSession {
		url += "?nosession=1"
	}
	var starts, closes []float64
	workers := map[string]*workerUsage{}
	for i := 0; i < warm+measured; i++ {
		f, err := anatomyRequest(url, fmt.Sprintf("u%031d", i%users))
		if err != nil {
			return anatomyStats{}, err
		}
		if i < warm {
			continue
		}
		starts = append(starts, float64(f[0])/1e3)
		closes = append(closes, float64(f[1])/1e3)
		pid := strconv.FormatInt(f[4], 10)
		w, ok := workers[pid]
		if !ok {
			w = &workerUsage{firstUser: f[2], firstSys: f[3]}
			workers[pid] = w
		} else {
			w.requests++
		}
		w.lastUser, w.lastSys = f[2], f[3]
	}
	var user, sys int64
	var n int
	for _, w := range workers {
		user += w.lastUser - w.firstUser
		sys += w.lastSys - w.firstSys
		n += w.requests
	}
	if n == 0 {
		return anatomyStats{}, fmt.Errorf("no worker served two measured requests")
	}
	return anatomyStats{
		startMicros: quantile(starts, 0.5), closeMicros: quantile(closes, 0.5),
		userMicros: float64(user) / float64(n), sysMicros: float64(sys) / float64(n),
	}, nil
}

func anatomyRequest(url, sessionID string) ([5]int64, error) {
	var f [5]int64
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Cookie", "PHPSESSID="+sessionID)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return f, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fields := strings.Fields(string(body))
	if resp.StatusCode != http.StatusOK || len(fields) != 5 {
		return f, fmt.Errorf("anatomy.php answered %d %q", resp.StatusCode, body)
	}
	for i := range f {
		if f[i], err = strconv.ParseInt(fields[i], 10, 64); err != nil {
			return f, fmt.Errorf("anatomy.php answered %q", body)
		}
	}
	return f, nil
}
