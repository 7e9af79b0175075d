package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Training on the Seattle file (1.6 MB of CSV) and streaming it both peak at no more than
// 10 MB of resident memory (Linux; the command built as users build it).
func TestPeakResidentSetOnSeattleIsAtMost10MB(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the command and runs it (Linux)")
	}
	bin := filepath.Join(t.TempDir(), "edgetrain")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("cannot build the command here: %v\n%s", err, out)
	}
	data, err := filepath.Abs(seattle)
	require.NoError(t, err)
	save := filepath.Join(t.TempDir(), "m.safetensors")
	for _, args := range [][]string{
		{"--data", data, "--save", save},
		{"--data", "-", "--stream", "--save", save},
	} {
		cmd := exec.Command(bin, args...)
		if args[1] == "-" {
			f, err := os.Open(data)
			require.NoError(t, err)
			defer f.Close()
			cmd.Stdin = f
		}
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // kB on Linux
		t.Logf("%v: peak resident set %d kB", args, peak)
		assert.LessOrEqual(t, peak, int64(10_000), "%v", args)
	}
}
