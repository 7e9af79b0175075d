//go:build purego || noasm || !amd64

package simd

func symvLower64(n int, alpha float64, a []float64, lda int, x, y []float64) {
	symvLowerRows64(0, n, alpha, a, lda, x, y)
}
