package core

import (
	"errors"
	"fmt"
	"math"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// ForsterMap is a fitted Forster transform of M-dimensional inputs: a
// sample x (a row vector) maps to z = x·T / ‖x·T‖. On the training inputs it fitted, the
// rows z_n are unit vectors with ZᵀZ = (N/M)·I, so every leverage score of Z is M/N; this is
// the input condition under which K-FAC is exactly isotropic when M < N.
type ForsterMap struct {
	M    int       // input dimension
	T    []float64 // M×M, row-major; z̃ = x·T, then z = z̃/‖z̃‖
	Iter int       // iterations used
	Dev  float64   // max_ij |(M/N)(ZᵀZ)_ij − δ_ij| on the fitted inputs
}

// ErrForster reports inputs a Forster transform cannot be fitted on.
var ErrForster = errors.New("core: cannot fit a Forster transform")

// ForsterTransform fits a Forster transform on the n×m row-major inputs x. It starts from
// the unit-normalized rows Z and iterates
//
//	Z ← Z·(ZᵀZ)^{-1/2},  then rescale every row of Z to unit norm,
//
// accumulating the linear maps into T (the row rescalings commute with the map, so the
// fitted rule for any input is: multiply by T, then normalize the row). It stops when
// max|(m/n)ZᵀZ − I| ≤ tol or after maxIter iterations (Dev says how far it got). It needs
// n ≥ m inputs in general position and no zero rows; it allocates and is meant for setup,
// not for a training step.
func ForsterTransform(x []float32, n, m int, tol float64, maxIter int) (ForsterMap, error) {
	if n < 1 || m < 1 || len(x) < n*m {
		panic("core: ForsterTransform: bad shapes")
	}
	if n < m {
		return ForsterMap{}, fmt.Errorf("%w: %d samples are fewer than %d features", ErrForster, n, m)
	}
	z := make([]float64, n*m)
	for i := range z {
		z[i] = float64(x[i])
	}
	if !normalizeRows(z, n, m) {
		return ForsterMap{}, fmt.Errorf("%w: an input row is zero", ErrForster)
	}
	T := make([]float64, m*m)
	for i := 0; i < m; i++ {
		T[i*m+i] = 1
	}
	S := make([]float64, m*m)
	R := make([]float64, m*m)
	V := make([]float64, m*m)
	w := make([]float64, m)
	tmp := make([]float64, m*m)
	row := make([]float64, m)
	f := ForsterMap{M: m, T: T}
	for {
		// S = (m/n) ZᵀZ
		for i := range S {
			S[i] = 0
		}
		for r := 0; r < n; r++ {
			zr := z[r*m : (r+1)*m]
			for a, va := range zr {
				for b := 0; b <= a; b++ {
					S[a*m+b] += va * zr[b]
				}
			}
		}
		sc := float64(m) / float64(n)
		f.Dev = 0
		for a := 0; a < m; a++ {
			for b := 0; b <= a; b++ {
				S[a*m+b] *= sc
				S[b*m+a] = S[a*m+b]
				d := S[a*m+b]
				if a == b {
					d--
				}
				f.Dev = math.Max(f.Dev, math.Abs(d))
			}
		}
		if f.Dev <= tol || f.Iter >= maxIter {
			return f, nil
		}
		f.Iter++
		// R = S^{-1/2} (S = V diag(w) Vᵀ)
		copy(tmp, S)
		jacobiEigen(m, tmp, V, w)
		wmax := 0.0
		for _, v := range w {
			wmax = math.Max(wmax, v)
		}
		for _, v := range w {
			if !(v > 1e-12*wmax) {
				return f, fmt.Errorf("%w: the inputs do not span %d dimensions", ErrForster, m)
			}
		}
		for a := 0; a < m; a++ {
			for b := 0; b < m; b++ {
				var s float64
				for k := 0; k < m; k++ {
					s += V[a*m+k] * V[b*m+k] / math.Sqrt(w[k])
				}
				R[a*m+b] = s
			}
		}
		// Z ← Z·R, T ← T·R
		mulRight(z, n, m, R, row)
		mulRight(T, m, m, R, row)
		normalizeRows(z, n, m)
		// keep T at unit average row norm (the output is scale-free)
		var fro float64
		for _, v := range T {
			fro += v * v
		}
		fs := math.Sqrt(float64(m) / fro)
		for i := range T {
			T[i] *= fs
		}
	}
}

// Apply writes the transformed rows z = x·T/‖x·T‖ of the n×M inputs x into dst (n×M).
// dst and x must not overlap. A row that maps to zero is left zero.
// It is the transform a saved model applies at prediction (model.ForsterRows); it
// allocates M float64 of scratch per call.
func (f *ForsterMap) Apply(dst, x []float32, n int) {
	m := f.M
	copy(dst[:n*m], x[:n*m])
	model.ForsterRows(dst[:n*m], n, f.T, make([]float64, m))
}

// normalizeRows scales every row of the n×m matrix z to unit norm; false if a row is zero.
func normalizeRows(z []float64, n, m int) bool {
	for r := 0; r < n; r++ {
		zr := z[r*m : (r+1)*m]
		nrm := math.Sqrt(simd.Dot64(zr, zr))
		if !(nrm > 0) {
			return false
		}
		for j := range zr {
			zr[j] /= nrm
		}
	}
	return true
}

// mulRight overwrites the n×m matrix a with a·r (r m×m), using row (m) as scratch.
func mulRight(a []float64, n, m int, r, row []float64) {
	for i := 0; i < n; i++ {
		ai := a[i*m : (i+1)*m]
		for j := 0; j < m; j++ {
			var s float64
			for k, v := range ai {
				s += v * r[k*m+j]
			}
			row[j] = s
		}
		copy(ai, row)
	}
}

// jacobiEigen diagonalizes the symmetric m×m matrix a (destroyed) by cyclic Jacobi
// rotations: on return w holds the eigenvalues and column k of v (row-major) the k-th
// eigenvector.
func jacobiEigen(m int, a, v, w []float64) {
	for i := range v {
		v[i] = 0
	}
	for i := 0; i < m; i++ {
		v[i*m+i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		var off, diag float64
		for p := 0; p < m; p++ {
			diag += a[p*m+p] * a[p*m+p]
			for q := p + 1; q < m; q++ {
				off += a[p*m+q] * a[p*m+q]
			}
		}
		if off <= 1e-30*diag {
			break
		}
		for p := 0; p < m; p++ {
			for q := p + 1; q < m; q++ {
				apq := a[p*m+q]
				if apq == 0 {
					continue
				}
				theta := (a[q*m+q] - a[p*m+p]) / (2 * apq)
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := 0; k < m; k++ { // columns p, q
					akp, akq := a[k*m+p], a[k*m+q]
					a[k*m+p] = c*akp - s*akq
					a[k*m+q] = s*akp + c*akq
				}
				for k := 0; k < m; k++ { // rows p, q
					apk, aqk := a[p*m+k], a[q*m+k]
					a[p*m+k] = c*apk - s*aqk
					a[q*m+k] = s*apk + c*aqk
				}
				for k := 0; k < m; k++ {
					vkp, vkq := v[k*m+p], v[k*m+q]
					v[k*m+p] = c*vkp - s*vkq
					v[k*m+q] = s*vkp + c*vkq
				}
			}
		}
	}
	for i := 0; i < m; i++ {
		w[i] = a[i*m+i]
	}
}
