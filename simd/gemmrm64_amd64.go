//go:build !purego && !noasm

package simd

// gemmRM64AVX2 and gemmRMTN64AVX2 (gemmrm64_amd64.s) run gemmRM64Go without and with
// transA for m and n positive multiples of 4 and 8; strides in elements, tri the flags of
// gemmFlags.
//
//go:noescape
func gemmRM64AVX2(m, n, k int, alpha float64, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, tri int)

//go:noescape
func gemmRMTN64AVX2(m, n, k int, alpha float64, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, tri int)

func gemmRMAsm(m, n int) bool { return useAVX2 && m > 0 && n > 0 && m%4 == 0 && n%8 == 0 }

func gemmRM64(transA bool, flags int, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if !gemmRMAsm(m, n) {
		gemmRM64Go(transA, flags, m, n, k, alpha, a, lda, b, ldb, c, ldc)
		return
	}
	t := flags
	if transA {
		gemmRMTN64AVX2(m, n, k, alpha, &a[0], lda, &b[0], ldb, &c[0], ldc, t)
		return
	}
	gemmRM64AVX2(m, n, k, alpha, &a[0], lda, &b[0], ldb, &c[0], ldc, t)
}
