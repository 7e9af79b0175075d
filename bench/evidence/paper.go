package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/table"
)

// The paper's experiment on real data: a two-class subset of N rows, MSE on ±0.5 targets,
// inputs standardized with one global mean and standard deviation and then scaled to unit
// norm, an NTK-parameterized MLP [M_0, M, M, 1] with σ_w² = 2 and σ_b = 0, and a few full-
// batch steps of each method at a fixed learning rate η = f/α, where α is the method's
// isotropy constant (exact 1, block-diagonal L, tri-diagonal 1ᵀT⁻¹1, K-FAC N(L−1)+1 or
// M_0+N(L−2)+1 when M_0 < N, unit-wise γ(L−1)M+1). If the function-space step is isotropic,
// K = αI, the linearized residual follows e_t = (1−ηα)^t e_0, so the loss follows
// (1−ηα)^{2t} L_0: zero after one step at f = 1, a factor 1/4 per step at f = 1/2.
// Gradient descent runs at η = 1/λ_max(Θ) (Θ = JJᵀ/N), and its theory line is the
// linearized model L_t = (1/2N) Σ_i (1−ηλ_i)^{2t} (u_iᵀe_0)² over the eigenpairs of Θ.

type paperOpts struct {
	data     string
	classA   float64
	classB   float64
	n        int
	widths   []int
	steps    int
	rho      float64 // damping of exact, blockdiag, tridiag, kfac
	rhoUW    float64 // damping of unit-wise
	seed     uint64
	fracs    []float64
	plotsDir string
}

// paperRun is one method's trajectory.
type paperRun struct {
	act      simd.Activation
	width    int
	method   string // gd, exact, blockdiag, tridiag, kfac, kfac+forster, unitwise
	frac     float64
	eta      float64
	alpha    float64   // the isotropy constant η is based on (GD: λ_max)
	loss     []float64 // L_0 … L_T
	theory   []float64 // predicted L_0 … L_T (nil when not drawn)
	alphaHat []float64 // measured α per step (NGD)
	cos      []float64 // measured cos(Δf, −e) per step (NGD)
	kappa    float64   // GD: λ_max/λ_min
	note     string
	secs     float64
}

var paperMethods = []string{"gd", "exact", "blockdiag", "tridiag", "kfac", "kfac+forster", "unitwise"}

func (r *paperRun) ratios() []float64 {
	var out []float64
	for t := 1; t < len(r.loss); t++ {
		out = append(out, r.loss[t]/r.loss[t-1])
	}
	return out
}

// runPaper runs every activation, width, step fraction and method.
func runPaper(o paperOpts, logf func(string, ...any)) ([]paperRun, string, error) {
	tb, err := table.ReadFile(o.data)
	if err != nil {
		return nil, "", err
	}
	rows, y64, err := twoClassSubset(tb, o.classA, o.classB, o.n, o.seed)
	if err != nil {
		return nil, "", err
	}
	rows, m0 := dropConstantColumns(rows)
	x := paperInputs(rows)
	y := make([]float32, len(y64))
	for i, v := range y64 {
		y[i] = float32(v)
	}
	var z []float32
	forsterNote := ""
	if f, err := core.ForsterTransform(x, o.n, m0, 1e-10, 500); err != nil {
		forsterNote = err.Error()
	} else {
		z = make([]float32, len(x))
		f.Apply(z, x, o.n)
		forsterNote = fmt.Sprintf("Forster transform fitted in %d iterations, max|(M_0/N)ZᵀZ − I| = %.1e", f.Iter, f.Dev)
	}
	var runs []paperRun
	for _, act := range []simd.Activation{simd.Tanh, simd.ReLU} {
		for _, M := range o.widths {
			spec := tinynet.Spec{Widths: []int{m0, M, M, 1}, Activation: act, SigmaW: float32(math.Sqrt2), SigmaB: 0}
			net0 := tinynet.New(spec)
			net0.Init(o.seed)
			lam, vec := ntkEigen(net0, x, o.n)
			for _, frac := range o.fracs {
				for _, m := range paperMethods {
					t0 := time.Now()
					r := paperRun{act: act, width: M, method: m, frac: frac}
					in := x
					if m == "kfac+forster" {
						if z == nil {
							continue
						}
						in = z
					}
					if m == "gd" {
						r.runGD(net0.Clone(), x, y, o, frac, lam, vec)
					} else if err := r.runNGD(net0.Clone(), in, y, o, frac); err != nil {
						return nil, "", err
					}
					r.secs = time.Since(t0).Seconds()
					logf("paper %s M=%d η=%g/α %-13s loss %s (%.1fs)", act, M, frac, m, fmtSeq(r.loss), r.secs)
					runs = append(runs, r)
				}
			}
		}
	}
	info := fmt.Sprintf("%s, classes %g (+0.5) and %g (−0.5), N = %d rows (seeded shuffle, seed %d), M_0 = %d of %d columns (the ones not constant on these rows); %s",
		filepath.Base(o.data), o.classA, o.classB, o.n, o.seed, m0, tb.Cols-1, forsterNote)
	return runs, info, nil
}

// ntkEigen returns the eigenpairs of Θ = JJᵀ/N of net on x (C = 1).
func ntkEigen(net *tinynet.Net, x []float32, n int) ([]float64, []float64) {
	ws := tinynet.NewWorkspaceAlloc(net.Spec, n)
	ws.Forward(net, x, n)
	ws.Signals(net)
	theta := make([]float64, n*n)
	tmp := make([]float64, n*n)
	for l := 1; l <= net.Spec.Layers(); l++ {
		ws.LayerNTK(l, tmp, n)
		for i, v := range tmp {
			theta[i] += v / float64(n)
		}
	}
	return symEigen(theta, n)
}

func (r *paperRun) runGD(net *tinynet.Net, x, y []float32, o paperOpts, frac float64, lam, vec []float64) {
	n := o.n
	lo, hi := minMax(lam)
	r.alpha, r.kappa = hi, hi/lo
	r.eta = frac / hi
	cfg := defaults(core.SGD, tinynet.MSE)
	cfg.LR, cfg.Momentum = r.eta, 0 // plain gradient descent
	tr, err := core.New(net, n, cfg)
	if err != nil {
		r.note = err.Error()
		return
	}
	// linearized prediction from the initial residual
	ws := tinynet.NewWorkspaceAlloc(net.Spec, n)
	ws.Forward(net, x, n)
	f := ws.Output()
	e := make([]float64, n)
	for i := range e {
		e[i] = float64(f.Data[i]) - float64(y[i])
	}
	proj := make([]float64, n)
	for k := 0; k < n; k++ {
		for i := 0; i < n; i++ {
			proj[k] += vec[i*n+k] * e[i]
		}
	}
	for t := 0; t <= o.steps; t++ {
		var s float64
		for k := 0; k < n; k++ {
			s += math.Pow(1-r.eta*lam[k], 2*float64(t)) * proj[k] * proj[k]
		}
		r.theory = append(r.theory, s/(2*float64(n)))
	}
	for t := 0; t < o.steps; t++ {
		info, err := tr.Step(x, y, n)
		if err != nil {
			r.note = err.Error()
			return
		}
		if t == 0 {
			r.loss = append(r.loss, info.Loss)
		}
		r.loss = append(r.loss, lossAfter(tr, info, x, y, n))
	}
}

func (r *paperRun) runNGD(net *tinynet.Net, x, y []float32, o paperOpts, frac float64) error {
	name := r.method
	if name == "kfac+forster" {
		name = "kfac"
	}
	m, ok := core.ParseMethod(name)
	if !ok {
		return fmt.Errorf("paper: unknown method %q", name)
	}
	cfg := defaults(m, tinynet.MSE)
	cfg.LRMode, cfg.Damping, cfg.Diagnostics, cfg.MaxRelStep = core.LRFixed, o.rho, true, 0
	if m == core.UnitWise {
		cfg.Damping = o.rhoUW
	}
	cfg.DampingPolicy, cfg.DampingScale = core.DampingFixed, core.ScaleAbsolute
	cfg.LR = 1
	probe, err := core.New(net, o.n, cfg)
	if err != nil {
		return err
	}
	r.alpha = probe.Alpha()
	r.eta = frac / r.alpha
	cfg.LR = r.eta
	tr, err := core.New(net, o.n, cfg)
	if err != nil {
		return err
	}
	for t := 0; t < o.steps; t++ {
		info, err := tr.Step(x, y, o.n)
		if err != nil {
			r.note = fmt.Sprintf("step %d: %v", t+1, err)
			break
		}
		if t == 0 {
			r.loss = append(r.loss, info.Loss)
		}
		if info.Rejected {
			r.note = fmt.Sprintf("step %d rejected: %s", t+1, info.Reason)
		}
		r.loss = append(r.loss, lossAfter(tr, info, x, y, o.n))
		r.alphaHat = append(r.alphaHat, info.Alpha)
		r.cos = append(r.cos, info.Cos)
	}
	if len(r.loss) > 0 {
		q := (1 - r.eta*r.alpha) * (1 - r.eta*r.alpha)
		for t := 0; t <= o.steps; t++ {
			r.theory = append(r.theory, r.loss[0]*math.Pow(q, float64(t)))
		}
	}
	return nil
}

func fmtSeq(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprintf("%.3g", x)
	}
	return strings.Join(s, " ")
}

// paperSection writes the plots and returns the markdown of the experiment.
func paperSection(o paperOpts, quick bool, logf func(string, ...any)) (string, error) {
	start := time.Now()
	runs, info, err := runPaper(o, logf)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(o.plotsDir, 0o755); err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## The paper's experiment on real data\n\n")
	fmt.Fprintf(&b, "Data: %s. Inputs standardized with one global mean and standard deviation, then every row scaled to unit norm; targets ±0.5; MSE. "+
		"Network [M_0, M, M, 1], NTK parameterization, σ_w² = 2, σ_b = 0, widths M = %s, one initialization (seed %d) shared by all methods. "+
		"Full-batch steps at a fixed η = f/α (f = %s) with ρ = %g (unit-wise %g: with ReLU its unit blocks are singular) and no step bound; a step whose solve fails is retried by core with ρ raised (noted in the table); gradient descent (SGD, momentum 0) at η = f/λ_max(Θ). "+
		"α per step is measured from the step itself: α̂ = −⟨J·d, e⟩/‖e‖² for the raw direction d (α̂ = α when the step is isotropic).\n\n",
		info, joinInts(o.widths), o.seed, joinFloats(o.fracs), o.rho, o.rhoUW)
	for _, act := range []simd.Activation{simd.Tanh, simd.ReLU} {
		file := "paper_" + act.String() + plotExt
		if err := plotPaper(filepath.Join(o.plotsDir, file), runs, act, o); err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "![training loss per step, %s](plots/%s)\n\n", act, file)
	}
	b.WriteString("Solid: measured training loss; dashed: theory, (1−ηα)^{2t}·L_0 for the NGD methods and the linearized model over Θ's eigenpairs for GD. " +
		"At f = 1 the NGD theory is zero after one step and is not drawn.\n\n")
	b.WriteString(paperSummary(runs, o))
	for _, frac := range o.fracs {
		fmt.Fprintf(&b, "\n### Per-step loss ratios L_t/L_{t−1} and measured α̂ at η = %s\n\n", fracName(frac))
		b.WriteString("| act | M | method | η | α | α̂ (steps 1…T) | cos | L_t/L_{t−1} | theory | L_T/L_0 |\n|---|---|---|---|---|---|---|---|---|---|\n")
		for _, r := range runs {
			if r.frac != frac {
				continue
			}
			alpha, theory := fmt.Sprintf("%.4g", r.alpha), fmt.Sprintf("%.3g", (1-r.eta*r.alpha)*(1-r.eta*r.alpha))
			if r.method == "gd" {
				alpha = fmt.Sprintf("λ_max %.3g (κ %.3g)", r.alpha, r.kappa)
				theory = "linearized"
			}
			final := math.NaN()
			if len(r.loss) > 0 {
				final = r.loss[len(r.loss)-1] / r.loss[0]
			}
			note := ""
			if r.note != "" {
				note = " (" + r.note + ")"
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %.3g | %s | %s | %s | %s | %s | %.2e%s |\n", r.act, r.width, r.method, r.eta, alpha,
				fmtSeq(r.alphaHat), fmtSeqPrec(r.cos, 3), fmtSeq(r.ratios()), theory, final, note)
		}
	}
	fmt.Fprintf(&b, "\n(%s mode, %.0f s on %s.)\n", modeName(quick), time.Since(start).Seconds(), machine())
	return b.String(), nil
}

func fmtSeqPrec(v []float64, prec int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprintf("%.*f", prec, x)
	}
	return strings.Join(s, " ")
}

func fracName(f float64) string {
	if f == 1 {
		return "1/α"
	}
	return fmt.Sprintf("%g/α", f)
}

func modeName(quick bool) string {
	if quick {
		return "quick"
	}
	return "full"
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

func joinFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

// lossAfter is the batch loss after a step: StepInfo's, or evaluated when the step did not
// compute it (first-order methods at their fixed rate).
func lossAfter(tr *core.Trainer, info core.StepInfo, x, y []float32, n int) float64 {
	if math.IsNaN(info.LossAfter) {
		return tr.Loss(x, y, n)
	}
	return info.LossAfter
}
