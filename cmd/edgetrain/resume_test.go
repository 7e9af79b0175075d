package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// N steps, save, --resume for M steps writes the same checkpoint, byte for byte, as N+M
// steps in one run, for every method, across epoch boundaries (3 steps per epoch here).
func TestResumeContinuesTrainingBitForBit(t *testing.T) {
	data := "../../testdata/airquality_ozone.csv"
	for _, m := range core.Methods() {
		got, want, _ := resumedAndUninterrupted(t, "--data", data, "--method", m.String(), "--patience", "0", "--hidden", "8,8", "--quiet")
		assert.Equal(t, want, got, "%s: resumed checkpoint differs from the uninterrupted one", m)
	}
}

// The same holds for K-FAC with a Forster map and for inputs filled in with training
// means: the map and the means a resumed run reads from the checkpoint are the values
// the interrupted run trained with.
func TestResumeWithForsterOrImputedMeansIsBitForBit(t *testing.T) {
	got, want, c := resumedAndUninterrupted(t, "--data", "../../testdata/airquality_ozone.csv", "--method", "kfac", "--forster",
		"--patience", "0", "--hidden", "8,8", "--quiet")
	assert.Equal(t, want, got, "kfac --forster: resumed checkpoint differs from the uninterrupted one")
	ck, err := model.Load(c)
	require.NoError(t, err)
	assert.NotNil(t, ck.Forster)

	var csv strings.Builder
	csv.WriteString("a,b,c,target\n")
	for r := 0; r < 40; r++ {
		a, b, c := strconv.FormatFloat(0.1*float64(r%7)+0.3, 'g', -1, 64), strconv.FormatFloat(1.7*float64(r%5)-0.2, 'g', -1, 64), strconv.Itoa(r%3)
		switch r % 6 {
		case 1:
			a = "NA"
		case 4:
			b = ""
		}
		fmt.Fprintf(&csv, "%s,%s,%s,%d\n", a, b, c, r%11)
	}
	data := writeFile(t, t.TempDir(), "holes.csv", csv.String())
	for _, m := range []string{"kfac", "exact"} {
		got, want, c := resumedAndUninterrupted(t, "--data", data, "--na", "mean", "--method", m, "--patience", "0", "--hidden", "8", "--batch", "8", "--quiet")
		assert.Equal(t, want, got, "%s --na mean: resumed checkpoint differs from the uninterrupted one", m)
		ck, err := model.Load(c)
		require.NoError(t, err)
		assert.Len(t, ck.Impute, 3)
	}
}

// resumedAndUninterrupted trains with the flags common for N steps and saves, resumes
// for M steps and saves, and trains N+M steps in one run; it returns the resumed and the
// uninterrupted checkpoints' bytes and the uninterrupted checkpoint's path.
func resumedAndUninterrupted(t *testing.T, common ...string) (resumed, uninterrupted []byte, path string) {
	t.Helper()
	const N, M = 4, 5
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	run := func(extra ...string) {
		t.Helper()
		code, _, stderr := runCLI(append(append([]string{}, common...), extra...)...)
		require.Equal(t, 0, code, "%v: %s", common, stderr)
	}
	run("--steps", strconv.Itoa(N), "--save", a)
	run("--resume", a, "--steps", strconv.Itoa(M), "--save", b)
	run("--steps", strconv.Itoa(N+M), "--save", c)
	got, err := os.ReadFile(b)
	require.NoError(t, err)
	want, err := os.ReadFile(c)
	require.NoError(t, err)
	return got, want, c
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
