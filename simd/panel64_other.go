//go:build purego || noasm || !(amd64 || arm64)

package simd

func panelNT64(m, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, d []float64, ldd int, t *[16]float64) {
	panelNT64Go(m, k, a, lda, b, ldb, c, ldc, d, ldd, t)
}

func panelNN64(m, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, d []float64, ldd int, t *[16]float64) {
	panelNN64Go(m, k, a, lda, b, ldb, c, ldc, d, ldd, t)
}

func panelAsm() bool { return false }

func ger64(m, n int, alpha float64, x []float64, incx int, y []float64, a []float64, lda int) {
	ger64Go(m, n, alpha, x, incx, y, a, lda)
}
