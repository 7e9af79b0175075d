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

// denseKFACPieces returns, from an independent float64 forward/backward pass, the
// bias-augmented scaled inputs h̃[l][n] (M_{l-1}+1) and the signals δ[l][n·C+c] (M_l) of
// every layer, and the per-sample Λ_n (C×C, MSE: I).
func denseKFACPieces(net *tinynet.Net, x, y []float32, n int, loss tinynet.Loss) (ht, delta [][][]float64, lam [][]float64) {
	s := net.Spec
	L, C := s.Layers(), s.Outputs()
	ht = make([][][]float64, L+1)
	delta = make([][][]float64, L+1)
	for l := 1; l <= L; l++ {
		ht[l] = make([][]float64, n)
		delta[l] = make([][]float64, n*C)
	}
	lam = make([][]float64, n)
	for i := 0; i < n; i++ {
		h := make([]float64, s.Widths[0])
		for j := range h {
			h[j] = float64(x[i*s.Widths[0]+j])
		}
		dphi := make([][]float64, L+1)
		var f []float64
		for l := 1; l <= L; l++ {
			in, out := s.Widths[l-1], s.Widths[l]
			sc := float64(s.SigmaW) / math.Sqrt(float64(in))
			hh := make([]float64, in+1)
			for j := range h {
				hh[j] = sc * h[j]
			}
			hh[in] = float64(s.SigmaB)
			ht[l][i] = hh
			u := make([]float64, out)
			for a := range u {
				for b := 0; b < in; b++ {
					u[a] += float64(net.W[l-1].Data[a*in+b]) * hh[b]
				}
				u[a] += hh[in] * float64(net.B[l-1][a])
			}
			if l == L {
				f = u
				break
			}
			h = make([]float64, out)
			dphi[l] = make([]float64, out)
			for a := range u {
				h[a], dphi[l][a] = act64(s.Activation, u[a])
			}
		}
		for c := 0; c < C; c++ {
			d := make([]float64, C)
			d[c] = 1
			for l := L; l >= 1; l-- {
				delta[l][i*C+c] = d
				if l == 1 {
					break
				}
				in, out := s.Widths[l-1], s.Widths[l]
				sc := float64(s.SigmaW) / math.Sqrt(float64(in))
				prev := make([]float64, in)
				for b := 0; b < in; b++ {
					for a := 0; a < out; a++ {
						prev[b] += float64(net.W[l-1].Data[a*in+b]) * d[a]
					}
					prev[b] *= sc * dphi[l-1][b]
				}
				d = prev
			}
		}
		lam[i] = make([]float64, C*C)
		if loss == tinynet.MSE {
			for c := 0; c < C; c++ {
				lam[i][c*C+c] = 1
			}
			continue
		}
		m := math.Inf(-1)
		for _, v := range f {
			m = math.Max(m, v)
		}
		p := make([]float64, C)
		var z float64
		for c := range p {
			p[c] = math.Exp(f[c] - m)
			z += p[c]
		}
		for a := 0; a < C; a++ {
			for b := 0; b < C; b++ {
				lam[i][a*C+b] = -p[a] / z * p[b] / z
			}
			lam[i][a*C+a] += p[a] / z
		}
	}
	return ht, delta, lam
}

// denseKFACFactors returns A_{l-1} and B_l of one batch, dense.
func denseKFACFactors(net *tinynet.Net, x, y []float32, n int, loss tinynet.Loss) (A, B [][][]float64) {
	return denseKFACFactorsWeighted(net, x, y, n, loss, nil)
}

// denseKFACFactorsWeighted is denseKFACFactors with sample weights: ω̃_n = ω_n/Σω in place of
// 1/N (nil weights: uniform).
func denseKFACFactorsWeighted(net *tinynet.Net, x, y []float32, n int, loss tinynet.Loss, weights []float32) (A, B [][][]float64) {
	om := make([]float64, n)
	var wsum float64
	for i := range om {
		om[i] = 1
		if weights != nil {
			om[i] = float64(weights[i])
		}
		wsum += om[i]
	}
	for i := range om {
		om[i] /= wsum
	}
	s := net.Spec
	L, C := s.Layers(), s.Outputs()
	ht, delta, lam := denseKFACPieces(net, x, y, n, loss)
	A, B = make([][][]float64, L+1), make([][][]float64, L+1)
	for l := 1; l <= L; l++ {
		dA, out := s.Widths[l-1]+1, s.Widths[l]
		A[l], B[l] = zeros(dA, dA), zeros(out, out)
		for i := 0; i < n; i++ {
			for a := 0; a < dA; a++ {
				for b := 0; b < dA; b++ {
					A[l][a][b] += ht[l][i][a] * ht[l][i][b] * om[i]
				}
			}
			for c := 0; c < C; c++ {
				for c2 := 0; c2 < C; c2++ {
					w := lam[i][c*C+c2] * om[i]
					for a := 0; a < out; a++ {
						for b := 0; b < out; b++ {
							B[l][a][b] += w * delta[l][i*C+c][a] * delta[l][i*C+c2][b]
						}
					}
				}
			}
		}
	}
	return A, B
}

func zeros(r, c int) [][]float64 {
	m := make([][]float64, r)
	for i := range m {
		m[i] = make([]float64, c)
	}
	return m
}

// denseKFACStep returns Δθ = −η ((B+√ρ/π I) ⊗ (A+π√ρ I))⁻¹ ∇ℒ per layer, formed as an
// explicit P_l×P_l Kronecker product in the raw parameter order and solved densely.
func denseKFACStep(s tinynet.Spec, A, B [][][]float64, grad []float64, eta, rho float64) []float64 {
	step := make([]float64, len(grad))
	for l := 1; l <= s.Layers(); l++ {
		in, out := s.Widths[l-1], s.Widths[l]
		dA := in + 1
		var trA, trB float64
		for a := 0; a < dA; a++ {
			trA += A[l][a][a]
		}
		for a := 0; a < out; a++ {
			trB += B[l][a][a]
		}
		pi := math.Sqrt((trA / float64(dA)) / (trB / float64(out)))
		lam, mu := pi*math.Sqrt(rho), math.Sqrt(rho)/pi
		o := s.LayerOffset(l)
		idx := func(i, j int) int { // raw parameter of [W|b][i,j]
			if j == in {
				return o + out*in + i
			}
			return o + i*in + j
		}
		P := out * dA
		G := zeros(P, P)
		g := make([]float64, P)
		for i := 0; i < out; i++ {
			for j := 0; j < dA; j++ {
				p := i*dA + j
				g[p] = grad[idx(i, j)]
				for i2 := 0; i2 < out; i2++ {
					for j2 := 0; j2 < dA; j2++ {
						bb := B[l][i][i2]
						if i == i2 {
							bb += mu
						}
						aa := A[l][j][j2]
						if j == j2 {
							aa += lam
						}
						G[p][i2*dA+j2] = bb * aa
					}
				}
			}
		}
		x := denseSolve(G, 0, g)
		for i := 0; i < out; i++ {
			for j := 0; j < dA; j++ {
				step[idx(i, j)] = -eta * x[i*dA+j]
			}
		}
	}
	return step
}

func TestKFACStepEqualsDenseKronecker(t *testing.T) {
	for _, form := range []Form{FormPrimal, FormDual, FormAuto} {
		for _, tc := range methodCases {
			for _, rho := range []float64{1e-3, 1e-1} {
				t.Run(fmt.Sprintf("%s/%v/rho=%g", form, tc, rho), func(t *testing.T) {
					net, x, y := tinyProblem(tc.widths, tc.act, tc.n, tc.loss, 11)
					grad, _, _ := denseFisher(net, x, y, tc.n, tc.loss)
					A, B := denseKFACFactors(net, x, y, tc.n, tc.loss)
					want := denseKFACStep(net.Spec, A, B, grad, 0.5, rho)

					cfg := Defaults(KFAC, tinynet.MSE)
					cfg.MaxRelStep = 0 // the method's exact step, without the per-layer bound
					cfg.Loss, cfg.LR, cfg.LRMode, cfg.Damping, cfg.Form = tc.loss, 0.5, LRFixed, rho, form
					cfg.DampingScale = ScaleAbsolute
					d := directionOf(t, net, x, y, tc.n, cfg)
					e := relErr(d, want)
					got := stepDelta(t, net, x, y, tc.n, cfg)
					es := relErr(got, want)
					t.Logf("relative error: direction %.2g, step %.2g", e, es)
					assert.Less(t, e, 1e-5, "direction")
					assert.Less(t, es, 3e-5, "step")
				})
			}
		}
	}
}

// With sample weights both factors and the gradient carry ω̃_n = ω_n/Σω: the primal sides
// take a weighted product, the dual A side the non-symmetric K·W + λI (LU) in both of its
// uses (on H̃, and transposed on the columns of G), and the step still equals the dense
// Kronecker algebra.
func TestKFACWeightedStepEqualsDenseKronecker(t *testing.T) {
	for _, form := range []Form{FormPrimal, FormDual, FormAuto} {
		for _, tc := range methodCases {
			t.Run(fmt.Sprintf("%s/%v", form, tc), func(t *testing.T) {
				net, x, y := tinyProblem(tc.widths, tc.act, tc.n, tc.loss, 13)
				w := make([]float32, tc.n)
				for i := range w {
					w[i] = 0.25 + float32(i%4)*0.6
				}
				grad, _, _ := denseFisherWeighted(net, x, y, tc.n, tc.loss, w)
				A, B := denseKFACFactorsWeighted(net, x, y, tc.n, tc.loss, w)
				want := denseKFACStep(net.Spec, A, B, grad, 1, 1e-2) // Direction is the raw step (η = 1)

				cfg := Defaults(KFAC, tinynet.MSE)
				cfg.MaxRelStep = 0 // the method's exact step, without the per-layer bound
				cfg.Loss, cfg.LR, cfg.LRMode, cfg.Damping, cfg.Form = tc.loss, 0.5, LRFixed, 1e-2, form
				cfg.DampingScale = ScaleAbsolute
				tr, err := New(net, tc.n, cfg)
				require.NoError(t, err)
				tr.SetSampleWeights(w)
				d, ok := tr.Direction(x, y, tc.n)
				require.True(t, ok)
				e := relErr(d, want)
				t.Logf("relative error %.2g", e)
				assert.Less(t, e, 1e-5)
			})
		}
	}
}

// TestKFACMovingAverageAndRefresh checks the factor bookkeeping against dense algebra: with
// decay β the second direction uses β·F(x1) + (1−β)·F(x2); with refresh period 3 the second
// and third directions reuse the damped factors of the first batch with the new gradients,
// and the fourth refreshes.
func TestKFACMovingAverageAndRefresh(t *testing.T) {
	const rho, eta = 1e-2, 1.0
	widths := []int{4, 6, 5, 2}
	net, x1, y1 := tinyProblem(widths, 0, 5, tinynet.MSE, 21)
	_, x2, y2 := tinyProblem(widths, 0, 5, tinynet.MSE, 22)
	s := net.Spec
	blend := func(a, b [][][]float64, beta float64) [][][]float64 {
		out := make([][][]float64, len(a))
		for l := 1; l < len(a); l++ {
			out[l] = zeros(len(a[l]), len(a[l]))
			for i := range a[l] {
				for j := range a[l][i] {
					out[l][i][j] = beta*a[l][i][j] + (1-beta)*b[l][i][j]
				}
			}
		}
		return out
	}
	A1, B1 := denseKFACFactors(net, x1, y1, 5, tinynet.MSE)
	A2, B2 := denseKFACFactors(net, x2, y2, 5, tinynet.MSE)
	g2, _, _ := denseFisher(net, x2, y2, 5, tinynet.MSE)

	t.Run("decay", func(t *testing.T) {
		cfg := Defaults(KFAC, tinynet.MSE)
		cfg.MaxRelStep = 0 // the method's exact step, without the per-layer bound
		cfg.Damping, cfg.KFACDecay = rho, 0.7
		cfg.DampingScale = ScaleAbsolute
		tr, err := New(net.Clone(), 5, cfg)
		require.NoError(t, err)
		_, ok := tr.Direction(x1, y1, 5)
		require.True(t, ok)
		d, ok := tr.Direction(x2, y2, 5)
		require.True(t, ok)
		want := denseKFACStep(s, blend(A1, A2, 0.7), blend(B1, B2, 0.7), g2, eta, rho)
		assert.Less(t, relErr(d, want), 1e-5)
		// and not the current batch's factors alone
		assert.Greater(t, relErr(d, denseKFACStep(s, A2, B2, g2, eta, rho)), 1e-3)
	})
	t.Run("refresh", func(t *testing.T) {
		cfg := Defaults(KFAC, tinynet.MSE)
		cfg.MaxRelStep = 0 // the method's exact step, without the per-layer bound
		cfg.Damping, cfg.KFACRefresh = rho, 3
		cfg.DampingScale = ScaleAbsolute
		tr, err := New(net.Clone(), 5, cfg)
		require.NoError(t, err)
		for i, want := range [][]float64{
			denseKFACStep(s, A1, B1, g2, eta, rho), // call 1 refreshed on x1: stale factors, x2's gradient
			denseKFACStep(s, A1, B1, g2, eta, rho),
			denseKFACStep(s, A2, B2, g2, eta, rho), // call 3 refreshes on x2
		} {
			if i == 0 {
				_, ok := tr.Direction(x1, y1, 5)
				require.True(t, ok)
			}
			d, ok := tr.Direction(x2, y2, 5)
			require.True(t, ok)
			assert.Less(t, relErr(d, want), 1e-5, "call %d", i+2)
		}
	})
}

// Under MSE the last hidden layer's B = s_L²(W_LᵀW_L) ⊙ Σ_n ω̃_n φ'_nφ'_nᵀ equals the Gram of
// its per-output signals: the K-FAC direction is the same either way, plain and weighted,
// C = 1 and C > 1, with and without a moving average.
func TestKFACLastHiddenBHadamardMatchesSignalGram(t *testing.T) {
	for _, widths := range [][]int{{3, 12, 1}, {4, 10, 9, 3}, {5, 8, 8, 8, 4}, {3, 6, 7, 2}} {
		for _, weighted := range []bool{false, true} {
			for _, decay := range []float64{0, 0.9} {
				n := 5
				net, x, y := tinyProblem(widths, simd.Tanh, n, tinynet.MSE, 21)
				var w []float32
				if weighted {
					w = []float32{0.5, 1.5, 1, 2, 0.25}
				}
				dirs := make([][]float64, 2)
				for i, off := range []bool{false, true} {
					cfg := Defaults(KFAC, tinynet.MSE)
					cfg.MaxRelStep, cfg.LR, cfg.LRMode, cfg.Damping, cfg.KFACDecay = 0, 1, LRFixed, 1e-2, decay
					cfg.Form = FormPrimal
					tr, err := New(net.Clone(), n, cfg)
					require.NoError(t, err)
					tr.SetSampleWeights(w)
					tr.fisher.(*kfac).noHadamardB = off
					var d []float32
					for s := 0; s < 2; s++ { // twice: the average folds in the first batch
						var ok bool
						d, ok = tr.Direction(x, y, n)
						require.True(t, ok)
					}
					for _, v := range d {
						dirs[i] = append(dirs[i], float64(v))
					}
				}
				e := relErr64(dirs[0], dirs[1])
				assert.Less(t, e, 1e-5, "%v weighted=%v decay=%g", widths, weighted, decay)
			}
		}
	}
}

// Layers wider than the direct row solves take their primal solves through strips of the
// transposed right-hand sides (lapack.DpotrsStrips, with the scratch planned at carve time);
// the direction is the one of the row solves, primal and dual A side alike, plain and
// weighted, with the factors refreshed and reused.
func TestKFACStripSolvesMatchRowSolves(t *testing.T) {
	for _, widths := range [][]int{{10, 136, 3}, {140, 9, 134, 2}} {
		for _, weighted := range []bool{false, true} {
			n := 12
			net, x, y := tinyProblem(widths, simd.Tanh, n, tinynet.MSE, 31)
			var w []float32
			if weighted {
				w = make([]float32, n)
				for i := range w {
					w[i] = 0.5 + float32(i%3)
				}
			}
			dirs := make([][]float64, 2)
			for i, rowsOnly := range []bool{false, true} {
				cfg := Defaults(KFAC, tinynet.MSE)
				cfg.MaxRelStep, cfg.LR, cfg.LRMode, cfg.Damping, cfg.KFACRefresh = 0, 1, LRFixed, 1e-2, 2
				cfg.Form = FormPrimal
				tr, err := New(net.Clone(), n, cfg)
				require.NoError(t, err)
				tr.SetSampleWeights(w)
				kf := tr.fisher.(*kfac)
				require.NotEmpty(t, kf.sw, "no strip scratch planned for %v", widths)
				if rowsOnly {
					kf.sw = nil
				}
				for s := 0; s < 2; s++ { // a refresh, then the stored factors
					d, ok := tr.Direction(x, y, n)
					require.True(t, ok)
					for _, v := range d {
						dirs[i] = append(dirs[i], float64(v))
					}
				}
			}
			e := relErr64(dirs[0], dirs[1])
			assert.Less(t, e, 1e-6, "%v weighted=%v", widths, weighted)
		}
	}
}

// K-FAC forms J·d with its layers when its plan allows (jdPlan): it equals the JVP of the
// (float32) direction, on primal and dual layers, MSE and softmax, the forms being chosen
// by the default planner and by each forced form.
func TestKFACJdEqualsJVP(t *testing.T) {
	formed := 0
	for _, form := range []Form{FormAuto, FormPrimal, FormDual} {
		for _, tc := range append(methodCases, methodCase{[]int{8, 32, 32, 1}, simd.Tanh, 32, tinynet.MSE}) {
			net, x, y := tinyProblem(tc.widths, tc.act, tc.n, tc.loss, 13)
			cfg := Defaults(KFAC, tc.loss)
			cfg.Damping = 1e-2
			cfg.DampingScale = ScaleAbsolute
			cfg.Form = form
			tr, err := New(net, tc.n, cfg)
			require.NoError(t, err)
			_, ok := tr.Direction(x, y, tc.n)
			require.True(t, ok)
			if !tr.jdReady {
				continue
			}
			formed++
			k := tc.n * net.Spec.Outputs()
			got := append([]float64(nil), tr.jd[:k]...)
			tr.ws.JVP(tr.net, tr.dir, tr.jd)
			assert.Less(t, relErr64(got, tr.jd[:k]), 1e-4, "%v %v", form, tc)
		}
	}
	t.Logf("J·d formed in %d cases", formed)
	require.Greater(t, formed, 10, "K-FAC formed J·d in too few cases to check")
}
