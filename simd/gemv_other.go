//go:build purego || noasm || !amd64

package simd

func gemv(m, k int, alpha float32, a []float32, lda int, x, y []float32) {
	gemvGeneric(m, k, alpha, a, lda, x, y)
}

// gemvBias reports false: GemvBias is Gemv and the bias add here.
func gemvBias(m, k int, alpha float32, a []float32, lda int, x []float32, beta float32, b, y []float32) bool {
	return false
}
