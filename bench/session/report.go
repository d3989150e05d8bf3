package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"syscall"
	"time"
)

// summary of a case's measured runs: median req/s, its spread and the errors of all runs.
type summary struct {
	median, min, max float64
	workerCPU        float64 // median CPU us per request of the workers, 0 if not measured
	otherThreadsCPU  float64 // median of the part of it not on the workers' main threads
	non2xx, sockErrs int64
}

func summarize(runs []wrkResult) summary {
	var rps, cpu, other []float64
	var s summary
	for _, r := range runs {
		rps = append(rps, r.reqPerSec)
		cpu = append(cpu, r.workerCPUMicros)
		other = append(other, r.otherThreadsCPUMicros)
		s.non2xx += r.non2xx
		s.sockErrs += r.sockErrs
	}
	s.median = quantile(rps, 0.5)
	s.workerCPU = quantile(cpu, 0.5)
	s.otherThreadsCPU = quantile(other, 0.5)
	if len(rps) > 0 {
		s.min, s.max = rps[0], rps[len(rps)-1] // quantile sorted rps
	}
	return s
}

// paired compares each run with the reference case's run of the same round,
// skipping the rounds where compare says a figure is missing. The machine
// drifts between rounds (this VM by ±10 %), and a round's runs are seconds
// apart, so figures paired within a round are steadier than figures of medians.
func paired(runs, reference []wrkResult, compare func(run, ref wrkResult) (float64, bool)) []float64 {
	var out []float64
	for r := 0; r < len(runs) && r < len(reference); r++ {
		if v, ok := compare(runs[r], reference[r]); ok {
			out = append(out, v)
		}
	}
	return out
}

// pairedRatios divides the req/s of each run by the baseline's of the same round.
func pairedRatios(runs, baseline []wrkResult) []float64 {
	return paired(runs, baseline, func(run, ref wrkResult) (float64, bool) {
		return run.reqPerSec / ref.reqPerSec, ref.reqPerSec > 0
	})
}

// pairedCPUDifferences subtracts, round by round, the workers' CPU per request of
// the reference case from that of runs.
func pairedCPUDifferences(runs, reference []wrkResult) []float64 {
	return paired(runs, reference, func(run, ref wrkResult) (float64, bool) {
		return run.workerCPUMicros - ref.workerCPUMicros, run.workerCPUMicros > 0 && ref.workerCPUMicros > 0
	})
}

// medianInterval is a distribution-free interval for the median of sorted xs:
// the order statistics k and n-1-k for the largest k with P(Bin(n, 1/2) <= k)
// <= 2.5 %, so it covers the true median at least 95 % of the time. With fewer
// than 6 values no such k exists and the interval is the whole range.
func medianInterval(xs []float64) (lo, hi float64) {
	n := len(xs)
	if n == 0 {
		return 0, 0
	}
	k, below, term := 0, 0.0, math.Pow(0.5, float64(n)) // term = P(Bin = i)
	for i := 0; i < n/2; i++ {
		below += term
		if below > 0.025 {
			break
		}
		k = i + 1
		term = term * float64(n-i) / float64(i+1)
	}
	if k > 0 {
		k-- // the last i whose cumulative probability stayed within 2.5 %
	}
	return xs[k], xs[n-1-k]
}

func report(w io.Writer, cases []*caseResult, diskDir, tmpfsDir string, warmup, duration time.Duration,
	rounds, contentionRounds int, took time.Duration) {
	var baseline, engineAlone, nativeNothing, ephpmRuns []wrkResult
	for _, c := range cases {
		if c.skipped != "" {
			continue
		}
		switch c.hc.key {
		case "nosession":
			baseline = c.runs
		case "engine-alone":
			engineAlone = c.runs
		case "native-nothing":
			nativeNothing = c.runs
		case "ephpm":
			ephpmRuns = c.runs
		}
	}

	fmt.Fprintf(w, "Session save handlers: php-fpm static pool of %d + nginx (no upstream keepalive) + wrk\n", workers)
	fmt.Fprintf(w, "%d users (distinct session ids; each wrk thread cycles through its share), wrk -t%d -c%d.\n",
		users, wrkThreads, wrkConns)
	fmt.Fprintf(w, "One stack per handler, all started first and warmed up %s; then %d rounds of one %s run per\n",
		warmup, rounds, duration)
	fmt.Fprintf(w, "handler, round-robin; req/s = median of the rounds. session.gc_probability=0 for all.\n")
	fmt.Fprintf(w, "files on disk: %s (%s); files on tmpfs: %s (%s)\n\n", diskDir, fsType(diskDir), tmpfsDir, fsType(tmpfsDir))

	fmt.Fprintf(w, "%-30s %8s %15s %6s %12s %7s %7s  %s\n", "page / save_handler", "req/s", "min-max", "ratio", "95% interval",
		"CPU us", "before", "notes")
	for _, c := range cases {
		if c.skipped != "" {
			fmt.Fprintf(w, "%-30s %8s %15s %6s %12s %7s %7s  skipped: %s\n", c.hc.label, "n/a", "", "n/a", "", "",
				ctxRatio(c.hc.context), firstLine(c.skipped))
			continue
		}
		s := summarize(c.runs)
		ratio, spread := "n/a", ""
		var notes []string
		if ratios := pairedRatios(c.runs, baseline); len(ratios) > 0 {
			median := quantile(ratios, 0.5)
			ratio = fmt.Sprintf("%.2f", median)
			lo, hi := medianInterval(ratios) // quantile sorted them
			spread = fmt.Sprintf("%.2f-%.2f", lo, hi)
			if c.hc.key == "ephpm" {
				// Three decimals: a median that rounds to the target may still miss it.
				notes = append(notes, fmt.Sprintf("target >= %.2f: %s (median %.3f)", ephpmTarget,
					passMiss(median >= ephpmTarget), median))
				if ofNative := pairedRatios(c.runs, nativeNothing); len(ofNative) > 0 {
					notes = append(notes, fmt.Sprintf("%.2f of native nothing", quantile(ofNative, 0.5)))
					if extra := pairedCPUDifferences(c.runs, nativeNothing); len(extra) > 0 {
						notes = append(notes, fmt.Sprintf("CPU %+.1f us over it", quantile(extra, 0.5)))
					}
				}
			}
			if ofEngine := pairedRatios(c.runs, engineAlone); c.hc.page == "session.php" && len(ofEngine) > 0 &&
				c.hc.key != "engine-alone" {
				notes = append(notes, fmt.Sprintf("%.2f of engine alone", quantile(ofEngine, 0.5)))
				if extra := pairedCPUDifferences(c.runs, engineAlone); len(extra) > 0 {
					notes = append(notes, fmt.Sprintf("CPU %+.1f us", quantile(extra, 0.5)))
				}
			}
		}
		if c.hc.key == "ephpm-compare" {
			// The A/B figures: this case against the ephpm case of the same rounds.
			if ofEphpm := pairedRatios(c.runs, ephpmRuns); len(ofEphpm) > 0 {
				notes = append(notes, fmt.Sprintf("%.3f of ephpm", quantile(ofEphpm, 0.5)))
			}
			if d := pairedCPUDifferences(c.runs, ephpmRuns); len(d) > 0 {
				notes = append(notes, fmt.Sprintf("CPU %+.1f us vs ephpm", quantile(d, 0.5)))
			}
		}
		if s.otherThreadsCPU >= 0.05 {
			notes = append(notes, fmt.Sprintf("%.1f us CPU on other threads", s.otherThreadsCPU))
		}
		if s.non2xx > 0 || s.sockErrs > 0 {
			notes = append(notes, fmt.Sprintf("%d non-2xx, %d socket errors", s.non2xx, s.sockErrs))
		}
		if c.workerCrashed {
			notes = append(notes, "php-fpm WORKERS CRASHED (signal)")
		}
		if c.phpErrors != "" {
			notes = append(notes, "PHP error_log: "+firstLine(c.phpErrors))
		}
		fmt.Fprintf(w, "%-30s %8.0f %15s %6s %12s %7.1f %7s  %s\n", c.hc.label, s.median,
			fmt.Sprintf("%.0f-%.0f", s.min, s.max), ratio, spread, s.workerCPU, ctxRatio(c.hc.context),
			strings.Join(notes, "; "))
	}
	fmt.Fprintf(w, "ratio = median over the rounds of req/s ÷ req/s of the no-session page in the same round;\n")
	fmt.Fprintf(w, "95%% interval = of that median, from the order statistics of the per-round ratios (the VM moves\n")
	fmt.Fprintf(w, "single runs by about 10 %%: a target inside the interval is within noise; under 6 rounds it is the\n")
	fmt.Fprintf(w, "whole range); before = ratio measured on this machine\n")
	fmt.Fprintf(w, "before ephpm_kv (issue 3). Handlers otherwise at their defaults: phpredis without session\n")
	fmt.Fprintf(w, "locking, php-memcached with its session locking, files with flock, ephpm with locking.\n")
	fmt.Fprintf(w, "session engine alone = a userland handler that stores and locks nothing (www/noop_handler.php):\n")
	fmt.Fprintf(w, "what PHP's session machinery costs a userland handler, the ceiling no userland handler can pass;\n")
	fmt.Fprintf(w, "native, stores nothing = the same in C (native_noop/, session module \"noop\", built by the bench):\n")
	fmt.Fprintf(w, "the ceiling no native handler, ephpm included, can pass (no userland method calls);\n")
	fmt.Fprintf(w, "\"of engine alone\" = median of the per-round req/s ÷ that run's req/s (\"of native nothing\" likewise).\n")
	fmt.Fprintf(w, "CPU us = median over the rounds of the CPU time all threads of the %d workers used during the\n", workers)
	fmt.Fprintf(w, "run (schedstat), per request: what a request costs the workers, whatever the VM's throughput did;\n")
	fmt.Fprintf(w, "\"CPU +x us\" = median of the per-round differences to engine alone (\"over it\": to native nothing;\n"+
		"nginx and wrk not counted).\n\n")

	fmt.Fprintf(w, "Same session: %d concurrent requests on ONE session id (wrk -t%d -c%d, median of %d runs of %s);\n",
		contenders, wrkThreads, contenders, contentionRounds, duration)
	fmt.Fprintf(w, "lost = responses whose increment the session's counter lacks afterwards (no locking: last writer wins):\n")
	contention := map[string]float64{}
	for _, c := range cases {
		if len(c.contention) > 0 {
			s := summarize(c.contention)
			contention[c.hc.key] = s.median
			lost := "no increment lost"
			if c.lostIncrements > 0 {
				lost = fmt.Sprintf("%d INCREMENTS LOST", c.lostIncrements)
			}
			fmt.Fprintf(w, "  %-28s %8.0f req/s  (min-max %.0f-%.0f; %s)%s\n", c.hc.label, s.median, s.min, s.max,
				lost, errNote(s))
		}
	}
	if e, f := contention["ephpm"], contention["files-disk"]; e > 0 && f > 0 {
		fmt.Fprintf(w, "  %-28s %10.2f\n", "ephpm / files", e/f)
	}

	fmt.Fprintf(w, "\nLock hand-off: %d clients x %d requests on ONE session, each holding the lock %d us;\n",
		handoffConns, handoffReqs, handoffHold)
	fmt.Fprintf(w, "time from one request's session_write_close() to the next waiting request's session_start() return:\n")
	fmt.Fprintf(w, "  %-28s %10s %10s %8s %s\n", "handler", "median us", "p99 us", "samples", "")
	for _, c := range cases {
		if h := c.handoff; h != nil {
			var extra []string
			if h.overlaps > 0 {
				extra = append(extra, fmt.Sprintf("%d OVERLAPPING lock holds", h.overlaps))
			}
			if h.fails > 0 {
				extra = append(extra, fmt.Sprintf("%d of %d requests failed", h.fails, h.requests))
			}
			med, p99 := quantile(h.samples, 0.5), quantile(h.samples, 0.99)
			fmt.Fprintf(w, "  %-28s %10.1f %10.1f %8d %s\n", c.hc.label, med, p99, len(h.samples), strings.Join(extra, "; "))
		}
	}
	fmt.Fprintf(w, "\nPer request, serial (one at a time, %d requests over the users after %d warm-up):\n", anatomyReqs, anatomyWarm)
	fmt.Fprintf(w, "median us inside session_start() / session_write_close(); worker CPU per request from\n")
	fmt.Fprintf(w, "getrusage() (all threads of the worker, so runtime threads of an extension count too):\n")
	fmt.Fprintf(w, "  %-28s %10s %10s %10s %10s\n", "handler", "start us", "close us", "user us", "sys us")
	for _, c := range cases {
		if a := c.anatomy; a != nil {
			fmt.Fprintf(w, "  %-28s %10.1f %10.1f %10.1f %10.1f\n", c.hc.label, a.startMicros, a.closeMicros, a.userMicros, a.sysMicros)
		}
	}
	fmt.Fprintf(w, "\ntotal bench time %s\n", took.Round(time.Second))
}

func ctxRatio(r float64) string {
	if r == 0 {
		return ""
	}
	return fmt.Sprintf("%.2f", r)
}

func passMiss(ok bool) string {
	if ok {
		return "PASS"
	}
	return "MISS"
}

func errNote(r summary) string {
	if r.non2xx == 0 && r.sockErrs == 0 {
		return ""
	}
	return fmt.Sprintf("  (%d non-2xx, %d socket errors)", r.non2xx, r.sockErrs)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

func fsType(dir string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return "?"
	}
	switch st.Type {
	case 0x01021994:
		return "tmpfs"
	case 0xEF53:
		return "ext4"
	case 0x58465342:
		return "xfs"
	case 0x9123683E:
		return "btrfs"
	case 0x794c7630:
		return "overlayfs"
	}
	return fmt.Sprintf("fs 0x%x", st.Type)
}
