package main

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
	"github.com/edgetrain/edgetrain/tinynet/table"
)

// Convergence on real data. Every dataset is split once per seed into training (64%),
// validation (16%) and test (20%) rows — seeded shuffles, or in time order for the time
// series, whose validation and test rows come after every training row. The network is the
// CLI's default, [inputs, 32, 32, outputs] tanh with σ_w = 1 and σ_b = 0.1, standardized
// inputs (and regression targets), batches of 32 rows in a seeded shuffle per epoch. Each
// NGD method runs with core.Defaults; SGD (momentum) and Adam run at every rate of a sweep
// on the first seed, and the rate with the best validation metric runs on all seeds. The
// validation metric (R², averaged over targets, or accuracy) is evaluated after every one
// of the first evalDense steps and then every evalEvery steps; a run stops after its step
// budget or after `patience` steps without a lower validation loss, and is scored on the test rows with the weights of its lowest validation
// loss (early stopping with restore-best). The step time counts Trainer.Step only, in the
// thread's CPU time.

type convOpts struct {
	quick    bool
	plotsDir string
	testdata string
	seeds    int
}

type convDataset struct {
	file    string
	chrono  bool
	target  float64 // validation R² or accuracy to reach
	curve   bool    // draw its learning curves
	inQuick bool
}

var convDatasets = []convDataset{
	{file: "diabetes.csv", target: 0.35, curve: true, inQuick: true},
	{file: "airquality_ozone.csv", target: 0.50},
	{file: "auto_mpg.csv", target: 0.85},
	// A trending series: chronological test rows lie above every training target and a
	// tanh network cannot extrapolate (test R² < 0 for every method), so its windows are
	// split at random like the CO₂ measurement.
	{file: "co2_monthly_windows.csv", target: 0.995, curve: true},
	{file: "seattle_hourly_temp_windows.csv", chrono: true, target: 0.98},
	{file: "iris.csv", target: 0.93},
	{file: "wine.csv", target: 0.95, inQuick: true},
	{file: "breast_cancer.csv", target: 0.95},
	{file: "penguins.csv", target: 0.97},
	{file: "digits.csv", target: 0.95, curve: true},
}

var (
	ngdMethods  = []core.Method{core.Exact, core.BlockDiag, core.TriDiag, core.UnitWise, core.KFAC}
	sgdRates    = []float64{0.001, 0.003, 0.01, 0.03, 0.1, 0.3}
	adamRates   = []float64{1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2}
	quickSGD    = []float64{0.01, 0.1}
	quickAdam   = []float64{1e-3, 1e-2}
	convHidden  = []int{32, 32}
	convBatch   = 32
	evalEvery   = 10 // steps between validation evaluations (every step for the first evalDense)
	evalDense   = 20
	patience    = 300  // steps without a lower validation loss before stopping
	timeCap     = 15.0 // seconds of step time after which a run stops (5 in quick mode)
	minSteps    = 300
	maxSteps    = 3000
	minEpochs   = 12
	splitVal    = 0.2 // of the non-test rows
	splitTest   = 0.2
	curveMethod = []core.Method{core.Exact, core.BlockDiag, core.TriDiag, core.UnitWise, core.KFAC, core.SGD, core.Adam}
)

// prepared is one dataset split and mapped for one seed.
type prepared struct {
	name               string
	task               tinynet.Loss
	data               *model.Data
	train, valid, test []int
	in, out            int
}

func prepareDataset(path string, chrono bool, seed uint64) (*prepared, error) {
	tbl, err := table.ReadFile(path)
	if err != nil {
		return nil, err
	}
	task := tinynet.MSE
	if tbl.Column("label") >= 0 {
		task = tinynet.SoftmaxCE
	}
	cols, err := model.SelectColumns(tbl, task, nil, "", nil)
	if err != nil {
		return nil, err
	}
	rest, test := model.Split(tbl.Rows, splitTest, seed, chrono)
	if chrono {
		slices.Sort(rest)
	}
	pos, vpos := model.Split(len(rest), splitVal, seed+1000, chrono)
	train := make([]int, len(pos))
	for i, p := range pos {
		train[i] = rest[p]
	}
	valid := make([]int, len(vpos))
	for i, p := range vpos {
		valid[i] = rest[p]
	}
	out := len(cols.Targets)
	if task == tinynet.SoftmaxCE {
		if out, err = model.CountClasses(tbl, cols.Targets[0], train, append(slices.Clone(valid), test...)); err != nil {
			return nil, err
		}
	}
	m := &model.Model{Task: task}
	m.SetColumns(tbl, cols)
	m.Net = tinynet.New(convSpec(len(cols.Features), out))
	m.FitNorm(tbl, cols, train)
	if task == tinynet.SoftmaxCE {
		m.YNorm = nil
	}
	d, err := m.Prepare(tbl, cols)
	if err != nil {
		return nil, err
	}
	return &prepared{name: strings.TrimSuffix(filepath.Base(path), ".csv"), task: task, data: d,
		train: train, valid: valid, test: test, in: len(cols.Features), out: out}, nil
}

func convSpec(in, out int) tinynet.Spec {
	w := append(append([]int{in}, convHidden...), out)
	return tinynet.Spec{Widths: w, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
}

// evaluator scores a network on a set of rows without allocating per call.
type evaluator struct {
	ws   *tinynet.Workspace
	x, y []float32
	cap  int
}

func newEvaluator(spec tinynet.Spec, yw int) *evaluator {
	const cap = 256
	return &evaluator{ws: tinynet.NewWorkspaceAlloc(spec, cap), x: make([]float32, cap*spec.Inputs()), y: make([]float32, cap*yw), cap: cap}
}

// score returns the mean loss and the metric (R² averaged over outputs, or accuracy).
func (e *evaluator) score(net *tinynet.Net, p *prepared, rows []int) (loss, metric float64) {
	C := p.out
	n := len(rows)
	var correct int
	sse := make([]float64, C)
	sum := make([]float64, C)
	sq := make([]float64, C)
	for s := 0; s < n; s += e.cap {
		k := min(e.cap, n-s)
		p.data.Batch(rows[s:s+k], e.x, e.y)
		e.ws.Forward(net, e.x, k)
		f := e.ws.Output()
		for i := 0; i < k; i++ {
			out := f.Data[i*f.Stride : i*f.Stride+C]
			if p.task == tinynet.SoftmaxCE {
				lab := int(e.y[i])
				best, mx := 0, float64(out[0])
				for c := 1; c < C; c++ {
					if float64(out[c]) > mx {
						best, mx = c, float64(out[c])
					}
				}
				var z float64
				for c := 0; c < C; c++ {
					z += math.Exp(float64(out[c]) - mx)
				}
				loss += math.Log(z) + mx - float64(out[lab])
				if best == lab {
					correct++
				}
				continue
			}
			for c := 0; c < C; c++ {
				y := float64(e.y[i*C+c])
				d := float64(out[c]) - y
				sse[c] += d * d
				sum[c] += y
				sq[c] += y * y
				loss += 0.5 * d * d
			}
		}
	}
	loss /= float64(n)
	if p.task == tinynet.SoftmaxCE {
		return loss, float64(correct) / float64(n)
	}
	for c := 0; c < C; c++ {
		sst := sq[c] - sum[c]*sum[c]/float64(n)
		metric += 1 - sse[c]/sst
	}
	return loss, metric / float64(C)
}

// convRun is one training run.
type convRun struct {
	method   core.Method
	lr       float64 // SGD and Adam
	seed     uint64
	steps    int       // steps taken
	secs     float64   // seconds in Trainer.Step
	hitStep  int       // first evaluation at or above the target (−1: never)
	hitSecs  float64   // training seconds at that evaluation
	bestVal  float64   // validation metric at the lowest validation loss
	valLoss  float64   // the lowest validation loss
	maxVal   float64   // best validation metric seen
	test     float64   // test metric with the restored weights
	curveX   []float64 // steps of the evaluations
	curveT   []float64 // training seconds of the evaluations
	curveY   []float64 // validation metric
	note     string
	diverged bool
	capped   bool // stopped by the time cap
}

func budget(p *prepared) int {
	per := (len(p.train) + convBatch - 1) / convBatch
	return min(maxSteps, max(minSteps, minEpochs*per))
}

// trainRun trains one network on p with method m (rate lr for SGD and Adam), for at most
// capSecs seconds of step time.
func trainRun(p *prepared, m core.Method, lr float64, seed uint64, target, capSecs float64) convRun {
	r := convRun{method: m, lr: lr, seed: seed, hitStep: -1, bestVal: math.NaN(), valLoss: math.Inf(1), maxVal: math.Inf(-1)}
	net := tinynet.New(convSpec(p.in, p.out))
	net.Init(seed)
	batch := min(convBatch, len(p.train))
	cfg := defaults(m, p.task)
	if !m.IsNGD() {
		cfg.LR = lr
	}
	tr, err := core.New(net, batch, cfg)
	if err != nil {
		r.note = err.Error()
		return r
	}
	ev := newEvaluator(net.Spec, p.data.YWidth())
	best := slices.Clone(net.Params)
	bestLoss := math.Inf(1)
	x := make([]float32, batch*p.in)
	y := make([]float32, batch*p.data.YWidth())
	order := slices.Clone(p.train)
	rng := rand.New(rand.NewPCG(seed, 0xba7c4))
	limit := budget(p)
	bestStep := 0
	evaluate := func() bool {
		loss, metric := ev.score(net, p, p.valid)
		r.curveX = append(r.curveX, float64(r.steps))
		r.curveT = append(r.curveT, r.secs)
		r.curveY = append(r.curveY, metric)
		r.maxVal = math.Max(r.maxVal, metric)
		if r.hitStep < 0 && metric >= target {
			r.hitStep, r.hitSecs = r.steps, r.secs
		}
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			r.diverged, r.note = true, fmt.Sprintf("validation loss not finite at step %d", r.steps)
			return false
		}
		if loss < bestLoss {
			bestLoss, r.bestVal, r.valLoss, bestStep = loss, metric, loss, r.steps
			copy(best, net.Params)
		}
		return r.steps-bestStep < patience
	}
	evaluate()
train:
	for {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for s := 0; s+batch <= len(order); s += batch {
			p.data.Batch(order[s:s+batch], x, y)
			w := startWatch()
			_, err := tr.Step(x, y, batch)
			r.secs += w.seconds()
			if err != nil {
				if errors.Is(err, core.ErrNonFinite) || errors.Is(err, core.ErrTooManyRejections) {
					r.diverged = true
				}
				r.note = fmt.Sprintf("stopped at step %d: %v", r.steps, err)
				break train
			}
			r.steps++
			if (r.steps <= evalDense || r.steps%evalEvery == 0) && !evaluate() {
				break train
			}
			if r.steps >= limit {
				break train
			}
			if r.secs >= capSecs {
				r.capped = true
				break train
			}
		}
	}
	if r.steps > evalDense && r.steps%evalEvery != 0 && !r.diverged {
		evaluate()
	}
	copy(net.Params, best)
	_, r.test = ev.score(net, p, p.test)
	return r
}

type convResult struct {
	ds       convDataset
	name     string
	task     tinynet.Loss
	rows     [3]int
	runs     map[string][]convRun // by method name (sgd, adam at the chosen rate)
	sweep    map[string][]convRun // sgd and adam sweeps on the first seed
	chosen   map[string]float64
	budget   int
	duration float64
}

func convergenceSection(o convOpts, logf func(string, ...any)) (string, error) {
	start := time.Now()
	seeds := 5
	sgdR, adamR := sgdRates, adamRates
	capSecs := timeCap
	if o.quick {
		seeds, sgdR, adamR, capSecs = 1, quickSGD, quickAdam, 5
	}
	if o.seeds > 0 {
		seeds = o.seeds
	}
	var results []*convResult
	for _, ds := range convDatasets {
		if o.quick && !ds.inQuick {
			continue
		}
		t0 := time.Now()
		res := &convResult{ds: ds, runs: map[string][]convRun{}, sweep: map[string][]convRun{}, chosen: map[string]float64{}}
		for s := 1; s <= seeds; s++ {
			seed := uint64(s)
			p, err := prepareDataset(filepath.Join(o.testdata, ds.file), ds.chrono, seed)
			if err != nil {
				return "", err
			}
			res.name, res.task, res.rows, res.budget = p.name, p.task, [3]int{len(p.train), len(p.valid), len(p.test)}, budget(p)
			if s == 1 {
				for _, fo := range []struct {
					m     core.Method
					rates []float64
				}{{core.SGD, sgdR}, {core.Adam, adamR}} {
					sw := sweepRates(fo.rates, func(lr float64) convRun { return trainRun(p, fo.m, lr, seed, ds.target, capSecs) })
					res.sweep[fo.m.String()] = sw
					res.chosen[fo.m.String()] = sw[bestRun(sw)].lr
				}
			}
			for _, m := range ngdMethods {
				r := trainRun(p, m, 0, seed, ds.target, capSecs)
				logf("  %s seed %d %-9s steps %4d, %6.2f s, test %.3f %s", p.name, seed, m, r.steps, r.secs, r.test, r.note)
				res.runs[m.String()] = append(res.runs[m.String()], r)
			}
			for _, m := range []core.Method{core.SGD, core.Adam} {
				lr := res.chosen[m.String()]
				var r convRun
				if s == 1 {
					for _, sr := range res.sweep[m.String()] {
						if sr.lr == lr {
							r = sr
						}
					}
				} else {
					r = trainRun(p, m, lr, seed, ds.target, capSecs)
				}
				res.runs[m.String()] = append(res.runs[m.String()], r)
			}
		}
		res.duration = time.Since(t0).Seconds()
		logf("convergence %s: %d seeds in %.1f s (%s)", res.name, seeds, res.duration, quickLine(res))
		results = append(results, res)
	}
	return convergenceMarkdown(o, results, seeds, time.Since(start).Seconds())
}

// sweepRates runs every rate of the grid and, while the best lies at an end of the grid,
// extends it by factors of 3 beyond that end (at most 3 times per end), so that the chosen
// rate is not an artefact of the grid's range. The runs come back in increasing rate.
func sweepRates(grid []float64, run func(lr float64) convRun) []convRun {
	var rs []convRun
	for _, lr := range grid {
		rs = append(rs, run(lr))
	}
	for up := 0; up < 3 && bestRun(rs) == len(rs)-1; up++ {
		rs = append(rs, run(round3(rs[len(rs)-1].lr*3)))
	}
	for down := 0; down < 3 && bestRun(rs) == 0; down++ {
		rs = append([]convRun{run(round3(rs[0].lr / 3))}, rs...)
	}
	return rs
}

// round3 rounds to 3 significant digits (0.3·3 is 0.9, not 0.8999999999999999).
func round3(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	return r
}

// bestRun returns the index of the best run of a sweep: the highest validation metric at
// the lowest validation loss, ties broken by the lower validation loss (failed runs last).
func bestRun(rs []convRun) int {
	bi := 0
	for i, r := range rs {
		b := rs[bi]
		if math.IsNaN(b.bestVal) || r.bestVal > b.bestVal || r.bestVal == b.bestVal && r.valLoss < b.valLoss {
			bi = i
		}
	}
	return bi
}

func quickLine(res *convResult) string {
	var parts []string
	for _, m := range curveMethod {
		rs := res.runs[m.String()]
		var t []float64
		for _, r := range rs {
			t = append(t, r.test)
		}
		parts = append(parts, fmt.Sprintf("%s %.3f", m, median(t)))
	}
	return strings.Join(parts, ", ")
}
