//go:build purego || noasm || !amd64

package simd

func trtriLowerPair64(n int, a0, a1 []float64, lda int, t0, t1 []float64, x0, x1 []float64, ldx int) {
	trtriLowerPair64Go(n, a0, a1, lda, t0, t1, x0, x1, ldx)
}
