//go:build purego || noasm || !amd64

package simd

func transposeWiden64(n, k int, a []float32, lda int, t []float64, ldt int) {
	transposeWiden64Generic(n, k, a, lda, t, ldt)
}

func gramHadamardLower64(n, ka int, at []float64, kb int, bt []float64, ldt int, sc, b2 float64, c []float64, ldc int, shift, add bool) {
	gramHadamardLower64Generic(n, ka, at, kb, bt, ldt, sc, b2, c, ldc, shift, add)
}
