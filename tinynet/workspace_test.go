package tinynet_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// The tests in this file check Forward, Signals, LayerNTK, JVP and Backprop against a
// float64 reference of the network written here from the definition in the package doc:
// u_l = s_l·W_l h_{l-1} + σ_b b_l with s_l = σ_w/√M_{l-1}, h_l = φ(u_l), f = u_L, the
// parameters being the raw W_l, b_l in the flat layout of tinynet.Spec.LayerOffset.

// forEachPath runs f once per kernel path this build and CPU can run.
func forEachPath(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, p := range simd.Available() {
		t.Run("impl="+p, func(t *testing.T) {
			require.NoError(t, simd.Force(p))
			defer func() { _ = simd.Force("auto") }()
			f(t)
		})
	}
}

func phi64(act simd.Activation, v float64) float64 {
	switch act {
	case simd.Tanh:
		return math.Tanh(v)
	case simd.ReLU:
		return max(v, 0)
	case simd.Sigmoid:
		return 1 / (1 + math.Exp(-v))
	}
	return v
}

// refNet is the float64 reference: the spec and the raw parameters in float64.
type refNet struct {
	spec tinynet.Spec
	p    []float64
}

func newRefNet(net *tinynet.Net) refNet {
	p := make([]float64, len(net.Params))
	for i, v := range net.Params {
		p[i] = float64(v)
	}
	return refNet{spec: net.Spec, p: p}
}

// forward returns u[l] (l = 1..L) and h[l] (l = 0..L-1), each n×M_l row-major, and
// the magnitudes |u|[l] of the terms summed into each u (for tolerances).
func (r refNet) forward(x []float32, n int) (u, h, uAbs [][]float64) {
	s := r.spec
	L := s.Layers()
	u, h, uAbs = make([][]float64, L+1), make([][]float64, L), make([][]float64, L+1)
	hAbs := make([][]float64, L)
	h[0], hAbs[0] = make([]float64, n*s.Widths[0]), make([]float64, n*s.Widths[0])
	for i := range h[0] {
		h[0][i] = float64(x[i])
		hAbs[0][i] = math.Abs(h[0][i])
	}
	for l := 1; l <= L; l++ {
		in, out := s.Widths[l-1], s.Widths[l]
		o := s.LayerOffset(l)
		sc := float64(s.SigmaW) / math.Sqrt(float64(in))
		sb := float64(s.SigmaB)
		u[l], uAbs[l] = make([]float64, n*out), make([]float64, n*out)
		for i := 0; i < n; i++ {
			for j := 0; j < out; j++ {
				var v, va float64
				for k := 0; k < in; k++ {
					w := r.p[o+j*in+k]
					v += w * h[l-1][i*in+k]
					va += math.Abs(w) * hAbs[l-1][i*in+k]
				}
				b := r.p[o+out*in+j]
				u[l][i*out+j] = sc*v + sb*b
				uAbs[l][i*out+j] = sc*va + sb*math.Abs(b)
			}
		}
		if l < L {
			h[l], hAbs[l] = make([]float64, n*out), make([]float64, n*out)
			for i, v := range u[l] {
				h[l][i] = phi64(s.Activation, v)
				// |φ(u)| ≤ |φ(0)| + |u| for the Lipschitz-1 activations here.
				hAbs[l][i] = math.Abs(phi64(s.Activation, 0)) + uAbs[l][i]
			}
		}
	}
	return u, h, uAbs
}

// output returns f (n×C).
func (r refNet) output(x []float32, n int) []float64 {
	u, _, _ := r.forward(x, n)
	return u[r.spec.Layers()]
}

// loss returns Σ_n ω_n ℓ_n / Σ_n ω_n (ω = 1 when weight is nil).
func (r refNet) loss(loss tinynet.Loss, x, y []float32, weight []float32, n int) float64 {
	f := r.output(x, n)
	C := r.spec.Outputs()
	var s, ws float64
	for i := 0; i < n; i++ {
		var li float64
		fi := f[i*C : (i+1)*C]
		if loss == tinynet.MSE {
			for c, v := range fi {
				e := v - float64(y[i*C+c])
				li += e * e / 2
			}
		} else {
			m := fi[0]
			for _, v := range fi {
				m = max(m, v)
			}
			var z float64
			for _, v := range fi {
				z += math.Exp(v - m)
			}
			li = m + math.Log(z) - fi[int(y[i])]
		}
		wi := 1.0
		if weight != nil {
			wi = float64(weight[i])
		}
		s += wi * li
		ws += wi
	}
	return s / ws
}

// perturbed returns a copy of r with p[i] += e.
func (r refNet) perturbed(i int, e float64) refNet {
	q := refNet{spec: r.spec, p: append([]float64(nil), r.p...)}
	q.p[i] += e
	return q
}

// jacobian returns the central-difference Jacobian of f (n·C outputs, sample-major) with
// respect to the raw parameters idx, as rows of J: J[a][k] = ∂f_a/∂p[idx[k]].
func (r refNet) jacobian(x []float32, n int, idx []int) [][]float64 {
	const eps = 1e-6
	nc := n * r.spec.Outputs()
	J := make([][]float64, nc)
	for a := range J {
		J[a] = make([]float64, len(idx))
	}
	for k, i := range idx {
		fp := r.perturbed(i, eps).output(x, n)
		fm := r.perturbed(i, -eps).output(x, n)
		for a := 0; a < nc; a++ {
			J[a][k] = (fp[a] - fm[a]) / (2 * eps)
		}
	}
	return J
}

// tinyNet returns a 3-4-5-2 network with random raw weights and non-zero biases, and a
// batch of n rows of inputs in [−1.5, 1.5].
func tinyNet(act simd.Activation, n int, seed uint64) (*tinynet.Net, []float32) {
	spec := tinynet.Spec{Widths: []int{3, 4, 5, 2}, Activation: act, SigmaW: 1.3, SigmaB: 0.4}
	net := tinynet.New(spec)
	net.Init(seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	for l := range net.B {
		for j := range net.B[l] {
			net.B[l][j] = float32(rng.NormFloat64())
		}
	}
	x := make([]float32, n*spec.Inputs())
	for i := range x {
		x[i] = float32(rng.Float64()*3 - 1.5)
	}
	return net, x
}

var allActivations = []simd.Activation{simd.Identity, simd.Tanh, simd.ReLU, simd.Sigmoid}

// TestForwardMatchesFloat64Reference checks U, H and Dphi of every layer against the
// float64 reference, within 1e-5 relative to the magnitude of the terms summed (a
// forward that returned zeros, dropped the bias or used the wrong scale would fail).
func TestForwardMatchesFloat64Reference(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, act := range allActivations {
			const n = 5
			net, x := tinyNet(act, n, 3)
			ws := tinynet.NewWorkspaceAlloc(net.Spec, n+2) // capacity above the batch
			ws.Forward(net, x, n)
			u, h, uAbs := newRefNet(net).forward(x, n)
			L := net.Spec.Layers()
			for l := 1; l <= L; l++ {
				for i, want := range u[l] {
					got := float64(ws.U[l].Data[i])
					require.LessOrEqual(t, math.Abs(got-want), 1e-5*uAbs[l][i], "%v: u_%d[%d] = %v, want %v", act, l, i, got, want)
					if l == L {
						continue
					}
					gh := float64(ws.H[l].Data[i])
					require.LessOrEqual(t, math.Abs(gh-h[l][i]), 1e-5*(1+uAbs[l][i]), "%v: h_%d[%d] = %v, want %v", act, l, i, gh, h[l][i])
					const e = 1e-6 // φ' by central differences of the float64 φ
					dphi := (phi64(act, want+e) - phi64(act, want-e)) / (2 * e)
					if act == simd.ReLU && math.Abs(want) < e {
						continue
					}
					gd := float64(ws.Dphi[l].Data[i])
					require.InDelta(t, dphi, gd, 1e-5, "%v: φ'(u_%d[%d])", act, l, i)
				}
			}
			f := ws.Output()
			require.Equal(t, n, f.Rows)
			require.Equal(t, net.Spec.Outputs(), f.Cols)
			for i, want := range u[L] {
				require.Equal(t, ws.U[L].Data[i], f.Data[i])
				require.NotZero(t, want)
			}
		}
	})
}

// TestForwardNoDerivIsForwardWithoutTheDerivatives checks that ForwardNoDeriv fills U and H
// bit for bit as Forward does (widths with and without a tail of fewer than eight
// columns) and leaves Dphi as the previous Forward wrote it, at other weights.
func TestForwardNoDerivIsForwardWithoutTheDerivatives(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, act := range allActivations {
			spec := tinynet.Spec{Widths: []int{5, 16, 11, 3}, Activation: act, SigmaW: 1.1, SigmaB: 0.3}
			net := tinynet.New(spec)
			net.Init(4)
			for i := range net.Params {
				net.Params[i] += 0.02 * float32(i%7)
			}
			const n = 9
			rng := rand.New(rand.NewPCG(9, 10))
			x := make([]float32, n*spec.Inputs())
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			full := tinynet.NewWorkspaceAlloc(spec, n)
			full.Forward(net, x, n)
			ws := tinynet.NewWorkspaceAlloc(spec, n)
			other := net.Clone()
			for i := range other.Params {
				other.Params[i] *= 0.5
			}
			ws.Forward(other, x, n)
			old := make([][]float32, spec.Layers())
			for l := 1; l < spec.Layers(); l++ {
				old[l] = append([]float32(nil), ws.Dphi[l].Data...)
			}
			ws.ForwardNoDeriv(net, x, n)
			require.Equal(t, n, ws.Rows)
			for l := 1; l <= spec.Layers(); l++ {
				m := n * spec.Widths[l]
				require.Equal(t, full.U[l].Data[:m], ws.U[l].Data[:m], "%v: U[%d]", act, l)
				if l < spec.Layers() {
					require.Equal(t, full.H[l].Data[:m], ws.H[l].Data[:m], "%v: H[%d]", act, l)
					require.Equal(t, old[l], ws.Dphi[l].Data, "%v: Dphi[%d] changed", act, l)
				}
			}
		}
	})
}

// layerIndices returns the flat indices of layer l's raw parameters: W_l then b_l.
func layerIndices(s tinynet.Spec, l int) []int {
	o := s.LayerOffset(l)
	idx := make([]int, s.LayerParams(l))
	for k := range idx {
		idx[k] = o + k
	}
	return idx
}

// TestSignalsAreOutputDerivativesOfPreactivations checks δ_{l,n}^{(c)} = ∂f_{n,c}/∂u_{l,n}
// through the bias: ∂f_{n,c}/∂b_l[j] = σ_b·δ_{l,n}^{(c)}[j], with the derivative taken
// by central differences of the float64 reference.
func TestSignalsAreOutputDerivativesOfPreactivations(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, act := range []simd.Activation{simd.Tanh, simd.Sigmoid, simd.Identity} {
			const n = 4
			net, x := tinyNet(act, n, 5)
			ws := tinynet.NewWorkspaceAlloc(net.Spec, n)
			ws.Forward(net, x, n)
			ws.Signals(net)
			s := net.Spec
			ref := newRefNet(net)
			C := s.Outputs()
			for l := 1; l <= s.Layers(); l++ {
				out := s.Widths[l]
				bias := layerIndices(s, l)[out*s.Widths[l-1]:]
				J := ref.jacobian(x, n, bias)
				var scale float64
				for a := range J {
					for _, v := range J[a] {
						scale = max(scale, math.Abs(v))
					}
				}
				require.Positive(t, scale)
				for a := 0; a < n*C; a++ {
					for j := 0; j < out; j++ {
						got := float64(s.SigmaB) * float64(ws.D[l].Data[a*out+j])
						require.InDelta(t, J[a][j], got, 1e-5*scale, "%v: σ_b·δ_%d row %d unit %d", act, l, a, j)
					}
				}
			}
		}
	})
}

// TestLayerNTKIsTheLayerJacobianGram checks Θ_l = J_l J_lᵀ, J_l the (N·C)×P_l Jacobian of
// the outputs (sample-major rows) with respect to layer l's raw parameters, built by
// central differences of the float64 reference; no 1/N factor. Each entry must lie within
// 1e-5 of the sum of |J_{a,p} J_{b,p}| over the layer's parameters.
func TestLayerNTKIsTheLayerJacobianGram(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, act := range []simd.Activation{simd.Tanh, simd.Sigmoid} {
			const n = 3
			net, x := tinyNet(act, n, 9)
			ws := tinynet.NewWorkspaceAlloc(net.Spec, n+1)
			ws.Forward(net, x, n)
			ws.Signals(net)
			s := net.Spec
			ref := newRefNet(net)
			nc := n * s.Outputs()
			for l := 1; l <= s.Layers(); l++ {
				J := ref.jacobian(x, n, layerIndices(s, l))
				ld := nc + 3
				theta := make([]float64, nc*ld)
				ws.LayerNTK(l, theta, ld)
				for a := 0; a < nc; a++ {
					for b := 0; b < nc; b++ {
						var want, bound float64
						for p := range J[a] {
							want += J[a][p] * J[b][p]
							bound += math.Abs(J[a][p] * J[b][p])
						}
						got := theta[a*ld+b]
						require.LessOrEqual(t, math.Abs(got-want), 1e-5*bound,
							"%v: Θ_%d[%d,%d] = %v, J Jᵀ = %v", act, l, a, b, got, want)
					}
				}
			}
		}
	})
}

// TestInputGramLowerIsInputGramAtAndBelowTheDiagonal checks InputGramLower against
// InputGram bit for bit in the lower triangle, for every layer.
func TestInputGramLowerIsInputGramAtAndBelowTheDiagonal(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		const n = 7
		net, x := tinyNet(simd.Tanh, n, 5)
		ws := tinynet.NewWorkspaceAlloc(net.Spec, n)
		ws.Forward(net, x, n)
		ld := n + 1
		for l := 1; l <= net.Spec.Layers(); l++ {
			full, low := make([]float64, n*ld), make([]float64, n*ld)
			ws.InputGram(l, full, ld)
			ws.InputGramLower(l, low, ld)
			for a := 0; a < n; a++ {
				for b := 0; b <= a; b++ {
					require.Equal(t, full[a*ld+b], low[a*ld+b], "layer %d: K[%d,%d]", l, a, b)
				}
			}
		}
	})
}

// TestLayerNTKAddLowerAddsTheLowerTriangleOfLayerNTK checks that LayerNTKAddLower adds,
// bit for bit, what LayerNTKAdd adds at and below the diagonal, and leaves the elements
// above the diagonal as they were (for one and for several outputs).
func TestLayerNTKAddLowerAddsTheLowerTriangleOfLayerNTK(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, outs := range []int{1, 2} {
			const n, act = 5, simd.Tanh
			net, x := tinyNet(act, n, 9) // two outputs
			if outs == 1 {
				one := tinynet.New(tinynet.Spec{Widths: []int{3, 4, 5, 1}, Activation: act, SigmaW: 1.3, SigmaB: 0.4})
				one.Init(9)
				net = one
			}
			ws := tinynet.NewWorkspaceAlloc(net.Spec, n+1)
			ws.Forward(net, x, n)
			ws.Signals(net)
			nc := n * net.Spec.Outputs()
			ld := nc + 2
			full, low := make([]float64, nc*ld), make([]float64, nc*ld)
			for i := range full {
				full[i] = float64(i%7) - 3
				low[i] = full[i]
			}
			before := append([]float64(nil), low...)
			scratch := make([]float64, nc*nc)
			for l := 1; l <= net.Spec.Layers(); l++ {
				ws.LayerNTKAdd(l, full, ld, scratch)
				ws.LayerNTKAddLower(l, low, ld, scratch, make([]float64, nc))
			}
			for a := 0; a < nc; a++ {
				for b := 0; b < ld; b++ {
					i := a*ld + b
					want := full[i]
					if b > a {
						want = before[i]
					}
					require.Equal(t, want, low[i], "C=%d: [%d,%d]", outs, a, b)
				}
			}
		}
	})
}

// TestLayerNTKLowerOneAddsWhatLayerNTKAddLowerAdds checks the fused one-output path:
// LayerNTKLowerOne for the hidden layers and InputGramLowerT for the output layer add (the
// first layer writes) what LayerNTKAddLower adds at and below the diagonal (the Grams
// summed in another order, so to rounding), leave the elements above it as they were, and
// allocate nothing. Batch sizes off the kernels' block sizes are included.
func TestLayerNTKLowerOneAddsWhatLayerNTKAddLowerAdds(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, n := range []int{1, 5, 8, 13, 32} {
			const act = simd.Tanh
			net := tinynet.New(tinynet.Spec{Widths: []int{3, 11, 9, 1}, Activation: act, SigmaW: 1.3, SigmaB: 0.4})
			net.Init(9)
			_, x := tinyNet(act, n, 9)
			ws := tinynet.NewWorkspaceAlloc(net.Spec, n+1)
			ws.Forward(net, x, n)
			ws.Signals(net)
			ld := n + 2
			want, got := make([]float64, n*ld), make([]float64, n*ld)
			for i := range want {
				want[i] = float64(i%7) - 3
				got[i] = want[i]
			}
			before := append([]float64(nil), got...)
			scratch := make([]float64, ws.NTKScratchLen())
			L := net.Spec.Layers()
			for l := 1; l <= L; l++ {
				if l < L {
					if l == 1 {
						for a := 0; a < n; a++ {
							clear(want[a*ld : a*ld+a+1])
						}
					}
					ws.LayerNTKAddLower(l, want, ld, make([]float64, n*n), nil)
					ws.LayerNTKLowerOne(l, got, ld, scratch, l > 1)
					continue
				}
				ws.InputGramLowerT(l, got, ld, scratch, true)
			}
			k := make([]float64, n*n)
			ws.InputGram(L, k, n) // Θ_L = K_{L-1} with one output
			for a := 0; a < n; a++ {
				for b := 0; b <= a; b++ {
					want[a*ld+b] += k[a*n+b]
				}
			}
			for a := 0; a < n; a++ {
				for b := 0; b < ld; b++ {
					i := a*ld + b
					if b > a {
						require.Equal(t, before[i], got[i], "n=%d: [%d,%d] above the diagonal", n, a, b)
						continue
					}
					require.InDelta(t, want[i], got[i], 1e-12*(1+math.Abs(want[i])), "n=%d: Θ[%d,%d]", n, a, b)
				}
			}
			require.Zero(t, testing.AllocsPerRun(10, func() {
				ws.LayerNTKLowerOne(1, got, ld, scratch, true)
				ws.InputGramLowerT(L, got, ld, scratch, true)
			}), "n=%d", n)
		}
	})
}

// TestJVPMatchesCentralDifferences checks J·d against (f(θ+εd) − f(θ−εd))/2ε of the
// float64 reference, for random directions d over all parameters, norm-wise within 1e-5.
func TestJVPMatchesCentralDifferences(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, act := range []simd.Activation{simd.Tanh, simd.Sigmoid, simd.Identity} {
			const n = 4
			net, x := tinyNet(act, n, 11)
			ws := tinynet.NewWorkspaceAlloc(net.Spec, n)
			ws.Forward(net, x, n)
			ref := newRefNet(net)
			rng := rand.New(rand.NewPCG(12, 13))
			for trial := 0; trial < 3; trial++ {
				d := make([]float32, len(net.Params))
				for i := range d {
					d[i] = float32(rng.NormFloat64())
				}
				df := make([]float64, n*net.Spec.Outputs())
				ws.JVP(net, d, df)
				const eps = 1e-6
				plus, minus := refNet{spec: ref.spec, p: make([]float64, len(ref.p))}, refNet{spec: ref.spec, p: make([]float64, len(ref.p))}
				for i := range ref.p {
					plus.p[i] = ref.p[i] + eps*float64(d[i])
					minus.p[i] = ref.p[i] - eps*float64(d[i])
				}
				fp, fm := plus.output(x, n), minus.output(x, n)
				var diff, norm float64
				for a := range df {
					want := (fp[a] - fm[a]) / (2 * eps)
					diff += (df[a] - want) * (df[a] - want)
					norm += want * want
				}
				require.Positive(t, norm)
				require.LessOrEqual(t, math.Sqrt(diff), 1e-5*math.Sqrt(norm), "%v trial %d: ‖Jd − FD‖ vs ‖FD‖", act, trial)
			}
		}
	})
}

// TestBackpropMatchesFiniteDifferencesOfTheLoss checks the gradient Backprop writes, after
// Forward and the loss (which sets the residual R), against central differences of the
// float64 loss over every raw parameter: tinynet.MSE and softmax cross-entropy, unweighted and
// with sample weights. The loss value itself must match too.
func TestBackpropMatchesFiniteDifferencesOfTheLoss(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, loss := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
			for _, weighted := range []bool{false, true} {
				const n = 4
				net, x := tinyNet(simd.Tanh, n, 17)
				s := net.Spec
				C := s.Outputs()
				rng := rand.New(rand.NewPCG(18, 19))
				y := make([]float32, n*C)
				if loss == tinynet.SoftmaxCE {
					y = y[:n]
					for i := range y {
						y[i] = float32(rng.IntN(C))
					}
				} else {
					for i := range y {
						y[i] = float32(rng.NormFloat64())
					}
				}
				var weight []float32
				if weighted {
					weight = []float32{0.5, 2, 1, 0.25}
				}
				ws := tinynet.NewWorkspaceAlloc(s, n)
				ws.Weight = weight
				ws.Forward(net, x, n)
				var got float64
				if loss == tinynet.MSE {
					got = ws.LossMSE(y)
				} else {
					got = ws.LossSoftmaxCE(y)
				}
				ref := newRefNet(net)
				want := ref.loss(loss, x, y, weight, n)
				ctx := fmt.Sprintf("%v weighted=%v", loss, weighted)
				require.InEpsilon(t, want, got, 1e-5, "%s: loss", ctx)
				grad := make([]float32, len(net.Params))
				ws.Backprop(net, grad)
				const eps = 1e-6
				var gmax float64
				fd := make([]float64, len(grad))
				for i := range fd {
					fd[i] = (ref.perturbed(i, eps).loss(loss, x, y, weight, n) - ref.perturbed(i, -eps).loss(loss, x, y, weight, n)) / (2 * eps)
					gmax = max(gmax, math.Abs(fd[i]))
				}
				require.Positive(t, gmax)
				for i := range fd {
					require.InDelta(t, fd[i], float64(grad[i]), 1e-5*gmax, "%s: ∂ℒ/∂θ[%d]", ctx, i)
				}
			}
		}
	})
}
