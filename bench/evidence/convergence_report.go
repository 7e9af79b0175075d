package main

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/edgetrain/edgetrain/tinynet"
)

func metricName(task tinynet.Loss) string {
	if task == tinynet.SoftmaxCE {
		return "accuracy"
	}
	return "R²"
}

// medRange formats the median and range of v with verb (e.g. "%.3f"), or "–" when empty.
func medRange(v []float64, verb string) string {
	if len(v) == 0 {
		return "–"
	}
	lo, hi := minMax(v)
	if len(v) == 1 || lo == hi {
		return fmt.Sprintf(verb, median(v))
	}
	return fmt.Sprintf(verb+" ["+verb+", "+verb+"]", median(v), lo, hi)
}

func scale(v []float64, f float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x * f
	}
	return out
}

// hitStats returns the steps and seconds to the target of the runs that reached it.
func hitStats(rs []convRun) (steps, secs []float64) {
	for _, r := range rs {
		if r.hitStep >= 0 {
			steps = append(steps, float64(r.hitStep))
			secs = append(secs, r.hitSecs)
		}
	}
	return
}

func testScores(rs []convRun) []float64 {
	var v []float64
	for _, r := range rs {
		v = append(v, r.test)
	}
	return v
}

func convergenceMarkdown(o convOpts, results []*convResult, seeds int, secs float64) (string, error) {
	var b strings.Builder
	b.WriteString("## Convergence on real data\n\n")
	fmt.Fprintf(&b, "Every dataset in testdata/ is split per seed into training (64%%), validation (16%%) and test (20%%) rows: a seeded shuffle, or in time order for the two time series (their validation and test rows follow every training row). "+
		"Same network for every method: [inputs, %s, outputs] tanh, σ_w = 1, σ_b = 0.1, standardized inputs and regression targets, batches of %d. "+
		"The NGD methods run with core.Defaults; SGD (momentum 0.9) and Adam each get a learning-rate sweep on seed 1 (below), and the rate with the best validation metric runs on every seed. "+
		"Validation is evaluated after each of the first %d steps, then every %d steps; a run stops after max(%d steps, %d epochs) capped at %d steps, after %d steps without a lower validation loss, or after %g s of step time (%g s in quick mode; the table notes the runs it stopped), and its test score uses the weights of its lowest validation loss (early stopping with restore-best). "+
		"Steps and milliseconds (inside Trainer.Step only, "+clockName+") are counted to the first evaluation at or above the stated validation target. The CO₂ windows are split at random: the series trends upward, so chronological test rows lie above every training target, which a tanh network cannot extrapolate (test R² < 0 for every method). "+
		"%d seed(s); medians with [min, max] over seeds; \"reached\" counts the seeds that reached the target.\n\n",
		joinInts(convHidden), convBatch, evalDense, evalEvery, minSteps, minEpochs, maxSteps, patience, timeCap, 5.0, seeds)
	var plotted []*convResult
	for _, res := range results {
		if res.ds.curve || o.quick {
			plotted = append(plotted, res)
		}
	}
	if len(plotted) > 0 {
		file := "convergence" + plotExt
		if err := plotConvergence(o.plotsDir+"/"+file, plotted); err != nil {
			return "", err
		}
		var names []string
		for _, r := range plotted {
			names = append(names, r.name)
		}
		fmt.Fprintf(&b, "![validation metric against steps and seconds (%s, seed 1)](plots/%s)\n\n", strings.Join(names, ", "), file)
	}
	b.WriteString("| dataset | validation target | method | rate | reached | steps to target | ms to target | test score |\n|---|---|---|---|---|---|---|---|\n")
	for _, res := range results {
		for _, m := range curveMethod {
			rs := res.runs[m.String()]
			st, sc := hitStats(rs)
			rate := "auto"
			if !m.IsNGD() {
				rate = fmt.Sprint(res.chosen[m.String()])
			}
			fmt.Fprintf(&b, "| %s | %s ≥ %g | %s | %s | %d/%d | %s | %s | %s |\n", res.name, metricName(res.task), res.ds.target, m, rate,
				len(st), len(rs), medRange(st, "%.0f"), medRange(scale(sc, 1e3), "%.3g"), medRange(testScores(rs), "%.3f")+failNote(rs))
		}
	}
	b.WriteString("\n### Summary (computed from the table)\n\n")
	b.WriteString(convergenceSummary(results))
	b.WriteString("\n### Learning-rate sweeps (seed 1): validation metric at the lowest validation loss\n\n")
	sg, ad := sgdRates, adamRates
	if o.quick {
		sg, ad = quickSGD, quickAdam
	}
	fmt.Fprintf(&b, "The grids are %s (SGD) and %s (Adam), extended by factors of 3 while the best rate is at an end.\n\n| dataset | method | rate: validation metric | chosen |\n|---|---|---|---|\n", joinFloats(sg), joinFloats(ad))
	for _, res := range results {
		for _, m := range []string{"sgd", "adam"} {
			var cells []string
			for _, r := range res.sweep[m] {
				v := fmt.Sprintf("%.3f", r.bestVal)
				if math.IsNaN(r.bestVal) {
					v = "failed"
				}
				cells = append(cells, fmt.Sprintf("%g: %s", r.lr, v))
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %g |\n", res.name, m, strings.Join(cells, ", "), res.chosen[m])
		}
	}
	b.WriteString("\nRows (train/validation/test) and step budgets: ")
	var parts []string
	for _, res := range results {
		parts = append(parts, fmt.Sprintf("%s %d/%d/%d, %d steps (%.0f s)", res.name, res.rows[0], res.rows[1], res.rows[2], res.budget, res.duration))
	}
	b.WriteString(strings.Join(parts, "; ") + ".\n")
	fmt.Fprintf(&b, "\n(%s mode, %.0f s on %s.)\n", modeName(o.quick), secs, machine())
	return b.String(), nil
}

func failNote(rs []convRun) string {
	n, c := 0, 0
	for _, r := range rs {
		if r.diverged {
			n++
		}
		if r.capped {
			c++
		}
	}
	var s string
	if c > 0 {
		s += fmt.Sprintf(" (%d stopped by the time cap)", c)
	}
	if n > 0 {
		s += fmt.Sprintf(" (%d stopped: %s)", n, firstNote(rs))
	}
	return s
}

func firstNote(rs []convRun) string {
	for _, r := range rs {
		if r.diverged {
			return r.note
		}
	}
	return ""
}

// convergenceSummary compares every NGD method with tuned Adam per dataset.
func convergenceSummary(results []*convResult) string {
	var b strings.Builder
	fewer := map[string]int{}
	within := map[string]int{}
	var total int
	for _, res := range results {
		total++
		adamSteps, _ := hitStats(res.runs["adam"])
		adamTest := median(testScores(res.runs["adam"]))
		bestM, bestV := "", math.Inf(-1)
		var faster, slower, missed []string
		for _, m := range curveMethod {
			name := m.String()
			t := median(testScores(res.runs[name]))
			if t > bestV {
				bestM, bestV = name, t
			}
			if !m.IsNGD() {
				continue
			}
			if t >= adamTest-0.02 {
				within[name]++
			}
			st, _ := hitStats(res.runs[name])
			switch {
			case len(st) == 0:
				missed = append(missed, name)
			case len(adamSteps) == 0 || median(st) < median(adamSteps):
				faster = append(faster, fmt.Sprintf("%s %.0f", name, median(st)))
				fewer[name]++
			default:
				slower = append(slower, fmt.Sprintf("%s %.0f", name, median(st)))
			}
		}
		adamS := "never reaches the target"
		if len(adamSteps) > 0 {
			adamS = fmt.Sprintf("reaches the target in %.0f steps (median)", median(adamSteps))
		}
		fmt.Fprintf(&b, "- **%s**: tuned Adam %s. Fewer: %s. Not fewer: %s. Never reached: %s. Best median test score: %s %.3f (Adam %.3f).\n",
			res.name, adamS, listOrNone(faster), listOrNone(slower), listOrNone(missed), bestM, bestV, adamTest)
	}
	var parts []string
	for _, m := range ngdMethods {
		parts = append(parts, fmt.Sprintf("%s %d/%d fewer steps, %d/%d test ≥ Adam − 0.02", m, fewer[m.String()], total, within[m.String()], total))
	}
	fmt.Fprintf(&b, "\nOver the %d datasets: %s.\n", total, strings.Join(parts, "; "))
	return b.String()
}

func listOrNone(v []string) string {
	if len(v) == 0 {
		return "none"
	}
	return strings.Join(v, ", ")
}

func plotConvergence(path string, results []*convResult) error {
	var grid [][]*plot.Plot
	for i, res := range results {
		var row []*plot.Plot
		for j, xs := range []string{"steps", "seconds"} {
			var ss []series
			lo := math.Inf(1)
			xmin, xmax := math.Inf(1), 0.0
			for _, m := range curveMethod {
				rs := res.runs[m.String()]
				if len(rs) == 0 {
					continue
				}
				r := rs[0]
				x := r.curveX
				if xs == "seconds" {
					x = r.curveT
				}
				name := m.String()
				if !m.IsNGD() {
					name = fmt.Sprintf("%s (lr %g)", m, r.lr)
				}
				ss = append(ss, series{name: name, x: x, y: r.curveY, color: methodColor(m.String())})
				for k, v := range r.curveY {
					if x[k] > 0 {
						lo = math.Min(lo, v)
						xmin, xmax = math.Min(xmin, x[k]), math.Max(xmax, x[k])
					}
				}
			}
			floor := math.Max(lo, res.ds.target-0.5)
			if res.task == tinynet.SoftmaxCE {
				floor = math.Max(lo, 0)
			}
			ss = append(ss, series{name: "target", x: []float64{xmin, xmax}, y: []float64{res.ds.target, res.ds.target}, color: 9, dashed: true})
			title := fmt.Sprintf("%s: validation %s vs %s (seed 1)", res.name, metricName(res.task), xs)
			p, err := panel(title, xs, "validation "+metricName(res.task), true, false, i == 0 && j == 0, ss)
			if err != nil {
				return err
			}
			p.Y.Min, p.Y.Max = floor, 1
			p.Legend.Top, p.Legend.Left = true, true
			row = append(row, p)
		}
		grid = append(grid, row)
	}
	return saveGrid(path, grid, 12*vg.Centimeter, 9*vg.Centimeter)
}
