package simd

// SymvLower64 adds alpha·A·x to y (n values each) for the symmetric n×n matrix A (stride
// lda) given by its lower triangle: entries above the diagonal are never used, so they may
// hold anything, and a matrix stored whole gives the same product. It is the one-vector
// product of the dual solvers, whose Grams are symmetric and often formed as their lower
// triangle only.
func SymvLower64(n int, alpha float64, a []float64, lda int, x, y []float64) {
	checkMat(n, n, lda, len(a))
	checkVec(n, len(x))
	checkVec(n, len(y))
	if n == 0 {
		return
	}
	symvLower64(n, alpha, a, lda, x, y)
}

// symvLower64Generic is the specification of SymvLower64: row r adds alpha·A[r,c]·x[c] to
// y[r] and, by symmetry, alpha·A[r,c]·x[r] to y[c], for c < r, then its diagonal term.
func symvLower64Generic(n int, alpha float64, a []float64, lda int, x, y []float64) {
	for r := 0; r < n; r++ {
		row := a[r*lda : r*lda+r+1]
		xr := alpha * x[r]
		var s float64
		for c, v := range row[:r] {
			s += v * x[c]
			y[c] += v * xr
		}
		y[r] += alpha*s + row[r]*xr
	}
}

// symvLowerRows64 is symvLower64Generic for the rows r0 ≤ r < n only (the rows a kernel
// for the leading r0 rows leaves out): each adds its part left of and on the diagonal.
func symvLowerRows64(r0, n int, alpha float64, a []float64, lda int, x, y []float64) {
	for r := r0; r < n; r++ {
		row := a[r*lda : r*lda+r+1]
		xr := alpha * x[r]
		y[r] += alpha*dot64(row[:r], x[:r]) + row[r]*xr
		axpy64(xr, row[:r], y[:r])
	}
}
