//go:build !purego && !noasm

package simd

// AVX2+FMA kernels of batch4_amd64.s; the wrappers below route to them when the path
// allows and keep the twins for the rest (odd orders, the generic path).

//go:noescape
func potrfBatch4AVX2(a, inv *float64, n, k0, rows int) int

//go:noescape
func trsvTBatch4AVX2(a, inv *float64, n, k0 int, x *float64)

//go:noescape
func symScaleBatch4AVX2(dst, k *float64, ldk int, s *float64, n int, rho float64)

//go:noescape
func scaleBatch4AVX2(dst, h, s *float64, n int)

func potrfBatch4(a, inv []float64, n, k0, rows int) int {
	if useAVX2 && n%2 == 0 {
		if n == 0 {
			return 0xf
		}
		return potrfBatch4AVX2(&a[0], &inv[0], n, k0, rows)
	}
	return potrfBatch4Generic(a, inv, n, k0, rows)
}

func trsvTBatch4(a, inv []float64, n, k0 int, x []float64) {
	if useAVX2 && n > 0 {
		trsvTBatch4AVX2(&a[0], &inv[0], n, k0, &x[0])
		return
	}
	trsvTBatch4Generic(a, inv, n, k0, x)
}

func symScaleBatch4(dst, k []float64, ldk int, s []float64, n int, rho float64) {
	if useAVX2 && n > 0 {
		symScaleBatch4AVX2(&dst[0], &k[0], ldk, &s[0], n, rho)
		return
	}
	symScaleBatch4Generic(dst, k, ldk, s, n, rho)
}

func scaleBatch4(dst, h, s []float64) {
	if useAVX2 && len(h) > 0 {
		scaleBatch4AVX2(&dst[0], &h[0], &s[0], len(h))
		return
	}
	scaleBatch4Generic(dst, h, s)
}
