//go:build !purego && !noasm

package simd

// strip6x8TAVX2 is Strip6x8T in AVX2+FMA assembly (strip6x8t_amd64.s) for nb ≥ 1 blocks, k ≥ 0.
//
//go:noescape
func strip6x8TAVX2(nb, k int, a *float64, ars, aps int, b *float64, brs int, c *float64, ldc int, alpha float64, t *float64, lower bool)

func strip6x8T(g, k int, alpha float64, a []float64, ars, aps int, b []float64, brs int, c []float64, ldc int, t []float64, lower bool) {
	if useAVX2 {
		var a0, b0 *float64
		if k > 0 {
			a0, b0 = &a[0], &b[0]
		}
		strip6x8TAVX2(g, k, a0, ars, aps, b0, brs, &c[0], ldc, alpha, &t[0], lower)
		return
	}
	for q := 0; q < g; q++ {
		strip6x8TVia(k, alpha, a[min(6*q*ars, len(a)):], ars, aps, b, brs, c[6*q*ldc:], ldc, t, lower)
	}
}

func strip6x8TAsm() bool { return useAVX2 }
