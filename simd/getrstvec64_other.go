//go:build purego || noasm || !amd64

package simd

func getrsTVec64(n int, a []float64, lda int, t []float64, b []float64) {
	getrsTVec64Go(n, a, lda, t, b)
}
