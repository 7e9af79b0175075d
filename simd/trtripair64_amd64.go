//go:build !purego && !noasm

package simd

// trtriLowerPair64AVX2 (trtripair64_amd64.s) runs trtriLowerPair64Go, n a positive
// multiple of 4 and strides in elements.
//
//go:noescape
func trtriLowerPair64AVX2(n int, a0, a1 *float64, lda int, t0, t1 *float64, x0, x1 *float64, ldx int)

func trtriLowerPair64(n int, a0, a1 []float64, lda int, t0, t1 []float64, x0, x1 []float64, ldx int) {
	if useAVX2 {
		trtriLowerPair64AVX2(n, &a0[0], &a1[0], lda, &t0[0], &t1[0], &x0[0], &x1[0], ldx)
		return
	}
	trtriLowerPair64Go(n, a0, a1, lda, t0, t1, x0, x1, ldx)
}
