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

// Isotropy of the function-space step (the α table in the package documentation), measured
// through the real optimizer code: for j = 1..N·C the targets are Y = f(X) − e_j so that
// the residual is e_j, Trainer.Direction gives the raw direction d_j = −(G+ρI)⁻¹∇ℒ, and the
// column K[:,j] = −J d_j comes from the exact forward-mode JVP. Then α̂ = tr K/(NC) and
// dev = ‖K − α̂I‖_F/‖α̂I‖_F.
//
// Tolerances. In float64 throughout the deviation would be below 1e-8. Here the network, the signals and
// the directions are float32 (unit roundoff 6e-8) while the solves are float64, and the
// measured dev is 5e-8..1.1e-6 (α to ~1e-7 relative) on amd64. The bound 1e-5 keeps ~10×
// margin for other rounding (FMA on arm64) and still fails every wrong formula by orders of
// magnitude: the nearest wrong answers (damping of a few λ_min, K-FAC's leverage scores when
// M_0 < N, ReLU or C > 1 unit-wise, the diagonal Fisher) sit at dev ≥ 1e-2.

// directionFunc returns the raw direction for targets y at the current weights.
type directionFunc func(y []float32) []float32

// measureK returns K (NC×NC, row-major) for the direction function at net and x.
func measureK(net *tinynet.Net, x []float32, n int, dir directionFunc) []float64 {
	C := net.Spec.Outputs()
	nc := n * C
	ws := tinynet.NewWorkspaceAlloc(net.Spec, n)
	ws.Forward(net, x, n)
	f := ws.Output()
	K := make([]float64, nc*nc)
	col := make([]float64, nc)
	for j := 0; j < nc; j++ {
		y := make([]float32, nc)
		copy(y, f.Data[:nc])
		y[j] -= 1
		d := dir(y)
		ws.Forward(net, x, n)
		ws.JVP(net, d, col)
		for a := 0; a < nc; a++ {
			K[a*nc+j] = -col[a]
		}
	}
	return K
}

// isotropy returns α̂ = tr K/m and dev = ‖K − α̂I‖_F/(α̂√m).
func isotropy(K []float64, m int) (alpha, dev float64) {
	for a := 0; a < m; a++ {
		alpha += K[a*m+a]
	}
	alpha /= float64(m)
	var s float64
	for a := 0; a < m; a++ {
		for b := 0; b < m; b++ {
			v := K[a*m+b]
			if a == b {
				v -= alpha
			}
			s += v * v
		}
	}
	return alpha, math.Sqrt(s) / (math.Abs(alpha) * math.Sqrt(float64(m)))
}

// trainerDirection wraps Trainer.Direction of a new trainer for method m with damping rho.
func trainerDirection(t *testing.T, net *tinynet.Net, x []float32, n int, m Method, rho float64) directionFunc {
	cfg := Defaults(m, tinynet.MSE)
	cfg.MaxRelStep = 0 // the method's exact step, without the per-layer bound
	cfg.Damping = rho
	cfg.DampingScale = ScaleAbsolute
	tr, err := New(net, n, cfg)
	require.NoError(t, err)
	return func(y []float32) []float32 {
		d, ok := tr.Direction(x, y, n)
		require.True(t, ok)
		return append([]float32(nil), d...)
	}
}

// diagonalDirection is the test-only diagonal-Fisher direction −(diag F + ρI)⁻¹∇ℒ (MSE),
// the negative control: a diagonal Fisher is far from isotropic.
func diagonalDirection(net *tinynet.Net, x []float32, n int, rho float64) directionFunc {
	s := net.Spec
	ws := tinynet.NewWorkspaceAlloc(s, n)
	return func(y []float32) []float32 {
		ws.Forward(net, x, n)
		ws.LossMSE(y)
		ws.Signals(net)
		d := make([]float32, s.Params())
		ws.Backprop(net, d)
		C := s.Outputs()
		for l := 1; l <= s.Layers(); l++ {
			in, out := s.Widths[l-1], s.Widths[l]
			sc := float64(s.Scale(l))
			W, B := s.LayerW(d, l), s.LayerB(d, l)
			for i := 0; i < out; i++ {
				var db float64
				for j := 0; j <= in; j++ {
					var f float64
					for r := 0; r < n; r++ {
						h := float64(s.SigmaB)
						if j < in {
							h = sc * float64(ws.H[l-1].Data[r*in+j])
						}
						for c := 0; c < C; c++ {
							v := float64(ws.D[l].Data[(r*C+c)*out+i]) * h
							f += v * v
						}
					}
					f = f/float64(n) + rho
					if j < in {
						if f > 0 {
							W.Data[i*in+j] = float32(-float64(W.Data[i*in+j]) / f)
						}
					} else if f > 0 {
						db = -float64(B[i]) / f
					}
				}
				B[i] = float32(db)
			}
		}
		return d
	}
}

func TestIsotropyConstantsWideNet(t *testing.T) {
	if testing.Short() {
		t.Skip("width 256: skipped in -short mode")
	}
	const tol = 1e-5
	type isoCase struct {
		name   string
		widths []int
		act    simd.Activation
		n      int
		m      Method
		rho    float64
		alpha  float64 // expected α (0: check dev only)
		alphaT float64 // relative tolerance on α
		devMax float64 // pass if dev < devMax (0: skip)
		devMin float64 // pass if dev > devMin (0: skip)
	}
	S := []int{64, 256, 256, 1}
	S3 := []int{64, 256, 256, 3}
	cases := []isoCase{
		{"exact/tanh", S, simd.Tanh, 32, Exact, 0, 1, tol, tol, 0},
		{"blockdiag/tanh", S, simd.Tanh, 32, BlockDiag, 0, 3, tol, tol, 0},
		{"blockdiag/relu", S, simd.ReLU, 32, BlockDiag, 0, 3, tol, tol, 0},
		{"tridiag/tanh", S, simd.Tanh, 32, TriDiag, 0, 1, tol, tol, 0},
		{"tridiag/relu", S, simd.ReLU, 32, TriDiag, 0, 1, tol, tol, 0},
		{"kfac/tanh", S, simd.Tanh, 32, KFAC, 0, 65, tol, tol, 0},
		{"kfac/relu", S, simd.ReLU, 32, KFAC, 0, 65, tol, tol, 0},
		{"unitwise/tanh", S, simd.Tanh, 32, UnitWise, 0, 513, tol, tol, 0},
		// ReLU: ≈ M+1 within 3% and dev < 0.1 (a float64 reference run: 255.3, dev 0.042;
		// measured 255.4, 0.051); a tiny ρ because inactive units make Θ_{l,i} singular (ρ = 1e-8 already
		// shrinks α to 242: damping must stay far below the per-unit eigenvalues)
		{"unitwise/relu", S, simd.ReLU, 32, UnitWise, 1e-12, 257, 0.03, 0.1, 0.01},
		// C = 3, N = 16
		{"blockdiag/C=3", S3, simd.Tanh, 16, BlockDiag, 0, 3, tol, tol, 0},
		{"tridiag/C=3", S3, simd.Tanh, 16, TriDiag, 0, 1, tol, tol, 0},
		{"kfac/C=3", S3, simd.Tanh, 16, KFAC, 0, 33, tol, tol, 0},
		// not isotropic for C > 1: each unit's Θ_{l,i} has rank N < N·C, so ρ > 0 (a damped
		// pseudo-inverse); α ≈ (L−1)M/C + 1 = 171.7 on average (float64 reference: 171.7, dev 0.043)
		{"unitwise/C=3", S3, simd.Tanh, 16, UnitWise, 1e-10, 2*256.0/3 + 1, 0.01, 0, 0.01},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			net, x, _ := unitNormProblem(c.widths, c.act, c.n, 1)
			K := measureK(net, x, c.n, trainerDirection(t, net, x, c.n, c.m, c.rho))
			alpha, dev := isotropy(K, c.n*c.widths[len(c.widths)-1])
			t.Logf("α = %.9g, dev = %.3g", alpha, dev)
			if c.alpha > 0 {
				assert.InEpsilon(t, c.alpha, alpha, c.alphaT)
			}
			if c.devMax > 0 {
				assert.Less(t, dev, c.devMax)
			}
			if c.devMin > 0 {
				assert.Greater(t, dev, c.devMin)
			}
		})
	}
	t.Run("diagonal/negative-control", func(t *testing.T) {
		net, x, _ := unitNormProblem(S, simd.Tanh, 32, 1)
		K := measureK(net, x, 32, diagonalDirection(net, x, 32, 0))
		alpha, dev := isotropy(K, 32)
		t.Logf("α = %.9g, dev = %.3g", alpha, dev)
		assert.Greater(t, dev, 0.3)
	})
}

func TestTriDiagAlphaTable(t *testing.T) {
	want := []float64{1, math.NaN(), 1, 2, math.NaN(), 2, 3, math.NaN(), 3, 4}
	for L := 1; L <= 10; L++ {
		got := triDiagAlpha(L)
		if math.IsNaN(want[L-1]) {
			assert.True(t, math.IsNaN(got), "L=%d: T must be singular", L)
			continue
		}
		assert.InDelta(t, want[L-1], got, 1e-12, "L=%d", L)
	}
}

func TestTriDiagRefusesSingularDepthWithoutDamping(t *testing.T) {
	for _, widths := range [][]int{{3, 4, 1}, {3, 4, 4, 4, 4, 1}} {
		net, _, _ := tinyProblem(widths, simd.Tanh, 4, tinynet.MSE, 1)
		cfg := Defaults(TriDiag, tinynet.MSE)
		cfg.Damping = 0
		cfg.DampingScale = ScaleAbsolute
		_, err := New(net, 4, cfg)
		require.ErrorIs(t, err, ErrConfig)
		assert.Contains(t, err.Error(), "singular")
		assert.Contains(t, err.Error(), "Damping > 0")
		cfg.Damping = 1e-3
		cfg.DampingScale = ScaleAbsolute
		_, err = New(net, 4, cfg)
		assert.NoError(t, err)
	}
}

func TestTriDiagThreeLayersMovesOnlyMiddleLayer(t *testing.T) {
	// ρ = 0, L = 3: v_l = c_l Θ_l⁻¹ r̃ with c = T⁻¹1 = (0, 1, 0).
	net, x, y := unitNormProblem([]int{8, 24, 24, 1}, simd.Tanh, 8, 3)
	cfg := Defaults(TriDiag, tinynet.MSE)
	cfg.Damping = 0
	cfg.DampingScale = ScaleAbsolute
	tr, err := New(net, 8, cfg)
	require.NoError(t, err)
	d, ok := tr.Direction(x, y, 8)
	require.True(t, ok)
	s := net.Spec
	norm := func(l int) float64 {
		o := s.LayerOffset(l)
		var v float64
		for _, e := range d[o : o+s.LayerParams(l)] {
			v += float64(e) * float64(e)
		}
		return math.Sqrt(v)
	}
	n1, n2, n3 := norm(1), norm(2), norm(3)
	t.Logf("‖d_1‖ = %.3g, ‖d_2‖ = %.3g, ‖d_3‖ = %.3g", n1, n2, n3)
	require.Greater(t, n2, 0.0)
	// float64 LU of float32-exact blocks: the outer layers are zero to ~1e-12 relative here
	assert.Less(t, n1/n2, 1e-10)
	assert.Less(t, n3/n2, 1e-10)
}

func TestTriDiagFourLayersAlphaTwo(t *testing.T) {
	if testing.Short() {
		t.Skip("width 128 with 16 directions: skipped in -short mode")
	}
	net, x, _ := unitNormProblem([]int{32, 128, 128, 128, 1}, simd.Tanh, 16, 1)
	K := measureK(net, x, 16, trainerDirection(t, net, x, 16, TriDiag, 0))
	alpha, dev := isotropy(K, 16)
	t.Logf("α = %.9g, dev = %.3g", alpha, dev)
	assert.InEpsilon(t, 2, alpha, 1e-5)
	assert.Less(t, dev, 1e-5)
}

func TestKFACInputConditionAndForster(t *testing.T) {
	if testing.Short() {
		t.Skip("width 256: skipped in -short mode")
	}
	// Inputs narrower than the batch: widths [16, 256, 256, 1], N = 32 > M_0.
	net, x, _ := unitNormProblem([]int{16, 256, 256, 1}, simd.Tanh, 32, 1)
	K := measureK(net, x, 32, trainerDirection(t, net, x, 32, KFAC, 0))
	alpha, dev := isotropy(K, 32)
	t.Logf("raw inputs: α = %.6g, dev = %.3g", alpha, dev)
	assert.Greater(t, dev, 0.01)

	f, err := ForsterTransform(x, 32, 16, 1e-10, 200)
	require.NoError(t, err)
	z := make([]float32, len(x))
	f.Apply(z, x, 32)
	K = measureK(net, z, 32, trainerDirection(t, net, z, 32, KFAC, 0))
	alpha, dev = isotropy(K, 32)
	t.Logf("Forster inputs (%d iterations): α = %.6g, dev = %.3g", f.Iter, alpha, dev)
	assert.InEpsilon(t, 49, alpha, 1e-5) // M_0 + N(L−2) + 1
	assert.Less(t, dev, 1e-5)
	tr, err := New(net, 32, Defaults(KFAC, tinynet.MSE))
	require.NoError(t, err)
	assert.Equal(t, 49.0, tr.Alpha(), "LRPaper's α for M_0 < N")

	for _, m := range []Method{Exact, BlockDiag, TriDiag} {
		K := measureK(net, x, 32, trainerDirection(t, net, x, 32, m, 0))
		alpha, dev := isotropy(K, 32)
		t.Logf("%s on raw inputs: α = %.6g, dev = %.3g", m, alpha, dev)
		assert.Less(t, dev, 1e-5, "%s", m)
	}
}

func TestFastConvergenceAtPaperLearningRate(t *testing.T) {
	if testing.Short() {
		t.Skip("width 256: skipped in -short mode")
	}
	// Unit-norm setup (tanh, M = 256) with η = 1/α (LRPaper), ρ = 0.
	// Unit-wise takes first-layer steps far outside the lazy regime (about 20×
	// the weights), saturating tanh units whose Θ_{l,i} is then singular in float64, so it
	// runs with a tiny ρ (the paper's float64 run used a pseudo-inverse).
	cases := []struct {
		m     Method
		rho   float64
		steps int
		ratio float64
	}{
		{BlockDiag, 0, 2, 1e-3},
		{TriDiag, 0, 2, 1e-3},
		{KFAC, 0, 3, 1e-4},
		{UnitWise, 1e-10, 3, 1e-4},
	}
	for _, c := range cases {
		t.Run(c.m.String(), func(t *testing.T) {
			net, x, y := unitNormProblem([]int{64, 256, 256, 1}, simd.Tanh, 32, 1)
			cfg := Defaults(c.m, tinynet.MSE)
			cfg.MaxRelStep = 0 // the method's exact step, without the per-layer bound
			cfg.LRMode, cfg.Damping = LRPaper, c.rho
			cfg.DampingScale = ScaleAbsolute
			tr, err := New(net, 32, cfg)
			require.NoError(t, err)
			var first, last float64
			trace := ""
			for i := 0; i < c.steps; i++ {
				info, err := tr.Step(x, y, 32)
				require.NoError(t, err)
				require.False(t, info.Rejected, info.Reason)
				if i == 0 {
					first = info.Loss
					trace = fmt.Sprintf("%.3g", info.Loss)
				}
				last = info.LossAfter
				trace += fmt.Sprintf(" → %.3g", last)
			}
			t.Logf("η = 1/%g: loss %s", tr.Alpha(), trace)
			assert.Less(t, last/first, c.ratio)
		})
	}
}

// TestGeometricRateAtHalfOptimalStep: in the unit-norm setup (unitNormProblem) with M = 1024 and
// η = 0.5/α, the residual shrinks by (1 − ηα) = 1/2 per step, so the loss ratio per step is
// 1/4; every ratio from step 2 to step 5 must lie in [0.18, 0.32].
func TestGeometricRateAtHalfOptimalStep(t *testing.T) {
	if testing.Short() {
		t.Skip("width 1024: skipped in -short mode")
	}
	for _, m := range []Method{Exact, BlockDiag, TriDiag, KFAC} {
		t.Run(m.String(), func(t *testing.T) {
			net, x, y := unitNormProblem([]int{64, 1024, 1024, 1}, simd.Tanh, 32, 1)
			cfg := Defaults(m, tinynet.MSE)
			cfg.MaxRelStep = 0 // the method's exact step, without the per-layer bound
			cfg.LRMode, cfg.Damping = LRFixed, 0
			cfg.DampingScale = ScaleAbsolute
			tr, err := New(net, 32, cfg)
			require.NoError(t, err)
			cfg.LR = 0.5 / tr.Alpha()
			tr, err = New(net, 32, cfg)
			require.NoError(t, err)
			var ratios []float64
			for i := 0; i < 5; i++ {
				info, err := tr.Step(x, y, 32)
				require.NoError(t, err)
				require.False(t, info.Rejected, info.Reason)
				ratios = append(ratios, info.LossAfter/info.Loss)
			}
			t.Logf("per-step loss ratios at η = 0.5/%g: %.3f", tr.Alpha(), ratios)
			for _, r := range ratios[1:] {
				assert.GreaterOrEqual(t, r, 0.18)
				assert.LessOrEqual(t, r, 0.32)
			}
		})
	}
}

// TestNGDOneStepBeatsTwentyGradientSteps: in the unit-norm setup (unitNormProblem) with M = 1024, one
// exact-NGD step at η = 1 leaves less loss than 20 steps of gradient descent at its largest
// stable rate η = 1/λ_max(Θ) (Θ = JJᵀ/N), because NGD's rate does not depend on the NTK's
// condition number.
func TestNGDOneStepBeatsTwentyGradientSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("width 1024: skipped in -short mode")
	}
	for _, act := range []simd.Activation{simd.Tanh, simd.ReLU} {
		t.Run(act.String(), func(t *testing.T) {
			widths := []int{64, 1024, 1024, 1}
			net, x, y := unitNormProblem(widths, act, 32, 1)
			gdNet := net.Clone()

			cfg := Defaults(Exact, tinynet.MSE)
			cfg.LR, cfg.LRMode, cfg.Damping = 1, LRFixed, 1e-8
			cfg.DampingScale = ScaleAbsolute
			tr, err := New(net, 32, cfg)
			require.NoError(t, err)
			_, ok := tr.Direction(x, y, 32) // runs the forward pass and the backward signals
			require.True(t, ok)
			theta, one := make([]float64, 32*32), make([]float64, 32*32) // Θ = JJᵀ = Σ_l Θ_l
			for l := 1; l <= len(widths)-1; l++ {
				tr.ws.LayerNTK(l, one, 32)
				for i, v := range one {
					theta[i] += v
				}
			}
			lmax := powerIteration(theta, 32) / 32
			ngd, err := tr.Step(x, y, 32)
			require.NoError(t, err)

			gcfg := Defaults(SGD, tinynet.MSE)
			gcfg.LR, gcfg.Momentum = 1/lmax, 0
			gd, err := New(gdNet, 32, gcfg)
			require.NoError(t, err)
			for i := 0; i < 20; i++ {
				_, err = gd.Step(x, y, 32)
				require.NoError(t, err)
			}
			gdLoss := gd.Loss(x, y, 32)
			t.Logf("loss %.3g: NGD 1 step %.3g, GD 20 steps at 1/λ_max = 1/%.3g: %.3g", ngd.Loss, ngd.LossAfter, lmax, gdLoss)
			assert.Less(t, ngd.LossAfter, gdLoss)
		})
	}
}

// powerIteration returns the largest eigenvalue of the symmetric PSD n×n matrix a.
func powerIteration(a []float64, n int) float64 {
	v := make([]float64, n)
	w := make([]float64, n)
	for i := range v {
		v[i] = 1
	}
	var lambda float64
	for it := 0; it < 500; it++ {
		var nrm float64
		for i := 0; i < n; i++ {
			w[i] = simd.Dot64(a[i*n:(i+1)*n], v)
			nrm += w[i] * w[i]
		}
		nrm = math.Sqrt(nrm)
		lambda = nrm
		for i := range v {
			v[i] = w[i] / nrm
		}
	}
	return lambda
}
