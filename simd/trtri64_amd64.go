//go:build !purego && !noasm

package simd

// trtriLower64AVX2 (trtri64_amd64.s) runs trtriLower64Go, n a positive multiple of 4 and
// strides in elements.
//
//go:noescape
func trtriLower64AVX2(n int, a *float64, lda int, t *float64, x *float64, ldx int)

func trtriLower64(n int, a []float64, lda int, t []float64, x []float64, ldx int) {
	if useAVX2 {
		trtriLower64AVX2(n, &a[0], lda, &t[0], &x[0], ldx)
		return
	}
	trtriLower64Go(n, a, lda, t, x, ldx)
}
