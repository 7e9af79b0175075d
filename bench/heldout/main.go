// Command heldout scores edgetrain's training methods the way a new user would meet them:
// for each CSV file it shuffles the rows with a seeded generator, writes 80% to a training
// file and 20% to a test file, trains with
//
//	BIN --data train.csv --method M --save m.safetensors [--seed S] [extra flags]
//
// (all other flags at their defaults), predicts the test rows with
//
//	BIN predict --model m.safetensors --data test.csv
//
// and scores the predictions against the test file's own columns: the coefficient of
// determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² for regression (ȳ the test mean; averaged
// over the targets when there are several) and the fraction of correct classes for
// classification. A file is a classification task when it has a `label` column (the CLI's
// rule), else its targets are the `--target` columns named in --extra, else `target`, else
// the last column.
//
// The result is a Markdown table, one row per file and one column per method, with the
// difference between the best natural-gradient method and Adam and a check of the rule
// "every NGD method is at least Adam − 0.02, and exact or blockdiag beats Adam"; a second
// table gives the training wall seconds. Runs are sequential. A training or prediction
// that fails is shown as failed in the table; the other runs go on.
//
//	go build -o /tmp/edgetrain ./cmd/edgetrain
//	go run ./bench/heldout --bin /tmp/edgetrain --data testdata/iris.csv,testdata/diabetes.csv
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ngdMethods are the natural-gradient methods the acceptance rule is about; the baselines
// are sgd and adam.
var ngdMethods = map[string]bool{"exact": true, "blockdiag": true, "tridiag": true, "unitwise": true, "kfac": true}

// tolerance is how far below Adam's held-out score an NGD method may fall.
const tolerance = 0.02

type config struct {
	bin       string
	files     []string
	methods   []string
	seeds     []uint64
	extra     []string
	out       string
	csvOut    string
	bestEpoch bool
	testFrac  float64
	timeout   time.Duration
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "heldout:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("heldout", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bin := fs.String("bin", "", "edgetrain `binary` to run")
	data := fs.String("data", "", "comma-separated CSV `files`")
	methods := fs.String("methods", "exact,blockdiag,tridiag,unitwise,kfac,sgd,adam", "comma-separated methods")
	seeds := fs.String("seeds", "1", "comma-separated seeds; each seeds the split and is passed as --seed; scores are averaged")
	extra := fs.String("extra", "", "further training `flags`, space-separated, appended to every training run")
	out := fs.String("out", "", "also write the Markdown tables to this `file`")
	csvOut := fs.String("csv", "", "also write one CSV row per run (file, method, seed, metric, score, seconds, error) to this `file`")
	testFrac := fs.Float64("test", 0.2, "fraction of rows held out for the test file")
	bestEp := fs.Bool("best-epoch", false, "emulate early stopping with restore-best: retrain each run to the epoch of least validation loss in its progress output")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up on one training run after this long")
	if err := fs.Parse(args); err != nil {
		return config{}, usageError{err.Error()}
	}
	if *bin == "" || *data == "" {
		return config{}, usageError{"need --bin BINARY and --data a.csv,b.csv,..."}
	}
	if !(*testFrac > 0 && *testFrac < 1) {
		return config{}, usageError{fmt.Sprintf("--test %v: want a fraction in (0, 1)", *testFrac)}
	}
	c := config{bin: *bin, files: splitList(*data), methods: splitList(*methods), extra: strings.Fields(*extra), out: *out, csvOut: *csvOut, bestEpoch: *bestEp, testFrac: *testFrac, timeout: *timeout}
	for _, s := range splitList(*seeds) {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return config{}, usageError{fmt.Sprintf("--seeds: %q is not a seed", s)}
		}
		c.seeds = append(c.seeds, v)
	}
	if len(c.files) == 0 || len(c.methods) == 0 || len(c.seeds) == 0 {
		return config{}, usageError{"--data, --methods and --seeds must not be empty"}
	}
	return c, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// result is one (file, method) cell, averaged over the seeds that succeeded.
type result struct {
	scores  []float64
	seconds []float64
	failure string // the first failure, if any seed failed
}

func (r result) ok() bool { return r.failure == "" && len(r.scores) > 0 }

func (r result) score() float64 { return mean(r.scores) }

// runRecord is one training run, for --csv.
type runRecord struct {
	file, method, metric string
	seed                 uint64
	score, seconds       float64
	err                  string
}

type fileResult struct {
	name     string
	metric   string // "R²" or "acc"
	rows     int
	byMethod map[string]*result
	runs     []runRecord
}

func run(args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "heldout-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var results []fileResult
	for _, file := range c.files {
		fr, err := evalFile(c, file, tmp, stderr)
		if err != nil {
			return err
		}
		results = append(results, fr)
	}
	var md bytes.Buffer
	writeTables(&md, c, results)
	if _, err := stdout.Write(md.Bytes()); err != nil {
		return err
	}
	if c.out != "" {
		if err := os.WriteFile(c.out, md.Bytes(), 0o644); err != nil {
			return err
		}
	}
	if c.csvOut != "" {
		return writeCSV(c.csvOut, results)
	}
	return nil
}

func writeCSV(path string, results []fileResult) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"file", "method", "seed", "metric", "score", "seconds", "error"})
	for _, fr := range results {
		for _, r := range fr.runs {
			score, secs := "", ""
			if r.err == "" {
				score = strconv.FormatFloat(r.score, 'f', 6, 64)
				secs = strconv.FormatFloat(r.seconds, 'f', 3, 64)
			}
			w.Write([]string{r.file, r.method, strconv.FormatUint(r.seed, 10), r.metric, score, secs, r.err})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

func evalFile(c config, file, tmp string, log io.Writer) (fileResult, error) {
	t, err := readTable(file)
	if err != nil {
		return fileResult{}, err
	}
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	fr := fileResult{name: name, rows: len(t.rows), byMethod: map[string]*result{}}
	classify := t.column("label") >= 0
	var targets []int
	if classify {
		fr.metric = "acc"
		targets = []int{t.column("label")}
	} else {
		fr.metric = "R²"
		targets, err = regressionTargets(t, c.extra)
		if err != nil {
			return fileResult{}, fmt.Errorf("%s: %w", file, err)
		}
	}
	for _, m := range c.methods {
		fr.byMethod[m] = &result{}
	}
	fail := func(m string, seed uint64, msg string) {
		fmt.Fprintf(log, "%s %s seed %d: FAILED %s\n", name, m, seed, msg)
		if r := fr.byMethod[m]; r.failure == "" {
			r.failure = msg
		}
		fr.runs = append(fr.runs, runRecord{file: name, method: m, metric: fr.metric, seed: seed, err: msg})
	}
	for _, seed := range c.seeds {
		train, test := split(len(t.rows), c.testFrac, seed)
		trainPath := filepath.Join(tmp, name+".train.csv")
		testPath := filepath.Join(tmp, name+".test.csv")
		if err := t.write(trainPath, train); err != nil {
			return fileResult{}, err
		}
		if err := t.write(testPath, test); err != nil {
			return fileResult{}, err
		}
		for _, m := range c.methods {
			r := fr.byMethod[m]
			model := filepath.Join(tmp, name+"."+m+".safetensors")
			os.Remove(model)
			trainArgs := []string{"--data", trainPath, "--method", m, "--save", model, "--seed", strconv.FormatUint(seed, 10)}
			trainArgs = append(trainArgs, c.extra...)
			start := time.Now()
			progress, errOut, err := execute(c, trainArgs)
			secs := time.Since(start).Seconds()
			if err == nil && c.bestEpoch {
				// Emulate restore-best: training is deterministic for a seed, so a rerun
				// that stops at the epoch of least validation loss ends at that epoch's
				// weights.
				if best, last := bestEpoch(progress); best > 0 && best < last {
					fmt.Fprintf(log, "%s %s seed %d: best validation loss at epoch %d of %d; retraining to it\n", name, m, seed, best, last)
					_, errOut, err = execute(c, append(trainArgs, "--epochs", strconv.Itoa(best)))
				}
			}
			if err != nil {
				msg := fmt.Sprintf("train: %v", err)
				if tail := lastLine(errOut); tail != "" {
					msg += ": " + tail
				}
				fail(m, seed, msg)
				continue
			}
			pred, errOut, err := execute(c, []string{"predict", "--model", model, "--data", testPath})
			if err != nil {
				msg := fmt.Sprintf("predict: %v: %s", err, lastLine(errOut))
				fail(m, seed, msg)
				continue
			}
			var s float64
			if classify {
				s, err = accuracy(pred, t, test, targets[0])
			} else {
				s, err = rSquared(pred, t, test, targets)
			}
			if err != nil {
				msg := fmt.Sprintf("score: %v", err)
				fail(m, seed, msg)
				continue
			}
			r.scores = append(r.scores, s)
			r.seconds = append(r.seconds, secs)
			fr.runs = append(fr.runs, runRecord{file: name, method: m, metric: fr.metric, seed: seed, score: s, seconds: secs})
			fmt.Fprintf(log, "%s %s seed %d: %s %.4f (%.1f s)\n", name, m, seed, fr.metric, s, secs)
		}
	}
	return fr, nil
}

// execute runs the binary and returns its stdout and stderr.
func execute(c config, args []string) ([]byte, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %v", c.timeout)
	}
	return out.Bytes(), errOut.Bytes(), err
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// bestEpoch reads the training progress lines ("epoch N ... val_loss V ...") and returns
// the first epoch with the least validation loss and the last epoch; 0, 0 when there are
// none.
func bestEpoch(progress []byte) (best, last int) {
	bestLoss := math.Inf(1)
	for _, line := range strings.Split(string(progress), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "epoch" {
			continue
		}
		epoch, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		for i := 2; i+1 < len(f); i++ {
			if f[i] != "val_loss" {
				continue
			}
			if v, err := strconv.ParseFloat(f[i+1], 64); err == nil {
				last = epoch
				if v < bestLoss {
					best, bestLoss = epoch, v
				}
			}
		}
	}
	return best, last
}

// table is a CSV file kept as its header and raw row lines, so that the split files
// carry exactly the original text.
type table struct {
	header []string
	head   string
	rows   []string
}

func readTable(path string) (*table, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	t := &table{}
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if t.head == "" {
			t.head = l
			t.header = strings.Split(l, ",")
			for i := range t.header {
				t.header[i] = strings.TrimSpace(t.header[i])
			}
			continue
		}
		t.rows = append(t.rows, l)
	}
	if t.head == "" || len(t.rows) < 5 {
		return nil, fmt.Errorf("%s: want a header and at least 5 rows", path)
	}
	return t, nil
}

func (t *table) column(name string) int {
	for j, h := range t.header {
		if h == name {
			return j
		}
	}
	return -1
}

func (t *table) write(path string, idx []int) error {
	var b strings.Builder
	b.WriteString(t.head)
	b.WriteByte('\n')
	for _, i := range idx {
		b.WriteString(t.rows[i])
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// cell parses field j of row i.
func (t *table) cell(i, j int) (float64, error) {
	f := strings.Split(t.rows[i], ",")
	if j >= len(f) {
		return 0, fmt.Errorf("row %d has %d fields, want column %d", i+2, len(f), j+1)
	}
	return strconv.ParseFloat(strings.TrimSpace(f[j]), 64)
}

// regressionTargets mirrors the CLI: the --target columns if given, else `target`, else
// the last column.
func regressionTargets(t *table, extra []string) ([]int, error) {
	var names []string
	for i, a := range extra {
		switch {
		case (a == "--target" || a == "-target") && i+1 < len(extra):
			names = splitList(extra[i+1])
		case strings.HasPrefix(a, "--target="), strings.HasPrefix(a, "-target="):
			names = splitList(a[strings.Index(a, "=")+1:])
		}
	}
	if len(names) == 0 {
		if j := t.column("target"); j >= 0 {
			return []int{j}, nil
		}
		return []int{len(t.header) - 1}, nil
	}
	var idx []int
	for _, n := range names {
		j := t.column(n)
		if j < 0 {
			return nil, fmt.Errorf("no column %q", n)
		}
		idx = append(idx, j)
	}
	return idx, nil
}

// split returns a seeded random partition of 0..n-1 into training and test indices; the
// test part has round(frac·n) rows (at least 1, and at least 1 row left for training).
func split(n int, frac float64, seed uint64) (train, test []int) {
	perm := rand.New(rand.NewPCG(seed, 0x68656c646f7574)).Perm(n)
	k := int(math.Round(frac * float64(n)))
	k = max(1, min(k, n-1))
	return perm[k:], perm[:k]
}

// readPredictions parses predict's CSV output: a header row and one row per test row.
func readPredictions(out []byte, rows int) ([]string, [][]string, error) {
	r := csv.NewReader(bytes.NewReader(out))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("predict output: %v", err)
	}
	if len(recs) != rows+1 {
		return nil, nil, fmt.Errorf("predict wrote %d rows for %d test rows", len(recs)-1, rows)
	}
	return recs[0], recs[1:], nil
}

// accuracy is the fraction of test rows whose predicted class (predict's `class` column)
// equals the label.
func accuracy(out []byte, t *table, test []int, label int) (float64, error) {
	head, recs, err := readPredictions(out, len(test))
	if err != nil {
		return 0, err
	}
	if len(head) == 0 || head[0] != "class" {
		return 0, fmt.Errorf("predict output starts with %q, want a class column", strings.Join(head, ","))
	}
	correct := 0
	for k, i := range test {
		want, err := t.cell(i, label)
		if err != nil {
			return 0, err
		}
		got, err := strconv.ParseFloat(recs[k][0], 64)
		if err != nil {
			return 0, fmt.Errorf("predicted class %q: %v", recs[k][0], err)
		}
		if got == want {
			correct++
		}
	}
	return float64(correct) / float64(len(test)), nil
}

// rSquared is the held-out coefficient of determination, averaged over the targets;
// predict writes one column per target (`prediction`, or `prediction_0`..).
func rSquared(out []byte, t *table, test []int, targets []int) (float64, error) {
	head, recs, err := readPredictions(out, len(test))
	if err != nil {
		return 0, err
	}
	if len(head) != len(targets) || !strings.HasPrefix(head[0], "prediction") {
		return 0, fmt.Errorf("predict wrote columns %q for %d targets", strings.Join(head, ","), len(targets))
	}
	var sum float64
	y := make([]float64, len(test))
	p := make([]float64, len(test))
	for c, j := range targets {
		for k, i := range test {
			if y[k], err = t.cell(i, j); err != nil {
				return 0, err
			}
			if p[k], err = strconv.ParseFloat(recs[k][c], 64); err != nil {
				return 0, fmt.Errorf("prediction %q: %v", recs[k][c], err)
			}
		}
		sum += r2(y, p)
	}
	return sum / float64(len(targets)), nil
}

// r2 is 1 − Σ(y−p)²/Σ(y−ȳ)²; −Inf when the truth is constant and the prediction is not
// exact, and NaN when a prediction is not finite.
func r2(y, p []float64) float64 {
	ybar := mean(y)
	var res, tot float64
	for i := range y {
		res += (y[i] - p[i]) * (y[i] - p[i])
		tot += (y[i] - ybar) * (y[i] - ybar)
	}
	if tot == 0 {
		if res == 0 {
			return 1
		}
		return math.Inf(-1)
	}
	return 1 - res/tot
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// verdict applies the acceptance rule to one file: every NGD method that was run scores
// at least Adam − tolerance, and exact or blockdiag scores above Adam. It also returns the
// best NGD score minus Adam's. ok is false when Adam or an NGD method is missing/failed.
type verdict struct {
	ok       bool // the comparison could be made
	margin   float64
	allClose bool
	beats    bool
	tie      bool // the better of exact and blockdiag equals adam (e.g. both 1.000)
	failed   []string
}

func judge(fr fileResult, methods []string) verdict {
	adam, hasAdam := fr.byMethod["adam"]
	var v verdict
	if !hasAdam || !adam.ok() {
		return v
	}
	a := adam.score()
	best := math.Inf(-1)
	v.allClose = true
	nNGD := 0
	for _, m := range methods {
		if !ngdMethods[m] {
			continue
		}
		r := fr.byMethod[m]
		if !r.ok() {
			v.failed = append(v.failed, m)
			v.allClose = false
			continue
		}
		nNGD++
		s := r.score()
		best = math.Max(best, s)
		if !(s >= a-tolerance) {
			v.allClose = false
		}
		if (m == "exact" || m == "blockdiag") && s > a {
			v.beats = true
		}
	}
	if nNGD == 0 {
		return v
	}
	for _, m := range []string{"exact", "blockdiag"} {
		if r, ok := fr.byMethod[m]; ok && slices.Contains(methods, m) && r.ok() && r.score() == a {
			v.tie = !v.beats
		}
	}
	v.ok = true
	v.margin = best - a
	return v
}

func writeTables(w io.Writer, c config, results []fileResult) {
	seeds := make([]string, len(c.seeds))
	for i, s := range c.seeds {
		seeds[i] = strconv.FormatUint(s, 10)
	}
	extra := strings.Join(c.extra, " ")
	if extra == "" {
		extra = "(none: defaults)"
	}
	fmt.Fprintf(w, "Held-out score (R² or accuracy) on a random %.0f/%.0f split; seeds %s; extra flags %s.\n", 100*(1-c.testFrac), 100*c.testFrac, strings.Join(seeds, ","), extra)
	if len(c.seeds) > 1 {
		fmt.Fprintf(w, "Scores are means over the seeds.\n")
	}
	if c.bestEpoch {
		fmt.Fprintf(w, "Each run was retrained to its epoch of least validation loss (--best-epoch, an emulation of early stopping with restore-best).\n")
	}
	fmt.Fprintf(w, "Rule: every NGD method ≥ adam − %.2f, and exact or blockdiag > adam.\n\n", tolerance)
	fmt.Fprintf(w, "| data | rows | metric |")
	for _, m := range c.methods {
		fmt.Fprintf(w, " %s |", m)
	}
	fmt.Fprintf(w, " best NGD − adam | all NGD ≥ adam − %.2f | exact/blockdiag > adam |\n", tolerance)
	fmt.Fprintf(w, "|---|---:|---|%s---:|---|---|\n", strings.Repeat("---:|", len(c.methods)))
	closeN, beatN, judged := 0, 0, 0
	for _, fr := range results {
		fmt.Fprintf(w, "| %s | %d | %s |", fr.name, fr.rows, fr.metric)
		for _, m := range c.methods {
			r := fr.byMethod[m]
			switch {
			case r.failure != "" && len(r.scores) == 0:
				fmt.Fprintf(w, " failed |")
			case r.failure != "":
				fmt.Fprintf(w, " %.3f (some seeds failed) |", r.score())
			default:
				fmt.Fprintf(w, " %.3f |", r.score())
			}
		}
		v := judge(fr, c.methods)
		if !v.ok {
			fmt.Fprintf(w, " – | – | – |\n")
			continue
		}
		judged++
		if v.allClose {
			closeN++
		}
		if v.beats {
			beatN++
		}
		beats := passFail(v.beats)
		if v.tie {
			beats = "tie"
		}
		fmt.Fprintf(w, " %+.3f | %s | %s |\n", v.margin, passFail(v.allClose), beats)
	}
	if judged > 0 {
		fmt.Fprintf(w, "\nAll NGD within %.2f of adam on %d of %d files; exact or blockdiag above adam on %d of %d (the rule wants most).\n", tolerance, closeN, judged, beatN, judged)
	}
	for _, fr := range results {
		if fr.name == "diabetes" && fr.metric == "R²" {
			for _, m := range []string{"exact", "blockdiag"} {
				if r, ok := fr.byMethod[m]; ok && r.ok() {
					fmt.Fprintf(w, "diabetes R² for %s: %.3f (%s ≥ 0.40).\n", m, r.score(), passFail(r.score() >= 0.40))
				}
			}
		}
	}
	fmt.Fprintf(w, "\nTraining wall seconds (mean over seeds):\n\n| data |")
	for _, m := range c.methods {
		fmt.Fprintf(w, " %s |", m)
	}
	fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---:|", len(c.methods)))
	for _, fr := range results {
		fmt.Fprintf(w, "| %s |", fr.name)
		for _, m := range c.methods {
			r := fr.byMethod[m]
			if len(r.seconds) == 0 {
				fmt.Fprintf(w, " – |")
				continue
			}
			fmt.Fprintf(w, " %.2f |", mean(r.seconds))
		}
		fmt.Fprintln(w)
	}
	var failures []string
	for _, fr := range results {
		for _, m := range c.methods {
			if f := fr.byMethod[m].failure; f != "" {
				failures = append(failures, fmt.Sprintf("- %s %s: %s", fr.name, m, f))
			}
		}
	}
	if len(failures) > 0 {
		fmt.Fprintf(w, "\nFailed runs:\n\n%s\n", strings.Join(failures, "\n"))
	}
}

func passFail(b bool) string {
	if b {
		return "pass"
	}
	return "FAIL"
}
