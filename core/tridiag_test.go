package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

func TestTriDiagStepEqualsDenseDefinition(t *testing.T) {
	checkMaskedDense(t, TriDiag, FormAuto)
}

// triDiagDirection returns the direction of a tridiag trainer on the batch, solved by the
// block elimination or (dense) by one pivoted LU of the whole system, and how often the
// dense fallback ran.
func triDiagDirection(t *testing.T, net *tinynet.Net, x, y []float32, n int, cfg Config, w []float32, dense bool) ([]float64, int) {
	t.Helper()
	tr, err := New(net.Clone(), n, cfg)
	require.NoError(t, err)
	tr.SetSampleWeights(w)
	td := tr.fisher.(*triDiag)
	td.dense = dense
	d, ok := tr.Direction(x, y, n)
	require.True(t, ok)
	out := make([]float64, len(d))
	for i, v := range d {
		out[i] = float64(v)
	}
	return out, td.denseRuns
}

// The block elimination solves the same system as the dense pivoted LU it replaces, on
// random networks of 1 to 7 layers, one and several outputs, MSE (plain and weighted) and
// cross-entropy, damping down to 0 where T is invertible, and it does not need the dense
// fallback for it.
func TestTriDiagBlockEliminationMatchesDenseLU(t *testing.T) {
	shapes := [][]int{
		{4, 2}, {3, 6, 1}, {4, 7, 3},
		{3, 9, 8, 1}, {4, 10, 9, 3}, {5, 3, 4, 2},
		{3, 9, 9, 9, 1}, {3, 8, 7, 6, 3},
		{2, 8, 8, 8, 8, 2}, {3, 7, 7, 7, 7, 7, 1}, {2, 6, 6, 6, 6, 6, 6, 2},
	}
	for si, widths := range shapes {
		L := len(widths) - 1
		C := widths[L]
		for _, loss := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
			if loss == tinynet.SoftmaxCE && C == 1 {
				continue
			}
			for _, weighted := range []bool{false, true} {
				for _, rho := range []float64{0, 1e-6, 1e-3, 1e-1, 10} {
					// ρ = 0 needs an invertible T and invertible A_l: MSE with a batch no
					// larger than every layer's width.
					n := 3 + si%3
					if rho == 0 && (L%3 == 2 || loss == tinynet.SoftmaxCE || n > slices.Min(widths[:L])) {
						continue
					}
					name := fmt.Sprintf("%v/%s/weighted=%v/rho=%g", widths, loss, weighted, rho)
					t.Run(name, func(t *testing.T) {
						net, x, y := tinyProblem(widths, simd.Tanh, n, loss, uint64(40+si))
						var w []float32
						if weighted {
							rng := rand.New(rand.NewPCG(uint64(si), 3))
							w = make([]float32, n)
							for i := range w {
								w[i] = float32(0.2 + rng.Float64())
							}
						}
						cfg := Defaults(TriDiag, loss)
						cfg.MaxRelStep, cfg.LR, cfg.LRMode, cfg.Damping = 0, 1, LRFixed, rho
						cfg.DampingScale = ScaleAbsolute
						got, runs := triDiagDirection(t, net, x, y, n, cfg, w, false)
						want, _ := triDiagDirection(t, net, x, y, n, cfg, w, true)
						e := relErr64(got, want)
						t.Logf("relative difference %.2g", e)
						assert.Less(t, e, 1e-5)
						// With ρ near 0 and a layer narrower than the batch, a layer NTK is
						// (numerically) singular; there the residual check may hand the
						// system to the dense LU, depending on the kernel path's rounding.
						if rho >= 1e-3 || n <= slices.Min(widths[:L]) {
							assert.Zero(t, runs, "dense fallback")
						}
					})
				}
			}
		}
	}
}

// At ρ = 0 the solve is exact block algebra with pivots that stay away from zero; the
// direction is v_l = c_l A_l⁻¹ r̃ with c = T⁻¹1, so for L = 3 layers 1 and 3 do not move
// and for L = 4 layers 2 and 3 do not.
func TestTriDiagZeroDampingMovesOnlyTheLayersOfTInverseOne(t *testing.T) {
	for _, tc := range []struct {
		widths []int
		still  []int
	}{
		{[]int{3, 9, 8, 1}, []int{1, 3}},
		{[]int{3, 9, 9, 9, 2}, []int{2, 3}},
	} {
		net, x, y := tinyProblem(tc.widths, simd.Tanh, 4, tinynet.MSE, 5)
		cfg := Defaults(TriDiag, tinynet.MSE)
		cfg.MaxRelStep, cfg.LR, cfg.LRMode, cfg.Damping = 0, 1, LRFixed, 0
		cfg.DampingScale = ScaleAbsolute
		d, runs := triDiagDirection(t, net, x, y, 4, cfg, nil, false)
		assert.Zero(t, runs, "dense fallback")
		var all float64
		for _, v := range d {
			all = max(all, abs64(v))
		}
		for _, l := range tc.still {
			o, sz := net.Spec.LayerOffset(l), net.Spec.LayerParams(l)
			for _, v := range d[o : o+sz] {
				assert.Less(t, abs64(v), 1e-6*all, "%v layer %d", tc.widths, l)
			}
		}
	}
}

func abs64(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// relErr64 is ‖got − want‖/‖want‖.
func relErr64(got, want []float64) float64 {
	var num, den float64
	for i := range got {
		d := got[i] - want[i]
		num += d * d
		den += want[i] * want[i]
	}
	if den == 0 {
		return math.Sqrt(num)
	}
	return math.Sqrt(num / den)
}

// Training on one batch until it is fitted drives the relative damping, and with it the
// pivots' shift, to its floor; there the block elimination's residual check must still pass
// (by refinement, or judged as a componentwise backward error where the products cancel)
// instead of handing every step to the dense LU, and the direction still agrees with it.
// Every layer has at least as many parameters as the batch has outputs (A_l invertible).
func TestTriDiagFittedBatchNeedsNoDenseFallback(t *testing.T) {
	for _, tc := range []struct {
		widths []int
		n      int
	}{{[]int{8, 32, 32, 1}, 24}, {[]int{6, 16, 16, 3}, 12}} {
		widths, n := tc.widths, tc.n
		net, x, y := tinyProblem(widths, simd.Tanh, n, tinynet.MSE, 11)
		cfg := Defaults(TriDiag, tinynet.MSE)
		cfg.Damping = 1e-2
		tr, err := New(net, n, cfg)
		require.NoError(t, err)
		td := tr.fisher.(*triDiag)
		for range 150 {
			_, err := tr.Step(x, y, n)
			require.NoError(t, err)
		}
		assert.Zero(t, td.denseRuns, "%v: dense fallback", widths)
		assert.Less(t, td.shift, 1e-4, "%v: the batch is not fitted", widths)
		got, runs := triDiagDirection(t, tr.net, x, y, n, cfg, nil, false)
		want, _ := triDiagDirection(t, tr.net, x, y, n, cfg, nil, true)
		assert.Zero(t, runs, "%v: dense fallback", widths)
		e := relErr64(got, want)
		t.Logf("%v: shift %.2g, relative difference %.2g", widths, td.shift, e)
		assert.Less(t, e, 1e-5)
	}
}

// With the pristine pivots' row solves in float32 the refined solution is the float64 one:
// the same direction as the dense LU on the shapes of the elimination test (MSE, damping
// from tiny to large; the direction is float32, so agreement is often exact), and float64
// takes over for a while where refinement failed.
func TestTriDiagFloat32RowSolvesRefineToTheDenseDirection(t *testing.T) {
	defer func(v int) { triDiagF32Min = v }(triDiagF32Min)
	triDiagF32Min = 1
	var used, paused int
	for si, widths := range [][]int{{4, 7, 6, 3}, {3, 9, 8, 1}, {4, 10, 9, 3}, {3, 8, 7, 6, 5, 4, 3}} {
		for _, rho := range []float64{1e-6, 1e-3, 1e-1, 10} {
			n := 3 + si%3
			net, x, y := tinyProblem(widths, simd.Tanh, n, tinynet.MSE, uint64(70+si))
			cfg := Defaults(TriDiag, tinynet.MSE)
			cfg.MaxRelStep, cfg.LR, cfg.LRMode, cfg.Damping = 0, 1, LRFixed, rho
			cfg.DampingScale = ScaleAbsolute
			tr, err := New(net.Clone(), n, cfg)
			require.NoError(t, err)
			td := tr.fisher.(*triDiag)
			d, ok := tr.Direction(x, y, n)
			require.True(t, ok)
			got := make([]float64, len(d))
			for i, v := range d {
				got[i] = float64(v)
			}
			want, _ := triDiagDirection(t, net, x, y, n, cfg, nil, true)
			e := relErr64(got, want)
			t.Logf("%v rho=%g: float32 %v (pause %d), %d refinements, relative difference %.2g",
				widths, rho, td.f32, td.f32Pause, td.refines, e)
			assert.Less(t, e, 1e-5, "%v rho=%g", widths, rho)
			assert.Zero(t, td.denseRuns, "%v rho=%g: dense fallback", widths, rho)
			if td.f32 {
				used++
			} else {
				paused++
				assert.Equal(t, triDiagF32Pause, td.f32Pause)
			}
		}
	}
	assert.Positive(t, used, "float32 path never used")
}

// Where float32 rounding is too much for refinement (a nearly singular system: layers of
// width 2 for 6 samples, ρ = 1e-9), the step is factored again in float64 rather than
// handed to the dense LU, and float64 stays for the next triDiagF32Pause steps.
func TestTriDiagFloat64TakesOverWhenFloat32RefinementFails(t *testing.T) {
	defer func(v int) { triDiagF32Min = v }(triDiagF32Min)
	triDiagF32Min = 1
	const n = 6
	net, x, y := tinyProblem([]int{3, 2, 2, 2}, simd.Tanh, n, tinynet.MSE, 74)
	cfg := Defaults(TriDiag, tinynet.MSE)
	cfg.MaxRelStep, cfg.LR, cfg.LRMode, cfg.Damping = 0, 1, LRFixed, 1e-9
	cfg.DampingScale = ScaleAbsolute
	tr, err := New(net, n, cfg)
	require.NoError(t, err)
	td := tr.fisher.(*triDiag)
	_, ok := tr.Direction(x, y, n)
	require.True(t, ok)
	assert.False(t, td.f32, "float32 kept")
	assert.Equal(t, triDiagF32Pause, td.f32Pause)
	assert.Zero(t, td.denseRuns, "dense fallback")
	_, ok = tr.Direction(x, y, n)
	require.True(t, ok)
	assert.False(t, td.f32, "float32 tried again during the pause")
	assert.Equal(t, triDiagF32Pause-1, td.f32Pause)
}

// TestMirrorLowerCopiesTheLowerTriangleUp checks mirrorLower on orders around its strips of
// eight with a stride wider than the order: every element above the diagonal becomes its
// mirror image, the lower triangle and the diagonal stay, and the padding is not written.
func TestMirrorLowerCopiesTheLowerTriangleUp(t *testing.T) {
	for _, m := range []int{1, 2, 7, 8, 9, 16, 17, 32, 33} {
		ld := m + 3
		a := make([]float64, m*ld)
		for i := range a {
			a[i] = float64(i) + 0.5
		}
		orig := append([]float64(nil), a...)
		mirrorLower(m, a, ld)
		for i := 0; i < m; i++ {
			for j := 0; j < ld; j++ {
				want := orig[i*ld+j]
				if j < m && j > i {
					want = orig[j*ld+i]
				}
				require.Equal(t, want, a[i*ld+j], "m=%d element (%d,%d)", m, i, j)
			}
		}
	}
}

// A middle pivot formed from its neighbours' inverses (pinv: three layers, one output,
// Λ̃ = λI, batches that are multiples of eight up to triDiagLtMax) solves the same system
// as the dense pivoted LU, from large damping to none, without the dense fallback; and
// the route is the one taken. Its LU runs without row interchanges (static) while the
// multipliers stay within triDiagStaticLmax; with the guard made to refuse every block
// (a bound of 0), the block is formed again and factored with partial pivoting, and the
// direction is the same.
func TestTriDiagInversesRouteMatchesDenseLU(t *testing.T) {
	defer func(v float64) { triDiagStaticLmax = v }(triDiagStaticLmax)
	for _, refuse := range []bool{false, true} {
		for _, n := range []int{8, 16, 32, 64} {
			for _, rho := range []float64{0, 1e-6, 1e-3, 1e-1, 10} {
				t.Run(fmt.Sprintf("refuse=%v/n=%d/rho=%g", refuse, n, rho), func(t *testing.T) {
					triDiagStaticLmax = 8
					if refuse {
						triDiagStaticLmax = 0
					}
					widths := []int{5, 70, 70, 1} // wider than the batch: invertible layer NTKs at ρ = 0
					net, x, y := tinyProblem(widths, simd.Tanh, n, tinynet.MSE, uint64(60+n))
					cfg := Defaults(TriDiag, tinynet.MSE)
					cfg.MaxRelStep, cfg.LR, cfg.LRMode, cfg.Damping = 0, 1, LRFixed, rho
					cfg.DampingScale = ScaleAbsolute
					tr, err := New(net.Clone(), n, cfg)
					require.NoError(t, err)
					td := tr.fisher.(*triDiag)
					_, ok := tr.Direction(x, y, n)
					require.True(t, ok)
					if simd.GemmRMAsm(n, n) {
						require.True(t, td.pinvUsed(1), "the inverses' route")
						if refuse {
							assert.Equal(t, 1, td.staticFails, "the guard did not refuse")
						}
					}
					got, runs := triDiagDirection(t, net, x, y, n, cfg, nil, false)
					want, _ := triDiagDirection(t, net, x, y, n, cfg, nil, true)
					e := relErr64(got, want)
					t.Logf("relative difference %.2g, refinement steps %d, static LU refused %d",
						e, td.refines, td.staticFails)
					assert.Less(t, e, 1e-5)
					assert.Zero(t, runs, "dense fallback")
				})
			}
		}
	}
}

// The static LU and the pivoted one give the same direction on the inverses' route: the
// block elimination with the guard refusing every block (partial pivoting, as before the
// static LU) against the one that lets it through, to refinement's accuracy, over damping
// from none to large.
func TestTriDiagStaticLUMatchesThePivotedRoute(t *testing.T) {
	defer func(v float64) { triDiagStaticLmax = v }(triDiagStaticLmax)
	const n = 32
	widths := []int{8, 40, 40, 1}
	for _, rho := range []float64{0, 1e-6, 1e-3, 1e-2, 1e-1, 1, 10} {
		net, x, y := tinyProblem(widths, simd.Tanh, n, tinynet.MSE, 91)
		cfg := Defaults(TriDiag, tinynet.MSE)
		cfg.MaxRelStep, cfg.LR, cfg.LRMode, cfg.Damping = 0, 1, LRFixed, rho
		cfg.DampingScale = ScaleAbsolute
		direction := func(lmax float64) ([]float64, *triDiag) {
			triDiagStaticLmax = lmax
			tr, err := New(net.Clone(), n, cfg)
			require.NoError(t, err)
			td := tr.fisher.(*triDiag)
			d, ok := tr.Direction(x, y, n)
			require.True(t, ok)
			out := make([]float64, len(d))
			for i, v := range d {
				out[i] = float64(v)
			}
			return out, td
		}
		static, ts := direction(8)
		pivoted, tp := direction(0)
		e := relErr64(static, pivoted)
		t.Logf("rho=%g: relative difference %.2g, static refused %d, pivoted refused %d", rho, e, ts.staticFails, tp.staticFails)
		assert.Less(t, e, 1e-5, "rho=%g", rho)
		assert.Zero(t, ts.denseRuns+tp.denseRuns, "rho=%g: dense fallback", rho)
		if simd.GemmRMAsm(n, n) {
			assert.Equal(t, 1, tp.staticFails, "rho=%g: the guard did not refuse", rho)
		}
	}
}
