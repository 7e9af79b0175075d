//go:build purego || noasm || !amd64

package simd

func widenRows64(n, k int, alpha float64, s []float64, a []float32, lda int, dst []float64, ldd int) {
	widenRows64Generic(n, k, alpha, s, a, lda, dst, ldd)
}
