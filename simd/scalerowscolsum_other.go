//go:build purego || noasm || !amd64

package simd

// scaleRowsColSum is the active path's GemmNN and ScaleRows, in that order.
func scaleRowsColSum(n, k int, s, a []float32, lda int, dst []float32, ldd int, alpha float32, sums []float32) {
	gemmNN(1, k, n, alpha, s, n, a, lda, 0, sums, k)
	scaleRows(n, k, s, a, lda, dst, ldd)
}
