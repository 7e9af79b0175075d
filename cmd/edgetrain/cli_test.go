package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestBadInputExitsTwoWithPlaceAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	cases := []struct {
		name, file, extra, want string
	}{
		{"missing file", filepath.Join(dir, "nope.csv"), "", "nope.csv"},
		{"empty file", write("empty.csv", ""), "", "empty.csv"},
		{"no header", write("nohdr.csv", "1,2,3\n4,5,6\n"), "", "nohdr.csv:1"},
		{"non-numeric cell", write("nonnum.csv", "a,b,target\n1,2,3\n4,ERR,6\n"), "", `nonnum.csv:3:2: missing value "ERR"`},
		{"ragged row", write("ragged.csv", "a,b,target\n1,2,3\n4,5\n7,8,9\n"), "", "ragged.csv:3"},
		{"unknown target", write("ok.csv", "a,b,target\n1,2,3\n4,5,6\n7,8,9\n"), "--target=zzz", `no column named "zzz"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".safetensors")
			args := []string{"--data", tc.file, "--save", out, "--epochs", "1"}
			if tc.extra != "" {
				args = append(args, tc.extra)
			}
			code, _, stderr := runCLI(args...)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr, tc.want)
			assert.NoFileExists(t, out)
		})
	}
}

func TestUnknownFlagAndMethodExitTwo(t *testing.T) {
	code, _, _ := runCLI("--data", "../../testdata/iris.csv", "--nonsense")
	assert.Equal(t, 2, code)
	code, _, stderr := runCLI("--data", "../../testdata/iris.csv", "--method", "newton")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--method")
}

type vectorEntry struct {
	Case, Widths, Activation, Loss, Method, Data, Init, Delta string
	LR                                                        float64 `json:"lr"`
	Damping                                                   float64 `json:"damping"`
	N                                                         int
}

func loadIndex(t *testing.T) []vectorEntry {
	b, err := os.ReadFile("../../testdata/vectors/index.json")
	require.NoError(t, err)
	var idx []vectorEntry
	require.NoError(t, json.Unmarshal(b, &idx))
	return idx
}

func readTensors(t *testing.T, path string) map[string][]float64 {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	ts, _, err := tinynet.ReadSafetensors(b)
	require.NoError(t, err)
	m := map[string][]float64{}
	for _, x := range ts {
		m[x.Name] = x.Data
	}
	return m
}

// The CLI contract every later check relies on: with --val 0 --batch full --steps 1
// --normalize=false --init W --lr X --damping R, the saved weights are W after exactly one
// step of the method on the whole file.
func TestOneFullBatchStepFromInitMatchesReferenceVectors(t *testing.T) {
	for _, v := range loadIndex(t) {
		t.Run(v.Case+"/"+v.Method, func(t *testing.T) {
			dir := "../../testdata/vectors/"
			out := filepath.Join(t.TempDir(), "out.safetensors")
			code, _, stderr := runCLI("--data", dir+v.Data, "--method", v.Method, "--val", "0", "--batch", "full",
				"--steps", "1", "--normalize=false", "--init", dir+v.Init,
				"--lr", ftoa(v.LR), "--damping", ftoa(v.Damping), "--save", out)
			require.Equal(t, 0, code, stderr)
			init := readTensors(t, dir+v.Init)
			want := readTensors(t, dir+v.Delta)
			got := readTensors(t, out)
			var num, den float64
			for name, d := range want {
				for i := range d {
					delta := got[name][i] - init[name][i]
					num += (delta - d[i]) * (delta - d[i])
					den += d[i] * d[i]
				}
			}
			assert.Less(t, math.Sqrt(num/den), 1e-4)
		})
	}
}

func ftoa(v float64) string { b, _ := json.Marshal(v); return string(b) }

func TestTrainSaveAndPredictRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.safetensors")
	code, stdout, stderr := runCLI("--data", "../../testdata/seattle_hourly_temp_windows.csv", "--epochs", "1", "--steps", "60", "--save", path)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "epoch   1")
	assert.Contains(t, stdout, "val_r2")

	m, err := model.Load(path)
	require.NoError(t, err)
	assert.Equal(t, "18,32,32,1", m.Net.Spec.WidthsString())
	assert.Equal(t, "target", m.Targets[0])
	require.NotNil(t, m.YNorm)

	code, stdout, stderr = runCLI("predict", "--model", path, "--data", "../../testdata/seattle_hourly_temp_windows.csv")
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	assert.Equal(t, "prediction", lines[0])
	assert.Len(t, lines, 8753+1)
}

func TestSeattleDefaultsReachR2(t *testing.T) {
	if testing.Short() {
		t.Skip("full training run")
	}
	code, stdout, stderr := runCLI("--data", "../../testdata/seattle_hourly_temp_windows.csv", "--json")
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var sum map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &sum))
	assert.Greater(t, sum["val_r2"].(float64), 0.95)
}

func TestBenchJSONReportsEveryMethodWithoutAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("timing run")
	}
	code, stdout, stderr := runCLI("bench", "--quick", "--json")
	require.Equal(t, 0, code, stderr)
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var r benchRow
		require.NoError(t, json.Unmarshal([]byte(line), &r))
		seen[r.Method] = true
		if r.Note == "" {
			assert.Greater(t, r.USPerStep, 0.0)
			assert.Greater(t, r.GFLOPs, 0.0, "%s %s %s", r.Method, r.Config, r.Impl)
			assert.Less(t, r.AllocsPerStep, 0.5, "%s %s %s", r.Method, r.Config, r.Impl)
		}
	}
	for _, m := range []string{"exact", "sgd", "adam"} {
		assert.True(t, seen[m], m)
	}
}

func TestInfoNamesTheSelectedPath(t *testing.T) {
	code, stdout, _ := runCLI("info")
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "selected:")
}

func TestClassifiersReachAccuracyWithDefaults(t *testing.T) {
	for _, data := range []string{"wine", "breast_cancer"} {
		t.Run(data, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "m.safetensors")
			code, stdout, stderr := runCLI("--data", "../../testdata/"+data+".csv", "--json", "--save", path)
			require.Equal(t, 0, code, stderr)
			lines := strings.Split(strings.TrimSpace(stdout), "\n")
			var sum map[string]any
			require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &sum))
			assert.GreaterOrEqual(t, sum["val_accuracy"].(float64), 0.95)

			code, stdout, stderr = runCLI("predict", "--model", path, "--data", "../../testdata/"+data+".csv")
			require.Equal(t, 0, code, stderr)
			header := strings.SplitN(stdout, "\n", 2)[0]
			assert.True(t, strings.HasPrefix(header, "class,p_0,p_1"), header)
		})
	}
}

func TestForsterTransformIsSavedAndAppliedAtPredict(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.safetensors")
	code, _, stderr := runCLI("--data", "../../testdata/wine.csv", "--method", "kfac", "--forster", "--epochs", "3", "--save", path)
	require.Equal(t, 0, code, stderr)
	m, err := model.Load(path)
	require.NoError(t, err)
	require.Len(t, m.Forster, 13*13)
	code, stdout, stderr := runCLI("predict", "--model", path, "--data", "../../testdata/wine.csv")
	require.Equal(t, 0, code, stderr)
	assert.Len(t, strings.Split(strings.TrimSpace(stdout), "\n"), 178+1)
}

func TestBalancedClassWeightsGiveEveryClassTheSameTotal(t *testing.T) {
	d := &model.Data{Out: 3, Labels: true, Y: []float32{0, 0, 0, 0, 1, 1, 2, 0}}
	train := []int{0, 1, 2, 3, 4, 5, 6} // row 7 is held out
	w := balancedClassWeights(d, train)
	assert.InDelta(t, 7.0/(3*4), w[0], 1e-6)
	assert.InDelta(t, 7.0/(3*2), w[1], 1e-6)
	assert.InDelta(t, 7.0/(3*1), w[2], 1e-6)
	assert.InDelta(t, 4*w[0], 2*w[1], 1e-6)
	assert.InDelta(t, 2*w[1], 1*w[2], 1e-6)
}

func TestClassWeightBalancedChangesTheTrainedModel(t *testing.T) {
	dir := t.TempDir()
	var models [2]*model.Model
	for i, cw := range []string{"none", "balanced"} {
		path := filepath.Join(dir, cw+".safetensors")
		code, _, stderr := runCLI("--data", "../../testdata/breast_cancer.csv", "--class-weight", cw, "--epochs", "2", "--save", path)
		require.Equal(t, 0, code, stderr)
		m, err := model.Load(path)
		require.NoError(t, err)
		models[i] = m
	}
	assert.NotEqual(t, models[0].Net.Params, models[1].Net.Params)

	code, _, stderr := runCLI("--data", "../../testdata/wine.csv", "--class-weight", "heavy")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--class-weight")
}

// Binary problems use two softmax outputs (not one Bernoulli logit), so every method's
// categorical Fisher serves them unchanged.
func TestBinaryClassifierHasTwoSoftmaxOutputs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.safetensors")
	code, _, stderr := runCLI("--data", "../../testdata/breast_cancer.csv", "--epochs", "1", "--save", path)
	require.Equal(t, 0, code, stderr)
	m, err := model.Load(path)
	require.NoError(t, err)
	assert.Equal(t, tinynet.SoftmaxCE, m.Task)
	assert.Equal(t, 2, m.Net.Spec.Outputs())
	assert.Equal(t, []string{"label"}, m.Targets)
}

func TestBadLabelsAreInputErrorsWithTheirPlace(t *testing.T) {
	dir := t.TempDir()
	frac := filepath.Join(dir, "frac.csv")
	require.NoError(t, os.WriteFile(frac, []byte("a,b,label\n1,2,0\n3,4,1\n5,6,0.5\n7,8,1\n"), 0o644))
	code, _, stderr := runCLI("--data", frac, "--val", "0")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "frac.csv:4:3:")

	// class 2 appears only in the held-out (last, chronological) rows
	unseen := filepath.Join(dir, "unseen.csv")
	body := "a,b,label\n"
	for i := 0; i < 8; i++ {
		body += fmt.Sprintf("%d,%d,%d\n", i, 2*i, i%2)
	}
	body += "9,9,2\n9,8,2\n"
	require.NoError(t, os.WriteFile(unseen, []byte(body), 0o644))
	code, _, stderr = runCLI("--data", unseen, "--split", "chrono", "--val", "0.2")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "unseen.csv:10:3:")
	assert.Contains(t, stderr, "does not occur in the training rows")
}

// A model continued on data with a different number of features is refused with both
// shapes named, before any data is mapped (it used to panic in the standardizer).
func TestInitWithAModelOfOtherWidthsIsAnInputError(t *testing.T) {
	dir := t.TempDir()
	wide := filepath.Join(dir, "wide.safetensors")
	code, _, stderr := runCLI("--data", "../../testdata/seattle_hourly_temp_windows.csv", "--steps", "1", "--save", wide)
	require.Equal(t, 0, code, stderr)
	narrow := filepath.Join(dir, "narrow.csv")
	require.NoError(t, os.WriteFile(narrow, []byte("a,b,target\n1,2,3\n4,5,6\n7,8,10\n"), 0o644))
	code, _, stderr = runCLI("--data", narrow, "--init", wide, "--steps", "1")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "the model has 18 inputs and 1 outputs, "+narrow+" gives 2 and 1")
}

// Column names with commas and quotes survive training, saving and prediction.
func TestColumnNamesWithCommasRoundTripThroughTheCLI(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "d.csv")
	body := "\"temp, °C\",\"say \"\"hi\"\"\",target\n"
	for i := 0; i < 40; i++ {
		body += fmt.Sprintf("%d,%d,%d\n", i, i%7, 2*i+i%7)
	}
	require.NoError(t, os.WriteFile(data, []byte(body), 0o644))
	path := filepath.Join(dir, "m.safetensors")
	code, _, stderr := runCLI("--data", data, "--steps", "5", "--save", path)
	require.Equal(t, 0, code, stderr)
	m, err := model.Load(path)
	require.NoError(t, err)
	assert.Equal(t, []string{"temp, °C", `say "hi"`}, m.Features)
	code, stdout, stderr := runCLI("predict", "--model", path, "--data", data)
	require.Equal(t, 0, code, stderr)
	assert.Len(t, strings.Split(strings.TrimSpace(stdout), "\n"), 41)
}
