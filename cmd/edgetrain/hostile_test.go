package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
	"github.com/edgetrain/edgetrain/tinynet/table"
)

// writeFile writes body to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	return p
}

// One training row, or columns that never vary, leave nothing to fit after
// standardization: every step has zero residual. Training is then a run of no-op steps
// that succeeds and saves a model predicting the constant target.
func TestZeroResidualTrainingSucceedsAndSaves(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"one-row":  "a,b,target\n1,2,3\n",
		"constant": "a,b,target\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n",
	} {
		for _, method := range []string{"exact", "kfac", "adam"} {
			t.Run(name+"/"+method, func(t *testing.T) {
				data := writeFile(t, dir, name+".csv", body)
				out := filepath.Join(dir, name+"-"+method+".safetensors")
				args := []string{"--data", data, "--save", out, "--method", method}
				if method == "adam" {
					args = append(args, "--lr", "0.01")
				}
				code, stdout, stderr := runCLI(args...)
				require.Equal(t, 0, code, stderr)
				assert.Contains(t, stdout, "(0 rejected)")
				m, err := model.Load(out)
				require.NoError(t, err)
				code, pred, stderr := runCLI("predict", "--model", out, "--data", data)
				require.Equal(t, 0, code, stderr)
				assert.Equal(t, "3", strings.Split(pred, "\n")[1], "model %v", m.Step)
			})
		}
	}
}

// Flag values the flag package parses but training cannot use are usage errors (exit 2)
// that name the flag, and nothing is written.
func TestContradictoryOrOutOfRangeFlagsExitTwo(t *testing.T) {
	dir := t.TempDir()
	reg := writeFile(t, dir, "reg.csv", "a,b,t\n1,2,3\n4,5,6\n7,8,9\n")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--epochs", "-5"}, "--epochs"},
		{[]string{"--steps", "-5"}, "--steps"},
		{[]string{"--max-rel-step", "nan"}, "--max-rel-step"},
		{[]string{"--max-rel-step", "-1"}, "--max-rel-step"},
		{[]string{"--max-rel-step", "inf"}, "--max-rel-step"},
		{[]string{"--sigma-w", "nan"}, "--sigma-w"},
		{[]string{"--sigma-b", "-1"}, "--sigma-b"},
		{[]string{"--task", "regression", "--label", "x"}, "--label"},
		{[]string{"--target", "t,t"}, `"t" twice`},
		{[]string{"--target", "t,"}, "empty column name"},
		{[]string{"--label", "t", "--target", "t"}, "not both"},
		{[]string{"--task", "classification", "--target", "a,t"}, "one label column"},
		{[]string{"--save", "-"}, "--save writes a checkpoint file"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out := filepath.Join(dir, "m.safetensors")
			code, _, stderr := runCLI(append([]string{"--data", reg, "--save", out}, tc.args...)...)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr, tc.want)
			assert.NoFileExists(t, out)
		})
	}
}

// --save onto the training file would destroy it; it is refused however the two paths
// are spelled, and the data is untouched.
func TestSaveOntoTheDataFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	body := "a,b,t\n1,2,3\n4,5,6\n7,8,9\n"
	data := writeFile(t, dir, "d.csv", body)
	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.Symlink(data, link))
	for _, save := range []string{data, filepath.Join(dir, ".", "d.csv"), link} {
		code, _, stderr := runCLI("--data", data, "--save", save, "--epochs", "1")
		assert.Equal(t, 2, code, save)
		assert.Contains(t, stderr, "would overwrite the training data")
		b, err := os.ReadFile(data)
		require.NoError(t, err)
		assert.Equal(t, body, string(b))
	}
}

// An output path that cannot be written is found before training starts, not after the
// work is done; no file or temporary file is left.
func TestUnwritableSavePathIsFoundBeforeTraining(t *testing.T) {
	dir := t.TempDir()
	data := writeFile(t, dir, "d.csv", "a,b,t\n1,2,3\n4,5,6\n7,8,9\n")
	for _, save := range []string{
		filepath.Join(dir, "no-such-dir", "m.safetensors"),
		filepath.Join(data, "m.safetensors"),
		dir,
	} {
		code, stdout, stderr := runCLI("--data", data, "--save", save, "--epochs", "1")
		assert.Equal(t, 2, code, save)
		assert.Contains(t, stderr, "checked before training")
		assert.NotContains(t, stdout, "epoch", "no training happened")
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "only the data file")
}

// Labels that are all the same value give nothing to classify; a huge label is refused
// at its cell before any network is sized from it.
func TestDegenerateAndHugeLabelsAreInputErrors(t *testing.T) {
	dir := t.TempDir()
	same := writeFile(t, dir, "same.csv", "a,label\n1,1\n2,1\n3,1\n4,1\n5,1\n")
	code, _, stderr := runCLI("--data", same, "--epochs", "1")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "at least 2 distinct classes")
	assert.Contains(t, stderr, `every label in column "label" is 1`)

	huge := writeFile(t, dir, "huge.csv", "a,label\n1,0\n2,1\n3,100000\n4,1\n5,0\n")
	code, _, stderr = runCLI("--data", huge, "--epochs", "1", "--val", "0")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "huge.csv:4:2: label 100000 is too large")
}

const naCSV = "a,b,target\n1,2,3\n2,NA,5\n3,4,\n4,5,9\n5,ERR,11\n6,7,13\n7,8,15\n8,9,17\n"

// Missing values: by default an input error at the cell that suggests --na; skip drops
// the rows and says how many per column; mean fills inputs with training means that the
// model keeps and predict applies.
func TestMissingValuesErrorSkipOrMean(t *testing.T) {
	dir := t.TempDir()
	data := writeFile(t, dir, "na.csv", naCSV)
	out := filepath.Join(dir, "m.safetensors")

	code, _, stderr := runCLI("--data", data, "--save", out)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `na.csv:3:2: missing value "NA"`)
	assert.Contains(t, stderr, "--na skip")
	assert.NoFileExists(t, out)

	code, _, stderr = runCLI("--data", data, "--na", "drop")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--na must be error, skip or mean")

	code, _, stderr = runCLI("--data", data, "--na", "skip", "--val", "0", "--epochs", "1", "--save", out)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "--na skip: dropped 3 of 8 rows with a missing value (missing per column: b 2, target 1)")
	m, err := model.Load(out)
	require.NoError(t, err)
	assert.Nil(t, m.Impute)
	code, _, stderr = runCLI("predict", "--model", out, "--data", data)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "trained without --na mean")

	code, _, stderr = runCLI("--data", data, "--na", "mean", "--val", "0", "--epochs", "1", "--save", out)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "dropped 1 of 8 rows with a missing target")
	assert.Contains(t, stderr, "filled in missing inputs with training means (per column: b 2)")
	m, err = model.Load(out)
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{33.0 / 7, 31.0 / 5}, m.Impute, 1e-6, "means over the 7 rows with a target (stored as float32)")
	code, pred, stderr := runCLI("predict", "--model", out, "--data", data)
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(pred), "\n")
	require.Len(t, lines, 9)
	filled := writeFile(t, dir, "filled.csv", "a,b\n2,"+ftoa(m.Impute[1])+"\n")
	code, pred2, stderr := runCLI("predict", "--model", out, "--data", filled)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, lines[2], strings.Split(pred2, "\n")[1], "row 2,NA predicts as 2,mean(b)")
}

// --data - reads the CSV from standard input, for training and for predict; errors
// name it <stdin>.
func TestDataDashReadsStandardInput(t *testing.T) {
	defer func(r io.Reader) { stdin = r }(stdin)
	dir := t.TempDir()
	out := filepath.Join(dir, "m.safetensors")
	stdin = strings.NewReader("a,b,target\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n")
	code, _, stderr := runCLI("--data", "-", "--epochs", "1", "--save", out)
	require.Equal(t, 0, code, stderr)
	stdin = strings.NewReader("a,b\n1,2\n")
	code, pred, stderr := runCLI("predict", "--model", out, "--data", "-")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, 2, strings.Count(pred, "\n"))
	stdin = strings.NewReader("a,b,target\n1,2,x\n")
	code, _, stderr = runCLI("--data", "-")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `<stdin>:2:3: "x" is not a number`)
}

// Values so large that standardization overflows, or that do not fit a float32 network,
// are input errors at the cell, not "loss is not finite" after training started.
func TestHugeCellsAreNamed(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		body  string
		extra []string
		want  string
	}{
		{"a,b,target\n1,2,3\n2,1e308,5\n3,4,6\n4,5,9\n5,1e308,11\n", nil, `:3:2: value 1e+308 is too large to standardize column "b"`},
		{"a,b,target\n1,2,3\n2,1e300,5\n3,4,6\n4,5,9\n5,3,11\n", nil, `:3:2: value 1e+300 is too large to standardize column "b"`},
		{"a,b,target\n1,2,3\n2,1,5\n3,4,-1e308\n4,5,9\n5,3,11\n", nil, `:4:3: value -1e+308 is too large to standardize column "target"`},
		{"a,b,target\n1,2,3\n2,1e39,5\n3,4,6\n4,5,9\n5,3,11\n", []string{"--normalize=false"}, ":3:2: value 1e+39 does not fit a float32 network input"},
		{"a,b,target\n1,2,3\n2,1,5\n3,4,6\n4,5,-1e39\n5,3,11\n", []string{"--normalize=false"}, ":5:3: target -1e+39 does not fit a float32"},
	}
	for i, tc := range cases {
		data := writeFile(t, dir, fmt.Sprintf("big%d.csv", i), tc.body)
		code, _, stderr := runCLI(append([]string{"--data", data, "--epochs", "1"}, tc.extra...)...)
		assert.Equal(t, 2, code, tc.want)
		assert.Contains(t, stderr, tc.want)
	}
	// A constant column of huge values standardizes to 0 and trains.
	data := writeFile(t, dir, "const.csv", "a,b,target\n1,1e200,3\n2,1e200,5\n3,1e200,6\n4,1e200,9\n5,1e200,11\n")
	code, _, stderr := runCLI("--data", data, "--epochs", "1")
	assert.Equal(t, 0, code, stderr)
}

// A table larger than --mem allows is refused while it is read, naming --mem.
func TestTableOverTheMemoryBudgetNamesMem(t *testing.T) {
	code, _, stderr := runCLI("--data", "../../testdata/iris.csv", "--mem", "1KiB")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "iris.csv:27: more than 128 values (25 rows of 5 columns)")
	assert.Contains(t, stderr, "of --mem 1KiB (8 bytes a value); raise --mem")
}

// eval reads standard input and, for a model trained with --na mean, fills in missing
// inputs and skips rows without a target.
func TestEvalReadsStdinAndMissingValues(t *testing.T) {
	defer func(r io.Reader) { stdin = r }(stdin)
	dir := t.TempDir()
	data := writeFile(t, dir, "na.csv", naCSV)
	out := filepath.Join(dir, "m.safetensors")
	code, _, stderr := runCLI("--data", data, "--na", "mean", "--val", "0", "--epochs", "1", "--save", out)
	require.Equal(t, 0, code, stderr)
	stdin = strings.NewReader(naCSV)
	code, stdout, stderr := runCLI("eval", "--model", out, "--data", "-", "--json")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "1 of 8 rows lack a target")
	assert.Contains(t, stdout, `"rows":7`)
}

// predict works a chunk of rows at a time; every row, past the first chunk too, gets the
// prediction the model gives it alone.
func TestPredictInChunksMatchesRowByRow(t *testing.T) {
	out := filepath.Join(t.TempDir(), "m.safetensors")
	code, _, stderr := runCLI("--data", seattle, "--steps", "2", "--save", out)
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr := runCLI("predict", "--model", out, "--data", seattle)
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Len(t, lines, 8753+1)
	m, err := model.Load(out)
	require.NoError(t, err)
	tb, err := table.ReadFile(seattle)
	require.NoError(t, err)
	cols, err := m.InputColumns(tb)
	require.NoError(t, err)
	pr := model.NewPredictor(m, 1)
	for _, r := range []int{0, 511, 512, 1500, 8752} {
		got := []float64{0}
		pr.PredictRow(got, tb.Gather(cols, []int{r}))
		// The same prediction up to float32 rounding: the kernels may sum in another order
		// for one row than for a chunk (NEON GemmNT does), and the CSV holds 7 digits.
		printed, err := strconv.ParseFloat(lines[r+1], 64)
		require.NoError(t, err)
		assert.InEpsilon(t, got[0], printed, 2e-6, "row %d", r)
	}
}

// eval holds every prediction to score them; rows × classes past the memory default are
// refused before they are allocated.
func TestEvalRefusesPredictionsOverTheMemoryDefault(t *testing.T) {
	dir := t.TempDir()
	spec := tinynet.Spec{Widths: []int{1, 1024}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
	net := tinynet.New(spec)
	net.Init(1)
	mp := filepath.Join(dir, "m.safetensors")
	require.NoError(t, model.Save(mp, &model.Model{Net: net, Task: tinynet.SoftmaxCE, Features: []string{"x"}, Targets: []string{"label"}}))
	var b strings.Builder
	b.WriteString("x,label\n")
	for i := 0; i < 70000; i++ {
		b.WriteString("1,3\n")
	}
	data := writeFile(t, dir, "d.csv", b.String())
	code, _, stderr := runCLI("eval", "--model", mp, "--data", data)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "eval: 70000 rows × 1024 outputs need 1146880000 bytes of predictions, over 1GiB")
}

// --init with a model whose widths do not fit the data, here a regression model given a
// classification file, is refused before anything is sized from its spec (the trainer
// configuration would otherwise complain about the model's one output first).
func TestInitWithAModelOfTheOtherTaskIsAnInputError(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "reg.safetensors")
	code, _, stderr := runCLI("--data", writeFile(t, dir, "r.csv", "a,b,target\n1,2,3\n4,5,6\n7,8,10\n"), "--steps", "1", "--save", reg)
	require.Equal(t, 0, code, stderr)
	code, _, stderr = runCLI("--data", "../../testdata/iris.csv", "--init", reg, "--steps", "1")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "the model has 2 inputs and 1 outputs, ../../testdata/iris.csv gives 4 and 3")
	code, _, stderr = runCLI("--data", "../../testdata/iris.csv", "--init", reg, "--steps", "1", "--task", "regression", "--target", "label")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "the model has 2 inputs and 1 outputs, ../../testdata/iris.csv gives 4 and 1")
}
