//go:build !purego && !noasm

package simd

// scaleRowsAVX2 writes dst[i*ldd+j] = s[i]*a[i*lda+j] for i < n, j < k, n, k ≥ 1; mask
// selects the k%8 tail lanes (nil when k%8 == 0) (scalerows_amd64.s).
//
//go:noescape
func scaleRowsAVX2(n, k int, s, a *float32, lda int, dst *float32, ldd int, mask *int32)

func scaleRows(n, k int, s []float32, a []float32, lda int, dst []float32, ldd int) {
	if useAVX2 {
		scaleRowsAVX2(n, k, &s[0], &a[0], lda, &dst[0], ldd, maskFor(k%8))
		return
	}
	scaleRowsGeneric(n, k, s, a, lda, dst, ldd)
}
