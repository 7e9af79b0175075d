package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/core"
)

// N steps, save, --resume for M steps writes the same checkpoint, byte for byte, as N+M
// steps in one run, for every method, across epoch boundaries (3 steps per epoch here).
func TestResumeContinuesTrainingBitForBit(t *testing.T) {
	data := "../../testdata/airquality_ozone.csv"
	const N, M = 4, 5
	for _, m := range core.Methods() {
		dir := t.TempDir()
		a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
		common := []string{"--data", data, "--method", m.String(), "--patience", "0", "--hidden", "8,8", "--quiet"}
		run := func(extra ...string) {
			code, _, stderr := runCLI(append(append([]string{}, common...), extra...)...)
			require.Equal(t, 0, code, "%s: %s", m, stderr)
		}
		run("--steps", strconv.Itoa(N), "--save", a)
		run("--resume", a, "--steps", strconv.Itoa(M), "--save", b)
		run("--steps", strconv.Itoa(N+M), "--save", c)
		got, err := os.ReadFile(b)
		require.NoError(t, err)
		want, err := os.ReadFile(c)
		require.NoError(t, err)
		assert.Equal(t, want, got, "%s: resumed checkpoint differs from the uninterrupted one", m)
	}
}

func TestResumeRefusesAnotherRun(t *testing.T) {
	data := "../../testdata/airquality_ozone.csv"
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	code, _, stderr := runCLI("--data", data, "--method", "adam", "--steps", "3", "--save", a, "--quiet")
	require.Equal(t, 0, code, stderr)
	for _, extra := range [][]string{
		{"--method", "sgd"},
		{"--method", "adam", "--batch", "16"},
		{"--method", "adam", "--seed", "2"},
	} {
		code, _, stderr := runCLI(append([]string{"--data", data, "--resume", a, "--steps", "2", "--quiet"}, extra...)...)
		assert.Equal(t, 2, code, "%v: %s", extra, stderr)
		assert.Contains(t, stderr, "--resume", "%v", extra)
	}
	code, _, stderr = runCLI("--data", data, "--resume", a, "--init", a)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "not both")
}
