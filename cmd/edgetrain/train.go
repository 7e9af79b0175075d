package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
	"github.com/edgetrain/edgetrain/tinynet/table"
)

// Training allocates while it reads and prepares the data, and then not at all, so the
// garbage collector can keep the heap close to what is live at little cost: a target of
// 25% growth (Go's default is 100%) and, for a file, a soft memory limit of 4 MiB + twice
// its size. Measured peak resident set for testdata/seattle_hourly_temp_windows.csv
// (1.6 MB of CSV, --save, six runs each): 10.8–14.9 MB with Go's defaults, 9.0–10.1 MB at
// 25%, 8.5–9.8 MB with the limit as well.
const (
	trainGCPercent = 25
	heapBase       = 4 << 20
)

// limitHeap applies the collector settings above for training on path (an unknown size,
// standard input, gets the target only; a GOMEMLIMIT or GOGC in the environment wins)
// and returns the function that restores the previous ones.
func limitHeap(path string) func() {
	restore := func() {}
	if os.Getenv("GOGC") == "" {
		old := debug.SetGCPercent(trainGCPercent)
		restore = func() { debug.SetGCPercent(old) }
	}
	if os.Getenv("GOMEMLIMIT") != "" || path == "-" {
		return restore
	}
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return restore
	}
	limit := int64(heapBase) + 2*st.Size()
	old := debug.SetMemoryLimit(limit)
	return func() {
		debug.SetMemoryLimit(old)
		restore()
	}
}

type trainFlags struct {
	data, target, label, task  string
	method, hidden, activation string
	sigmaW, sigmaB             float64
	lr, damping, dampingPolicy string
	dampingRel                 string
	batch                      string
	epochs, steps              int
	seed                       uint64
	val                        float64
	split                      string
	normalize                  bool
	init, save                 string
	patience, evalEvery        int
	curve                      string
	verbose, jsonOut           bool
	simdPath                   string
	maxRelStep                 float64
	kfacDecay                  float64
	kfacRefresh                int
	kfacStagger                bool
	forster                    bool
	form                       string
	classWeight                string
	cpuDisable                 string
	mem                        string
	na                         string
	saveEvery                  string
	quiet                      bool
	// stream mode
	stream                         bool
	window, stepEvery, reportEvery int
	classes                        int
	resume                         string
	batchSet                       bool
}

func parseTrainFlags(args []string, stdout io.Writer) (*trainFlags, error) {
	f := &trainFlags{}
	fs := flag.NewFlagSet("edgetrain train", flag.ContinueOnError)
	fs.StringVar(&f.data, "data", "", "training CSV `file` (header row, numeric cells); - reads standard input")
	fs.StringVar(&f.na, "na", "error", "missing `values` (empty, NA, NaN, ERR, …): error, skip (drop the rows that lack a used value), or mean (fill in inputs with their training means, saved with the model; rows without a target are dropped)")
	fs.StringVar(&f.target, "target", "", "regression target `columns`, comma-separated (default: the column target, else target0, target1, …, else the last column)")
	fs.StringVar(&f.label, "label", "", "classification label `column` of class numbers 0..K-1 (default: the column label, else the last column)")
	fs.StringVar(&f.task, "task", "auto", "`task`: auto, regression or classification (auto: classification when a label column exists)")
	fs.StringVar(&f.method, "method", "exact", "optimizer `method`: "+methodList("|"))
	fs.StringVar(&f.hidden, "hidden", "32,32", "hidden layer `widths`, comma-separated")
	fs.StringVar(&f.activation, "activation", "tanh", "hidden `activation`: tanh|relu|sigmoid|identity")
	fs.Float64Var(&f.sigmaW, "sigma-w", 0, "NTK weight scale σ_w (default 1, or √2 for relu)")
	fs.Float64Var(&f.sigmaB, "sigma-b", 0.1, "NTK bias scale σ_b")
	fs.StringVar(&f.lr, "lr", "", "learning `rate`: a number, auto (linearized line search; NGD default) or paper (1/α)")
	fs.StringVar(&f.damping, "damping", "", "absolute `damping` ρ ≥ 0 added to the Fisher (default: relative, see --damping-rel, except kfac regression and exact and blockdiag classification, 1e-3, and tridiag classification, 1e-2)")
	fs.StringVar(&f.dampingRel, "damping-rel", "", "relative damping `λ` ≥ 0: each step uses ρ = λ·tr(F)/C·(mean squared residual per output) of its batch (default 2 for exact, blockdiag and tridiag regression, 0.1 for unitwise regression, 1 for unitwise and kfac classification; excludes --damping)")
	fs.StringVar(&f.dampingPolicy, "damping-policy", "fixed", "damping `policy`: fixed or lm (Levenberg–Marquardt)")
	fs.StringVar(&f.batch, "batch", "32", "batch `size`: a number of rows, or full")
	fs.IntVar(&f.epochs, "epochs", 0, "passes over the training rows (0: auto: at least 12 epochs, and at least 2000 steps with early stopping, else 300)")
	fs.IntVar(&f.steps, "steps", 0, "stop after this many steps (0: no limit)")
	fs.IntVar(&f.patience, "patience", defaultPatience, "early stopping: stop after this many validation evaluations without a lower validation loss and keep the best state (0: off, keep the last)")
	fs.IntVar(&f.evalEvery, "eval-every", 0, "steps between validation evaluations (0: four times per epoch, but at most every max(50, validation rows/batch) steps)")
	fs.StringVar(&f.curve, "curve", "", "write one CSV row per evaluation (step, seconds, losses, validation metric, η, ρ, α, cos) to this `file`")
	fs.Uint64Var(&f.seed, "seed", 1, "seed for initialization, split and shuffling")
	fs.Float64Var(&f.val, "val", 0.2, "fraction of rows held out for validation")
	fs.StringVar(&f.split, "split", "random", "validation `split`: random (seeded shuffle), or chrono (the last rows in file order, the honest test for time series)")
	fs.BoolVar(&f.normalize, "normalize", true, "standardize features and regression targets (statistics saved with the model)")
	fs.StringVar(&f.init, "init", "", "start from this checkpoint `file`'s weights, spec and normalization")
	fs.StringVar(&f.save, "save", "", "write the trained model to this safetensors `file` (checked for writability before training; never the --data file)")
	fs.StringVar(&f.saveEvery, "save-every", "", "also save to --save every `N` steps or every duration (30s, 5m) while training; SIGINT/SIGTERM finish the step, save and exit 130/143")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress lines on standard error (runs over 10 s print step, total and time left every 10 s)")
	fs.BoolVar(&f.verbose, "verbose", false, "print step-size and isotropy diagnostics")
	fs.BoolVar(&f.jsonOut, "json", false, "print progress and summary as JSON lines")
	fs.StringVar(&f.mem, "mem", defaultMem, "memory `budget` for the network and training buffers (units B, KiB, MiB, GiB); a run over it is refused before allocating, with the largest batch that fits")
	fs.BoolVar(&f.stream, "stream", false, "stream mode: read rows as they arrive (--data - for standard input), print a prediction for each row before learning from it, step every --step-every rows on a window of the last --window rows, report the running error on standard error")
	fs.IntVar(&f.window, "window", 256, "stream mode: rows kept for training")
	fs.IntVar(&f.stepEvery, "step-every", 8, "stream mode: rows between steps")
	fs.IntVar(&f.reportEvery, "report-every", defaultReportEvery, "stream mode: rows between running-error reports on standard error")
	fs.IntVar(&f.classes, "classes", 0, "stream mode, classification: the number of classes")
	fs.StringVar(&f.resume, "resume", "", "continue the run saved in this checkpoint `file`: weights, optimizer state and data order (a training run: same data, --seed, --batch and --method; --patience 0 continues exactly), or for --stream the window and normalization too (same --method, --window and --batch)")
	addCPUDisableFlag(fs, &f.cpuDisable)
	fs.StringVar(&f.simdPath, "simd", "", "force a kernel `path` (generic|avx2|avx512|neon); default: best detected")
	fs.StringVar(&f.classWeight, "class-weight", "none", "classification `weights`: none, or balanced (weight each class by n/(K·count) in the loss and the Fisher)")
	fs.Float64Var(&f.kfacDecay, "kfac-decay", 0, "K-FAC: weight of the previous factors in their moving average, in [0, 1)")
	fs.IntVar(&f.kfacRefresh, "kfac-refresh", 1, "K-FAC: steps between refreshes of the damped inverses")
	fs.BoolVar(&f.kfacStagger, "kfac-stagger", false, "K-FAC: spread the layers' refreshes over the --kfac-refresh steps (bounds the slowest step)")
	fs.BoolVar(&f.forster, "forster", false, "fit a Forster transform on the training inputs (for K-FAC when inputs are narrower than the batch); saved with the model")
	fs.StringVar(&f.form, "form", "auto", "unit-wise and K-FAC solve `form`: auto (the cheaper, from the shapes), primal or dual")
	fs.Float64Var(&f.maxRelStep, "max-rel-step", -1, "bound on ‖Δθ_l‖/‖θ_l‖ per layer (0: none; default 0.1 for unitwise and kfac with --lr auto or paper, else none)")
	if err := parseFlags(fs, args, "[train] --data FILE [flags]", stdout); err != nil {
		return nil, err
	}
	if f.data == "" {
		return nil, usagef("--data FILE is required")
	}
	if !(f.val >= 0 && f.val < 1) {
		return nil, usagef("--val must be in [0, 1), got %g", f.val)
	}
	if f.classWeight != "none" && f.classWeight != "balanced" {
		return nil, usagef("--class-weight must be none or balanced, got %q", f.classWeight)
	}
	if f.split != "chrono" && f.split != "random" {
		return nil, usagef("--split must be random or chrono, got %q", f.split)
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	f.batchSet = set["batch"]
	if err := checkTrainFlags(f, set); err != nil {
		return nil, err
	}
	return f, nil
}

// checkTrainFlags refuses values the flag package accepts but training cannot use, and
// combinations that contradict each other; set holds the flags given on the command line.
func checkTrainFlags(f *trainFlags, set map[string]bool) error {
	if f.epochs < 0 {
		return usagef("--epochs must be ≥ 0 (0: automatic), got %d", f.epochs)
	}
	if f.steps < 0 {
		return usagef("--steps must be ≥ 0 (0: no limit), got %d", f.steps)
	}
	if set["max-rel-step"] && !(f.maxRelStep >= 0 && !math.IsInf(f.maxRelStep, 0)) {
		return usagef("--max-rel-step must be a finite number ≥ 0 (0: no bound), got %g", f.maxRelStep)
	}
	if set["sigma-w"] && !(f.sigmaW > 0 && !math.IsInf(f.sigmaW, 0)) {
		return usagef("--sigma-w must be a finite number > 0, got %g", f.sigmaW)
	}
	if !(f.sigmaB >= 0 && !math.IsInf(f.sigmaB, 0)) {
		return usagef("--sigma-b must be a finite number ≥ 0, got %g", f.sigmaB)
	}
	switch f.na {
	case "error", "skip", "mean":
	default:
		return usagef("--na must be error, skip or mean, got %q", f.na)
	}
	if f.task == "regression" && f.label != "" {
		return usagef("--label %s names a classification label, but --task is regression (use --target)", f.label)
	}
	if f.label != "" && f.target != "" {
		return usagef("give --label (classification) or --target (regression), not both")
	}
	if f.task == "classification" && strings.Contains(f.target, ",") {
		return usagef("--task classification takes one label column, --target %q names several", f.target)
	}
	if f.target != "" {
		seen := map[string]bool{}
		for _, name := range strings.Split(f.target, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				return usagef("--target %q has an empty column name", f.target)
			}
			if seen[name] {
				return usagef("--target names column %q twice", name)
			}
			seen[name] = true
		}
	}
	if f.resume != "" && f.init != "" {
		return usagef("give --resume (continue a saved run) or --init (start from saved weights), not both")
	}
	if f.stream {
		switch {
		case f.window < 1 || f.stepEvery < 1 || f.reportEvery < 1:
			return usagef("--window, --step-every and --report-every must be ≥ 1")
		case f.batch == "full":
			return usagef("--stream takes a number of rows per step for --batch, not full")
		case f.na == "mean":
			return usagef("--stream takes --na error or skip")
		}
	} else {
		for _, name := range []string{"window", "step-every", "report-every", "classes"} {
			if set[name] {
				return usagef("--%s is for --stream", name)
			}
		}
	}
	if f.patience < 0 {
		return usagef("--patience must be ≥ 0 (0: no early stopping), got %d", f.patience)
	}
	if f.evalEvery < 0 {
		return usagef("--eval-every must be ≥ 0 (0: automatic), got %d", f.evalEvery)
	}
	if f.curve != "" {
		if samePath(f.curve, f.data) || samePath(f.curve, f.save) {
			return usagef("--curve %s would overwrite --data or --save", f.curve)
		}
		if err := model.CheckWritable(f.curve); err != nil {
			return usagef("--curve: cannot write there (checked before training): %v", err)
		}
	}
	if every, err := parseSaveEvery(f.saveEvery); err != nil {
		return err
	} else if (every.Steps > 0 || every.Every > 0) && f.save == "" {
		return usagef("--save-every needs --save FILE")
	}
	if f.save == "-" {
		return usagef("--save writes a checkpoint file; - (standard output) is not one")
	}
	if f.save != "" && samePath(f.save, f.data) {
		return usagef("--save %s would overwrite the training data --data %s", f.save, f.data)
	}
	return nil
}

// checkOutputs probes the files the run will write, before any work they would lose:
// --save must be writable (a temporary file is created in its directory and removed).
func checkOutputs(f *trainFlags) error {
	if f.save != "" {
		if err := model.CheckWritable(f.save); err != nil {
			return usagef("--save: cannot write there (checked before training): %v", err)
		}
	}
	return nil
}

// samePath reports whether a and b name the same file: the same cleaned path, or, when
// both exist, the same file on disk (hard links, symlinks, ./ and ../ spellings).
func samePath(a, b string) bool {
	if b == "" || b == "-" {
		return false
	}
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

func parseWidths(s string) ([]int, error) {
	var ws []int
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	for _, p := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || v <= 0 {
			return nil, usagef("--hidden wants positive integers like 32,32, got %q", s)
		}
		ws = append(ws, v)
	}
	return ws, nil
}

// runTrain is `edgetrain [train]`: parse the flags, read the table, prepare the model
// and its data, train, report, save.
func runTrain(args []string, stdout, stderr io.Writer) error {
	f, err := parseTrainFlags(args, stdout)
	if err != nil {
		return err
	}
	defer limitHeap(f.data)()
	if err := checkOutputs(f); err != nil {
		return err
	}
	method, err := setUpTraining(f)
	if err != nil {
		return err
	}
	if f.stream {
		return runStream(f, method, stdout, stderr)
	}
	if f.resume != "" {
		f.init = f.resume // the weights, spec and normalization, as --init takes them
	}
	var prev *model.Model
	if f.init != "" {
		budget, err := core.ParseBytes(f.mem)
		if err != nil {
			return usagef("--mem: %v", err)
		}
		if prev, err = model.LoadWithin(f.init, int64(budget)); err != nil {
			return fmt.Errorf("%w: %v", errInput, err)
		}
		if f.resume != "" {
			if err := exactNorm(prev); err != nil {
				return usagef("--resume %s: %v", f.resume, err)
			}
		}
	}
	tbl, err := readTable(f.data, f.mem, f.na != "error", naHint)
	if err != nil {
		return err
	}
	job, err := prepare(f, method, tbl, prev)
	if err != nil {
		return err
	}
	if job.naNote != "" {
		fmt.Fprintln(stderr, "edgetrain:", job.naNote)
	}
	cfg, err := trainerConfig(f, method, job.m.Task)
	if err != nil {
		return err
	}
	tr, err := core.New(job.m.Net, job.batch, cfg)
	if err != nil {
		return usagef("%v", err)
	}
	if f.resume != "" {
		job.resume = prev
		if err := tr.ImportState(prev.Optim); err != nil {
			return usagef("--resume %s: %v (the checkpoint must come from a training run with the same --method and --batch; --init takes its weights alone)", f.resume, err)
		}
		job.m.Step -= tr.Steps() // the restored trainer counts the saved run's steps too
	}
	every, _ := parseSaveEvery(f.saveEvery) // checked with the flags
	var save func() error
	if f.save != "" {
		base := job.m.Step
		save = func() error {
			step := base + tr.Steps()
			exportRun(job.m, tr, job.pos)
			saved, err := savePeriodic(f.save, job.m, step)
			if saved {
				printSaved(stdout, f, f.save, step)
			}
			return err
		}
	}
	var progress io.Writer
	if !f.jsonOut && !f.quiet {
		progress = stderr
	}
	job.ctl = newRunControl(every, save, progress, stderr)
	defer job.ctl.stop()
	if testHookControl != nil {
		testHookControl(job.ctl)
	}
	res, err := trainLoop(f, tr, job, stdout)
	job.ctl.stop()
	job.m.Step += tr.Steps()
	if f.curve != "" {
		if cerr := writeCurve(f.curve, job.m.Task, res.curve); cerr != nil {
			return cerr
		}
	}
	if err != nil && f.jsonOut {
		defer func() {
			jsonLine(json.NewEncoder(stdout), lineError, map[string]any{"error": err.Error(), "step": res.steps})
		}()
	}
	if err != nil {
		// A failed run leaves the trainer in its best state. It is saved unless that state is
		// the random initialization, so a file already at --save is never replaced by
		// diverged weights, nor by untrained ones.
		if f.save != "" && res.keepable {
			exportRun(job.m, tr, job.pos)
			if serr := model.Save(f.save, job.m); serr != nil {
				return fmt.Errorf("%w (and saving %s: %v)", err, f.save, serr)
			}
			return fmt.Errorf("%w; saved that state to %s", err, f.save)
		}
		if f.save != "" {
			return fmt.Errorf("%w; %s not written: the run never improved on its random initialization", err, f.save)
		}
		return err
	}
	if f.save != "" {
		exportRun(job.m, tr, job.pos)
		if err := model.Save(f.save, job.m); err != nil {
			printSummary(stdout, f, job.m, res)
			return fmt.Errorf("saving %s: %w", f.save, err)
		}
		res.saved = f.save
	}
	printSummary(stdout, f, job.m, res)
	if res.saved != "" && !f.jsonOut {
		fmt.Fprintf(stdout, "saved %s\n", res.saved)
	}
	if res.signal != nil {
		return &signalExit{sig: res.signal}
	}
	return nil
}

// testHookControl, when set by a test, sees each run's control before training starts.
var testHookControl func(*runControl)

// savePeriodic writes the current state of m as of step to path, unless a weight is not
// finite (a run going wrong is not saved over a good checkpoint; the loop's divergence
// check ends it at the next evaluation).
func savePeriodic(path string, m *model.Model, step int) (saved bool, err error) {
	if !finiteParams(m.Net.Params) {
		return false, nil
	}
	c := *m
	c.Step = step
	if err := model.Save(path, &c); err != nil {
		return false, err
	}
	return true, nil
}

// setUpTraining applies the kernel flags and checks the flags that need no data.
func setUpTraining(f *trainFlags) (core.Method, error) {
	if err := applyCPUDisable(f.cpuDisable); err != nil {
		return 0, err
	}
	if f.simdPath != "" {
		if err := simd.Force(f.simdPath); err != nil {
			return 0, usagef("--simd %s: not available here (available: %s)", f.simdPath, strings.Join(simd.Available(), ", "))
		}
	}
	method, ok := core.ParseMethod(f.method)
	if !ok {
		return 0, usagef("--method %q: want one of %s", f.method, methodList(", "))
	}
	if _, ok := simd.ParseActivation(f.activation); !ok {
		return 0, usagef("--activation %q: want tanh, relu, sigmoid or identity", f.activation)
	}
	if _, err := parseWidths(f.hidden); err != nil {
		return 0, err
	}
	if f.batch != "full" {
		if b, err := strconv.Atoi(f.batch); err != nil || b <= 0 {
			return 0, usagef("--batch wants a positive number or full, got %q", f.batch)
		}
	}
	return method, nil
}

// trainJob is a model ready to train: its network, normalization and Forster map set,
// the data prepared with them, the rows split and the batch size chosen.
type trainJob struct {
	m            *model.Model
	data         *model.Data
	train, valid []int
	batch        int
	naNote       string // what --na skip or mean did, for the user
	ctl          *runControl
	resume       *model.Model // the checkpoint --resume continues, or nil
	pos          *loopPos     // where the loop stands (set by trainLoop), for checkpoints
}

// prepare selects the columns, splits the rows, builds (or continues) the model and
// prepares the data, in the order the model's pipeline needs.
func prepare(f *trainFlags, method core.Method, tbl *table.Table, prev *model.Model) (*trainJob, error) {
	task, err := chooseTask(f, prev, tbl)
	if err != nil {
		return nil, err
	}
	var targets []string
	if f.target != "" {
		for _, name := range strings.Split(f.target, ",") {
			targets = append(targets, strings.TrimSpace(name))
		}
	}
	cols, err := model.SelectColumns(tbl, task, targets, f.label, prev)
	if err != nil {
		return nil, err
	}
	job := &trainJob{}
	if tbl.Missing != nil {
		if tbl, job.naNote, err = dropMissing(f.na, tbl, cols); err != nil {
			return nil, err
		}
	}
	job.train, job.valid = model.Split(tbl.Rows, f.val, f.seed, f.split == "chrono")
	if len(job.train) == 0 {
		return nil, tbl.FileError("no training rows")
	}
	var impute []float64
	if f.na == "mean" && tbl.Missing != nil {
		if prev != nil && prev.Impute != nil && len(prev.Impute) == len(cols.Features) {
			impute = prev.Impute
		} else {
			if impute, err = model.FitImpute(tbl, cols, job.train); err != nil {
				return nil, err
			}
			asStored(impute)
		}
		model.Impute(tbl, cols, impute)
	} else if prev != nil {
		impute = prev.Impute
	}
	outputs := len(cols.Targets)
	if task == tinynet.SoftmaxCE {
		if outputs, err = model.CountClasses(tbl, cols.Targets[0], job.train, job.valid); err != nil {
			return nil, err
		}
	}
	if prev != nil { // before anything is sized from the model's spec
		s := prev.Net.Spec
		fits := s.Outputs() == outputs || task == tinynet.SoftmaxCE && s.Outputs() > outputs
		if s.Inputs() != len(cols.Features) || !fits {
			return nil, usagef("--init %s: the model has %d inputs and %d outputs, %s gives %d and %d",
				f.init, s.Inputs(), s.Outputs(), f.data, len(cols.Features), outputs)
		}
	}

	job.batch = len(job.train)
	if f.batch != "full" {
		b, _ := strconv.Atoi(f.batch) // checked by setUpTraining
		job.batch = min(b, len(job.train))
	}
	spec, err := newSpec(f, len(cols.Features), outputs)
	if prev != nil {
		spec, err = prev.Net.Spec, nil
	}
	if err != nil {
		return nil, err
	}
	cfg, err := trainerConfig(f, method, task)
	if err != nil {
		return nil, err
	}
	if err := checkMemory(f, memoryNeed(spec, cfg, tbl.Rows, len(job.valid), job.batch)); err != nil {
		return nil, err
	}

	m := &model.Model{Task: task, Method: method.String()}
	m.SetColumns(tbl, cols)
	if prev != nil {
		m.Net, m.XNorm, m.YNorm, m.Forster, m.Step = prev.Net, prev.XNorm, prev.YNorm, prev.Forster, prev.Step
		m.Impute = prev.Impute
	} else {
		m.Net = tinynet.New(spec)
		m.Net.Init(f.seed)
	}
	switch {
	case !f.normalize:
		m.XNorm, m.YNorm = nil, nil
	case m.XNorm == nil:
		m.FitNorm(tbl, cols, job.train)
	}
	if task == tinynet.SoftmaxCE {
		m.YNorm = nil
	}
	if f.forster && m.Forster == nil {
		d, err := m.Prepare(tbl, cols)
		if err != nil {
			return nil, err
		}
		fm, err := core.ForsterTransform(d.Inputs(job.train), len(job.train), d.In, 1e-6, 200)
		if err != nil {
			return nil, usagef("--forster: %v", err)
		}
		m.Forster = asStored(fm.T)
	}
	if err := checkScale(tbl, cols, m); err != nil {
		return nil, err
	}
	if job.data, err = m.Prepare(tbl, cols); err != nil {
		return nil, err
	}
	if err := checkPrepared(tbl, cols, m, job.data); err != nil {
		return nil, err
	}
	if m.Impute == nil {
		m.Impute = impute
	}
	job.m = m
	return job, nil
}

// newSpec is the network the flags describe for in inputs and out outputs.
func newSpec(f *trainFlags, in, out int) (tinynet.Spec, error) {
	act, _ := simd.ParseActivation(f.activation) // checked by setUpTraining
	hidden, _ := parseWidths(f.hidden)
	sw := f.sigmaW
	if sw == 0 {
		sw = 1
		if act == simd.ReLU {
			sw = math.Sqrt2
		}
	}
	spec := tinynet.Spec{Widths: append(append([]int{in}, hidden...), out), Activation: act, SigmaW: float32(sw), SigmaB: float32(f.sigmaB)}
	if err := spec.Validate(); err != nil {
		return spec, usagef("%v", err)
	}
	return spec, nil
}

func chooseTask(f *trainFlags, m *model.Model, tbl *table.Table) (tinynet.Loss, error) {
	switch f.task {
	case "regression":
		return tinynet.MSE, nil
	case "classification":
		return tinynet.SoftmaxCE, nil
	case "auto":
	default:
		return 0, usagef("--task %q: want auto, regression or classification", f.task)
	}
	// A label column decides first: checkpoints written by other tools do not always
	// record the task faithfully.
	if f.label != "" || (f.target == "" && tbl.Column("label") >= 0) {
		return tinynet.SoftmaxCE, nil
	}
	if m != nil {
		return m.Task, nil
	}
	return tinynet.MSE, nil
}

func trainerConfig(f *trainFlags, method core.Method, task tinynet.Loss) (core.Config, error) {
	cfg := core.Defaults(method, task)
	cfg.Diagnostics = f.verbose || f.jsonOut
	switch f.lr {
	case "":
	case "auto":
		cfg.LRMode, cfg.LR = core.LRAuto, 1
	case "paper":
		cfg.LRMode = core.LRPaper
	default:
		v, err := strconv.ParseFloat(f.lr, 64)
		if err != nil || !(v > 0) || math.IsInf(v, 0) {
			return cfg, usagef("--lr wants a positive number, auto or paper, got %q", f.lr)
		}
		// a fixed --lr is taken literally: one step is exactly the method's step, with no
		// per-layer bound unless --max-rel-step asks for one
		cfg.LRMode, cfg.LR, cfg.MaxRelStep = core.LRFixed, v, 0
	}
	if !method.IsNGD() && cfg.LRMode != core.LRFixed {
		return cfg, usagef("--lr %s is for NGD methods; %s needs a number", f.lr, method)
	}
	if f.damping != "" {
		d, err := strconv.ParseFloat(f.damping, 64)
		if err != nil || !(d >= 0) || math.IsInf(d, 0) {
			return cfg, usagef("--damping wants a number ≥ 0, got %q", f.damping)
		}
		cfg.Damping, cfg.DampingScale = d, core.ScaleAbsolute
	}
	if f.dampingRel != "" {
		d, err := strconv.ParseFloat(f.dampingRel, 64)
		if err != nil || !(d >= 0) || math.IsInf(d, 0) {
			return cfg, usagef("--damping-rel wants a number ≥ 0, got %q", f.dampingRel)
		}
		if f.damping != "" {
			return cfg, usagef("--damping (an absolute ρ) and --damping-rel (ρ relative to the Fisher's scale) exclude each other")
		}
		cfg.Damping = d
		if cfg.DampingScale == core.ScaleAbsolute {
			cfg.DampingScale = core.ScaleFisherResidual
		}
	}
	switch f.dampingPolicy {
	case "fixed":
	case "lm":
		cfg.DampingPolicy = core.DampingLM
	default:
		return cfg, usagef("--damping-policy wants fixed or lm, got %q", f.dampingPolicy)
	}
	if f.maxRelStep >= 0 {
		cfg.MaxRelStep = f.maxRelStep
	}
	if !(f.kfacDecay >= 0 && f.kfacDecay < 1) {
		return cfg, usagef("--kfac-decay must be in [0, 1), got %g", f.kfacDecay)
	}
	if f.kfacRefresh < 1 {
		return cfg, usagef("--kfac-refresh must be at least 1, got %d", f.kfacRefresh)
	}
	cfg.KFACDecay, cfg.KFACRefresh, cfg.KFACStagger = f.kfacDecay, f.kfacRefresh, f.kfacStagger
	switch f.form {
	case "auto":
		cfg.Form = core.FormAuto
	case "primal":
		cfg.Form = core.FormPrimal
	case "dual":
		cfg.Form = core.FormDual
	default:
		return cfg, usagef("--form wants auto, primal or dual, got %q", f.form)
	}
	return cfg, nil
}

// balancedClassWeights returns n/(K·count_c) for each class c of the training rows, so every
// class carries the same total weight in the loss and in the Fisher.
func balancedClassWeights(d *model.Data, train []int) []float32 {
	count := make([]int, d.Out)
	for _, r := range train {
		count[int(d.Y[r])]++
	}
	w := make([]float32, d.Out)
	for c, k := range count {
		if k > 0 {
			w[c] = float32(float64(len(train)) / float64(d.Out*k))
		}
	}
	return w
}

// methodList joins the names of core's methods with sep.
func methodList(sep string) string {
	var b strings.Builder
	for i, m := range core.Methods() {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(m.String())
	}
	return b.String()
}

// naHint ends the error for a missing value when --na is error (the default).
const naHint = "; --na skip drops rows with missing values, --na mean fills them in with training means"

// stdin is where --data - reads from (a variable for tests).
var stdin io.Reader = os.Stdin

// stdinName is the name errors give to standard input.
const stdinName = "<stdin>"

// readTable reads the CSV at path, or standard input for "-", allowing missing values when
// missing is set, with no more float64 values than the --mem budget holds.
func readTable(path, mem string, missing bool, hint string) (*table.Table, error) {
	o := table.Options{Missing: missing, MissingHint: hint}
	if budget, err := core.ParseBytes(mem); err == nil && budget/8 < table.DefaultMaxCells {
		o.MaxCells = max(int(budget/8), 1)
		o.CellsHint = fmt.Sprintf(" of --mem %s (8 bytes a value); raise --mem", mem)
	}
	if path == "-" {
		return o.Read(stdinName, stdin)
	}
	return o.ReadFile(path)
}

// dropMissing applies --na skip or mean to a table with missing values: skip keeps the rows
// with every used column (features and targets) present, mean those with every target
// present (missing inputs are filled in later). It returns the kept rows as a table and a
// note of what was dropped, per column.
func dropMissing(na string, tbl *table.Table, cols model.Columns) (*table.Table, string, error) {
	used := cols.Targets
	if na == "skip" {
		used = append(append([]int(nil), cols.Features...), cols.Targets...)
	}
	rows, missing := model.CompleteRows(tbl, used)
	var parts []string
	for i, n := range missing {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", table.Clip(tbl.Header[used[i]]), n))
		}
	}
	var notes []string
	if dropped := tbl.Rows - len(rows); dropped > 0 {
		why := "a missing value"
		if na == "mean" {
			why = "a missing target"
		}
		notes = append(notes, fmt.Sprintf("--na %s: dropped %d of %d rows with %s (missing per column: %s)", na, dropped, tbl.Rows, why, strings.Join(parts, ", ")))
	}
	if len(rows) == 0 {
		return nil, "", tbl.FileError("--na %s: every row lacks a value it needs (missing per column: %s)", na, strings.Join(parts, ", "))
	}
	kept := tbl.Keep(rows)
	if na == "mean" && kept.Missing != nil {
		var filled []string
		for _, j := range cols.Features {
			if n := kept.Missing[j]; n > 0 {
				filled = append(filled, fmt.Sprintf("%s %d", table.Clip(tbl.Header[j]), n))
			}
		}
		if len(filled) > 0 {
			notes = append(notes, fmt.Sprintf("--na mean: filled in missing inputs with training means (per column: %s)", strings.Join(filled, ", ")))
		}
	}
	return kept, strings.Join(notes, "; "), nil
}
