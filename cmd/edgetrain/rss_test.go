package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Training on the Seattle file (1.6 MB of CSV) and streaming it both peak at no more than
// 10 MB of resident memory (Linux; the command built as users build it). The peak is the
// one /usr/bin/time reports: the rusage of a child started from this (large) test
// process would include the parent's high-water mark, since Linux keeps it across exec.
func TestPeakResidentSetOnSeattleIsAtMost10MB(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the command and runs it (Linux)")
	}
	timer, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		t.Skip("no /usr/bin/time")
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
		report := filepath.Join(t.TempDir(), "peak")
		cmd := exec.Command(timer, append([]string{"-f", "%M", "-o", report, bin}, args...)...)
		if args[1] == "-" {
			f, err := os.Open(data)
			require.NoError(t, err)
			defer f.Close()
			cmd.Stdin = f
		}
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		rep, err := os.ReadFile(report)
		require.NoError(t, err)
		peak, err := strconv.Atoi(strings.TrimSpace(string(rep))) // kB
		require.NoError(t, err, "%s", rep)
		t.Logf("%v: peak resident set %d kB", args, peak)
		assert.LessOrEqual(t, peak, 10_000, "%v", args)
	}
}
