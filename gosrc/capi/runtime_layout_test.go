package main

import (
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// layoutFromDWARF reads where runtime.m and runtime.p keep the fields
// runtime_p.go uses, from the DWARF of a program built by the toolchain that
// built this test (a cgo test binary carries no DWARF of its own).
func layoutFromDWARF(t *testing.T) runtimeLayout {
	return layoutOf(runtimeOffsetsFromDWARF(t))
}

func layoutOf(offsets map[string]uintptr) runtimeLayout {
	return runtimeLayout{mP: offsets["runtime.m.p"], pID: offsets["runtime.p.id"],
		pStatus: offsets["runtime.p.status"], pSchedtick: offsets["runtime.p.schedtick"], pM: offsets["runtime.p.m"]}
}

// runtimeOffsetsFromDWARF maps "runtime.m.p", "runtime.p.runqtail", ... to offsets.
func runtimeOffsetsFromDWARF(t *testing.T) map[string]uintptr {
	version, err := exec.Command("go", "env", "GOVERSION").Output()
	require.NoError(t, err, "the go command of this test's toolchain")
	require.Equal(t, runtime.Version(), strings.TrimSpace(string(version)), "go in PATH is another toolchain")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module layout\n"), 0o644))
	build := exec.Command("go", "build", "-o", "layout", ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	f, err := elf.Open(filepath.Join(dir, "layout"))
	require.NoError(t, err)
	defer f.Close()
	data, err := f.DWARF()
	require.NoError(t, err)

	offsets := map[string]uintptr{}
	r := data.Reader()
	for {
		e, err := r.Next()
		require.NoError(t, err)
		if e == nil {
			break
		}
		name, _ := e.Val(dwarf.AttrName).(string)
		if e.Tag != dwarf.TagStructType || (name != "runtime.m" && name != "runtime.p") {
			continue
		}
		for {
			field, err := r.Next()
			require.NoError(t, err)
			if field == nil || field.Tag == 0 {
				break
			}
			fieldName, _ := field.Val(dwarf.AttrName).(string)
			if at, ok := field.Val(dwarf.AttrDataMemberLoc).(int64); ok {
				offsets[name+"."+fieldName] = uintptr(at)
			}
		}
	}
	for _, f := range []string{"runtime.m.p", "runtime.p.id", "runtime.p.status", "runtime.p.schedtick", "runtime.p.m",
		"runtime.p.syscalltick", "runtime.p.runqhead", "runtime.p.runqtail"} {
		require.Contains(t, offsets, f, "no %s in the DWARF of %s", f, runtime.Version())
	}
	return offsets
}

func TestRuntimeLayoutMatchesTheToolchain(t *testing.T) {
	fromDWARF := layoutFromDWARF(t)
	if !runtimeLayoutKnown {
		// No offsets for this Go: the yield must be what is used, and the
		// offsets to add are these.
		require.ErrorContains(t, verifyRuntimeLayout(fromDWARF), "no known runtime layout")
		t.Logf("%s, %s: add a runtime_layout file with %+v", runtime.Version(), runtime.GOARCH, fromDWARF)
		return
	}
	assert.Equal(t, fromDWARF, thisRuntime, "the runtime layout of %s changed", runtime.Version())
}

func TestVerifiedLayoutNamesTheSchedulersOwnTick(t *testing.T) {
	if !runtimeLayoutKnown {
		require.ErrorContains(t, verifyRuntimeLayout(thisRuntime), "no known runtime layout")
		return
	}
	// The check refuses when other goroutines of this process keep it from
	// seeing one P long enough (about once in 300 runs of this binary); that
	// refusal is its safe side. Three refusals in a row are a check that
	// cannot recognise the right layout.
	var err error
	for try := 0; try < 3; try++ {
		if err = verifyRuntimeLayout(thisRuntime); err == nil {
			break
		}
		t.Logf("refused on try %d: %v", try+1, err)
	}
	require.NoError(t, err)

	// One P and this goroutine on one thread: the P after a yield is the P before.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	before := schedTick(t)
	runtime.Gosched()
	afterYield := schedTick(t)
	assert.Greater(t, afterYield-before, uint32(0), "a pass through the scheduler moves the tick read there")

	moveSchedTick()
	assert.Equal(t, afterYield+1, schedTick(t), "moveSchedTick counts exactly one scheduling")
}

func schedTick(t *testing.T) uint32 {
	seen, err := observeP(thisRuntime)
	require.NoError(t, err)
	return seen.tick
}

func TestAWrongRuntimeLayoutIsRefusedNotFollowed(t *testing.T) {
	if !runtimeLayoutKnown {
		require.ErrorContains(t, verifyRuntimeLayout(thisRuntime), "no known runtime layout")
		return
	}
	offsets := runtimeOffsetsFromDWARF(t)
	shifted := func(change func(*runtimeLayout)) runtimeLayout {
		l := thisRuntime
		change(&l)
		return l
	}
	for name, l := range map[string]runtimeLayout{
		"m.p one word off":           shifted(func(l *runtimeLayout) { l.mP += 8 }),
		"m.p far off":                shifted(func(l *runtimeLayout) { l.mP += 1 << 44 }), // unmapped: EFAULT, not a fault
		"p.m elsewhere":              shifted(func(l *runtimeLayout) { l.pM += 8 }),
		"p.id and p.status off":      shifted(func(l *runtimeLayout) { l.pID, l.pStatus = 16, 20 }),
		"p.schedtick on syscalltick": shifted(func(l *runtimeLayout) { l.pSchedtick = offsets["runtime.p.syscalltick"] }),
		// These two move by one through goyield, as the tick does.
		"p.schedtick on runqhead": shifted(func(l *runtimeLayout) { l.pSchedtick = offsets["runtime.p.runqhead"] }),
		"p.schedtick on runqtail": shifted(func(l *runtimeLayout) { l.pSchedtick = offsets["runtime.p.runqtail"] }),
		"p.schedtick on p.link":   shifted(func(l *runtimeLayout) { l.pSchedtick = 8 }),
	} {
		t.Run(name, func(t *testing.T) {
			err := verifyRuntimeLayout(l)
			require.Error(t, err, fmt.Sprintf("%+v", l))
			t.Log(err)
		})
	}
}
