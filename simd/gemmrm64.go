package simd

// GemmRM64 adds alpha·A·B to C for row-major A (m×k, leading dimension lda), B (k×n, ldb)
// and C (m×n, ldc); with transA, a holds Aᵀ (k×m, lda: A[i,p] = a[p*lda+i]). With tri set, A is upper and B lower triangular in the sense that
// A[i,p] = 0 for p < i and B[p,j] = 0 for p < j, and those terms are skipped: C[i,j] sums
// over p ≥ max(i, j) (the product of an upper triangle and a lower one, such as
// L⁻ᵀ·L⁻¹). On amd64 with AVX2 and m, n multiples of 4 and 8 it runs blocks of 4 rows by
// 8 columns with the eight sums in registers, a block's sum starting at the first p that
// is not zero for all of it. gemmRM64Go is the specification. C must not overlap A or B.
func GemmRM64(transA, tri bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if checkRM(transA, m, n, k, a, lda, b, ldb, c, ldc) {
		gemmRM64(transA, gemmFlags(tri, false), m, n, k, alpha, a, lda, b, ldb, c, ldc)
	}
}

// checkRM panics on a negative dimension or a slice too short for its operand of GemmRM64,
// and reports whether the product has any terms.
func checkRM(transA bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) bool {
	if m < 0 || n < 0 || k < 0 {
		panic("simd: negative dimension")
	}
	if m == 0 || n == 0 || k == 0 {
		return false
	}
	if transA {
		checkMat(k, m, lda, len(a))
	} else {
		checkMat(m, k, lda, len(a))
	}
	checkMat(k, n, ldb, len(b))
	checkMat(m, n, ldc, len(c))
	return true
}

// GemmRMLower64 is GemmRM64 for the lower triangle of C only (m = n): C[i,j] for j ≤ i
// gets its sum; the strict upper triangle is left unspecified (the kernel fills the
// blocks that straddle the diagonal whole). It is half of a symmetric product such as
// L⁻ᵀ·L⁻¹, to be mirrored.
func GemmRMLower64(transA, tri bool, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if checkRM(transA, n, n, k, a, lda, b, ldb, c, ldc) {
		gemmRM64(transA, gemmFlags(tri, true), n, n, k, alpha, a, lda, b, ldb, c, ldc)
	}
}

// gemmFlags packs tri (bit 1) and lower (bit 2) for the kernels.
func gemmFlags(tri, lower bool) int {
	f := 0
	if tri {
		f |= 1
	}
	if lower {
		f |= 2
	}
	return f
}

// GemmRMAsm reports whether GemmRM64 runs its vector kernel for these dimensions.
func GemmRMAsm(m, n int) bool { return gemmRMAsm(m, n) }

// gemmRM64Go is the specification of GemmRM64 and GemmRMLower64 (flags from gemmFlags).
func gemmRM64Go(transA bool, flags, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	tri, lower := flags&1 != 0, flags&2 != 0
	ars, aps := lda, 1
	if transA {
		ars, aps = 1, lda
	}
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			if lower && j > i {
				break
			}
			p0 := 0
			if tri {
				p0 = max(i, j)
			}
			var s float64
			for p := p0; p < k; p++ {
				s += a[i*ars+p*aps] * b[p*ldb+j]
			}
			c[i*ldc+j] += alpha * s
		}
	}
}
