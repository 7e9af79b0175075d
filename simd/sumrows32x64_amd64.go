//go:build !purego && !noasm

package simd

// sumRows32x64AVX2 is SumRows32x64 for the first kb columns, kb a positive multiple of 16
// (sumrows32x64_amd64.s).
//
//go:noescape
func sumRows32x64AVX2(n, C, kb int, w *float64, d *float32, ldd int, dst *float64, lddst int)

// sumRows32x64 runs the columns in blocks of sixteen through the assembly, with the fused
// multiply-adds of axpy32x64AVX2, and the k mod 16 left through the specification, as
// Axpy32x64 runs them.
func sumRows32x64(n, C, k int, w []float64, d []float32, ldd int, dst []float64, lddst int) {
	kb := 0
	if useAVX2 {
		kb = k &^ 15
	}
	if kb > 0 {
		sumRows32x64AVX2(n, C, kb, &w[0], &d[0], ldd, &dst[0], lddst)
	}
	if kb < k {
		sumRows32x64Generic(n, C, k-kb, w, d[kb:], ldd, dst[kb:], lddst)
	}
}
