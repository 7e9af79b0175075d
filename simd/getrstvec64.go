package simd

// GetrsTVec64 runs the two substitutions of a transposed LU solve for one vector in one
// call: with U and the unit lower L of an LU factorization in a (n×n, stride lda, n a
// multiple of four) and the inverses of their 4×4 diagonal blocks in t (32 values per
// block q: at 32q the one the forward substitution with Uᵀ multiplies by for its block at
// column 4q, at 32q+16 the backward one's with Lᵀ), it sets, for j = 0, 4, …,
// b[j:j+4] = (b[j:j+4] − Σ_{p<j} b[p]·U[p, j:j+4])·T, then, for j = n−4, …, 0,
// b[j:j+4] = (b[j:j+4] − Σ_{p≥j+4} b[p]·L[p, j:j+4])·T'. Row interchanges are the
// caller's. It is what lapack.DgetrsTDiag4 does for a multiple of four with a panel call
// per block. getrsTVec64Go is the specification.
func GetrsTVec64(n int, a []float64, lda int, t []float64, b []float64) {
	checkPotrsVec(n, a, lda, t, b)
	if n == 0 {
		return
	}
	getrsTVec64(n, a, lda, t, b)
}

// getrsTVec64Go is the specification of GetrsTVec64.
func getrsTVec64Go(n int, a []float64, lda int, t []float64, b []float64) {
	var s [4]float64
	for j := 0; j < n; j += 4 {
		for q := 0; q < 4; q++ {
			v := b[j+q]
			for p := 0; p < j; p++ {
				v -= b[p] * a[p*lda+j+q]
			}
			s[q] = v
		}
		trsmStore(b[j:j+4], &s, t[8*j:8*j+16])
	}
	bwdVecLowerT4(n, a, lda, t, b)
}
