//go:build !purego && !noasm

package simd

// micro6x16NEON adds alpha times a 6×16 block of A·B to C, with A(r,p) = a[r*ars+p*aps]
// and B a packed strip of sixteen values per p, for k ≥ 1 (gemm32_arm64.s).
//
//go:noescape
func micro6x16NEON(k int, a *float32, ars, aps int, b *float32, c *float32, ldc int, alpha float32)

// micro6x8NEON is micro6x16NEON on the strip's left eight columns (gemm32_arm64.s).
//
//go:noescape
func micro6x8NEON(k int, a *float32, ars, aps int, b *float32, c *float32, ldc int, alpha float32)

// micro6x16 runs the NEON kernel on a packed strip (sixteen values per p). Like
// micro6x16Go it sums each element's products in order of p from zero and adds alpha
// times the sum to C, but every step is a fused multiply-add.
func micro6x16(k int, a []float32, ars, aps int, bp []float32, c []float32, ldc int, alpha float32) {
	if useNEON && k > 0 {
		_ = a[5*ars+(k-1)*aps]
		_ = bp[k*16-1]
		_ = c[5*ldc+15]
		micro6x16NEON(k, &a[0], ars, aps, &bp[0], &c[0], ldc, alpha)
		return
	}
	micro6x16Go(k, a, ars, aps, bp, c, ldc, alpha)
}

// micro6x8x32 is micro6x16 on the left eight columns of the strip only (c[r*ldc+j], j < 8);
// a last strip of at most eight columns needs no more.
func micro6x8x32(k int, a []float32, ars, aps int, bp []float32, c []float32, ldc int, alpha float32) {
	if useNEON && k > 0 {
		_ = a[5*ars+(k-1)*aps]
		_ = bp[k*16-1]
		_ = c[5*ldc+7]
		micro6x8NEON(k, &a[0], ars, aps, &bp[0], &c[0], ldc, alpha)
		return
	}
	micro6x16Go(k, a, ars, aps, bp, c, ldc, alpha)
}

func micro32Asm() bool { return useNEON }
