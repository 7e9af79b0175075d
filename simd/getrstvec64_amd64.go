//go:build !purego && !noasm

package simd

// getrsTVecAVX2 (getrstvec64_amd64.s) runs getrsTVec64Go, n a positive multiple of 4 and
// the stride in elements.
//
//go:noescape
func getrsTVecAVX2(n int, a *float64, lda int, t *float64, b *float64)

func getrsTVec64(n int, a []float64, lda int, t []float64, b []float64) {
	if useAVX2 {
		getrsTVecAVX2(n, &a[0], lda, &t[0], &b[0])
		return
	}
	getrsTVec64Go(n, a, lda, t, b)
}
