//go:build !purego && !noasm

package simd

// gemvAVX2 is Gemv for m, k ≥ 1 in groups of eight rows (the last group moved back to end
// at row m, recomputing some rows with the same operations; fewer than eight rows one by
// one): eight lanes of partial sums per row, p in blocks of eight (the last k mod 8
// through mask, nil when none), then the lanes added pairwise. Every row gets the same
// operations whatever m is, so a row's value does not depend on the batch around it
// (gemv_amd64.s). With bias not nil every y[i] gets beta·bias[0] added after the scaling.
//
//go:noescape
func gemvAVX2(m, k int, alpha float32, a *float32, lda int, x, y *float32, mask *int32, beta float32, bias *float32)

func gemv(m, k int, alpha float32, a []float32, lda int, x, y []float32) {
	if useAVX2 {
		gemvAVX2(m, k, alpha, &a[0], lda, &x[0], &y[0], maskFor(k%8), 0, nil)
		return
	}
	gemvGeneric(m, k, alpha, a, lda, x, y)
}

// gemvBias runs GemvBias's fused path (the bias in gemvAVX2's last pass) and reports
// whether it did.
func gemvBias(m, k int, alpha float32, a []float32, lda int, x []float32, beta float32, b, y []float32) bool {
	if !useAVX2 {
		return false
	}
	gemvAVX2(m, k, alpha, &a[0], lda, &x[0], &y[0], maskFor(k%8), beta, &b[0])
	return true
}
