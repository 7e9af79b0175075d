package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/edgetrain/edgetrain/simd"
)

// paperSummary states, from the measured runs, how close each method is to its theory
// rate at each width and where it departs. At f = 1 the theory is one-step convergence,
// so the figure is L_1/L_0 (and L_2/L_0); at other f it is the per-step ratio (1−f)², and
// a run "follows" it when every per-step ratio lies within a factor 1.5 of it.
func paperSummary(runs []paperRun, o paperOpts) string {
	var b strings.Builder
	b.WriteString("### Summary (computed from the runs above)\n\n")
	for _, act := range []simd.Activation{simd.Tanh, simd.ReLU} {
		for _, M := range o.widths {
			fmt.Fprintf(&b, "- **%s, M = %d.**", act, M)
			for _, frac := range o.fracs {
				var parts, departs []string
				for _, r := range runs {
					if r.act != act || r.width != M || r.frac != frac || len(r.loss) < 2 {
						continue
					}
					if frac == 1 {
						s := fmt.Sprintf("%s %.1e", r.method, r.loss[1]/r.loss[0])
						if len(r.loss) > 2 {
							s += fmt.Sprintf(" (L_2/L_0 %.1e)", r.loss[2]/r.loss[0])
						}
						parts = append(parts, s)
						if r.method != "gd" && !(len(r.loss) > 2 && r.loss[2]/r.loss[0] < 1e-3) {
							departs = append(departs, r.method+departure(r))
						}
						continue
					}
					ratios := r.ratios()
					if r.method == "gd" {
						parts = append(parts, fmt.Sprintf("gd %.3g (linearized theory %.3g)", geoMean(ratios), geoMean(seqRatios(r.theory))))
						continue
					}
					want := (1 - frac) * (1 - frac)
					parts = append(parts, fmt.Sprintf("%s %.3g", r.method, geoMean(ratios)))
					for t, q := range ratios {
						if q > 1.5*want || q < want/1.5 {
							departs = append(departs, fmt.Sprintf("%s (step %d ratio %.3g%s)", r.method, t+1, q, alphaNote(r)))
							break
						}
					}
				}
				if frac == 1 {
					fmt.Fprintf(&b, " At η = 1/α, L_1/L_0 (theory 0): %s.", strings.Join(parts, ", "))
				} else {
					fmt.Fprintf(&b, " At η = %s, geometric-mean loss ratio per step (theory %.3g): %s.", fracName(frac), (1-frac)*(1-frac), strings.Join(parts, ", "))
				}
				if len(departs) == 0 {
					b.WriteString(" Every NGD method follows its theory.")
				} else {
					fmt.Fprintf(&b, " Departs: %s.", strings.Join(departs, "; "))
				}
			}
			b.WriteString(alphaSummary(runs, act, M))
			b.WriteString("\n")
		}
	}
	return b.String()
}

func seqRatios(v []float64) []float64 {
	var out []float64
	for i := 1; i < len(v); i++ {
		out = append(out, v[i]/v[i-1])
	}
	return out
}

// departure describes how a run at η = 1/α misses one-step convergence.
func departure(r paperRun) string {
	rs := r.ratios()
	for t, q := range rs {
		if q > 1 {
			return fmt.Sprintf(" (loss rises at step %d%s)", t+1, alphaNote(r))
		}
	}
	return fmt.Sprintf(" (L_T/L_0 %.1e after %d steps%s)", r.loss[len(r.loss)-1]/r.loss[0], len(rs), alphaNote(r))
}

func alphaNote(r paperRun) string {
	if len(r.alphaHat) == 0 {
		return ""
	}
	lo, hi := minMax(r.alphaHat)
	return fmt.Sprintf(", α̂/α %.2f…%.2f", lo/r.alpha, hi/r.alpha)
}

// alphaSummary gives the median α̂/α of every NGD method at one activation and width.
func alphaSummary(runs []paperRun, act simd.Activation, M int) string {
	var parts []string
	seen := map[string]bool{}
	for _, r := range runs {
		if r.act != act || r.width != M || len(r.alphaHat) == 0 || seen[r.method] {
			continue
		}
		seen[r.method] = true
		var q []float64
		for _, a := range r.alphaHat {
			q = append(q, a/r.alpha)
		}
		m := median(q)
		if math.IsNaN(m) {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %.3f", r.method, m))
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf(" Median α̂/α at the first rate: %s.", strings.Join(parts, ", "))
}
