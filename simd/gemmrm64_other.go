//go:build purego || noasm || !amd64

package simd

func gemmRMAsm(m, n int) bool { return false }

func gemmRM64(transA bool, flags int, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	gemmRM64Go(transA, flags, m, n, k, alpha, a, lda, b, ldb, c, ldc)
}
