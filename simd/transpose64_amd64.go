//go:build !purego && !noasm

package simd

// transpose4x4AVX2 transposes the rb×cb blocks of 4×4 at the top left of A into B
// (transpose64_amd64.s); rb, cb ≥ 1.
//
//go:noescape
func transpose4x4AVX2(a *float64, lda int, b *float64, ldb int, rb, cb int)

func transpose64(r, c int, a []float64, lda int, b []float64, ldb int) {
	r0, c0 := r&^3, c&^3
	if !useAVX2 || r0 == 0 || c0 == 0 {
		transpose64Generic(r, c, a, lda, b, ldb)
		return
	}
	transpose4x4AVX2(&a[0], lda, &b[0], ldb, r0/4, c0/4)
	transpose64Edges(r, c, r0, c0, a, lda, b, ldb)
}
