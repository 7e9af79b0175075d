package simd

// Transpose64 writes b[j*ldb+i] = a[i*lda+j] for i < r, j < c: the r×c float64 matrix A
// transposed into the c×r matrix B. A and B must not overlap.
func Transpose64(r, c int, a []float64, lda int, b []float64, ldb int) {
	checkMat(r, c, lda, len(a))
	checkMat(c, r, ldb, len(b))
	if r == 0 || c == 0 {
		return
	}
	transpose64(r, c, a, lda, b, ldb)
}

// transpose64Generic is the specification of Transpose64.
func transpose64Generic(r, c int, a []float64, lda int, b []float64, ldb int) {
	for i := 0; i < r; i++ {
		for j, v := range a[i*lda : i*lda+c] {
			b[j*ldb+i] = v
		}
	}
}

// transpose64Edges runs the specification on what the r0×c0 leading blocks leave: the
// rows from r0 (all columns) and the columns from c0 of the rows above r0.
func transpose64Edges(r, c, r0, c0 int, a []float64, lda int, b []float64, ldb int) {
	for i := 0; i < r0; i++ {
		for j := c0; j < c; j++ {
			b[j*ldb+i] = a[i*lda+j]
		}
	}
	for i := r0; i < r; i++ {
		for j, v := range a[i*lda : i*lda+c] {
			b[j*ldb+i] = v
		}
	}
}
