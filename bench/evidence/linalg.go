package main

import "math"

// symEigen returns the eigenvalues and eigenvectors of the symmetric n×n row-major matrix a
// by cyclic Jacobi rotations (a is not modified). Column k of the returned row-major V is
// the eigenvector of value w[k]. It is meant for the small (N ≤ a few hundred) kernels of
// the experiments, not for a training step.
func symEigen(a []float64, n int) (w, v []float64) {
	s := make([]float64, n*n)
	copy(s, a)
	v = make([]float64, n*n)
	for i := 0; i < n; i++ {
		v[i*n+i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		var off, diag float64
		for i := 0; i < n; i++ {
			diag += s[i*n+i] * s[i*n+i]
			for j := i + 1; j < n; j++ {
				off += s[i*n+j] * s[i*n+j]
			}
		}
		if off <= 1e-30*diag || off == 0 {
			break
		}
		for p := 0; p < n-1; p++ {
			for q := p + 1; q < n; q++ {
				apq := s[p*n+q]
				if apq == 0 {
					continue
				}
				// rotation angle that zeroes s[p][q]
				theta := (s[q*n+q] - s[p*n+p]) / (2 * apq)
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				sn := t * c
				for k := 0; k < n; k++ { // columns p, q
					skp, skq := s[k*n+p], s[k*n+q]
					s[k*n+p] = c*skp - sn*skq
					s[k*n+q] = sn*skp + c*skq
				}
				for k := 0; k < n; k++ { // rows p, q
					spk, sqk := s[p*n+k], s[q*n+k]
					s[p*n+k] = c*spk - sn*sqk
					s[q*n+k] = sn*spk + c*sqk
				}
				for k := 0; k < n; k++ {
					vkp, vkq := v[k*n+p], v[k*n+q]
					v[k*n+p] = c*vkp - sn*vkq
					v[k*n+q] = sn*vkp + c*vkq
				}
			}
		}
	}
	w = make([]float64, n)
	for i := range w {
		w[i] = s[i*n+i]
	}
	return w, v
}
