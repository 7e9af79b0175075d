package simd

// ScaleRows writes dst[i*ldd+j] = s[i]*a[i*lda+j] for i < n, j < k: the n×k matrix A with
// row i scaled by s[i] (LAPACK's DLASCL2 on the rows). dst may be a itself (ldd = lda).
func ScaleRows(n, k int, s []float32, a []float32, lda int, dst []float32, ldd int) {
	checkMat(n, k, lda, len(a))
	checkMat(n, k, ldd, len(dst))
	checkVec(n, len(s))
	if n == 0 || k == 0 {
		return
	}
	scaleRows(n, k, s, a, lda, dst, ldd)
}

// scaleRowsGeneric is the specification of ScaleRows.
func scaleRowsGeneric(n, k int, s []float32, a []float32, lda int, dst []float32, ldd int) {
	for i := 0; i < n; i++ {
		row, out := a[i*lda:i*lda+k], dst[i*ldd:i*ldd+k]
		for j, v := range row {
			out[j] = s[i] * v
		}
	}
}
