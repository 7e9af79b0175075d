//go:build purego || noasm || !amd64

package simd

func trtriLower64(n int, a []float64, lda int, t []float64, x []float64, ldx int) {
	trtriLower64Go(n, a, lda, t, x, ldx)
}
