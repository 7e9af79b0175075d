//go:build !purego && !noasm

package simd

// posvSys is one system of posvPairAVX2, strides in bytes (the assembly reads the fields
// by offset: src 0, lds 8, dst 16, ldd 24, lt 32, inv 40, b 48).
type posvSys struct {
	src *float64
	lds int
	dst *float64
	ldd int
	lt  *float64
	inv *float64
	b   *float64
}

// posvPairAVX2 (posvpair64_amd64.s) is posvPair64Go for n a positive multiple of four; it
// returns 1 on success.
//
//go:noescape
func posvPairAVX2(n int, shift float64, s *[2]posvSys) int

func posvPair64(n int, shift float64, a0 []float64, lda0 int, d0 []float64, ldd0 int, b0, lt0, inv0 []float64,
	a1 []float64, lda1 int, d1 []float64, ldd1 int, b1, lt1, inv1 []float64) bool {
	if !useAVX2 {
		return posvPair64Go(n, shift, a0, lda0, d0, ldd0, b0, lt0, inv0, a1, lda1, d1, ldd1, b1, lt1, inv1)
	}
	s := [2]posvSys{
		{&a0[0], 8 * lda0, &d0[0], 8 * ldd0, &lt0[0], &inv0[0], &b0[0]},
		{&a1[0], 8 * lda1, &d1[0], 8 * ldd1, &lt1[0], &inv1[0], &b1[0]},
	}
	return posvPairAVX2(n, shift, &s) == 1
}
