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
func formPrimalBatch4AVX2(dst, h *float64, ldh int, s *float64, m, n int, rho float64)

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

//go:noescape
func sqrtBatch4AVX2(x *float64, n int)

//go:noescape
func divBatch4AVX2(b, s *float64, n int)

//go:noescape
func storeMulBatch4AVX2(dst *float32, ld int, s, x *float64, n int) bool

func sqrtBatch4(x []float64) {
	nb := len(x) &^ 3
	if useAVX2 && nb > 0 {
		sqrtBatch4AVX2(&x[0], nb/4)
		sqrtBatch4Generic(x[nb:])
		return
	}
	sqrtBatch4Generic(x)
}

func divBatch4(b, s []float64) {
	nb := len(b) &^ 3
	if useAVX2 && nb > 0 {
		divBatch4AVX2(&b[0], &s[0], nb/4)
		divBatch4Generic(b[nb:], s[nb:])
		return
	}
	divBatch4Generic(b, s)
}

func storeMulBatch4(dst []float32, ld int, s, x []float64, n int) bool {
	if useAVX2 && n > 0 {
		return storeMulBatch4AVX2(&dst[0], ld, &s[0], &x[0], n)
	}
	return storeMulBatch4Generic(dst, ld, s, x, n)
}

func formPrimalBatch4(dst, h []float64, ldh int, s []float64, m, n int, rho float64) {
	if useAVX2 && m > 0 && n > 0 {
		formPrimalBatch4AVX2(&dst[0], &h[0], ldh, &s[0], m, n, rho)
		return
	}
	formPrimalBatch4Generic(dst, h, ldh, s, m, n, rho)
}
