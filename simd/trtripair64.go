package simd

// TrtriLowerPair64 is TrtriLower64 on two independent lower-triangular matrices of one
// order n and strides: x_s = L_s⁻¹ from a_s and its cache t_s, for s = 0, 1, with the same
// operations per matrix as TrtriLower64. On amd64 with AVX2 one call forms the block rows
// of the two inverses alternately, so that each block row, which waits for the block rows
// above it, runs beside the other matrix's. trtriLowerPair64Go is the specification.
func TrtriLowerPair64(n int, a0, a1 []float64, lda int, t0, t1 []float64, x0, x1 []float64, ldx int) {
	if n < 0 || n%4 != 0 {
		panic("simd: TrtriLowerPair64 needs n a non-negative multiple of four")
	}
	if n == 0 {
		return
	}
	checkMat(n, n, lda, len(a0))
	checkMat(n, n, lda, len(a1))
	checkMat(n, n, ldx, len(x0))
	checkMat(n, n, ldx, len(x1))
	checkVec(8*n, len(t0))
	checkVec(8*n, len(t1))
	trtriLowerPair64(n, a0, a1, lda, t0, t1, x0, x1, ldx)
}

// trtriLowerPair64Go is the specification of TrtriLowerPair64.
func trtriLowerPair64Go(n int, a0, a1 []float64, lda int, t0, t1 []float64, x0, x1 []float64, ldx int) {
	trtriLower64Go(n, a0, lda, t0, x0, ldx)
	trtriLower64Go(n, a1, lda, t1, x1, ldx)
}
