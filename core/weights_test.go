package core

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// Per-sample loss weights (class balancing) change both the gradient and the Fisher:
// ∇ℒ = Σ ω_n J_nᵀ r_n / Σω and F = Σ ω_n J_nᵀ Λ_n J_n / Σω. The masked-Fisher methods must
// follow; K-FAC is checked against dense Kronecker algebra elsewhere and left out here.
func TestWeightedStepEqualsDenseDefinition(t *testing.T) {
	for _, m := range []Method{Exact, BlockDiag, TriDiag, UnitWise} {
		for _, loss := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
			t.Run(fmt.Sprintf("%s/%s", m, loss), func(t *testing.T) {
				const n = 6
				net, x, y := tinyProblem([]int{4, 6, 5, 3}, simd.Tanh, n, loss, 21)
				rng := rand.New(rand.NewPCG(4, 4))
				w := make([]float32, n)
				for i := range w {
					w[i] = float32(0.2 + 2*rng.Float64())
				}
				grad, F, _ := denseFisherWeighted(net, x, y, n, loss, w)
				G := maskFisher(F, denseMask(m, net.Spec))
				want := denseNGDStep(G, grad, 0.5, 1e-2)

				cfg := Defaults(m, tinynet.MSE)
				cfg.MaxRelStep = 0 // the method's exact step, without the per-layer bound
				cfg.Loss, cfg.LR, cfg.LRMode, cfg.Damping = loss, 0.5, LRFixed, 1e-2
				cfg.DampingScale = ScaleAbsolute
				tr, err := New(net, n, cfg)
				require.NoError(t, err)
				tr.SetSampleWeights(w)
				before := append([]float32(nil), net.Params...)
				info, err := tr.Step(x, y, n)
				require.NoError(t, err)
				require.False(t, info.Rejected)
				got := make([]float32, len(before))
				for i := range got {
					got[i] = net.Params[i] - before[i]
				}
				assert.Less(t, relErr(got, want), 1e-5)
			})
		}
	}
}
