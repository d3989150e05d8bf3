package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// wrkLoad is one wrk invocation: a fixed number of connections for a fixed time,
// every request carrying the cookie of one of `users` simulated users (users.lua).
type wrkLoad struct {
	url         string
	users       int
	idPrefix    string
	threads     int
	connections int
	duration    time.Duration
}

type wrkResult struct {
	requests  int64
	reqPerSec float64
	non2xx    int64
	sockErrs  int64
	raw       string
	// workerCPUMicros: CPU of all threads of the PHP workers during the run, per request
	// (0 when not measured).
	workerCPUMicros float64
	// otherThreadsCPUMicros: the part of it not on the workers' main threads (the
	// runtime threads of an extension such as ephpm_kv's Go library).
	otherThreadsCPUMicros float64
}

var (
	reRPS      = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	reRequests = regexp.MustCompile(`(\d+) requests in`)
	reNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`)
	reSockErr  = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

func runWrk(benchDir string, l wrkLoad) (wrkResult, error) {
	secs := int(l.duration.Seconds()) // wrk takes whole seconds
	if secs < 1 {
		secs = 1
	}
	args := []string{
		"-t", strconv.Itoa(l.threads),
		"-c", strconv.Itoa(l.connections),
		"-d", fmt.Sprintf("%ds", secs),
		"--timeout", "10s",
		"-s", filepath.Join(benchDir, "users.lua"),
		l.url, "--",
		strconv.Itoa(l.users), strconv.Itoa(l.threads), l.idPrefix,
	}
	out, err := exec.Command("wrk", args...).CombinedOutput()
	res := wrkResult{raw: string(out)}
	if err != nil {
		return res, fmt.Errorf("wrk %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	m := reRPS.FindSubmatch(out)
	if m == nil {
		return res, fmt.Errorf("wrk output without Requests/sec:\n%s", out)
	}
	res.reqPerSec, _ = strconv.ParseFloat(string(m[1]), 64)
	if m := reRequests.FindSubmatch(out); m != nil {
		res.requests, _ = strconv.ParseInt(string(m[1]), 10, 64)
	}
	if m := reNon2xx.FindSubmatch(out); m != nil {
		res.non2xx, _ = strconv.ParseInt(string(m[1]), 10, 64)
	}
	if m := reSockErr.FindSubmatch(out); m != nil {
		for _, g := range m[1:] {
			n, _ := strconv.ParseInt(string(g), 10, 64)
			res.sockErrs += n
		}
	}
	return res, nil
}
