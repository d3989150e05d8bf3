package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// threadsCPU is the CPU time, in ns, that every thread of the given processes has
// used so far: the first field of /proc/<pid>/task/<tid>/schedstat, which the
// scheduler keeps exactly (getrusage and /proc/<pid>/stat are tick-sampled, 10 ms
// here, too coarse for a 2 s run split over four workers). Threads count, so the
// runtime threads an extension starts are charged to its requests; other is the
// part of them that is not the process's main thread (the one PHP runs on).
func threadsCPU(pids []int) (total, other int64) {
	for _, pid := range pids {
		stats, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "schedstat"))
		for _, f := range stats {
			data, err := os.ReadFile(f)
			if err != nil {
				continue // the thread exited between the glob and the read
			}
			if fields := strings.Fields(string(data)); len(fields) > 0 {
				ns, _ := strconv.ParseInt(fields[0], 10, 64)
				total += ns
				if filepath.Base(filepath.Dir(f)) != strconv.Itoa(pid) {
					other += ns
				}
			}
		}
	}
	return total, other
}
