//go:build purego || noasm || !amd64

package simd

func transpose64(r, c int, a []float64, lda int, b []float64, ldb int) {
	transpose64Generic(r, c, a, lda, b, ldb)
}
