//go:build !purego && !noasm

package simd

// micro6x16 runs the AVX2+FMA GemmNN kernel on a packed strip (sixteen values per p).
func micro6x16(k int, a []float32, ars, aps int, bp []float32, c []float32, ldc int, alpha float32) {
	if useAVX2 {
		_ = a[5*ars+(k-1)*aps]
		_ = bp[k*16-1]
		_ = c[5*ldc+15]
		nnK6x16(k, &a[0], ars, aps, &bp[0], 16, &c[0], ldc, nil, nil, 1, alpha, 1)
		return
	}
	micro6x16Go(k, a, ars, aps, bp, c, ldc, alpha)
}

// micro6x8x32 is micro6x16 on the left eight columns of the strip only (c[r*ldc+j], j < 8);
// a last strip of at most eight columns needs no more.
func micro6x8x32(k int, a []float32, ars, aps int, bp []float32, c []float32, ldc int, alpha float32) {
	if useAVX2 {
		_ = a[5*ars+(k-1)*aps]
		_ = bp[k*16-1]
		_ = c[5*ldc+7]
		nnK6x8(k, &a[0], ars, aps, &bp[0], 16, &c[0], ldc, nil, nil, 1, alpha, 1)
		return
	}
	micro6x16Go(k, a, ars, aps, bp, c, ldc, alpha)
}

func micro32Asm() bool { return useAVX2 }
