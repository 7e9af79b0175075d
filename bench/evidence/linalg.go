package main

import "gonum.org/v1/gonum/mat"

// symEigen returns the eigenvalues and eigenvectors of the symmetric n×n row-major matrix a
// (a is not modified), with gonum's symmetric eigensolver. Column k of the returned
// row-major V is the eigenvector of value w[k]. It is meant for the small (N ≤ a few
// hundred) kernels of the experiments, not for a training step.
func symEigen(a []float64, n int) (w, v []float64) {
	var es mat.EigenSym
	if !es.Factorize(mat.NewSymDense(n, append([]float64(nil), a...)), true) {
		panic("evidence: symmetric eigendecomposition did not converge")
	}
	w = es.Values(nil)
	var vecs mat.Dense
	es.VectorsTo(&vecs)
	v = make([]float64, n*n)
	for i := 0; i < n; i++ {
		for k := 0; k < n; k++ {
			v[i*n+k] = vecs.At(i, k)
		}
	}
	return w, v
}
