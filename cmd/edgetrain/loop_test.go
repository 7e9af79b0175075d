package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/tinynet/model"
)

const diabetes = "../../testdata/diabetes.csv"

// lastJSON decodes the last line of a --json run (the summary).
func lastJSON(t *testing.T, stdout string) map[string]any {
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &m))
	return m
}

// readCurve returns the header and rows of a --curve file.
func readCurve(t *testing.T, path string) ([]string, [][]string) {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	return recs[0], recs[1:]
}

func cell(t *testing.T, s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err, "%q", s)
	return v
}

func TestEarlyStoppingKeepsAndSavesTheBestEvaluation(t *testing.T) {
	dir := t.TempDir()
	early, curve := filepath.Join(dir, "early.safetensors"), filepath.Join(dir, "curve.csv")
	code, stdout, stderr := runCLI("--data", diabetes, "--json", "--save", early, "--curve", curve, "--patience", "5")
	require.Equal(t, 0, code, stderr)
	sum := lastJSON(t, stdout)
	assert.Equal(t, "patience", sum["stopped"])
	assert.Equal(t, true, sum["restored_best"])

	// the best is the evaluation of least validation loss, and patience evaluations follow it
	_, rows := readCurve(t, curve)
	bestRow, bestLoss := -1, math.Inf(1)
	for i, r := range rows {
		if v := cell(t, r[3]); v < bestLoss {
			bestRow, bestLoss = i, v
		}
	}
	require.Positive(t, bestRow, "training improved on the initial weights")
	bestStep := int(cell(t, rows[bestRow][0]))
	assert.Equal(t, float64(bestStep), sum["best_step"])
	assert.InDelta(t, bestLoss, sum["val_loss"].(float64), 1e-6*bestLoss)
	assert.InDelta(t, cell(t, rows[bestRow][4]), sum["val_r2"].(float64), 1e-6)
	assert.Len(t, rows, bestRow+1+5)
	assert.Equal(t, float64(cell(t, rows[len(rows)-1][0])), sum["steps"])

	// the saved weights are those of the best step: the same as a run cut there
	cut := filepath.Join(dir, "cut.safetensors")
	code, _, stderr = runCLI("--data", diabetes, "--save", cut, "--patience", "0", "--steps", strconv.Itoa(bestStep))
	require.Equal(t, 0, code, stderr)
	a, err := model.Load(early)
	require.NoError(t, err)
	b, err := model.Load(cut)
	require.NoError(t, err)
	assert.Equal(t, b.Net.Params, a.Net.Params)
	assert.Equal(t, b.XNorm, a.XNorm)
	assert.Equal(t, b.YNorm, a.YNorm)
	assert.Equal(t, bestStep, a.Step)
}

func TestPatienceZeroKeepsTheLastWeights(t *testing.T) {
	code, stdout, stderr := runCLI("--data", diabetes, "--json", "--patience", "0", "--epochs", "30")
	require.Equal(t, 0, code, stderr)
	sum := lastJSON(t, stdout)
	assert.Equal(t, "budget", sum["stopped"])
	assert.Equal(t, false, sum["restored_best"])
	assert.Equal(t, 30.0*11, sum["steps"], "353 training rows in batches of 32: 11 steps per epoch")
	assert.Equal(t, sum["steps"], sum["best_step"])
}

func TestEvaluationCadence(t *testing.T) {
	assert.Equal(t, 3, evaluationPeriod(0, 11, 89, 32), "a short epoch: four times per epoch")
	assert.Equal(t, 1, evaluationPeriod(0, 3, 22, 32), "at least every step")
	assert.Equal(t, 55, evaluationPeriod(0, 219, 1751, 32), "a long epoch: every ⌈validation rows / batch⌉ ≥ 50 steps")
	assert.Equal(t, 50, evaluationPeriod(0, 400, 320, 32))
	assert.Equal(t, 7, evaluationPeriod(7, 219, 1751, 32), "--eval-every")
	assert.Equal(t, 11, stepsPerEpoch(353, 32), "a tail of 1 row is dropped")
	assert.Equal(t, 12, stepsPerEpoch(368, 32), "a tail of half a batch is kept")
	assert.Equal(t, 1, stepsPerEpoch(5, 32))

	curve := filepath.Join(t.TempDir(), "c.csv")
	code, _, stderr := runCLI("--data", "../../testdata/seattle_hourly_temp_windows.csv", "--method", "adam", "--epochs", "1", "--curve", curve)
	require.Equal(t, 0, code, stderr)
	_, rows := readCurve(t, curve)
	var steps []string
	for _, r := range rows {
		steps = append(steps, r[0])
	}
	assert.Equal(t, []string{"0", "55", "110", "165", "219"}, steps, "7002 training rows: 219 steps (the tail of 26 rows is kept), validation every 55 and at the end")
}

func TestCurveHasOneRowPerEvaluationWithEmptyCellsWhereNothingApplies(t *testing.T) {
	dir := t.TempDir()
	curve := filepath.Join(dir, "reg.csv")
	code, _, stderr := runCLI("--data", diabetes, "--epochs", "3", "--patience", "0", "--curve", curve)
	require.Equal(t, 0, code, stderr)
	header, rows := readCurve(t, curve)
	assert.Equal(t, []string{"step", "seconds", "train_loss", "val_loss", "val_r2", "eta", "rho", "alpha", "cos"}, header)
	require.Len(t, rows, 12, "step 0, and 3 epochs of 11 steps evaluated every 3 steps")
	assert.Equal(t, []string{"0", "0", ""}, rows[0][:3], "no training loss before the first step")
	assert.Equal(t, []string{"", "", "", ""}, rows[0][5:])
	for i, r := range rows[1:] {
		assert.Equal(t, strconv.Itoa(3*(i+1)), r[0])
		for c := 1; c < len(r); c++ {
			assert.NotEmpty(t, r[c], "row %d column %s", i+1, header[c])
		}
		assert.InDelta(t, 1, cell(t, r[5]), 1e-12, "exact NGD regression takes the full line-search step")
		assert.Greater(t, cell(t, r[8]), 0.3, "cos(Δf, −e): a descent direction (≈ 0.45 with the damping of a noisy regression)")
	}

	curve = filepath.Join(dir, "cls.csv")
	code, _, stderr = runCLI("--data", "../../testdata/iris.csv", "--method", "adam", "--epochs", "2", "--eval-every", "4", "--curve", curve)
	require.Equal(t, 0, code, stderr)
	header, rows = readCurve(t, curve)
	assert.Equal(t, "val_acc", header[4])
	require.Len(t, rows, 3, "120 training rows: 2 epochs of 4 steps, evaluated every 4 steps")
	for _, r := range rows[1:] {
		assert.Equal(t, "0.003", r[5], "Adam's η")
		assert.Equal(t, []string{"", "", ""}, r[6:], "no ρ, α or cos for a first-order method")
		acc := cell(t, r[4])
		assert.True(t, acc >= 0 && acc <= 1)
	}
}

func TestDivergedRunExitsOneAndSavesTheBestState(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.safetensors")
	code, stdout, stderr := runCLI("--data", diabetes, "--json", "--save", good)
	require.Equal(t, 0, code, stderr)
	goodR2 := lastJSON(t, stdout)["val_r2"].(float64)
	require.Greater(t, goodR2, 0.2)

	// Adam at η = 1e6 from the good model: the first evaluation has exploded, the run fails,
	// and the file written holds the best state seen, the good starting weights.
	out, curve := filepath.Join(dir, "out.safetensors"), filepath.Join(dir, "c.csv")
	code, _, stderr = runCLI("--data", diabetes, "--init", good, "--method", "adam", "--lr", "1e6", "--save", out, "--curve", curve)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "diverged at step 3")
	assert.Contains(t, stderr, "returned to the best state, step 0")
	assert.Contains(t, stderr, "saved that state to "+out)
	g, err := model.Load(good)
	require.NoError(t, err)
	o, err := model.Load(out)
	require.NoError(t, err)
	assert.Equal(t, g.Net.Params, o.Net.Params)
	assert.Equal(t, g.Step, o.Step)
	_, rows := readCurve(t, curve)
	require.Len(t, rows, 2, "the curve is written for a failed run too")
	assert.Greater(t, cell(t, rows[1][3]), 1e3*cell(t, rows[0][3]))
}

func TestDivergedRunNeverReplacesAGoodCheckpoint(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.safetensors")
	code, _, stderr := runCLI("--data", diabetes, "--save", path)
	require.Equal(t, 0, code, stderr)
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, val := range []string{"0.2", "0"} {
		code, _, stderr = runCLI("--data", diabetes, "--method", "adam", "--lr", "1e6", "--save", path, "--val", val)
		assert.Equal(t, 1, code)
		assert.Contains(t, stderr, "diverged")
		assert.Contains(t, stderr, "not written: the run never improved on its random initialization")
		after, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, before, after, "--val %s", val)
	}
}

func TestBadPatienceAndEvalEveryAreUsageErrors(t *testing.T) {
	code, _, stderr := runCLI("--data", diabetes, "--patience", "-1")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--patience")
	code, _, stderr = runCLI("--data", diabetes, "--eval-every", "-3")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--eval-every")
}

func TestCurveOntoTheDataOrTheModelIsRefused(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "d.csv")
	body, err := os.ReadFile(diabetes)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(data, body, 0o644))
	code, _, stderr := runCLI("--data", data, "--curve", data)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--curve")
	m := filepath.Join(dir, "m.safetensors")
	code, _, stderr = runCLI("--data", data, "--curve", m, "--save", m)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--curve")
	assert.NoFileExists(t, m)
	got, err := os.ReadFile(data)
	require.NoError(t, err)
	assert.Equal(t, body, got)
}
