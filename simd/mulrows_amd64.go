//go:build !purego && !noasm

package simd

// mulRowsAVX2 writes dst[i*ldd+j] = (alpha·x[i*ldx+j])·y[i*ldy+j] for i < rows, j < n
// (rows, n ≥ 1; ldx may be 0), eight lanes per step and the n%8 tail one lane at a time
// (mulrows_amd64.s).
//
//go:noescape
func mulRowsAVX2(rows, n int, alpha float32, x *float32, ldx int, y *float32, ldy int, dst *float32, ldd int)

func mulRows(rows, cols int, alpha float32, x []float32, ldx int, y []float32, ldy int, dst []float32, ldd int) {
	if useAVX2 {
		mulRowsAVX2(rows, cols, alpha, &x[0], ldx, &y[0], ldy, &dst[0], ldd)
		return
	}
	mulRowsGeneric(rows, cols, alpha, x, ldx, y, ldy, dst, ldd)
}
