package core

import (
	"math"
	"math/rand/v2"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// This file is the float64 reference of the math in the package documentation, written independently of the
// optimized code: an explicit Jacobian from a float64 forward/backward pass, dense Fisher
// matrices, and a dense Gaussian-elimination solve.

func act64(a simd.Activation, u float64) (h, dh float64) {
	switch a {
	case simd.Tanh:
		h = math.Tanh(u)
		return h, 1 - h*h
	case simd.ReLU:
		if u > 0 {
			return u, 1
		}
		return 0, 0
	case simd.Sigmoid:
		h = 1 / (1 + math.Exp(-u))
		return h, h * (1 - h)
	}
	return u, 1
}

// denseJacobian returns f (n×C) and J ((n·C)×P, row n·C+c) of the raw parameters at net.
func denseJacobian(net *tinynet.Net, x []float32, n int) (f []float64, J [][]float64) {
	s := net.Spec
	L, C, P := s.Layers(), s.Outputs(), s.Params()
	f = make([]float64, n*C)
	J = make([][]float64, n*C)
	for i := 0; i < n; i++ {
		hs := make([][]float64, L) // inputs of each layer
		dphi := make([][]float64, L+1)
		h := make([]float64, s.Widths[0])
		for j := range h {
			h[j] = float64(x[i*s.Widths[0]+j])
		}
		for l := 1; l <= L; l++ {
			hs[l-1] = h
			in, out := s.Widths[l-1], s.Widths[l]
			sc := float64(s.SigmaW) / math.Sqrt(float64(in))
			u := make([]float64, out)
			for a := 0; a < out; a++ {
				var acc float64
				for b := 0; b < in; b++ {
					acc += float64(net.W[l-1].Data[a*in+b]) * h[b]
				}
				u[a] = sc*acc + float64(s.SigmaB)*float64(net.B[l-1][a])
			}
			if l == L {
				copy(f[i*C:], u)
				break
			}
			nh := make([]float64, out)
			dphi[l] = make([]float64, out)
			for a := range u {
				nh[a], dphi[l][a] = act64(s.Activation, u[a])
			}
			h = nh
		}
		for c := 0; c < C; c++ {
			row := make([]float64, P)
			delta := make([]float64, C)
			delta[c] = 1
			for l := L; l >= 1; l-- {
				in, out := s.Widths[l-1], s.Widths[l]
				sc := float64(s.SigmaW) / math.Sqrt(float64(in))
				o := s.LayerOffset(l)
				for a := 0; a < out; a++ {
					for b := 0; b < in; b++ {
						row[o+a*in+b] = delta[a] * sc * hs[l-1][b]
					}
					row[o+out*in+a] = delta[a] * float64(s.SigmaB)
				}
				if l == 1 {
					break
				}
				prev := make([]float64, in)
				for b := 0; b < in; b++ {
					var acc float64
					for a := 0; a < out; a++ {
						acc += float64(net.W[l-1].Data[a*in+b]) * delta[a]
					}
					prev[b] = sc * acc * dphi[l-1][b]
				}
				delta = prev
			}
			J[i*C+c] = row
		}
	}
	return f, J
}

// denseFisher returns ∇ℒ and F = JᵀΛJ/N for MSE (targets y, n×C) or softmax CE (labels y).
func denseFisher(net *tinynet.Net, x, y []float32, n int, loss tinynet.Loss) (grad []float64, F [][]float64, J [][]float64) {
	return denseFisherWeighted(net, x, y, n, loss, nil)
}

// denseFisherWeighted is denseFisher for the weighted loss Σ ω_n ℓ_n / Σ ω: ∇ℒ = Σ ω_n J_nᵀ r_n / Σω
// and F = Σ ω_n J_nᵀ Λ_n J_n / Σω (nil weights: ω = 1).
func denseFisherWeighted(net *tinynet.Net, x, y []float32, n int, loss tinynet.Loss, weights []float32) (grad []float64, F [][]float64, J [][]float64) {
	f, J := denseJacobian(net, x, n)
	om := make([]float64, n)
	var wsum float64
	for i := range om {
		om[i] = 1
		if weights != nil {
			om[i] = float64(weights[i])
		}
		wsum += om[i]
	}
	C, P := net.Spec.Outputs(), net.Spec.Params()
	r := make([]float64, n*C)
	lam := make([][]float64, n) // C×C per sample, row-major
	for i := 0; i < n; i++ {
		lam[i] = make([]float64, C*C)
		if loss == tinynet.MSE {
			for c := 0; c < C; c++ {
				r[i*C+c] = f[i*C+c] - float64(y[i*C+c])
				lam[i][c*C+c] = 1
			}
			continue
		}
		m := math.Inf(-1)
		for c := 0; c < C; c++ {
			m = math.Max(m, f[i*C+c])
		}
		var z float64
		p := make([]float64, C)
		for c := 0; c < C; c++ {
			p[c] = math.Exp(f[i*C+c] - m)
			z += p[c]
		}
		for c := 0; c < C; c++ {
			p[c] /= z
			r[i*C+c] = p[c]
			if c == int(y[i]) {
				r[i*C+c]--
			}
		}
		for a := 0; a < C; a++ {
			for b := 0; b < C; b++ {
				lam[i][a*C+b] = -p[a] * p[b]
			}
			lam[i][a*C+a] += p[a]
		}
	}
	grad = make([]float64, P)
	for a := range J {
		for p := 0; p < P; p++ {
			grad[p] += om[a/C] * J[a][p] * r[a] / wsum
		}
	}
	F = make([][]float64, P)
	for p := range F {
		F[p] = make([]float64, P)
	}
	// F = Σ_i J_iᵀ Λ_i J_i / N
	for i := 0; i < n; i++ {
		for a := 0; a < C; a++ {
			for b := 0; b < C; b++ {
				l := om[i] * lam[i][a*C+b] / wsum
				if l == 0 {
					continue
				}
				ja, jb := J[i*C+a], J[i*C+b]
				for p := 0; p < P; p++ {
					if ja[p] == 0 {
						continue
					}
					v := l * ja[p]
					row := F[p]
					for q := 0; q < P; q++ {
						row[q] += v * jb[q]
					}
				}
			}
		}
	}
	return grad, F, J
}

// denseSolve returns (A + ρI)⁻¹ b by Gaussian elimination with partial pivoting.
func denseSolve(A [][]float64, rho float64, b []float64) []float64 {
	n := len(b)
	m := make([][]float64, n)
	for i := range m {
		m[i] = append(append([]float64(nil), A[i]...), b[i])
		m[i][i] += rho
	}
	for k := 0; k < n; k++ {
		p := k
		for i := k + 1; i < n; i++ {
			if math.Abs(m[i][k]) > math.Abs(m[p][k]) {
				p = i
			}
		}
		m[k], m[p] = m[p], m[k]
		for i := k + 1; i < n; i++ {
			l := m[i][k] / m[k][k]
			for j := k; j <= n; j++ {
				m[i][j] -= l * m[k][j]
			}
		}
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := m[i][n]
		for j := i + 1; j < n; j++ {
			s -= m[i][j] * x[j]
		}
		x[i] = s / m[i][i]
	}
	return x
}

// denseNGDStep returns Δθ = −η (G + ρI)⁻¹ ∇ℒ.
func denseNGDStep(G [][]float64, grad []float64, eta, rho float64) []float64 {
	x := denseSolve(G, rho, grad)
	for i := range x {
		x[i] *= -eta
	}
	return x
}

func relErr(got []float32, want []float64) float64 {
	var num, den float64
	for i := range want {
		d := float64(got[i]) - want[i]
		num += d * d
		den += want[i] * want[i]
	}
	return math.Sqrt(num / den)
}

// tinyProblem builds a seeded net and batch for widths; targets for MSE, labels for CE.
func tinyProblem(widths []int, act simd.Activation, n int, loss tinynet.Loss, seed uint64) (*tinynet.Net, []float32, []float32) {
	net := tinynet.New(tinynet.Spec{Widths: widths, Activation: act, SigmaW: 1.3, SigmaB: 0.4})
	net.Init(seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	for i := range net.Params { // nonzero biases too
		if net.Params[i] == 0 {
			net.Params[i] = float32(0.5 * rng.NormFloat64())
		}
	}
	x := make([]float32, n*widths[0])
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	C := widths[len(widths)-1]
	var y []float32
	if loss == tinynet.MSE {
		y = make([]float32, n*C)
		for i := range y {
			y[i] = float32(rng.NormFloat64())
		}
	} else {
		y = make([]float32, n)
		for i := range y {
			y[i] = float32(rng.IntN(C))
		}
	}
	return net, x, y
}
