//go:build purego || noasm || !amd64

package simd

func scaleRows(n, k int, s []float32, a []float32, lda int, dst []float32, ldd int) {
	scaleRowsGeneric(n, k, s, a, lda, dst, ldd)
}
