//go:build purego || noasm || !amd64

package simd

func potrsVecAsm() bool { return false }

func potrsVec64(n int, a []float64, lda int, t []float64, b []float64) {
	potrsVec64Go(n, a, lda, t, b)
}

func potrsVecPair64(n int, a0 []float64, lda0 int, t0 []float64, b0 []float64, a1 []float64, lda1 int, t1 []float64, b1 []float64) {
	potrsVec64Go(n, a0, lda0, t0, b0)
	potrsVec64Go(n, a1, lda1, t1, b1)
}
