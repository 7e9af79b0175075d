//go:build !purego && !noasm

package simd

// gemvAVX2 is Gemv for m, k ≥ 1 in groups of eight rows (the last group moved back to end
// at row m, recomputing some rows with the same operations; fewer than eight rows one by
// one): eight lanes of partial sums per row, p in blocks of eight (the last k mod 8
// through mask, nil when none), then the lanes added pairwise. Every row gets the same
// operations whatever m is, so a row's value does not depend on the batch around it
// (gemv_amd64.s).
//
//go:noescape
func gemvAVX2(m, k int, alpha float32, a *float32, lda int, x, y *float32, mask *int32)

func gemv(m, k int, alpha float32, a []float32, lda int, x, y []float32) {
	if useAVX2 {
		gemvAVX2(m, k, alpha, &a[0], lda, &x[0], &y[0], maskFor(k%8))
		return
	}
	gemvGeneric(m, k, alpha, a, lda, x, y)
}
