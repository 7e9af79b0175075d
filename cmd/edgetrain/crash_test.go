//go:build unix

package main

import (
	"bufio"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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
		"--hidden", "256,256", "--method", "adam", "--lr", "1e-3", "--batch", "64", "--epochs", "1000", "--patience", "0", "--json"}
	rng := rand.New(rand.NewPCG(11, 0))
	const kills = 24
	loaded, inSave, start := 0, 0, time.Now()
	for i := 0; i < kills; i++ {
		cmd := exec.Command(bin, args...)
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		// Kill at a random moment after the run's first periodic save (its "saved" JSON
		// line), whatever the machine's load makes of the start-up time.
		sc := bufio.NewScanner(stdout)
		for sc.Scan() && !strings.Contains(sc.Text(), `"type":"saved"`) {
		}
		time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
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
	assert.Equal(t, kills, loaded, "every kill comes after a save")
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

// SIGINT and SIGTERM sent to the running process end it with 130 and 143 and a saved
// checkpoint that loads, and no temporary file.
func TestSignalsToTheProcessSaveAndExit(t *testing.T) {
	if os.Getenv(crashEnv) == "" {
		t.Skipf("set %s=1 to run the signal test on the built command", crashEnv)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "edgetrain")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		out := filepath.Join(dir, tc.sig.String()+".safetensors")
		cmd := exec.Command(bin, "--data", "../../testdata/seattle_hourly_temp_windows.csv", "--save", out,
			"--method", "adam", "--lr", "1e-3", "--epochs", "1000", "--patience", "0", "--quiet")
		require.NoError(t, cmd.Start())
		time.Sleep(700 * time.Millisecond)
		require.NoError(t, cmd.Process.Signal(tc.sig))
		err := cmd.Wait()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee)
		assert.Equal(t, tc.code, ee.ExitCode(), tc.sig.String())
		m, err := model.Load(out)
		require.NoError(t, err)
		assert.Positive(t, m.Step)
		left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
		assert.Empty(t, left)
	}
}
