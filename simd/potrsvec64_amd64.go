//go:build !purego && !noasm

package simd

// potrsVecPairAVX2 (potrsvec64_amd64.s) runs potrsVec64Go on the two systems, n a
// positive multiple of 4 and strides in elements, block by block alternately.
//
//go:noescape
func potrsVecPairAVX2(n int, a0 *float64, lda0 int, t0 *float64, b0 *float64, a1 *float64, lda1 int, t1 *float64, b1 *float64)

// potrsVecAVX2 runs potrsVec64Go on one system.
//
//go:noescape
func potrsVecAVX2(n int, a *float64, lda int, t *float64, b *float64)

func potrsVecAsm() bool { return useAVX2 }

func potrsVec64(n int, a []float64, lda int, t []float64, b []float64) {
	if useAVX2 {
		potrsVecAVX2(n, &a[0], lda, &t[0], &b[0])
		return
	}
	potrsVec64Go(n, a, lda, t, b)
}

func potrsVecPair64(n int, a0 []float64, lda0 int, t0 []float64, b0 []float64, a1 []float64, lda1 int, t1 []float64, b1 []float64) {
	if useAVX2 {
		potrsVecPairAVX2(n, &a0[0], lda0, &t0[0], &b0[0], &a1[0], lda1, &t1[0], &b1[0])
		return
	}
	potrsVec64Go(n, a0, lda0, t0, b0)
	potrsVec64Go(n, a1, lda1, t1, b1)
}
