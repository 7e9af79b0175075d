package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"time"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// The training loop evaluates the validation rows every evalEvery steps (see
// evaluationPeriod), keeps the trainer's state at the least validation loss in a
// preallocated core.Snapshot, stops after --patience evaluations without improvement, and
// returns to the best state at the end. The model's normalization is fitted on the training
// rows before the first step and does not change while training, so the snapshot of the
// trainer (weights, optimizer state, ρ) is the whole state of the model.

// Early stopping and divergence.
const (
	defaultPatience = 20
	// A run has diverged when its monitored loss (validation loss, or the training loss
	// without a validation split) exceeds divergenceFactor × the loss at the start, or when
	// the loss or a weight is not finite.
	divergenceFactor = 1e3
	// Within long epochs the validation rows are evaluated at least every
	// max(minEvalPeriod, ⌈validation rows / batch⌉) steps.
	minEvalPeriod = 50
	// Small files are evaluated several times per epoch: an NGD method fits a batch in a
	// step and its best validation loss often falls within the first epoch.
	evalsPerEpoch = 4
)

// Auto training length (--epochs 0): at least minEpochs passes and minSteps steps. With
// early stopping small files get up to minStepsES steps and patience usually ends the run
// first; large files keep 12 epochs, so the CLI time on them does not grow (Seattle, 8,753
// rows: 2,628 steps either way).
const (
	minEpochs   = 12
	minSteps    = 300
	minEpochsES = 12
	minStepsES  = 2000
)

// evalReport is one evaluation: a progress line, a JSON object and a row of --curve. The
// figures after the validation ones are means over the accepted steps since the previous
// evaluation.
type evalReport struct {
	Epoch      int     `json:"epoch"`
	Step       int     `json:"step"`
	Seconds    float64 `json:"seconds"`
	TrainLoss  float64 `json:"train_loss"`
	ValLoss    float64 `json:"val_loss"`
	ValR2      float64 `json:"val_r2,omitempty"`
	ValAcc     float64 `json:"val_accuracy,omitempty"`
	ValBalAcc  float64 `json:"val_balanced_accuracy,omitempty"`
	StepsPerS  float64 `json:"steps_per_s"`
	LR         float64 `json:"lr"`
	Damping    float64 `json:"damping"`
	Cos        float64 `json:"cos_df_minus_e,omitempty"`
	Ratio      float64 `json:"ratio_df_e,omitempty"`
	Alpha      float64 `json:"alpha,omitempty"`
	Rejected   int     `json:"rejected"`
	Best       bool    `json:"best,omitempty"` // the least validation loss so far
	hasVal     bool
	classifier bool
	hasTrain   bool // some step was accepted since the previous evaluation
	hasDiag    bool // Cos and Alpha were measured
	ngd        bool // Damping is a Fisher damping
}

// Why a training loop ended.
const (
	stopBudget   = "budget"   // the epochs or steps ran out
	stopPatience = "patience" // --patience evaluations without improvement
	stopDiverged = "diverged" // divergence or a failed step; the run fails
	stopSignal   = "signal"   // SIGINT or SIGTERM; the run ends as at the budget, then exits 130/143
)

// trainResult is what a training loop reports.
type trainResult struct {
	steps    int     // steps taken, rejected ones included
	rejected int     // rejected steps
	seconds  float64 // wall clock
	last     evalReport
	best     evalReport // the state the trainer holds at the end (the last one without restore-best)
	restored bool       // the trainer was returned to best
	stopped  string
	curve    []evalReport // every evaluation, from step 0
	// keepable: the final state is worth saving after a failure (it is not the random
	// initialization)
	keepable bool
	signal   os.Signal // the signal that stopped the run, if one did
	saved    string    // where the final state was saved ("" if not)
}

// loopPlan is the schedule of a training loop.
type loopPlan struct {
	epochs    int // passes over the training rows
	perEpoch  int // steps in one pass
	evalEvery int // steps between evaluations
	patience  int // evaluations without improvement before stopping; 0: never
}

// stepsPerEpoch counts the batches of one pass over rows training rows: a short tail batch
// is dropped unless it is at least half a batch or the only one.
func stepsPerEpoch(rows, batch int) int {
	n := rows / batch
	if tail := rows % batch; tail > 0 && (2*tail >= batch || n == 0) {
		n++
	}
	return n
}

// evaluationPeriod returns the steps between evaluations: evalsPerEpoch times an epoch
// (⌈steps per epoch / evalsPerEpoch⌉ steps, at least 1), but at most max(minEvalPeriod,
// ⌈valid/batch⌉) steps, so that evaluating costs at most about one forward pass per
// training row seen. every > 0 overrides it.
func evaluationPeriod(every, perEpoch, valid, batch int) int {
	if every > 0 {
		return every
	}
	return max(1, min((perEpoch+evalsPerEpoch-1)/evalsPerEpoch, max(minEvalPeriod, (valid+batch-1)/batch)))
}

// autoEpochs returns the number of passes for --epochs 0: max(12, ⌈300/steps per epoch⌉),
// or with early stopping max(12, ⌈2000/steps per epoch⌉).
func autoEpochs(perEpoch int, early bool) int {
	e, s := minEpochs, minSteps
	if early {
		e, s = minEpochsES, minStepsES
	}
	return max(e, (s+perEpoch-1)/perEpoch)
}

func planLoop(f *trainFlags, job *trainJob) loopPlan {
	p := loopPlan{perEpoch: stepsPerEpoch(len(job.train), job.batch), epochs: f.epochs}
	if len(job.valid) > 0 {
		p.patience = f.patience
	}
	if p.epochs <= 0 {
		p.epochs = autoEpochs(p.perEpoch, p.patience > 0)
	}
	p.evalEvery = evaluationPeriod(f.evalEvery, p.perEpoch, len(job.valid), job.batch)
	return p
}

// period accumulates the steps between two evaluations.
type period struct {
	t0                                      time.Time
	lossSum, cosSum, alphaSum, ratioSum, lr float64
	nLoss, nDiag, rejected, steps           int
}

func (p *period) add(info core.StepInfo) {
	p.steps++
	if info.Rejected {
		p.rejected++
		return
	}
	p.lossSum += info.Loss
	p.lr += info.LR
	p.nLoss++
	if info.HaveDiag {
		p.cosSum += info.Cos
		p.ratioSum += info.Ratio
		p.alphaSum += info.Alpha
		p.nDiag++
	}
}

func (p *period) report(rep *evalReport) {
	if el := time.Since(p.t0).Seconds(); el > 0 {
		rep.StepsPerS = float64(p.steps) / el
	}
	rep.Rejected = p.rejected
	if p.nLoss > 0 {
		rep.hasTrain = true
		rep.TrainLoss = p.lossSum / float64(p.nLoss)
		rep.LR = p.lr / float64(p.nLoss)
	}
	if p.nDiag > 0 {
		rep.hasDiag = true
		n := float64(p.nDiag)
		rep.Cos, rep.Ratio, rep.Alpha = p.cosSum/n, p.ratioSum/n, p.alphaSum/n
	}
	*p = period{t0: time.Now()}
}

// monitor decides after each evaluation: it keeps the best state, counts evaluations
// without improvement and recognizes divergence.
type monitor struct {
	tr       *core.Trainer
	snap     *core.Snapshot
	patience int
	start    float64 // the monitored loss at the start (NaN until known)
	best     float64
	since    int // evaluations since the best
}

// monitored is the loss early stopping and divergence watch: the validation loss, or the
// training loss without a validation split.
func monitored(rep *evalReport) (float64, bool) {
	if rep.hasVal {
		return rep.ValLoss, true
	}
	return rep.TrainLoss, rep.hasTrain
}

// diverged says why the run has diverged at this evaluation, or "".
func (mo *monitor) diverged(loss float64) string {
	switch {
	case math.IsNaN(loss) || math.IsInf(loss, 0):
		return fmt.Sprintf("the loss is %g", loss)
	case !finiteParams(mo.tr.Net().Params):
		return "a weight is not finite"
	case mo.start > 0 && loss > divergenceFactor*mo.start:
		return fmt.Sprintf("the loss %.4g is more than %g × its value at the start, %.4g", loss, divergenceFactor, mo.start)
	}
	return ""
}

func finiteParams(p []float32) bool {
	for _, v := range p {
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}

// observe takes the evaluation rep. It returns the divergence reason ("" if none) and
// whether patience ran out; it marks rep.Best and snapshots the trainer when rep improves
// on the best.
func (mo *monitor) observe(rep *evalReport) (diverged string, patienceOut bool) {
	loss, ok := monitored(rep)
	if !ok {
		return "", false
	}
	if math.IsNaN(mo.start) {
		mo.start = loss
	}
	if why := mo.diverged(loss); why != "" {
		return why, false
	}
	if loss < mo.best {
		mo.best, mo.since = loss, 0
		rep.Best = true
		mo.tr.Snapshot(mo.snap)
		return "", false
	}
	mo.since++
	return "", mo.patience > 0 && mo.since >= mo.patience
}

func trainLoop(f *trainFlags, tr *core.Trainer, job *trainJob, stdout io.Writer) (trainResult, error) {
	d, m := job.data, job.m
	batch := job.batch
	plan := planLoop(f, job)
	xb := make([]float32, batch*d.In)
	yb := make([]float32, batch*d.YWidth())
	var classW, wb []float32 // per-class loss weights and the batch's sample weights
	if m.Task == tinynet.SoftmaxCE && f.classWeight == "balanced" {
		classW = balancedClassWeights(d, job.train)
		wb = make([]float32, batch)
		tr.SetSampleWeights(wb)
	}
	src := rand.NewPCG(f.seed, 0x5eed)
	rng := rand.New(src)
	pos := &loopPos{perEpoch: plan.perEpoch, done: plan.perEpoch, order: append([]int(nil), job.train...), src: src}
	if job.resume != nil {
		if err := importLoop(job.resume, pos, plan.perEpoch, job.train); err != nil {
			return trainResult{}, usagef("--resume %s: %v", f.resume, err)
		}
	}
	job.pos = pos
	order := pos.order
	ev := newEvaluator(m, d, job.valid)
	mo := &monitor{tr: tr, snap: tr.NewSnapshot(), patience: plan.patience, start: math.NaN(), best: math.Inf(1)}
	res := trainResult{stopped: stopBudget, keepable: f.init != ""}
	start := time.Now()
	enc := json.NewEncoder(stdout)
	if !f.jsonOut && f.verbose {
		fmt.Fprintf(stdout, "trainer: %s, %d parameters, kernels %s; %s\n", tr, m.Net.Spec.Params(), simd.Path(), tr.Plan())
		fmt.Fprintf(stdout, "schedule: %d epochs of %d steps, validation every %d steps, patience %d\n", plan.epochs, plan.perEpoch, plan.evalEvery, plan.patience)
	}

	// step 0: the starting point is the first candidate for the best state
	rep := evalReport{}
	ev.evaluate(&rep)
	mo.observe(&rep)
	if !rep.hasVal {
		tr.Snapshot(mo.snap) // the fallback should the first period diverge
	}
	res.curve = append(res.curve, rep)
	res.best, res.last = rep, rep

	if job.ctl != nil {
		total := plan.epochs * plan.perEpoch
		if f.steps > 0 {
			total = min(total, f.steps)
		}
		job.ctl.setTotal(total)
	}
	var per period
	per.t0 = time.Now()
	var firstLoss float64 // the loss of the first step: the start without a validation split
	ngd := tr.Config().Method.IsNGD()
	evaluate := func(epoch int) (stop bool, err error) {
		rep := evalReport{Epoch: epoch, Step: res.steps, Seconds: time.Since(start).Seconds(), ngd: ngd}
		per.report(&rep)
		rep.Damping = tr.Damping()
		ev.evaluate(&rep)
		if !rep.hasVal && math.IsNaN(mo.start) && rep.hasTrain {
			mo.start = firstLoss
		}
		why, out := mo.observe(&rep)
		res.curve = append(res.curve, rep)
		res.last = rep
		printEvaluation(stdout, enc, f, rep)
		if rep.Best {
			res.best, res.keepable = rep, true
		}
		switch {
		case why != "":
			return true, res.fail(tr, mo, fmt.Sprintf("diverged at step %d: %s", res.steps, why))
		case out:
			res.stopped = stopPatience
			return true, nil
		}
		return false, nil
	}

	stop := false
	// From the start, or from a resumed position: the rest of its epoch (already shuffled)
	// or, when that epoch was done, the next one.
	first, k0 := pos.epoch, pos.done
	if k0 >= plan.perEpoch {
		first, k0 = pos.epoch+1, 0
	}
	for epoch := first; epoch <= plan.epochs && !stop; epoch++ {
		if epoch > first || k0 == 0 {
			k0 = 0
			// One batch of every row (--batch full) is the same batch in any order: kept in
			// its order, each step's rows are the last step's and the trainer reuses that
			// step's closing forward pass.
			if plan.perEpoch > 1 {
				rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			}
		}
		for k := k0; k < plan.perEpoch; k++ {
			pos.epoch, pos.done = epoch, k+1
			lo := k * batch
			rows := order[lo:min(lo+batch, len(order))]
			n := len(rows)
			d.Batch(rows, xb, yb)
			for i, r := range rows {
				if wb != nil {
					wb[i] = classW[int(d.Y[r])]
				}
			}
			info, err := tr.Step(xb, yb, n)
			res.steps++
			if info.Rejected {
				res.rejected++
			}
			if res.steps == 1 {
				firstLoss = info.Loss
			}
			if err != nil {
				res.seconds = time.Since(start).Seconds()
				return res, res.fail(tr, mo, fmt.Sprintf("training stopped at step %d: %v (try a larger --damping or a smaller --lr)", res.steps, err))
			}
			per.add(info)
			last := f.steps > 0 && res.steps >= f.steps || epoch == plan.epochs && k == plan.perEpoch-1
			if job.ctl != nil {
				if sig := job.ctl.afterStep(res.steps); sig != nil {
					res.signal, res.stopped, last = sig, stopSignal, true
				}
			}
			if res.steps%plan.evalEvery == 0 || last {
				var err error
				if stop, err = evaluate(epoch); err != nil {
					res.seconds = time.Since(start).Seconds()
					return res, err
				}
			}
			if stop || last {
				stop = true
				break
			}
		}
	}
	res.seconds = time.Since(start).Seconds()
	if plan.patience > 0 && mo.snap.Taken() && res.best.Step != res.last.Step {
		tr.Restore(mo.snap)
		res.restored = true
	} else {
		res.best = res.last
	}
	return res, nil
}

// fail returns the trainer to the best state seen and the error that ends the run.
func (res *trainResult) fail(tr *core.Trainer, mo *monitor, why string) error {
	res.stopped = stopDiverged
	tr.Restore(mo.snap)
	res.restored = true
	return fmt.Errorf("%w: %s; returned to the best state, %s", errTraining, why, describeState(res.best))
}

// errTraining marks a run that failed (exit code 1).
var errTraining = fmt.Errorf("training failed")

// describeState names an evaluation in words: its step and validation figure.
func describeState(r evalReport) string {
	s := fmt.Sprintf("step %d", r.Step)
	if r.Step == 0 {
		s += " (the starting weights)"
	} else {
		s += fmt.Sprintf(" (epoch %d)", r.Epoch)
	}
	switch {
	case r.hasVal && r.classifier:
		s += fmt.Sprintf(", validation accuracy %.4f, balanced accuracy %.4f, loss %.5g", r.ValAcc, r.ValBalAcc, r.ValLoss)
	case r.hasVal:
		s += fmt.Sprintf(", validation R² %.4f, loss %.5g", r.ValR2, r.ValLoss)
	case r.hasTrain:
		s += fmt.Sprintf(", training loss %.5g", r.TrainLoss)
	}
	return s
}

// printSummary prints the line (or JSON object) that ends a successful run.
func printSummary(stdout io.Writer, f *trainFlags, m *model.Model, res trainResult) {
	best := res.best
	if f.jsonOut {
		jsonLine(json.NewEncoder(stdout), lineSummary, summaryFields(m, res))
		return
	}
	fmt.Fprintf(stdout, "done: %s, %d steps (%d rejected) in %.2fs, stopped by %s", m.Method, res.steps, res.rejected, res.seconds, res.stopped)
	if best.hasVal {
		fmt.Fprintf(stdout, "; best %s", describeState(best))
		if res.restored {
			fmt.Fprint(stdout, ", restored")
		}
	}
	fmt.Fprintln(stdout)
}

func printEvaluation(w io.Writer, enc *json.Encoder, f *trainFlags, r evalReport) {
	if f.jsonOut {
		jsonLine(enc, lineEval, evalFields(r))
		return
	}
	fmt.Fprintf(w, "epoch %3d  step %6d  train_loss %.5g", r.Epoch, r.Step, r.TrainLoss)
	if r.hasVal {
		fmt.Fprintf(w, "  val_loss %.5g", r.ValLoss)
		if r.classifier {
			fmt.Fprintf(w, "  val_acc %.4f  val_bacc %.4f", r.ValAcc, r.ValBalAcc)
		} else {
			fmt.Fprintf(w, "  val_r2 %.4f", r.ValR2)
		}
	}
	fmt.Fprintf(w, "  steps/s %.0f", r.StepsPerS)
	if r.Rejected > 0 {
		fmt.Fprintf(w, "  rejected %d", r.Rejected)
	}
	if r.Best && r.hasVal {
		fmt.Fprint(w, "  *")
	}
	if f.verbose {
		fmt.Fprintf(w, "  lr %.4g  damping %.3g  cos %.4f  |df|/|e| %.4g  alpha %.4g", r.LR, r.Damping, r.Cos, r.Ratio, r.Alpha)
	}
	fmt.Fprintln(w)
}
