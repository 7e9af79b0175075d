//go:build purego || noasm || !amd64

package simd

func posvPair64(n int, shift float64, a0 []float64, lda0 int, d0 []float64, ldd0 int, b0, lt0, inv0 []float64,
	a1 []float64, lda1 int, d1 []float64, ldd1 int, b1, lt1, inv1 []float64) bool {
	return posvPair64Go(n, shift, a0, lda0, d0, ldd0, b0, lt0, inv0, a1, lda1, d1, ldd1, b1, lt1, inv1)
}
