package core

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// mixedOf returns the mixed-precision solver state of an exact or block-diagonal trainer.
func mixedOf(tr *Trainer) *mixedDual {
	switch f := tr.fisher.(type) {
	case *exact:
		return &f.md
	case *blockDiag:
		return &f.md
	}
	return nil
}

// dualDirection returns the raw direction of method m (absolute damping rho) and the
// trainer, with the mixed-precision solve allowed or not.
func dualDirection(t *testing.T, net *tinynet.Net, x, y []float32, n int, m Method, rho float64, mixed bool) ([]float32, *Trainer) {
	t.Helper()
	old := mixedMinDual
	mixedMinDual = math.MaxInt
	if mixed {
		mixedMinDual = 1
	}
	defer func() { mixedMinDual = old }()
	cfg := Defaults(m, tinynet.MSE)
	cfg.MaxRelStep, cfg.LR, cfg.LRMode, cfg.Damping = 0, 1, LRFixed, rho
	cfg.DampingScale = ScaleAbsolute
	tr, err := New(net.Clone(), n, cfg)
	require.NoError(t, err)
	d, ok := tr.Direction(x, y, n)
	require.True(t, ok)
	return append([]float32(nil), d...), tr
}

func relErr32(got, want []float32) float64 {
	w := make([]float64, len(want))
	for i, v := range want {
		w[i] = float64(v)
	}
	return relErr(got, w)
}

// A dual system of side m = 210, the mixed solve allowed: the float32-preconditioned, float64-
// refined solve gives the direction of the dense definition −(G+ρI)⁻¹∇ℒ (G the Fisher,
// masked to the layer blocks for blockdiag) at the float64 path's tolerance, and agrees
// with the float64 path itself to float32 rounding of the direction.
func TestMixedDualSolveEqualsDenseDefinition(t *testing.T) {
	if !simd.Micro32Asm() {
		t.Skip("no float32 micro-kernel in assembly on this path: the dual solves stay in float64")
	}
	const n = 70
	widths := []int{6, 24, 24, 3}
	net, x, y := tinyProblem(widths, simd.Tanh, n, tinynet.MSE, 21)
	grad, F, _ := denseFisher(net, x, y, n, tinynet.MSE)
	for _, m := range []Method{Exact, BlockDiag} {
		for _, rho := range []float64{1e-4, 1e-1} {
			t.Run(fmt.Sprintf("%s/rho=%g", m, rho), func(t *testing.T) {
				want := denseNGDStep(maskFisher(F, denseMask(m, net.Spec)), grad, 1, rho)
				got, tr := dualDirection(t, net, x, y, n, m, rho, true)
				md := mixedOf(tr)
				require.GreaterOrEqual(t, md.iters, 1, "the mixed solve was used and converged")
				f64, tr64 := dualDirection(t, net, x, y, n, m, rho, false)
				require.Zero(t, mixedOf(tr64).iters, "the float64 path")
				e, e64 := relErr(got, want), relErr32(got, f64)
				t.Logf("refinement solves %d; relative difference: dense %.2g, float64 path %.2g", md.iters, e, e64)
				assert.Less(t, e, 1e-5)
				assert.Less(t, e64, 1e-6)
			})
		}
	}
}

// An ill-conditioned dual system, cond(Θ + ρ/λ·I) ≥ 1e7: the batch holds every sample
// twice, so Θ is singular and ρ alone bounds its smallest eigenvalue. The float32 factor
// cannot precondition it to float64 accuracy; the solve must notice and fall back to the
// float64 path, whose direction it then returns bit for bit.
func TestMixedDualSolveFallsBackOnIllConditionedSystem(t *testing.T) {
	if !simd.Micro32Asm() {
		t.Skip("no float32 micro-kernel in assembly on this path: the dual solves stay in float64")
	}
	const half = 50
	widths := []int{6, 24, 24, 4}
	net, x0, y0 := tinyProblem(widths, simd.Tanh, half, tinynet.MSE, 23)
	x := append(append([]float32(nil), x0...), x0...)
	y := append(append([]float32(nil), y0...), y0...)
	n := 2 * half
	for _, m := range []Method{Exact, BlockDiag} {
		const rho = 1e-10
		got, tr := dualDirection(t, net, x, y, n, m, rho, true)
		md := mixedOf(tr)
		s := rho / tr.lamScale
		require.GreaterOrEqual(t, md.anrm/s, 1e7, "%s: condition number at least ‖Θ+sI‖max/s", m)
		assert.Equal(t, -1, md.iters, "%s: fell back to float64", m)
		f64, _ := dualDirection(t, net, x, y, n, m, rho, false)
		assert.Equal(t, f64, got, "%s", m)
	}
}

// Moderately ill-conditioned (cond ≈ 1e4..1e6): refinement needs more steps but still
// converges, to the float64 path's answer.
func TestMixedDualSolveRefinesModeratelyIllConditionedSystem(t *testing.T) {
	if !simd.Micro32Asm() {
		t.Skip("no float32 micro-kernel in assembly on this path: the dual solves stay in float64")
	}
	const half = 50
	widths := []int{6, 24, 24, 4}
	net, x0, y0 := tinyProblem(widths, simd.Tanh, half, tinynet.MSE, 23)
	x := append(append([]float32(nil), x0...), x0...)
	y := append(append([]float32(nil), y0...), y0...)
	n := 2 * half
	for _, m := range []Method{Exact, BlockDiag} {
		for _, rho := range []float64{1e-3, 1e-5} {
			got, tr := dualDirection(t, net, x, y, n, m, rho, true)
			md := mixedOf(tr)
			f64, _ := dualDirection(t, net, x, y, n, m, rho, false)
			e := relErr32(got, f64)
			t.Logf("%s rho=%g: ‖Θ+sI‖max/s %.2g, refinement solves %d, relative difference %.2g", m, rho, md.anrm/(rho/tr.lamScale), md.iters, e)
			if md.iters > 0 {
				assert.Less(t, e, 1e-6, "%s rho=%g", m, rho)
			} else {
				assert.Equal(t, f64, got, "%s rho=%g", m, rho)
			}
		}
	}
}

func TestMixedDualSolveZeroAllocationsPerStep(t *testing.T) {
	if !simd.Micro32Asm() {
		t.Skip("no float32 micro-kernel in assembly on this path: the dual solves stay in float64")
	}
	old := mixedMinDual
	mixedMinDual = 1
	defer func() { mixedMinDual = old }()
	const n = 70
	net, x, y := tinyProblem([]int{6, 24, 24, 3}, simd.Tanh, n, tinynet.MSE, 25)
	for _, m := range []Method{Exact, BlockDiag} {
		cfg := Defaults(m, tinynet.MSE)
		tr, err := New(net.Clone(), n, cfg)
		require.NoError(t, err)
		_, err = tr.Step(x, y, n)
		require.NoError(t, err)
		assert.Zero(t, testing.AllocsPerRun(5, func() { _, _ = tr.Step(x, y, n) }), "%s", m)
		assert.GreaterOrEqual(t, mixedOf(tr).iters, 1, "%s: the mixed solve ran", m)
	}
}

// A network without hidden layers: Θ is the output layer's K_0 ⊗ I_C alone (the mixed
// solve's P is written by the output term), and the direction is the float64 path's.
func TestMixedDualSolveWithoutHiddenLayers(t *testing.T) {
	if !simd.Micro32Asm() {
		t.Skip("no float32 micro-kernel in assembly on this path: the dual solves stay in float64")
	}
	const n = 70
	net, x, y := tinyProblem([]int{6, 4}, simd.Tanh, n, tinynet.MSE, 27)
	for _, rho := range []float64{1e-1, 10} {
		got, tr := dualDirection(t, net, x, y, n, Exact, rho, true)
		f64, _ := dualDirection(t, net, x, y, n, Exact, rho, false)
		md := mixedOf(tr)
		e := relErr32(got, f64)
		t.Logf("rho=%g: refinement solves %d, relative difference %.2g", rho, md.iters, e)
		require.NotZero(t, md.iters, "rho=%g: the mixed solve ran", rho)
		if md.iters > 0 {
			assert.Less(t, e, 1e-6, "rho=%g", rho)
		} else {
			assert.Equal(t, f64, got, "rho=%g", rho)
		}
	}
}

// With C ≥ pairMinOutputs the last hidden layer's float32 Gram is formed by output pairs
// (addLastHidden): it equals the direct product K ∘ (D_l D_lᵀ) of addLayer's panels to
// float32 rounding, and the mixed solve built on it still gives the dense definition's
// direction.
func TestMixedDualOutputPairGramEqualsDirectGram(t *testing.T) {
	if !simd.Micro32Asm() {
		t.Skip("no float32 micro-kernel in assembly on this path: the dual solves stay in float64")
	}
	const n = 40
	widths := []int{5, 20, 20, 6}
	net, x, y := tinyProblem(widths, simd.Tanh, n, tinynet.MSE, 23)
	grad, F, _ := denseFisher(net, x, y, n, tinynet.MSE)
	for _, m := range []Method{Exact, BlockDiag} {
		want := denseNGDStep(maskFisher(F, denseMask(m, net.Spec)), grad, 1, 1e-3)
		got, tr := dualDirection(t, net, x, y, n, m, 1e-3, true)
		md := mixedOf(tr)
		require.NotEmpty(t, md.wp, "%s: the output-pair Gram is carved", m)
		require.GreaterOrEqual(t, md.iters, 1, "%s: the mixed solve ran", m)
		assert.Less(t, relErr(got, want), 1e-5, "%s: dense definition", m)

		L, dim := net.Spec.Layers(), n*widths[len(widths)-1]
		md.addLastHidden(tr, true)
		pairs := append([]float32(nil), md.p[:dim*dim]...)
		wp := md.wp
		md.wp = nil
		md.addLayer(tr, L-1, true)
		md.wp = wp
		var worst, scale float64
		for i := 0; i < dim; i++ {
			for j := 0; j <= i; j++ {
				scale = max(scale, math.Abs(float64(md.p[i*dim+j])))
				worst = max(worst, math.Abs(float64(pairs[i*dim+j]-md.p[i*dim+j])))
			}
		}
		assert.Less(t, worst, 1e-5*scale, "%s: output-pair Gram against the direct one", m)
	}
}
