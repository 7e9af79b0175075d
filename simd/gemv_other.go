//go:build purego || noasm || !amd64

package simd

func gemv(m, k int, alpha float32, a []float32, lda int, x, y []float32) {
	gemvGeneric(m, k, alpha, a, lda, x, y)
}
