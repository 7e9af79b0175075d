package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// Step time against batch size N, width M and depth L for every method, with the power law
// each should follow fitted by least squares on log-log axes over the largest sizes, and the
// dual/primal crossover of unit-wise NGD and K-FAC (Config.Form forces the form).
//
// The problem is a tanh MLP [16, M, …, M, 1] (L weight layers) on Gaussian inputs and
// targets, MSE, absolute damping ρ = 1e-2 (so that no step is rejected), each method's default learning
// rate. The base point is N = 64, M = 64, L = 3. Each point is the fastest of 5 blocks of
// steps, each block lasting at least the time budget (the mean step time of the block).

type scalingOpts struct {
	quick    bool
	plotsDir string
}

var scalingMethods = []core.Method{core.Exact, core.BlockDiag, core.TriDiag, core.UnitWise, core.KFAC, core.SGD, core.Adam}

// scalePoint is one timing.
type scalePoint struct {
	method core.Method
	form   core.Form
	n, m   int
	layers int
	secs   float64 // median seconds per step
	plan   string
}

// expected exponents of the sweeps, with the term that dominates at the largest sizes.
type expectation struct {
	k      float64
	reason string
}

var expectN = map[core.Method]expectation{
	core.Exact:     {3, "Cholesky of the N×N dual system"},
	core.BlockDiag: {3, "L Cholesky solves of N×N"},
	core.TriDiag:   {3, "one LU of the (LN)×(LN) coupled system"},
	core.UnitWise:  {1, "primal form once N ≫ M: N·M² per unit's block"},
	core.KFAC:      {1, "primal form once N ≫ M: Σ N·M² factor statistics"},
	core.SGD:       {1, "forward and backward, N·P"},
	core.Adam:      {1, "forward and backward, N·P"},
}

var expectM = map[core.Method]expectation{
	core.Exact:     {2, "N·M² products (forward, signals, JVP, VJP)"},
	core.BlockDiag: {2, "N·M² products"},
	core.TriDiag:   {2, "N·M² products; the dual system does not grow with M"},
	core.UnitWise:  {2, "dual form (M ≫ N): M unit solves of N³ (linear) plus N·M² products"},
	core.KFAC:      {2, "dual form (M ≫ N): N·M² products and N² M Grams"},
	core.SGD:       {2, "N·M² forward and backward"},
	core.Adam:      {2, "N·M² forward and backward"},
}

var expectL = map[core.Method]expectation{
	core.Exact:     {1, "one Gram per layer, one N×N solve"},
	core.BlockDiag: {1, "one Gram and one N×N solve per layer"},
	core.TriDiag:   {3, "one LU of the (LN)×(LN) coupled system"},
	core.UnitWise:  {1, "per-layer unit solves"},
	core.KFAC:      {1, "per-layer factors"},
	core.SGD:       {1, "per-layer products"},
	core.Adam:      {1, "per-layer products"},
}

func scalingProblem(widths []int, n int) (*tinynet.Net, []float32, []float32) {
	net := tinynet.New(tinynet.Spec{Widths: widths, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1})
	net.Init(1)
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, n*widths[0])
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	y := make([]float32, n*widths[len(widths)-1])
	for i := range y {
		y[i] = float32(rng.NormFloat64())
	}
	return net, x, y
}

func mlpWidths(m0, m, layers int) []int {
	w := []int{m0}
	for range layers - 1 {
		w = append(w, m)
	}
	return append(w, 1)
}

// timeStep returns the seconds per step (the fastest of 5 blocks, in the thread's CPU time)
// and the trainer's plan.
func timeStep(method core.Method, form core.Form, n, m, layers int, budget time.Duration) (float64, string, error) {
	net, x, y := scalingProblem(mlpWidths(16, m, layers), n)
	cfg := defaults(method, tinynet.MSE)
	cfg.Damping, cfg.DampingScale = 1e-2, core.ScaleAbsolute
	cfg.Form = form
	tr, err := core.New(net, n, cfg)
	if err != nil {
		return 0, "", err
	}
	step := func() error {
		_, err := tr.Step(x, y, n)
		return err
	}
	// warm up and size the block
	w := startWatch()
	if err := step(); err != nil {
		return 0, "", err
	}
	one := time.Duration(w.seconds() * 1e9)
	k := max(1, int(budget/max(one, time.Microsecond)))
	var per []float64
	for range 5 {
		w := startWatch()
		for range k {
			if err := step(); err != nil {
				return 0, "", err
			}
		}
		per = append(per, w.seconds()/float64(k))
	}
	lo, _ := minMax(per)
	return lo, tr.Plan(), nil
}

func scalingSection(o scalingOpts, logf func(string, ...any)) (string, error) {
	start := time.Now()
	ns := []int{16, 32, 64, 128, 256, 512}
	ms := []int{16, 32, 64, 128, 256, 512}
	ls := []int{3, 4, 6, 7, 9} // tri-diagonal coupling is singular for L ≡ 2 (mod 3)
	cross := []int{8, 16, 32, 64, 128, 256, 512}
	crossM := 128
	budget := 60 * time.Millisecond
	if o.quick {
		ns = []int{16, 32, 64, 128}
		ms = []int{16, 32, 64, 128}
		ls = []int{3, 4, 6, 7}
		cross = []int{16, 64, 256}
		crossM = 64
		budget = 8 * time.Millisecond
	}
	const baseN, baseM, baseL = 64, 64, 3
	var byN, byM, byL, byForm []scalePoint
	measure := func(dst *[]scalePoint, p scalePoint) error {
		secs, plan, err := timeStep(p.method, p.form, p.n, p.m, p.layers, budget)
		if err != nil {
			return fmt.Errorf("%s N=%d M=%d L=%d: %w", p.method, p.n, p.m, p.layers, err)
		}
		p.secs, p.plan = secs, plan
		*dst = append(*dst, p)
		logf("scaling %-9s form=%-6s N=%-4d M=%-4d L=%d  %9.3f ms/step", p.method, p.form, p.n, p.m, p.layers, secs*1e3)
		return nil
	}
	for _, meth := range scalingMethods {
		for _, n := range ns {
			if err := measure(&byN, scalePoint{method: meth, n: n, m: baseM, layers: baseL}); err != nil {
				return "", err
			}
		}
		for _, m := range ms {
			if err := measure(&byM, scalePoint{method: meth, n: baseN, m: m, layers: baseL}); err != nil {
				return "", err
			}
		}
		for _, l := range ls {
			if err := measure(&byL, scalePoint{method: meth, n: baseN, m: baseM, layers: l}); err != nil {
				return "", err
			}
		}
	}
	for _, meth := range []core.Method{core.UnitWise, core.KFAC} {
		for _, form := range []core.Form{core.FormDual, core.FormPrimal, core.FormAuto} {
			for _, n := range cross {
				if err := measure(&byForm, scalePoint{method: meth, form: form, n: n, m: crossM, layers: baseL}); err != nil {
					return "", err
				}
			}
		}
	}

	file := "scaling" + plotExt
	if err := plotScaling(o.plotsDir+"/"+file, byN, byM, byL, byForm, crossM); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("## Step time and complexity\n\n")
	fmt.Fprintf(&b, "One full training step (forward, curvature, solve, update, and the line search's extra forward for the NGD methods) of a tanh MLP [16, M, …, M, 1] with L weight layers on a batch of N Gaussian rows, MSE, ρ = 1e-2, "+
		"each method's default learning rate and the planner's forms unless forced; base point N = %d, M = %d, L = %d. "+
		"Each time is the mean step time, in "+clockName+", of the fastest of 5 blocks of steps lasting at least %v each. "+
		"The exponent k of time ∝ size^k is a least-squares fit on log-log axes (± its standard error) over the three largest sizes of the N and M sweeps and over all depths.\n\n", baseN, baseM, baseL, budget)
	fmt.Fprintf(&b, "![step time against N, M and L](plots/%s)\n\n", file)
	b.WriteString("| method | ms/step at base | k in N: measured (model; asymptotic) | k in M | k in L |\n|---|---|---|---|---|\n")
	byNSize := func(p scalePoint) int { return p.n }
	byMSize := func(p scalePoint) int { return p.m }
	byLSize := func(p scalePoint) int { return p.layers }
	for _, meth := range scalingMethods {
		base := math.NaN()
		for _, p := range byN {
			if p.method == meth && p.n == baseN {
				base = p.secs * 1e3
			}
		}
		fmt.Fprintf(&b, "| %s | %.3g | %s | %s | %s |\n", meth, base,
			fitCell(lastFit(byN, meth, byNSize, 3), modelFit(byN, meth, byNSize, 3), expectN[meth]),
			fitCell(lastFit(byM, meth, byMSize, 3), modelFit(byM, meth, byMSize, 3), expectM[meth]),
			fitCell(lastFit(byL, meth, byLSize, 0), modelFit(byL, meth, byLSize, 0), expectL[meth]))
	}
	b.WriteString("\nThe model exponent is the log-log slope, over the same sizes, of a count of the step's floating-point operations for the forms the planner chose (costModel in costmodel.go: the products with the weights, the layer Grams and each method's solves); " +
		"the asymptotic one keeps only the term that dominates as the size grows.\n")
	b.WriteString("\nAsymptotic exponents, from the term that dominates as the size grows:\n\n")
	for _, meth := range scalingMethods {
		fmt.Fprintf(&b, "- %s: N — %s; M — %s; L — %s.\n", meth, expectN[meth].reason, expectM[meth].reason, expectL[meth].reason)
	}
	b.WriteString("\n" + scalingSentences(byN, byM, byL))
	fmt.Fprintf(&b, "\n### Dual or primal: where the forms cross (M = %d, L = %d)\n\n", crossM, baseL)
	b.WriteString("| method | N | dual ms | primal ms | faster | planner's choice (auto ms) |\n|---|---|---|---|---|---|\n")
	for _, meth := range []core.Method{core.UnitWise, core.KFAC} {
		for _, n := range cross {
			d, p, a := formPoint(byForm, meth, core.FormDual, n), formPoint(byForm, meth, core.FormPrimal, n), formPoint(byForm, meth, core.FormAuto, n)
			faster := "dual"
			if p.secs < d.secs {
				faster = "primal"
			}
			fmt.Fprintf(&b, "| %s | %d | %.3g | %.3g | %s | %s (%.3g) |\n", meth, n, d.secs*1e3, p.secs*1e3, faster, planForms(a.plan), a.secs*1e3)
		}
	}
	b.WriteString("\n" + crossoverSentences(byForm, cross))
	fmt.Fprintf(&b, "\n(%s mode, %.0f s on %s.)\n", modeName(o.quick), time.Since(start).Seconds(), machine())
	return b.String(), nil
}

func formPoint(ps []scalePoint, m core.Method, f core.Form, n int) scalePoint {
	for _, p := range ps {
		if p.method == m && p.form == f && p.n == n {
			return p
		}
	}
	return scalePoint{secs: math.NaN()}
}

// planForms shortens a trainer plan to the forms it names, e.g. "dual, dual, primal".
func planForms(plan string) string {
	var forms []string
	for _, w := range strings.Fields(strings.NewReplacer(",", " ", ":", " ").Replace(plan)) {
		if w == "dual" || w == "primal" || strings.HasPrefix(w, "A:") || strings.HasPrefix(w, "B:") {
			forms = append(forms, w)
		}
	}
	if len(forms) == 0 {
		return plan
	}
	return strings.Join(forms, " ")
}

// lastFit fits the log-log slope over the k largest sizes of method m's sweep (all if k ≤ 0).
func lastFit(ps []scalePoint, m core.Method, size func(scalePoint) int, k int) Fit {
	var pts []scalePoint
	for _, p := range ps {
		if p.method == m {
			pts = append(pts, p)
		}
	}
	slices.SortFunc(pts, func(a, b scalePoint) int { return size(a) - size(b) })
	if k > 0 && len(pts) > k {
		pts = pts[len(pts)-k:]
	}
	var s, t []float64
	for _, p := range pts {
		s = append(s, float64(size(p)))
		t = append(t, p.secs)
	}
	return fitLogLog(s, t)
}

func fitCell(f, model Fit, e expectation) string {
	return fmt.Sprintf("%.2f ± %.2f (%.2f; %g)", f.Slope, f.SlopeErr, model.Slope, e.k)
}

// scalingSentences compares each fitted exponent with the cost model's over the same sizes.
func scalingSentences(byN, byM, byL []scalePoint) string {
	var near, far []string
	check := func(name string, ps []scalePoint, size func(scalePoint) int, k int) {
		for _, m := range scalingMethods {
			f, g := lastFit(ps, m, size, k), modelFit(ps, m, size, k)
			s := fmt.Sprintf("%s in %s %.2f vs %.2f", m, name, f.Slope, g.Slope)
			if math.Abs(f.Slope-g.Slope) <= 0.3 {
				near = append(near, s)
			} else {
				far = append(far, s)
			}
		}
	}
	check("N", byN, func(p scalePoint) int { return p.n }, 3)
	check("M", byM, func(p scalePoint) int { return p.m }, 3)
	check("L", byL, func(p scalePoint) int { return p.layers }, 0)
	var b strings.Builder
	fmt.Fprintf(&b, "Measured exponent within 0.3 of the cost model's: %d of %d fits (%s).", len(near), len(near)+len(far), strings.Join(near, "; "))
	if len(far) > 0 {
		fmt.Fprintf(&b, " Further off (kernels whose speed per operation changes with the size, such as small solves or memory-bound products, or a cost term the model misses): %s.", strings.Join(far, "; "))
	}
	return b.String() + "\n"
}

// crossoverSentences says, per method, the batch size from which the primal form is faster.
func crossoverSentences(ps []scalePoint, cross []int) string {
	var b strings.Builder
	for _, m := range []core.Method{core.UnitWise, core.KFAC} {
		from := -1
		agree := 0
		for _, n := range cross {
			d, p, a := formPoint(ps, m, core.FormDual, n), formPoint(ps, m, core.FormPrimal, n), formPoint(ps, m, core.FormAuto, n)
			if p.secs < d.secs && from < 0 {
				from = n
			}
			if a.secs <= 1.15*math.Min(d.secs, p.secs) {
				agree++
			}
		}
		if from < 0 {
			fmt.Fprintf(&b, "- %s: the dual form is faster at every measured N.", m)
		} else {
			fmt.Fprintf(&b, "- %s: the primal form is faster from N = %d on.", m, from)
		}
		fmt.Fprintf(&b, " The planner's choice is within 15%% of the faster form at %d of %d sizes.\n", agree, len(cross))
	}
	return b.String()
}

func plotScaling(path string, byN, byM, byL, byForm []scalePoint, crossM int) error {
	sweep := func(title, xl string, ps []scalePoint, size func(scalePoint) int, legend bool) (*plot.Plot, error) {
		var ss []series
		var sizes valueTicks
		for _, m := range scalingMethods {
			var x, y []float64
			for _, p := range ps {
				if p.method == m {
					x = append(x, float64(size(p)))
					y = append(y, p.secs*1e3)
				}
			}
			if len(x) > len(sizes) {
				sizes = x
			}
			ss = append(ss, series{name: m.String(), x: x, y: y, color: methodColor(m.String()), points: true})
		}
		p, err := panel(title, xl, "ms per step", true, true, legend, ss)
		if err == nil {
			p.X.Tick.Marker = sizes
		}
		return p, err
	}
	pN, err := sweep("step time vs batch N (M = 64, L = 3)", "N", byN, func(p scalePoint) int { return p.n }, true)
	if err != nil {
		return err
	}
	pM, err := sweep("step time vs width M (N = 64, L = 3)", "M", byM, func(p scalePoint) int { return p.m }, false)
	if err != nil {
		return err
	}
	pL, err := sweep("step time vs depth L (N = 64, M = 64)", "L (weight layers)", byL, func(p scalePoint) int { return p.layers }, false)
	if err != nil {
		return err
	}
	var ss []series
	for _, m := range []core.Method{core.UnitWise, core.KFAC} {
		for _, f := range []core.Form{core.FormDual, core.FormPrimal} {
			var x, y []float64
			for _, p := range byForm {
				if p.method == m && p.form == f {
					x = append(x, float64(p.n))
					y = append(y, p.secs*1e3)
				}
			}
			ss = append(ss, series{name: m.String() + " " + f.String(), x: x, y: y, color: methodColor(m.String()), dashed: f == core.FormPrimal, points: true})
		}
	}
	pF, err := panel(fmt.Sprintf("dual vs primal (M = %d, L = 3)", crossM), "N", "ms per step", true, true, true, ss)
	if err != nil {
		return err
	}
	pF.X.Tick.Marker = valueTicks(ss[0].x)
	return saveGrid(path, [][]*plot.Plot{{pN, pM}, {pL, pF}}, 12*vg.Centimeter, 10*vg.Centimeter)
}
