//go:build !purego && !noasm

package simd

import "unsafe"

// widenRows64AVX2 is widenRows64Generic for n, k ≥ 1; s is nil or holds n scales
// (widen64_amd64.s).
//
//go:noescape
func widenRows64AVX2(n, k int, alpha float64, s *float64, a *float32, lda int, dst *float64, ldd int)

func widenRows64(n, k int, alpha float64, s []float64, a []float32, lda int, dst []float64, ldd int) {
	if useAVX2 {
		widenRows64AVX2(n, k, alpha, unsafe.SliceData(s), &a[0], lda, &dst[0], ldd)
		return
	}
	widenRows64Generic(n, k, alpha, s, a, lda, dst, ldd)
}
