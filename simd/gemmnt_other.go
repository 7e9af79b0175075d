//go:build purego || noasm || !amd64

package simd

// ntWork reports false: without the AVX2 short-summation path GemmNTWork is GemmNT.
func ntWork(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, work []float32) bool {
	return false
}

// ntBias reports false: without the AVX2 short-summation path GemmNTBias is GemmNT and
// the bias add.
func ntBias(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, bias, c, work []float32) bool {
	return false
}

// nnHad reports false: without the AVX2 kernels GemmNNHadamard is GemmNN and Hadamard.
func nnHad(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, e, c []float32) bool {
	return false
}
