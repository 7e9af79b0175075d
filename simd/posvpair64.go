package simd

// PosvPair64 factors and solves two independent symmetric positive definite systems of
// one order n (a positive multiple of four) at once: for each system s, the Cholesky
// factor L of A_s + shift·I (A_s the lower triangle of a_s, row-major with leading
// dimension lda_s, never written) is written into the lower triangle of d_s (leading
// dimension ldd_s; its strict upper triangle is not written), and b_s is overwritten
// with the solution of (A_s + shift·I)·x = b_s; lt_s and inv_s receive what
// PosvPanels64 leaves there (Lᵀ, n×n with stride n, and the 4×4 diagonal blocks' inverses,
// 8·n values). It returns false, with d, b, lt and inv unspecified, when either system is
// not numerically positive definite.
//
// Each system gets exactly the operations of PosvPanels64 on a copy of its lower
// triangle with the shift added on the diagonal (posvPair64Go is the specification: that
// copy and posvPanels64Go per system). On amd64 with AVX2+FMA both run in one call that
// takes every panel's diagonal-block factorization, a chain of dependent divisions and
// square roots, of the two systems back to back, so that each hides the other's latency,
// and reads A_s in place (no copy).
func PosvPair64(n int, shift float64, a0 []float64, lda0 int, d0 []float64, ldd0 int, b0, lt0, inv0 []float64,
	a1 []float64, lda1 int, d1 []float64, ldd1 int, b1, lt1, inv1 []float64) bool {
	if n <= 0 || n%4 != 0 {
		panic("simd: PosvPair64 needs n a positive multiple of four")
	}
	for _, s := range [2]struct {
		a        []float64
		lda      int
		d        []float64
		ldd      int
		b, lt, v []float64
	}{{a0, lda0, d0, ldd0, b0, lt0, inv0}, {a1, lda1, d1, ldd1, b1, lt1, inv1}} {
		checkMat(n, n, s.lda, len(s.a))
		checkMat(n, n, s.ldd, len(s.d))
		checkVec(n, len(s.b))
		checkVec(n*n, len(s.lt))
		checkVec(8*n, len(s.v))
	}
	return posvPair64(n, shift, a0, lda0, d0, ldd0, b0, lt0, inv0, a1, lda1, d1, ldd1, b1, lt1, inv1)
}

// posvPair64Go is the specification of PosvPair64.
func posvPair64Go(n int, shift float64, a0 []float64, lda0 int, d0 []float64, ldd0 int, b0, lt0, inv0 []float64,
	a1 []float64, lda1 int, d1 []float64, ldd1 int, b1, lt1, inv1 []float64) bool {
	posvCopyShift(n, shift, a0, lda0, d0, ldd0)
	posvCopyShift(n, shift, a1, lda1, d1, ldd1)
	return posvPanels64Go(n, 0, d0, ldd0, b0, lt0, inv0) && posvPanels64Go(n, 0, d1, ldd1, b1, lt1, inv1)
}

// posvCopyShift copies the lower triangle of a into d with shift added on the diagonal.
func posvCopyShift(n int, shift float64, a []float64, lda int, d []float64, ldd int) {
	for r := 0; r < n; r++ {
		copy(d[r*ldd:r*ldd+r], a[r*lda:r*lda+r])
		d[r*ldd+r] = a[r*lda+r] + shift
	}
}
