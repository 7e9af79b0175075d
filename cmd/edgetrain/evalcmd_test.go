package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// linearModel saves a one-layer identity model f_c = w_c·x + b_c (σ_w = σ_b = 1, no
// normalization), whose predictions are known by hand.
func linearModel(t *testing.T, dir string, task tinynet.Loss, w, b []float32, targets []string) string {
	spec := tinynet.Spec{Widths: []int{1, len(w)}, Activation: simd.Identity, SigmaW: 1, SigmaB: 1}
	net := tinynet.New(spec)
	copy(net.Params, append(append([]float32(nil), w...), b...))
	m := &model.Model{Net: net, Task: task, Features: []string{"x"}, Targets: targets, Method: "exact"}
	path := filepath.Join(dir, "m.safetensors")
	require.NoError(t, model.Save(path, m))
	return path
}

func writeCSV(t *testing.T, dir, body string) string {
	path := filepath.Join(dir, "d.csv")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
	return path
}

func TestEvalRegressionScoresByHand(t *testing.T) {
	dir := t.TempDir()
	// f = (2x+1, −x); the rows' targets differ from it by (0,0,−1,0) and (0,0,0,−2)
	m := linearModel(t, dir, tinynet.MSE, []float32{2, -1}, []float32{1, 0}, []string{"a", "b"})
	data := writeCSV(t, dir, "b,x,a\n0,0,1\n-1,1,3\n-2,2,6\n-1,3,7\n")
	code, stdout, stderr := runCLI("eval", "--model", m, "--data", data, "--json")
	require.Equal(t, 0, code, stderr)
	var rep evalReportJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	assert.Equal(t, "regression", rep.Task)
	assert.Equal(t, 4, rep.Rows)
	require.Len(t, rep.Targets, 2)
	a, b := rep.Targets[0], rep.Targets[1]
	assert.Equal(t, "a", a.Name)
	// a: mean 4.25, Σ(t−mean)² = 22.75, Σe² = 1
	assert.InDelta(t, 1-1/22.75, a.R2, 1e-9)
	assert.InDelta(t, 0.5, a.RMSE, 1e-9)
	assert.InDelta(t, 0.25, a.MAE, 1e-9)
	// b: mean −1, Σ(t−mean)² = 2, Σe² = 4
	assert.InDelta(t, -1, b.R2, 1e-9)
	assert.InDelta(t, 1, b.RMSE, 1e-9)
	assert.InDelta(t, 0.5, b.MAE, 1e-9)
	require.NotNil(t, rep.Mean)
	assert.InDelta(t, (1-1/22.75-1)/2, rep.Mean.R2, 1e-9)
	assert.InDelta(t, 0.75, rep.Mean.RMSE, 1e-9)
	assert.InDelta(t, 0.375, rep.Mean.MAE, 1e-9)

	code, stdout, stderr = runCLI("eval", "--model", m, "--data", data)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "4 rows, regression")
	assert.Regexp(t, `a\s+0\.9560\s+0\.5\s+0\.25`, stdout)
	assert.Regexp(t, `mean\s+-0\.0220\s+0\.75\s+0\.375`, stdout)
}

func TestEvalClassificationScoresByHand(t *testing.T) {
	dir := t.TempDir()
	// logits (0, x): p(1) = 3/4 at x = ln 3, 1/4 at −ln 3, 1/2 at 0 (a tie predicts class 0)
	m := linearModel(t, dir, tinynet.SoftmaxCE, []float32{0, 1}, []float32{0, 0}, []string{"label"})
	l3 := math.Log(3)
	data := writeCSV(t, dir, fmt.Sprintf("x,label\n%v,1\n%v,0\n%v,0\n0,1\n%v,0\n", l3, l3, -l3, -l3))
	code, stdout, stderr := runCLI("eval", "--model", m, "--data", data, "--json")
	require.Equal(t, 0, code, stderr)
	var rep evalReportJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	assert.Equal(t, "classification", rep.Task)
	assert.Equal(t, 2, rep.Classes)
	require.NotNil(t, rep.ClassScores)
	assert.InDelta(t, 3.0/5, rep.Accuracy, 1e-12)
	assert.InDelta(t, (2.0/3+1.0/2)/2, rep.BalancedAccuracy, 1e-12)
	// p(true) = 3/4, 1/4, 3/4, 1/2, 3/4
	assert.InDelta(t, (3*math.Log(4.0/3)+math.Log(4)+math.Log(2))/5, rep.LogLoss, 1e-6)
	assert.Equal(t, [][]int{{2, 1}, {1, 1}}, rep.Confusion)

	code, stdout, stderr = runCLI("eval", "--model", m, "--data", data)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "accuracy 0.6000  balanced accuracy 0.5833")
	assert.Regexp(t, `0\s+2\s+1\n\s+1\s+1\s+1`, stdout)
}

func TestEvalRefusesUnlabelledRowsAndUnknownClasses(t *testing.T) {
	dir := t.TempDir()
	m := linearModel(t, dir, tinynet.SoftmaxCE, []float32{0, 1}, []float32{0, 0}, []string{"label"})
	code, _, stderr := runCLI("eval", "--model", m, "--data", writeCSV(t, dir, "x\n1\n2\n"))
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `no column named "label"`)
	code, _, stderr = runCLI("eval", "--model", m, "--data", writeCSV(t, dir, "x,label\n1,0\n2,2\n"))
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "d.csv:3:2:")
	assert.Contains(t, stderr, "not one of the model's classes 0..1")
	code, _, stderr = runCLI("eval", "--model", m)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--data")
}

func TestEvalAgreesWithTheValidationScoreOfTraining(t *testing.T) {
	// eval of the saved model on the held-out rows gives the R² training reported for them
	dir := t.TempDir()
	path := filepath.Join(dir, "m.safetensors")
	code, stdout, stderr := runCLI("--data", "../../testdata/airquality_ozone.csv", "--split", "chrono", "--json", "--save", path)
	require.Equal(t, 0, code, stderr)
	want := lastJSON(t, stdout)["val_r2"].(float64)
	body, err := os.ReadFile("../../testdata/airquality_ozone.csv")
	require.NoError(t, err)
	lines := splitLines(string(body))
	n := len(lines) - 1
	nval := int(math.Round(0.2 * float64(n)))
	held := lines[0] + "\n"
	for _, l := range lines[1+n-nval:] {
		held += l + "\n"
	}
	code, stdout, stderr = runCLI("eval", "--model", path, "--data", writeCSV(t, dir, held), "--json")
	require.Equal(t, 0, code, stderr)
	var rep evalReportJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	assert.Equal(t, nval, rep.Rows)
	assert.InDelta(t, want, rep.Mean.R2, 1e-6)
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		if l := s[:i]; len(l) > 0 && l != "\r" {
			out = append(out, l)
		}
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}
