//go:build unix

package main

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/tinynet/model"
)

// crashEnv turns on TestKill9DuringPeriodicSaves (CI sets it; it builds the command and
// takes about 10 s, over the budget of the ordinary test run).
const crashEnv = "EDGETRAIN_CRASH_TEST"

// The command is killed with SIGKILL at random moments while it trains with a save after
// every step, at least 20 times. After every kill the checkpoint on disk is a complete
// file that loads (the old one or a new one, never a part), at most the killed process's
// own temporary file is left, and the next run removes it: after the last, clean run no
// temporary file remains.
func TestKill9DuringPeriodicSaves(t *testing.T) {
	if os.Getenv(crashEnv) == "" {
		t.Skipf("set %s=1 to run the kill -9 crash test", crashEnv)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "edgetrain")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	out := filepath.Join(dir, "m.safetensors")
	temps := func() []string {
		m, err := filepath.Glob(filepath.Join(dir, ".m.safetensors.tmp-*"))
		require.NoError(t, err)
		return m
	}
	// A network of 70k parameters makes every save about 280 kB, so kills land in saves.
	args := []string{"--data", "../../testdata/seattle_hourly_temp_windows.csv", "--save", out, "--save-every", "1",
		"--hidden", "256,256", "--method", "adam", "--lr", "1e-3", "--batch", "64", "--epochs", "1000", "--patience", "0", "--quiet"}
	rng := rand.New(rand.NewPCG(11, 0))
	const kills = 24
	loaded, inSave, start := 0, 0, time.Now()
	for i := 0; i < kills; i++ {
		cmd := exec.Command(bin, args...)
		require.NoError(t, cmd.Start())
		time.Sleep(time.Duration(60+rng.IntN(240)) * time.Millisecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		_ = cmd.Wait()
		if _, err := os.Stat(out); err == nil {
			m, err := model.Load(out)
			require.NoError(t, err, "kill %d: the checkpoint on disk does not load", i)
			assert.Positive(t, m.Step)
			loaded++
		}
		left := temps()
		inSave += len(left)
		assert.LessOrEqual(t, len(left), 1, "kill %d: temporary files of earlier runs were not removed: %v", i, left)
		for _, p := range left {
			assert.Contains(t, filepath.Base(p), ".tmp-"+itoa(cmd.Process.Pid)+"-", "kill %d: only the killed process's own temporary file may remain", i)
		}
	}
	assert.GreaterOrEqual(t, loaded, kills-2, "most kills should find a saved checkpoint")
	t.Logf("%d kills in %v; the checkpoint loaded after %d; %d kills landed in a save (left a temporary file)", kills, time.Since(start).Round(time.Millisecond), loaded, inSave)

	// The next run cleans up what the last kill left and ends with no temporary file.
	final := exec.Command(bin, "--data", "../../testdata/seattle_hourly_temp_windows.csv", "--save", out, "--hidden", "256,256",
		"--method", "adam", "--lr", "1e-3", "--steps", "3", "--quiet")
	outb, err := final.CombinedOutput()
	require.NoError(t, err, string(outb))
	assert.Empty(t, temps())
	_, err = model.Load(out)
	require.NoError(t, err)
}

func itoa(n int) string { return strconv.Itoa(n) }
