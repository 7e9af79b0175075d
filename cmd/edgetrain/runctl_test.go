package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/tinynet/model"
)

const seattle = "../../testdata/seattle_hourly_temp_windows.csv"

// withControl runs f with every training run's control passed to hook first.
func withControl(t *testing.T, hook func(*runControl), f func()) {
	testHookControl = hook
	defer func() { testHookControl = nil }()
	f()
}

// SIGINT and SIGTERM end the run after the current step as the budget would (evaluation,
// restore-best), save to --save, and exit 130 or 143.
func TestSignalFinishesTheStepSavesAndExitsWithItsCode(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		name string
		code int
	}{{syscall.SIGINT, "SIGINT", 130}, {syscall.SIGTERM, "SIGTERM", 143}} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "m.safetensors")
			var code int
			var stdout, stderr string
			withControl(t, func(c *runControl) { c.sigs <- tc.sig }, func() {
				code, stdout, stderr = runCLI("--data", seattle, "--save", out, "--epochs", "50")
			})
			assert.Equal(t, tc.code, code, stderr)
			assert.Contains(t, stdout, "1 steps (0 rejected)")
			assert.Contains(t, stdout, "stopped by signal")
			assert.Contains(t, stderr, "stopped by "+tc.name+" after finishing the current step")
			m, err := model.Load(out)
			require.NoError(t, err)
			assert.Equal(t, 1, m.Step)
		})
	}
}

// The control receives real signals: the process is not killed while a run is watched.
func TestRunControlCatchesARealSignal(t *testing.T) {
	c := newRunControl(saveEvery{}, nil, nil, nil)
	defer c.stop()
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGINT))
	deadline := time.Now().Add(2 * time.Second)
	var got os.Signal
	for got == nil && time.Now().Before(deadline) {
		got = c.afterStep(1)
		time.Sleep(time.Millisecond)
	}
	assert.Equal(t, os.Interrupt, got)
}

// --save-every N saves every N steps while training; each save is a loadable checkpoint
// with the step count it was taken at.
func TestSaveEveryStepsSavesDuringTraining(t *testing.T) {
	out := filepath.Join(t.TempDir(), "m.safetensors")
	var steps []int
	withControl(t, func(c *runControl) {
		inner := c.save
		c.save = func() error {
			require.NoError(t, inner())
			m, err := model.Load(out)
			require.NoError(t, err)
			steps = append(steps, m.Step)
			return nil
		}
	}, func() {
		code, _, stderr := runCLI("--data", seattle, "--save", out, "--steps", "23", "--save-every", "5", "--patience", "0")
		require.Equal(t, 0, code, stderr)
	})
	assert.Equal(t, []int{5, 10, 15, 20}, steps)
	m, err := model.Load(out)
	require.NoError(t, err)
	assert.Equal(t, 23, m.Step)
}

func TestSaveEveryFlag(t *testing.T) {
	for _, s := range []string{"", "0"} {
		e, err := parseSaveEvery(s)
		require.NoError(t, err)
		assert.Equal(t, saveEvery{}, e)
	}
	e, err := parseSaveEvery("500")
	require.NoError(t, err)
	assert.Equal(t, saveEvery{Steps: 500}, e)
	e, err = parseSaveEvery("1m30s")
	require.NoError(t, err)
	assert.Equal(t, saveEvery{Every: 90 * time.Second}, e)
	for _, bad := range []string{"-5", "-1s", "soon", "1.5"} {
		_, err := parseSaveEvery(bad)
		assert.Error(t, err, bad)
		code, _, stderr := runCLI("--data", seattle, "--save", filepath.Join(t.TempDir(), "m"), "--save-every", bad)
		assert.Equal(t, 2, code, bad)
		assert.Contains(t, stderr, "--save-every")
	}
	code, _, stderr := runCLI("--data", seattle, "--save-every", "10")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--save-every needs --save")

	c := &runControl{every: saveEvery{Every: time.Minute}, last: time.Unix(0, 0)}
	assert.False(t, c.due(1, time.Unix(59, 0)))
	assert.True(t, c.due(1, time.Unix(60, 0)))
}

// Long runs print step, total and time left to standard error; --json and --quiet keep
// it quiet.
func TestProgressLines(t *testing.T) {
	assert.Equal(t, "edgetrain: step 1200 of 4000 (30%), 0:12 elapsed, about 0:28 left", progressLine(1200, 4000, 12*time.Second))
	assert.Equal(t, "edgetrain: step 5, 1:02:03 elapsed", progressLine(5, 0, time.Hour+2*time.Minute+3*time.Second))
	fast := func(c *runControl) { c.progressEvery = 0 }
	for _, tc := range []struct {
		flags []string
		lines bool
	}{{nil, true}, {[]string{"--quiet"}, false}, {[]string{"--json"}, false}} {
		var stderr string
		withControl(t, fast, func() {
			_, _, stderr = runCLI(append([]string{"--data", seattle, "--steps", "3"}, tc.flags...)...)
		})
		assert.Equal(t, tc.lines, strings.Contains(stderr, "edgetrain: step 3 of 3 (100%)"), "%v: %q", tc.flags, stderr)
	}
}
