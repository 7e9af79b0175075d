package core

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

func TestUnitWiseDualStepEqualsDenseDefinition(t *testing.T) {
	checkMaskedDense(t, UnitWise, FormDual)
}

func TestUnitWisePrimalStepEqualsDenseDefinition(t *testing.T) {
	checkMaskedDense(t, UnitWise, FormPrimal)
}

// The N-sized dual through the layer's input Gram gives the step of the primal
// (M_{l-1}+1)² blocks, on random networks with batches smaller and larger than the widths,
// C = 1 and C > 1, MSE (plain and weighted) and cross-entropy, tanh and ReLU (units with
// zero weight on some samples), ρ from 1e-6 to 10. (When the batch is larger than a layer's
// M_{l-1}+1 the dual system is singular up to ρ, so at ρ = 1e-6 only batches no larger than
// every layer's input take part; the planner never picks the dual there.)
func TestUnitWiseGramDualMatchesPrimal(t *testing.T) {
	shapes := []struct {
		widths []int
		act    simd.Activation
		n      int
	}{
		{[]int{3, 12, 1}, simd.Tanh, 5},
		{[]int{4, 10, 9, 3}, simd.Tanh, 6},
		{[]int{4, 10, 9, 3}, simd.ReLU, 7},
		{[]int{6, 5, 4, 2}, simd.Sigmoid, 9},
		{[]int{3, 16, 16, 16, 4}, simd.ReLU, 8},
		{[]int{3, 12, 12, 2}, simd.Tanh, 3},
		{[]int{8, 16, 16, 3}, simd.ReLU, 6},
	}
	for si, sh := range shapes {
		C := sh.widths[len(sh.widths)-1]
		for _, loss := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
			if loss == tinynet.SoftmaxCE && C == 1 {
				continue
			}
			for _, weighted := range []bool{false, true} {
				for _, rho := range []float64{1e-6, 1e-3, 1e-1, 10} {
					if rho < 1e-3 && sh.n > sh.widths[0]+1 {
						continue
					}
					t.Run(fmt.Sprintf("%v/%s/%s/weighted=%v/rho=%g", sh.widths, sh.act, loss, weighted, rho), func(t *testing.T) {
						net, x, y := tinyProblem(sh.widths, sh.act, sh.n, loss, uint64(70+si))
						var w []float32
						if weighted {
							w = make([]float32, sh.n)
							for i := range w {
								w[i] = float32(0.3 + 0.25*float64(i%4))
							}
						}
						dir := func(form Form) []float64 {
							cfg := Defaults(UnitWise, loss)
							cfg.MaxRelStep, cfg.LR, cfg.LRMode, cfg.Damping, cfg.Form = 0, 1, LRFixed, rho, form
							cfg.DampingScale = ScaleAbsolute
							tr, err := New(net.Clone(), sh.n, cfg)
							require.NoError(t, err)
							tr.SetSampleWeights(w)
							d, ok := tr.Direction(x, y, sh.n)
							require.True(t, ok)
							out := make([]float64, len(d))
							for i, v := range d {
								out[i] = float64(v)
							}
							return out
						}
						e := relErr64(dir(FormDual), dir(FormPrimal))
						t.Logf("relative difference %.2g", e)
						assert.Less(t, e, 1e-5)
					})
				}
			}
		}
	}
}
